// Package pipeline runs the whole pipeline once: load the site folder, parse
// Markdown, resolve links across pages, render with the theme, write. Each
// step is one call below; none of them knows about the others' internals, and
// nothing here knows about watching or serving.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	"github.com/gloss-ssg/gloss/generator/annotate"
	"github.com/gloss-ssg/gloss/generator/config"
	"github.com/gloss-ssg/gloss/generator/content"
	"github.com/gloss-ssg/gloss/generator/diag"
	"github.com/gloss-ssg/gloss/generator/feed"
	"github.com/gloss-ssg/gloss/generator/linkcheck"
	"github.com/gloss-ssg/gloss/generator/output"
	"github.com/gloss-ssg/gloss/generator/render"
	"github.com/gloss-ssg/gloss/generator/search"
	"github.com/gloss-ssg/gloss/generator/site"
	"github.com/gloss-ssg/gloss/generator/sitefs"
	"github.com/gloss-ssg/gloss/generator/sitemap"
	"github.com/gloss-ssg/gloss/generator/theme"
)

// StaticDir is the folder of files copied to the output as they are.
const StaticDir = "static"

// Options say what to build and where.
type Options struct {
	// SiteDir holds content/ and optionally templates/, static/ and gloss.toml.
	SiteDir string
	// OutDir is where the site is written; "" means public/ in SiteDir.
	OutDir string
	// Builtin holds gloss's own templates/ and static/, under which a site's
	// files are layered. May be nil.
	Builtin fs.FS
	// BaseURL and Theme override the site config when set.
	BaseURL string
	Theme   string
	Drafts  bool
	// CheckOnly validates everything and writes nothing.
	CheckOnly bool
	// Force replaces an output folder gloss did not create.
	Force bool
	// RelativeURLs overrides the site config: links relative to each page.
	RelativeURLs bool
	// Workers bounds parallelism; 0 means one per CPU.
	Workers int
	// Progress, if set, is kept up to date for a progress display.
	Progress *Progress
	// Vocabulary is the annotation kinds authors may use; nil means the
	// one gloss ships with (annotate.Explainers).
	Vocabulary annotate.Vocabulary
	// SourceDate, when set, is the feeds' updated time instead of their
	// newest entry's date: the command sets it from SOURCE_DATE_EPOCH, as
	// reproducible-build tools expect.
	SourceDate time.Time
	// Cleanup, if set, knows the staging folder of the build under way, for
	// a process that must stop at once (a second Ctrl-C).
	Cleanup *output.Cleanup
}

// Result tells what a build did.
type Result struct {
	Pages    int
	Files    int // assets and static files
	Warnings []diag.Problem
	Duration time.Duration
	OutDir   string
	// Changes says which output files were added, changed and removed.
	Changes output.Changes
	// Timings says how long each step took.
	Timings []Timing
	// Rendered is how many pages were rendered; with a Builder, unchanged
	// pages are not.
	Rendered int
	// InPlace says the build changed the last one in place (Builder.Update).
	InPlace bool
	// Replaced lists the generated files (robots.txt) a file of the same
	// name in static/ replaced.
	Replaced []string
}

// Build builds the site once. Problems authors can fix come back as a
// *diag.ListError listing all of them; the output folder is then untouched.
// The build is a flat list of steps, each timed (Result.Timings).
func Build(ctx context.Context, opts Options) (*Result, error) { return build(ctx, opts, nil) }

// build runs the steps, with a Builder's caches when b is not nil.
func build(ctx context.Context, opts Options, b *Builder) (*Result, error) {
	start := time.Now()
	r, err := setUp(ctx, opts, b)
	if err != nil {
		return nil, err
	}
	defer r.storage.close()
	if res, err := r.runSteps(); err != nil {
		return res, err
	}
	r.res.Duration = time.Since(start)
	r.keep.succeeded(r)
	return r.res, nil
}

// runSteps runs the build's steps in order, timing each, and stops at the
// first that fails or at an interrupt, throwing the output away.
func (r *run) runSteps() (*Result, error) {
	steps := []struct {
		name string
		do   func() error
	}{
		{"load", r.load},
		{"plan", r.plan},
		{"theme", r.loadTheme},
		{"markdown", r.convert},
		{"render", r.render},
		{"site files", r.writeSiteFiles},
		{"links", r.checkLinks},
		{"write", r.commit},
	}
	for _, step := range steps {
		t := time.Now()
		var err error
		if step.name == "write" {
			// Never abandoned, never called off: once the new site starts
			// to replace the old, the swap finishes, and the build has
			// succeeded whenever the interrupt came.
			err = step.do()
		} else {
			var abandoned bool
			if err, abandoned = runStep(r.ctx, step.do); abandoned {
				// Its goroutine may still be changing r.res.
				r.out.abort()
				return &Result{OutDir: r.opts.OutDir}, interrupted(r.ctx)
			}
			if r.ctx.Err() != nil {
				r.out.abort()
				return r.res, interrupted(r.ctx)
			}
		}
		r.res.Timings = append(r.res.Timings, Timing{step.name, time.Since(t)})
		if err != nil {
			r.out.abort()
			return r.res, err
		}
	}
	return r.res, nil
}

// ErrInterrupted is the error of a build stopped by its context (Ctrl-C).
var ErrInterrupted = errors.New("build interrupted")

func interrupted(ctx context.Context) error {
	return fmt.Errorf("%w: %w", ErrInterrupted, context.Cause(ctx))
}

// abandonAfter is how long a step told to stop may take to notice before
// the build stops waiting for it. Most steps stop within milliseconds (no
// new page starts, a template's next write fails); a template looping
// without output ({{range 3000000000}}{{end}}) never would.
const abandonAfter = 500 * time.Millisecond

// runStep runs one step, returning its error, or abandoned once ctx is done
// and the step has not returned within abandonAfter. An abandoned step's
// goroutine runs on, touching only this build's state: the staging folder
// refuses its writes (output.Stage.Abort), and a Builder whose build was
// abandoned must not be used again (the preview starts a new one).
func runStep(ctx context.Context, do func() error) (err error, abandoned bool) {
	done := make(chan error, 1)
	go func() { done <- do() }()
	select {
	case err := <-done:
		return err, false
	case <-ctx.Done():
	}
	timer := time.NewTimer(abandonAfter)
	defer timer.Stop()
	select {
	case err := <-done:
		return err, false
	case <-timer.C:
		return nil, true
	}
}

// Timing is how long one step of a build took.
type Timing struct {
	Step     string
	Duration time.Duration
}

// run is the state of one build as it moves through the steps: how the
// build was set up, then what each step adds, each its own group.
type run struct {
	ctx    context.Context
	opts   Options
	siteFS *sitefs.FS // follows symbolic links only inside the site folder
	probs  *diag.List
	res    *Result
	choices
	planned
	converted
	rendering
}

// choices are how this build differs from another kind of build, chosen
// once by setUp.
type choices struct {
	out         target
	keep        keeper
	conversions conversions
	storage     storage
	files       *content.Cache // may be nil: every file is read
}

// planned is what the site publishes, its plan: load, plan and loadTheme
// fill it in, and no later step changes which pages exist or where.
type planned struct {
	cfg     config.Config
	tree    *content.Tree
	site    *site.Site
	theme   *theme.Theme
	statics []staticFile
	claimed map[string]bool // output paths static/ files take
	claims  *claims         // every output path and what writes it
}

// converted is what convert adds besides each page's own Converted: what
// later steps need of the conversions.
type converted struct {
	conv     *converter
	indexes  map[*site.Page]*search.PageIndex // each page's text, for the search index
	bodyHash map[*site.Page][32]byte          // each page's HTML body, hashed once
}

// rendering is where render sends the pages, and how.
type rendering struct {
	sink    output.Sink // out's sink, through the link checker
	links   *linkcheck.Checker
	rewrite func(outPath string, html []byte) []byte // see render.Relative
}

// load reads the configuration and every content file.
func (r *run) load() error {
	cfg, probs := config.Load(r.siteFS)
	r.probs.Merge(probs)
	if r.opts.BaseURL != "" {
		if err := cfg.SetBaseURL(r.opts.BaseURL); err != nil {
			return &UsageError{"--base-url: " + err.Error()}
		}
	}
	if r.opts.Theme != "" {
		cfg.Theme = r.opts.Theme
	}
	if r.opts.RelativeURLs {
		cfg.RelativeURLs = true
	}
	r.cfg = cfg
	r.tree, probs = content.LoadCached(r.siteFS, r.files)
	r.probs.Merge(probs)
	r.statics = staticFiles(r.siteFS, r.opts.Builtin)
	return nil
}

// plan decides every page and every other file the site publishes.
func (r *run) plan() error {
	s, probs := site.Plan(r.cfg, r.tree, site.Options{Drafts: r.opts.Drafts})
	r.probs.Merge(probs)
	r.site = s
	for _, a := range r.tree.Assets {
		s.AddFiles(a.Rel)
	}
	r.claimed = map[string]bool{}
	for _, f := range r.statics {
		s.AddFiles(f.rel)
		r.claimed[f.rel] = true
	}
	for _, g := range generatedFiles {
		s.AddFiles(g.path)
	}
	r.claimAll()
	return nil
}

// loadTheme parses the theme; annotations inside Markdown render through it.
func (r *run) loadTheme() error {
	th, probs := theme.Load(theme.Options{
		Layers: themeLayers(r.siteFS, r.opts.Builtin),
		Name:   r.cfg.Theme,
		Funcs:  theme.Funcs(r.site.Href, r.cfg.Absolute),
		Href:   r.site.Href,
	})
	r.probs.Merge(probs)
	r.theme = th
	// Every input folder has been read: say which links were not followed.
	r.probs.Add(r.siteFS.Problems()...)
	if probs.Errors() > 0 {
		return nil
	}
	checkLayouts(r.site, th, r.probs)
	for _, missing := range th.MissingAnnotations(r.opts.Vocabulary.Names()) {
		r.probs.Errorf(diag.Position{File: missing}, "theme %q has no template for this annotation kind", th.Name)
	}
	for _, a := range th.Assets() {
		r.site.AddFiles(a.OutPath)
		name := th.Source("assets/" + a.Name)
		if name == "" {
			name = "the theme's " + a.Name
		}
		r.claims.claim(a.OutPath, claimant{name: name}, r.probs)
	}
	r.claims.checkFolders(r.probs)
	return nil
}

// convert parses every page's Markdown and resolves links and annotations
// across pages. Earlier problems do not stop it (unless the theme is broken):
// authors get every error in one run. It ends the build if there are errors.
func (r *run) convert() error {
	if r.theme.Broken() {
		return r.probs.Err()
	}
	r.storage.keepBodies(r.site)
	r.probs.Merge(r.convertAll())
	r.reportReadFailure() // finishing pages reads their bodies
	warnMissingSummaries(r.site, r.probs)
	return r.probs.Err()
}

// render executes the theme for every page and writes it, checking every
// link of the written pages on the way. With CheckOnly it writes nowhere:
// template errors are errors too.
func (r *run) render() error {
	r.links = linkcheck.New(r.cfg.BasePath())
	r.sink = r.links.Sink(r.out.sink())
	r.opts.Progress.start("writing", len(r.site.Pages))
	pages := r.keep.toRender(r)
	r.res.Rendered = len(pages)
	if r.cfg.RelativeURLs {
		base := r.cfg.BasePath()
		r.rewrite = func(outPath string, html []byte) []byte { return render.Relative(html, outPath, base) }
	}
	r.probs.Merge(render.Pages(r.ctx, r.theme, pages, progressSink{r.sink, r.opts.Progress}, r.opts.Workers, r.rewrite))
	r.reportReadFailure()
	r.keep.rendered(r)
	r.res.Pages = len(r.site.Pages)
	return r.probs.Err()
}

// writeSiteFiles writes the theme's assets, static files, content assets,
// and the files made from the whole site (feeds, sitemap, search index).
func (r *run) writeSiteFiles() error {
	for _, a := range r.theme.Assets() {
		r.writeFile(a.OutPath, a.Data, nil)
	}
	for _, f := range r.statics {
		data, err := fs.ReadFile(f.fsys, f.path)
		r.writeFile(f.rel, data, err)
	}
	for _, a := range r.tree.Assets {
		data, err := fs.ReadFile(r.siteFS, a.Path)
		r.writeFile(a.Rel, data, err)
	}
	r.keep.siteFiles(r)
	r.reportReadFailure() // the feeds hold bodies
	return r.probs.Err()
}

// reportReadFailure reports that a page's body kept in storage could not be
// read back: what was made from it holds an empty body, so the build fails
// and the previous output stays. Storage is the build's, not a page's, so
// the readers of bodies (templates, feeds) do not handle it.
func (r *run) reportReadFailure() {
	if err := r.storage.readFailure(); err != nil {
		r.probs.Errorf(diag.Position{}, "cannot read the pages' bodies back from the build's temporary file: %v", err)
	}
}

// writeFile writes one file of the site, made with err.
func (r *run) writeFile(path string, data []byte, err error) {
	r.res.Files++
	if err == nil {
		err = r.sink.WriteFile(path, data)
	}
	if err != nil {
		r.probs.Errorf(diag.Position{}, "cannot write %s: %v", path, err)
	}
}

// checkLinks reports every internal link of the written site that leads nowhere.
func (r *run) checkLinks() error {
	r.probs.Add(r.keep.checkLinks(r)...)
	for _, p := range r.probs.Sorted() {
		if p.Severity == diag.Warning {
			r.res.Warnings = append(r.res.Warnings, p)
		}
	}
	return r.probs.Err()
}

// commit swaps the new site in.
func (r *run) commit() error {
	changes, err := r.out.commit()
	r.res.Changes = changes
	return err
}

// generatedFiles are the files made from the whole site rather than a page.
// A file of the same name in static/ replaces one.
var generatedFiles = []struct {
	path     string
	generate func(*run) ([]byte, error)
}{
	{path: feed.AtomPath, generate: func(r *run) ([]byte, error) { return feed.Atom(r.site, r.opts.SourceDate) }},
	{path: feed.JSONPath, generate: func(r *run) ([]byte, error) { return feed.JSON(r.site) }},
	{path: sitemap.Path, generate: func(r *run) ([]byte, error) { return sitemap.Sitemap(r.site) }},
	{path: sitemap.RobotsPath, generate: func(r *run) ([]byte, error) { return sitemap.Robots(r.site), nil }},
}

// searchIndexFiles writes the search index, an entry and its pieces (see
// package search), with write; once, it lets each page's words go as soon
// as they are in it.
func (r *run) searchIndexFiles(write search.WriteFunc, once bool) error {
	_, err := search.Build(r.site, r.conv.words, func(p *site.Page) *search.PageIndex {
		pi := r.indexes[p]
		if once {
			delete(r.indexes, p)
		}
		return pi
	}, write)
	return err
}

// sourceOf names the content file each output page was made from.
func sourceOf(s *site.Site) func(outPath string) string {
	files := make(map[string]string, len(s.Pages))
	for _, p := range s.Pages {
		if p.File != nil {
			files[p.OutPath] = p.File.Path
		}
	}
	return func(outPath string) string { return files[outPath] }
}

// UsageError is a mistake in how gloss was called rather than in the content.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// IsUsage reports whether err is a UsageError.
func IsUsage(err error) bool {
	var u *UsageError
	return errors.As(err, &u)
}

// checkLayouts reports every page whose layout the theme lacks, at the place
// the layout was chosen.
func checkLayouts(s *site.Site, th *theme.Theme, probs *diag.List) {
	for _, p := range s.Pages {
		if th.Has(p.Layout) {
			continue
		}
		pos := p.LayoutPos
		if pos.File == "" {
			pos = p.Pos()
		}
		probs.Errorf(pos, "%s", th.MissingLayout(p.Layout))
	}
}

// warnMissingSummaries warns about the fields a page needs but has left
// empty, as `gloss new` leaves them: an explainer's summary, a person's
// role, a term's definition, and any summary written but not filled in.
// A person or term without the field at all is left alone: those fields are
// optional, but an empty one is a blank the author meant to fill.
func warnMissingSummaries(s *site.Site, probs *diag.List) {
	for _, p := range s.Pages {
		if p.File == nil {
			continue
		}
		// written but empty: a field left as `gloss new` wrote it.
		empty := func(key string) bool {
			v, ok := p.File.Meta.Params[key]
			str, isString := v.(string)
			return ok && (v == nil || isString && strings.TrimSpace(str) == "")
		}
		switch {
		case p.IsExplainer() && strings.TrimSpace(p.Summary) == "":
			probs.Warnf(p.Pos(), "explainer has no summary: add one (its \"in brief\" box and its description in search results and feeds)")
		case empty("summary"):
			probs.Warnf(p.File.PosOf("summary"), "summary is empty: fill it in (the page's description in lists, search results and feeds) or remove the line")
		}
		switch p.Layout {
		case "person":
			if p.Kind == site.KindPage && empty("role") {
				probs.Warnf(p.File.PosOf("role"), "person's role is empty: fill it in as the source gives it (role: \"Premier\"), or remove the line; it is shown with every quote")
			}
		case "term":
			if p.Kind == site.KindPage && empty("definition") {
				probs.Warnf(p.File.PosOf("definition"), "term's definition is empty: write one sentence, or remove the line; it is shown wherever the term is used")
			}
		}
	}
}

// themeLayers puts the site's own templates before the built-in ones.
func themeLayers(siteFS, builtin fs.FS) []theme.Layer {
	layers := []theme.Layer{{FS: siteFS}}
	if builtin != nil {
		layers = append(layers, theme.Layer{FS: builtin, Label: "built in"})
	}
	return layers
}

type staticFile struct {
	fsys    fs.FS
	path    string // in fsys
	rel     string // in the output
	builtin bool   // gloss's own, not the site's
}

// staticFiles lists static/ of the site over static/ of gloss, file by file.
func staticFiles(siteFS, builtin fs.FS) []staticFile {
	seen := map[string]bool{}
	var out []staticFile
	for i, fsys := range []fs.FS{siteFS, builtin} {
		if fsys == nil {
			continue
		}
		_ = fs.WalkDir(fsys, StaticDir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if p != StaticDir && content.Ignored(d.Name()) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() || !d.Type().IsRegular() {
				return nil
			}
			rel := strings.TrimPrefix(p, StaticDir+"/")
			if !seen[rel] {
				seen[rel] = true
				out = append(out, staticFile{fsys: fsys, path: p, rel: rel, builtin: i == 1})
			}
			return nil
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].rel < out[j].rel })
	return out
}

// progressSink counts pages written.
type progressSink struct {
	output.Sink
	progress *Progress
}

func (p progressSink) WriteFile(rel string, data []byte) error {
	p.progress.step()
	return p.Sink.WriteFile(rel, data)
}
