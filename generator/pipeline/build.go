// Package pipeline runs the whole pipeline once: load the site folder, parse
// Markdown, resolve links across pages, render with the theme, write. Each
// step is one call below; none of them knows about the others' internals, and
// nothing here knows about watching or serving.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
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
	"github.com/gloss-ssg/gloss/generator/spill"
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
	r, err := newRun(ctx, opts)
	if err != nil {
		return nil, err
	}
	r.builder = b
	if b != nil {
		b.last = nil // until this build succeeds
	}
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
	defer r.closeSpill()
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
			if err, abandoned = runStep(ctx, step.do); abandoned {
				r.abort()
				return &Result{OutDir: r.opts.OutDir}, interrupted(ctx)
			}
			if ctx.Err() != nil {
				r.abort()
				return r.res, interrupted(ctx)
			}
		}
		r.res.Timings = append(r.res.Timings, Timing{step.name, time.Since(t)})
		if err != nil {
			r.abort()
			return r.res, err
		}
	}
	r.res.Duration = time.Since(start)
	if b != nil && b.memory != nil {
		b.last = r
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

// run is the state of one build as it moves through the steps.
type run struct {
	ctx     context.Context
	opts    Options
	siteFS  *sitefs.FS // follows symbolic links only inside the site folder
	probs   *diag.List
	res     *Result
	cfg     config.Config
	tree    *content.Tree
	site    *site.Site
	theme   *theme.Theme
	statics []staticFile
	claimed map[string]bool // output paths static/ files take
	claims  *claims         // every output path and what writes it
	// mu guards stage and spill, which an abandoned step may still be
	// setting when the build gives up on it (see runStep).
	mu       sync.Mutex
	spill    *spill.Store
	stage    *output.Stage
	sink     output.Sink
	links    *linkcheck.Checker
	builder  *Builder              // nil for a one-off build
	memory   *output.Snapshot      // the site being built in memory, for a Builder with Memory
	sigs     map[*site.Page]uint64 // render signatures (a Builder's builds)
	siteSig  uint64                // the part of them shared by every page
	conv     *converter
	rewrite  func(outPath string, html []byte) []byte // see render.Relative
	indexes  map[*site.Page]*search.PageIndex         // each page's text, for the search index
	bodyHash map[*site.Page][32]byte                  // each page's HTML body, hashed once
}

func newRun(ctx context.Context, opts Options) (*run, error) {
	if opts.SiteDir == "" {
		opts.SiteDir = "."
	}
	if opts.OutDir == "" {
		opts.OutDir = filepath.Join(opts.SiteDir, "public")
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.Vocabulary == nil {
		opts.Vocabulary = annotate.Explainers()
	}
	if fi, err := os.Stat(filepath.Join(opts.SiteDir, content.Dir)); err != nil || !fi.IsDir() {
		return nil, &UsageError{fmt.Sprintf("%s has no %s/ folder: point --source at a site folder", opts.SiteDir, content.Dir)}
	}
	siteFS, err := sitefs.New(opts.SiteDir)
	if err != nil {
		return nil, &UsageError{fmt.Sprintf("cannot read the site folder %s: %v", opts.SiteDir, err)}
	}
	return &run{ctx: ctx, opts: opts, siteFS: siteFS, probs: &diag.List{}, res: &Result{OutDir: opts.OutDir}}, nil
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
	var cache *content.Cache
	if r.builder != nil {
		cache = r.builder.files
	}
	r.tree, probs = content.LoadCached(r.siteFS, cache)
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
	if r.builder == nil {
		r.site.Spill = newSpill(r.opts)
		r.mu.Lock()
		r.spill = r.site.Spill
		r.mu.Unlock()
	}
	r.probs.Merge(r.convertAll())
	warnMissingSummaries(r.site, r.probs)
	return r.probs.Err()
}

// newSpill makes the file that holds pages' bodies from conversion to
// rendering in a one-off build (a preview keeps its conversions in memory
// anyway): beside the output folder, so on the same disk, else in the
// system's temporary folder. Without either, bodies stay in memory.
func newSpill(opts Options) *spill.Store {
	if !opts.CheckOnly {
		if s, err := spill.New(filepath.Dir(filepath.Clean(opts.OutDir))); err == nil {
			return s
		}
	}
	s, err := spill.New("")
	if err != nil {
		return nil
	}
	return s
}

// render executes the theme for every page and writes it, checking every
// link of the written pages on the way. With CheckOnly it writes nowhere:
// template errors are errors too.
func (r *run) render() error {
	var dest output.Sink = discard{}
	switch {
	case r.builder != nil && r.builder.memory != nil:
		r.memory = r.builder.memory.Begin()
		dest = r.memory
	case !r.opts.CheckOnly:
		if err := output.CheckDir(r.opts.OutDir, r.opts.SiteDir); err != nil {
			return &UsageError{err.Error()}
		}
		stage, err := output.Begin(r.opts.OutDir, r.opts.Force)
		if err != nil {
			var notOwned *output.NotOwnedError
			if errors.As(err, &notOwned) {
				return &UsageError{err.Error()}
			}
			return err
		}
		r.mu.Lock()
		r.stage, dest = stage, stage
		r.mu.Unlock()
		r.opts.Cleanup.Add(stage)
	}
	r.links = linkcheck.New(r.cfg.BasePath())
	r.sink = r.links.Sink(dest)
	r.opts.Progress.start("writing", len(r.site.Pages))
	pages := r.site.Pages
	if r.memory != nil {
		pages = r.reuseRendered()
	}
	r.res.Rendered = len(pages)
	if r.cfg.RelativeURLs {
		base := r.cfg.BasePath()
		r.rewrite = func(outPath string, html []byte) []byte { return render.Relative(html, outPath, base) }
	}
	r.probs.Merge(render.Pages(r.ctx, r.theme, pages, progressSink{r.sink, r.opts.Progress}, r.opts.Workers, r.rewrite))
	if r.memory != nil {
		r.rememberRendered(pages)
	}
	r.res.Pages = len(r.site.Pages)
	return r.probs.Err()
}

// writeSiteFiles writes the theme's assets, static files, content assets,
// and the files made from the whole site (feeds, sitemap, search index).
func (r *run) writeSiteFiles() error {
	write := func(path string, data []byte, err error) {
		r.res.Files++
		if err == nil {
			err = r.sink.WriteFile(path, data)
		}
		if err != nil {
			r.probs.Errorf(diag.Position{}, "cannot write %s: %v", path, err)
		}
	}
	for _, a := range r.theme.Assets() {
		write(a.OutPath, a.Data, nil)
	}
	for _, f := range r.statics {
		data, err := fs.ReadFile(f.fsys, f.path)
		write(f.rel, data, err)
	}
	for _, a := range r.tree.Assets {
		data, err := fs.ReadFile(r.siteFS, a.Path)
		write(a.Rel, data, err)
	}
	for _, g := range generatedFiles {
		if r.claimed[g.path] {
			continue // the site ships its own
		}
		switch {
		case r.memory != nil: // made on demand, below
			r.links.Exists(g.path)
			r.res.Files++
			continue
		case g.stream != nil && r.stage != nil:
			r.links.Exists(g.path)
			r.res.Files++
			if err := r.stage.WriteStream(g.path, func(w io.Writer) error { return g.stream(r, w) }); err != nil {
				r.probs.Errorf(diag.Position{}, "cannot write %s: %v", g.path, err)
			}
			continue
		}
		data, err := g.generate(r)
		write(g.path, data, err)
	}
	if !r.claimed[search.Path] {
		r.res.Files++
		switch {
		case r.memory != nil:
			r.links.Exists(search.Path)
		default:
			start := time.Now()
			defer func() { // within "site files": said apart, it is what a reader's search costs the build
				r.res.Timings = append(r.res.Timings, Timing{"(search index)", time.Since(start)})
			}()
			// Counted as one file, the search index, whatever its pieces.
			err := r.searchIndexFiles(r.sink.WriteFile)
			if err != nil {
				r.probs.Errorf(diag.Position{}, "cannot write the search index: %v", err)
			}
		}
	}
	if r.memory != nil {
		r.siteFilesOnDemand(r.memory)
	}
	return r.probs.Err()
}

// siteFilesOnDemand adds the files made from the whole site to a preview's
// snapshot, to be made only when asked for: most rebuilds are never followed
// by a look at the feed or the search index. They read the site as it is
// then, which a body edit may have changed in place (Builder.Update).
func (r *run) siteFilesOnDemand(snap *output.Snapshot) {
	for _, g := range generatedFiles {
		if r.claimed[g.path] {
			continue
		}
		generate, b := g.generate, r.builder
		snap.Lazy(g.path, func() ([]byte, error) {
			b.siteMu.RLock()
			defer b.siteMu.RUnlock()
			return generate(r)
		})
	}
	if !r.claimed[search.Path] {
		b := r.builder
		snap.LazyFiles(search.Path, search.Dir, func(write func(string, []byte) error) error {
			b.siteMu.RLock()
			defer b.siteMu.RUnlock()
			return r.searchIndexFiles(write)
		})
	}
}

// checkLinks reports every internal link of the written site that leads nowhere.
func (r *run) checkLinks() error {
	if r.builder != nil {
		probs, results := r.links.CheckSince(r.builder.links, sourceOf(r.site))
		r.probs.Add(probs...)
		r.builder.links = results
	} else {
		r.probs.Add(r.links.Check(sourceOf(r.site))...)
	}
	for _, p := range r.probs.Sorted() {
		if p.Severity == diag.Warning {
			r.res.Warnings = append(r.res.Warnings, p)
		}
	}
	return r.probs.Err()
}

// commit swaps the new site in.
func (r *run) commit() error {
	if r.memory != nil {
		r.builder.memory.Publish(r.memory)
		r.memory = nil
		return nil
	}
	if r.stage == nil {
		return nil
	}
	changes, err := r.stage.Commit()
	r.opts.Cleanup.Remove(r.stage)
	r.res.Changes = changes
	r.mu.Lock()
	r.stage = nil
	r.mu.Unlock()
	return err
}

func (r *run) closeSpill() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.spill != nil {
		_ = r.spill.Close()
	}
}

// abort throws away a staged build; the output folder stays as it was.
func (r *run) abort() {
	r.mu.Lock()
	stage := r.stage
	r.mu.Unlock()
	if stage != nil {
		stage.Abort()
		r.opts.Cleanup.Remove(stage)
	}
}

// generatedFiles are the files made from the whole site rather than a page.
// A file of the same name in static/ replaces one.
var generatedFiles = []struct {
	path     string
	generate func(*run) ([]byte, error)
	// stream, if set, writes the file piece by piece, for a one-off build:
	// on a big site it is too big to hold whole.
	stream func(*run, io.Writer) error
}{
	{path: feed.AtomPath, generate: func(r *run) ([]byte, error) { return feed.Atom(r.site, r.opts.SourceDate) }},
	{path: feed.JSONPath, generate: func(r *run) ([]byte, error) { return feed.JSON(r.site) }},
	{path: sitemap.Path, generate: func(r *run) ([]byte, error) { return sitemap.Sitemap(r.site) }},
	{path: sitemap.RobotsPath, generate: func(r *run) ([]byte, error) { return sitemap.Robots(r.site), nil }},
}

// searchIndexFiles writes the search index, an entry and its pieces (see
// package search), with write.
func (r *run) searchIndexFiles(write search.WriteFunc) error {
	_, err := search.Build(r.site, r.conv.words, func(p *site.Page) *search.PageIndex {
		pi := r.indexes[p]
		if r.builder == nil {
			// A one-off build makes the index once: let each page's
			// words go as soon as they are in it.
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

type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }
