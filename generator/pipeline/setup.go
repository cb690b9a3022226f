package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/gloss-ssg/gloss/generator/annotate"
	"github.com/gloss-ssg/gloss/generator/content"
	"github.com/gloss-ssg/gloss/generator/diag"
	"github.com/gloss-ssg/gloss/generator/output"
	"github.com/gloss-ssg/gloss/generator/search"
	"github.com/gloss-ssg/gloss/generator/site"
	"github.com/gloss-ssg/gloss/generator/sitefs"
	"github.com/gloss-ssg/gloss/generator/spill"
)

// A one-off build (Build) and a Builder's builds (the preview) run the same
// steps. What they do differently is chosen here, once, when a build starts,
// as the values below; the steps call them and never ask which kind of
// build they are in:
//
//   - target: where the output goes (a staged folder, nowhere for a check,
//     or a snapshot in memory) and how it is made final;
//   - keeper: what is kept from the last build and for the next (nothing,
//     or a Builder's rendered pages and link check), and with it what is
//     made eagerly or on demand;
//   - conversions: pages' conversions remembered between builds, or a
//     memory that keeps nothing;
//   - storage: where what is made early and read late (pages' bodies,
//     their search sections) waits: in memory, or a one-off build's in a
//     spill file;
//   - the content cache (nil: read every file).

// target is where a build's output goes.
type target interface {
	// sink receives every page and file of the build.
	sink() output.Sink
	// commit makes the build's output the published site.
	commit() (output.Changes, error)
	// abort throws the build's output away; the published site stays.
	abort()
}

// keeper is what one build keeps from the last and for the next.
type keeper interface {
	// toRender returns the pages to render; the others are the last
	// build's, put into the sink as they were.
	toRender(r *run) []*site.Page
	// rendered is told that the build has rendered its pages.
	rendered(r *run)
	// siteFiles makes the files made from the whole site (feeds, sitemap,
	// search index), now or when first asked for.
	siteFiles(r *run)
	// checkLinks checks every internal link of the site.
	checkLinks(r *run) []diag.Problem
	// succeeded is told the build succeeded.
	succeeded(r *run)
}

// conversions remembers pages' conversions between builds.
type conversions interface {
	// words numbers the words of the search index.
	words() *search.Words
	// contextKnown and paragraphsKnown say that what every page's
	// conversion reads besides its own file is known: the site's plan and
	// theme, then also the sources' paragraphs (see conversionContext).
	contextKnown(r *run)
	paragraphsKnown(r *run)
	// get returns page p's remembered conversion in wave, if its inputs are
	// unchanged, and the key to remember a new one under.
	get(wave string, p *site.Page, extra string) (*convEntry, [32]byte)
	// put remembers e, p's conversion in wave.
	put(wave string, p *site.Page, e *convEntry)
	// bodyHash hashes a page's HTML for render signatures, if kept.
	bodyHash(html string) [32]byte
}

// setUp checks opts and chooses how the build is done: a one-off build when
// b is nil, else one of b's. A bad output folder is reported here, before
// any file is read or page converted.
func setUp(ctx context.Context, opts Options, b *Builder) (*run, error) {
	r, err := newRun(ctx, opts)
	if err != nil {
		return nil, err
	}
	if b != nil {
		b.last = nil // until this build succeeds
		snap := b.memory.Begin()
		r.out, r.keep, r.storage = inMemory{b.memory, snap}, &preview{b: b, snap: snap}, memory{}
		r.files, r.conversions = b.files, b.convert
		return r, nil
	}
	out, err := openFolder(r.opts)
	if err != nil {
		return nil, err
	}
	r.out, r.keep, r.conversions, r.storage = out, oneOff{}, forgetful{search.NewWords()}, newSpill(r.opts)
	return r, nil
}

// openFolder checks the output folder and starts staging a one-off build
// for it; a check writes nowhere.
func openFolder(opts Options) (target, error) {
	if opts.CheckOnly {
		return nowhere{}, nil
	}
	if err := output.CheckDir(opts.OutDir, opts.SiteDir); err != nil {
		return nil, &UsageError{err.Error()}
	}
	stage, err := output.Begin(opts.OutDir, opts.Force)
	if err != nil {
		var notOwned *output.NotOwnedError
		if errors.As(err, &notOwned) {
			return nil, &UsageError{err.Error()}
		}
		return nil, err
	}
	opts.Cleanup.Add(stage)
	return folder{stage, opts.Cleanup}, nil
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

// storage holds what a build makes early and reads late: pages' bodies,
// from conversion to rendering, and their search sections, until the
// index is made.
type storage interface {
	// keepBodies has the site keep its pages' bodies here.
	keepBodies(s *site.Site)
	// keepIndex moves a page's finished search sections here.
	keepIndex(pi *search.PageIndex) error
	// readFailure is the first failure to read back a page's body since the
	// last call, or nil: the readers (templates, feeds) are given "" and
	// carry on, and the step reports it (see site.BodyStore).
	readFailure() error
	close()
}

// memory is storage in memory: a preview keeps its conversions anyway.
type memory struct{}

func (memory) keepBodies(*site.Site)             {}
func (memory) keepIndex(*search.PageIndex) error { return nil }
func (memory) readFailure() error                { return nil }
func (memory) close()                            {}

// spilled is storage in a spill file, for a one-off build: on a big site,
// pages' bodies are gigabytes.
type spilled struct {
	store  *spill.Store
	failed *firstFailure // of reading a body back
}

// firstFailure keeps the first of the errors of concurrent readers.
type firstFailure struct {
	mu  sync.Mutex
	err error
}

func (f *firstFailure) keep(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err == nil {
		f.err = err
	}
}

// take returns the failure kept, and forgets it: each is reported once.
func (f *firstFailure) take() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	err := f.err
	f.err = nil
	return err
}

func (s spilled) keepBodies(site *site.Site)           { site.KeepBodiesIn(s) }
func (s spilled) keepIndex(pi *search.PageIndex) error { return pi.MoveTo(s.store) }
func (s spilled) readFailure() error                   { return s.failed.take() }
func (s spilled) close()                               { _ = s.store.Close() }

// Put keeps a page's body (site.BodyStore). Reading it back fails only on
// an I/O error of the spill file, which readFailure reports.
func (s spilled) Put(html string) (func() string, error) {
	ref, err := s.store.Put(html)
	if err != nil {
		return nil, err
	}
	return func() string {
		body, err := s.store.Get(ref)
		if err != nil {
			s.failed.keep(err)
			return ""
		}
		return body
	}, nil
}

func newSpilled(store *spill.Store) spilled { return spilled{store, &firstFailure{}} }

// newSpill makes the file that holds a one-off build's pages' bodies:
// beside the output folder, so on the same disk, else in the system's
// temporary folder. Without either, they stay in memory.
func newSpill(opts Options) storage {
	if !opts.CheckOnly {
		if s, err := spill.New(filepath.Dir(filepath.Clean(opts.OutDir))); err == nil {
			return newSpilled(s)
		}
	}
	s, err := spill.New("")
	if err != nil {
		return memory{}
	}
	return newSpilled(s)
}

// folder is a one-off build's target: a staging folder swapped in whole.
type folder struct {
	stage   *output.Stage
	cleanup *output.Cleanup
}

func (f folder) sink() output.Sink { return f.stage }

func (f folder) commit() (output.Changes, error) {
	changes, err := f.stage.Commit()
	f.cleanup.Remove(f.stage)
	return changes, err
}

func (f folder) abort() {
	f.stage.Abort()
	f.cleanup.Remove(f.stage)
}

// nowhere is a check's target: everything is made, nothing kept.
type nowhere struct{}

func (nowhere) sink() output.Sink               { return discard{} }
func (nowhere) commit() (output.Changes, error) { return output.Changes{}, nil }
func (nowhere) abort()                          {}

type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }

// inMemory is a Builder's target: a site in memory, published whole.
type inMemory struct {
	memory *output.Memory
	snap   *output.Snapshot
}

func (s inMemory) sink() output.Sink { return s.snap }

func (s inMemory) commit() (output.Changes, error) {
	s.memory.Publish(s.snap)
	return output.Changes{}, nil
}

func (inMemory) abort() {}

// oneOff keeps nothing: every page is rendered, every file made now, and
// every link checked.
type oneOff struct{}

func (oneOff) toRender(r *run) []*site.Page     { return r.site.Pages }
func (oneOff) rendered(*run)                    {}
func (oneOff) succeeded(*run)                   {}
func (oneOff) checkLinks(r *run) []diag.Problem { return r.links.Check(sourceOf(r.site)) }

func (oneOff) siteFiles(r *run) {
	for _, g := range generatedFiles {
		if r.claimed[g.path] {
			continue // the site ships its own
		}
		data, err := g.generate(r)
		r.writeFile(g.path, data, err)
	}
	if r.claimed[search.Path] {
		return
	}
	r.res.Files++ // counted as one file, the search index, whatever its pieces
	start := time.Now()
	// A one-off build makes the index once: each page's words go as soon
	// as they are in it.
	if err := r.searchIndexFiles(r.sink.WriteFile, true); err != nil {
		r.probs.Errorf(diag.Position{}, "cannot write the search index: %v", err)
	}
	// Within "site files": said apart, it is what a reader's search costs the build.
	r.res.Timings = append(r.res.Timings, Timing{"(search index)", time.Since(start)})
}
