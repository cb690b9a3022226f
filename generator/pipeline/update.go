package pipeline

import (
	"context"
	"io/fs"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"sync"
	"time"

	"github.com/gloss-ssg/gloss/generator/annotate"
	"github.com/gloss-ssg/gloss/generator/content"
	"github.com/gloss-ssg/gloss/generator/diag"
	"github.com/gloss-ssg/gloss/generator/linkcheck"
	"github.com/gloss-ssg/gloss/generator/output"
	"github.com/gloss-ssg/gloss/generator/render"
	"github.com/gloss-ssg/gloss/generator/site"
)

// Update rebuilds the site after the files at paths (relative to the site
// folder, as the watcher names them) changed, and nothing else did.
//
// The edit a preview sees most, typing in a page's body, changes nothing any
// other page shows: not the page's front matter (its title, place and card),
// nor its annotations, links, ids or figures. Such an edit is applied to the
// last build in place: the page is converted, rendered and link-checked
// alone, and published with every other file as it was. Any other change,
// or a page whose conversion reports a problem, is a Build, which always
// gives what a full build would.
//
// A burst of changes (a git checkout, a formatter run over the folder) costs
// at most one build: paths named twice count once, and more than
// maxInPlace pages are one Build, whose steps run on every core, rather
// than that many edits in place.
func (b *Builder) Update(ctx context.Context, paths []string) (*Result, error) {
	paths = distinctPaths(paths)
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(paths) <= b.maxInPlace {
		var res *Result
		var ok bool
		// In place, a page is rendered too, and its template may never end:
		// abandoned like any step of a build (see runStep).
		if _, abandoned := runStep(ctx, func() error { res, ok = b.inPlace(ctx, paths); return nil }); abandoned {
			return &Result{OutDir: b.opts.OutDir}, interrupted(ctx)
		}
		if ok {
			return res, nil
		}
	}
	// Read the changed files again even if their size and modification
	// time look unchanged: two saves can fall within one clock tick.
	for _, p := range paths {
		b.files.Forget(p)
	}
	return build(ctx, b.opts, b)
}

// maxInPlace is the most pages Update applies in place (Builder.maxInPlace,
// which a benchmark changes). In place, each page is read and converted one
// after another before anything is published; a Build converts on every
// core and reuses every unchanged page as well, so beyond a handful of
// pages its cost is bounded by one build whatever the burst.
const maxInPlace = 8

// distinctPaths is paths with slashes, sorted, each once.
func distinctPaths(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.ToSlash(p)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// bodyEdit is one page whose body alone changed.
type bodyEdit struct {
	page  *site.Page
	file  *content.File
	info  fs.FileInfo
	entry *convEntry // the new conversion
}

// inPlace applies body edits to the last build; ok is false when the change
// is not one it can apply. It changes nothing before it knows it can (except
// when the rendered page gained or lost an id, or finishing its placeholders
// reported a problem: then the Build that follows redoes, from the files,
// whatever this changed, and reports the problem).
func (b *Builder) inPlace(ctx context.Context, paths []string) (*Result, bool) {
	start := time.Now()
	r := b.last
	if r == nil || b.links == nil || len(paths) == 0 || ctx.Err() != nil {
		return nil, false
	}
	var edits []bodyEdit
	for _, rel := range paths {
		e, ok := b.bodyEdit(r, rel)
		if !ok {
			return nil, false
		}
		edits = append(edits, e)
	}
	if !b.applyEdits(r, edits) {
		return nil, false // a Build reports the problems with the rest
	}
	// Render the edited pages whose signature changed, into a copy of the
	// published site.
	snap := b.memory.Amend()
	rendered := &pageSink{Snapshot: snap, pages: map[string][]byte{}}
	todo := b.renderEdited(ctx, r, edits, rendered)
	if todo == nil {
		return nil, false
	}
	results, ok := b.recheckLinks(edits, rendered.pages)
	if !ok {
		return nil, false // a Build reports the problems with the rest
	}
	b.siteFilesOnDemand(r, snap)
	b.memory.Publish(snap)
	b.links = results
	for _, p := range todo {
		b.render[p.OutPath] = renderEntry{sig: b.sigs[p], html: rendered.pages[p.OutPath], scan: results.Scanned(p.OutPath)}
	}
	took := time.Since(start)
	return &Result{
		Pages: len(r.site.Pages), Files: r.res.Files, Warnings: r.res.Warnings,
		Duration: took, OutDir: r.res.OutDir, Rendered: len(todo), InPlace: true,
		Timings: []Timing{{"in place", took}},
	}, true
}

// applyEdits gives the last build's pages their new conversions, out of
// sight of the site files the preview makes on demand meanwhile. ok is
// false when finishing a page's placeholders reported a problem: the Build
// that follows reports it, with whatever else a full build finds, and
// redoes from the files what this changed.
func (b *Builder) applyEdits(r *run, edits []bodyEdit) (ok bool) {
	b.siteMu.Lock()
	defer b.siteMu.Unlock()
	indexes := maps.Clone(r.indexes)
	probs := &diag.List{}
	for _, e := range edits {
		p := e.page
		for i, f := range r.tree.Files {
			if f == p.File {
				r.tree.Files[i] = e.file
			}
		}
		p.File = e.file
		res := r.conv.restore(p, e.entry)
		p.Refs = res.pageRefs()
		indexes[p] = res.index
		r.bodyHash[p] = res.bodyHash
		maps.Copy(r.bodyHash, finishPages(r.opts.Vocabulary, r.site, r.theme, []*site.Page{p}, probs)) // it skips a page with nothing to finish
		b.convert.put("pages", p, e.entry)
		b.files.Put(p.File.Path, e.info, e.file)
	}
	r.indexes = indexes
	return probs.Len() == 0
}

// renderEdited renders into sink the edited pages whose render signature
// changed, and returns them; nil when rendering reported a problem (an
// empty list when none needed rendering).
func (b *Builder) renderEdited(ctx context.Context, r *run, edits []bodyEdit, sink *pageSink) []*site.Page {
	todo := []*site.Page{}
	for _, e := range edits {
		p := e.page
		b.sigs[p] = pageSignature(b.seed, b.siteSig, p, r.bodyHash[p])
		if b.render[p.OutPath].sig != b.sigs[p] {
			todo = append(todo, p)
		}
	}
	if probs := render.Pages(ctx, r.theme, todo, sink, r.opts.Workers, r.rewrite); probs.Len() > 0 {
		return nil
	}
	return todo
}

// recheckLinks checks the links of the pages rendered in place against the
// last build's; ok is false if any leads nowhere or the check must be
// redone whole.
func (b *Builder) recheckLinks(edits []bodyEdit, rendered map[string][]byte) (*linkcheck.Results, bool) {
	results := b.links
	var linkProbs []diag.Problem
	source := func(outPath string) string { // only the edited pages are read
		for _, e := range edits {
			if e.page.OutPath == outPath {
				return e.file.Path
			}
		}
		return ""
	}
	for rel, html := range rendered {
		var ok bool
		linkProbs, results, ok = results.Recheck(rel, html, source)
		if !ok {
			return nil, false
		}
	}
	return results, len(linkProbs) == 0
}

// bodyEdit reads the changed file rel and converts it, if it is a page
// (not a source, whose paragraphs other pages quote) whose front matter is
// unchanged and whose conversion shows the rest of the site what the last
// one did.
func (b *Builder) bodyEdit(r *run, rel string) (bodyEdit, bool) {
	contentRel, ok := content.PagePath(rel)
	if !ok {
		return bodyEdit{}, false
	}
	p := r.site.PageByFile(contentRel)
	if p == nil || p.Numbered() {
		return bodyEdit{}, false
	}
	probs := &diag.List{}
	file, info, ok := content.ReadPage(r.siteFS, rel, probs)
	if !ok || probs.Len() > 0 || file.BodyLine != p.File.BodyLine || !reflect.DeepEqual(file.Meta, p.File.Meta) {
		return bodyEdit{}, false
	}
	old, key := b.convert.get("pages", p, "") // the front matter, so the key, is unchanged
	if old == nil {
		return bodyEdit{}, false
	}
	entry := r.conv.convert("pages", p, file, nil)
	entry.key = key
	if !sameFacts(old, entry) || shownOfOtherPages(r.theme).changedWhereShown(p, r.bodyHash[p], entry) {
		return bodyEdit{}, false
	}
	return bodyEdit{page: p, file: file, info: info, entry: entry}, true
}

// sameFacts reports whether two conversions of a page give the rest of the
// site the same facts: ids to link to, links, annotations (where they are
// written aside), paragraphs, and no problems.
func sameFacts(a, b *convEntry) bool {
	return len(a.out.Problems) == 0 && len(b.out.Problems) == 0 &&
		maps.Equal(a.out.IDs, b.out.IDs) &&
		slices.Equal(a.targets, b.targets) &&
		slices.Equal(a.paragraphs, b.paragraphs) &&
		slices.EqualFunc(a.fragments, b.fragments, func(x, y cachedFragment) bool {
			return x.targetURL == y.targetURL && x.fragment == y.fragment && x.written == y.written
		}) &&
		slices.EqualFunc(a.refs, b.refs, sameReference)
}

func sameReference(x, y annotate.Reference) bool {
	if x.Kind != y.Kind || x.Entity != y.Entity || x.ID != y.ID || x.Paragraph != y.Paragraph || x.Anchor != y.Anchor || x.Text != y.Text {
		return false
	}
	if x.Directive == nil || y.Directive == nil {
		return x.Directive == y.Directive
	}
	// A figure's or a quote's data is shown on other pages.
	return reflect.DeepEqual(x.Directive.Data, y.Directive.Data)
}

// pageSink keeps the pages rendered in place, for the link check, and
// writes them into a snapshot. Render workers write to it concurrently.
type pageSink struct {
	*output.Snapshot
	mu    sync.Mutex
	pages map[string][]byte
}

func (s *pageSink) WriteFile(rel string, data []byte) error {
	page := slices.Clone(data) // the renderer reuses data
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[rel] = page
	s.Snapshot.Keep(rel, page)
	return nil
}
