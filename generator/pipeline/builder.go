package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"io"
	"sync"

	"github.com/gloss-ssg/gloss/generator/annotate"
	"github.com/gloss-ssg/gloss/generator/content"
	"github.com/gloss-ssg/gloss/generator/diag"
	"github.com/gloss-ssg/gloss/generator/linkcheck"
	"github.com/gloss-ssg/gloss/generator/markdown"
	"github.com/gloss-ssg/gloss/generator/output"
	"github.com/gloss-ssg/gloss/generator/search"
	"github.com/gloss-ssg/gloss/generator/site"
)

// Builder builds one site again and again, for the preview server. Between
// builds it remembers what it read, converted and rendered, keyed by
// everything each result depends on, so a rebuild redoes only the work whose
// inputs changed, and always produces what a full build would.
type Builder struct {
	opts Options
	// memory receives each build instead of the output folder.
	memory *output.Memory

	mu      sync.Mutex // one build at a time
	files   *content.Cache
	convert *convCache
	render  map[string]renderEntry // output path → what the last build rendered
	seed    maphash.Seed           // for render signatures, which live only as long as the Builder
	sigs    map[*site.Page]uint64  // the last build's render signatures
	siteSig uint64                 // the part of them shared by every page
	links   *linkcheck.Results     // the last link check, for the next
	// last is the last build, when it succeeded: Update changes it in place.
	last *run
	// maxInPlace is the most pages Update changes in place (see maxInPlace).
	maxInPlace int
	// siteMu guards last's pages, which Update changes, from the site-wide
	// files the preview makes on demand from them.
	siteMu sync.RWMutex
}

// NewBuilder makes a Builder. Its builds are published to memory (nil: a
// Memory of its own) and nothing is written to disk.
func NewBuilder(opts Options, memory *output.Memory) *Builder {
	if memory == nil {
		memory = output.NewMemory()
	}
	return &Builder{opts: opts, memory: memory, files: content.NewCache(), convert: newConvCache(), render: map[string]renderEntry{}, seed: maphash.MakeSeed(), maxInPlace: maxInPlace}
}

// Build builds the site, reusing what earlier builds of this Builder made.
func (b *Builder) Build(ctx context.Context) (*Result, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return build(ctx, b.opts, b)
}

// renderEntry is a rendered page and the signature of what it was rendered from.
type renderEntry struct {
	sig  uint64
	html []byte
	scan *linkcheck.Scan // its links and ids, as the link checker read them
}

// convCache remembers each page's conversion: a Builder's conversions.
type convCache struct {
	mu      sync.Mutex
	entries map[string]*convEntry // "wave:content path"
	// context is the last build's conversion context (see conversionContext).
	context [32]byte
	params  sync.Map      // *content.File → its front matter as JSON, for the hashes below
	wordIDs *search.Words // the search words of every conversion in entries
}

func newConvCache() *convCache {
	return &convCache{entries: map[string]*convEntry{}, wordIDs: search.NewWords()}
}

// words numbers the words of every build: cached conversions' indexes use its numbers.
func (c *convCache) words() *search.Words { return c.wordIDs }

func (c *convCache) contextKnown(r *run) { c.context = conversionContext(r, c.paramsJSON) }

func (c *convCache) paragraphsKnown(r *run) { c.context = withParagraphs(c.context, r) }

func (c *convCache) get(wave string, p *site.Page, extra string) (*convEntry, [32]byte) {
	key := pageKey(c.context, p, extra)
	return c.lookup(wave+":"+p.File.Rel, key, p.File), key
}

func (c *convCache) put(wave string, p *site.Page, e *convEntry) { c.store(wave+":"+p.File.Rel, e) }

func (c *convCache) bodyHash(html string) [32]byte { return sha256.Sum256([]byte(html)) }

// forgetful is a one-off build's memory of conversions: it keeps nothing,
// and lets each file's text go after its last conversion, which is never
// read again (on a big site the sources are a fifth of what it holds).
type forgetful struct{ wordIDs *search.Words }

func (f forgetful) words() *search.Words                                { return f.wordIDs }
func (forgetful) contextKnown(*run)                                     {}
func (forgetful) paragraphsKnown(*run)                                  {}
func (forgetful) get(string, *site.Page, string) (*convEntry, [32]byte) { return nil, [32]byte{} }
func (forgetful) bodyHash(string) [32]byte                              { return [32]byte{} }

func (forgetful) put(wave string, p *site.Page, _ *convEntry) {
	if wave != "sources" { // sources are converted again, "cited"
		p.File.Body = nil
	}
}

// convEntry is one page's conversion, with its links and references kept as
// URLs and ids rather than pointers into the site it was made for.
type convEntry struct {
	key        [32]byte
	file       *content.File // the loaded file it was made from: unchanged files keep theirs
	bodyHash   [32]byte      // of the HTML, for render signatures
	out        markdown.Output
	refs       []annotate.Reference
	fragments  []cachedFragment
	targets    []string // URLs
	paragraphs []string
	index      *search.PageIndex // read only once made
}

type cachedFragment struct {
	targetURL, fragment, written string
	pos                          diag.Position
}

func (c *convCache) lookup(slot string, key [32]byte, f *content.File) *convEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.entries[slot]; e != nil && e.key == key && e.file == f {
		return e
	}
	return nil
}

func (c *convCache) store(slot string, e *convEntry) {
	c.mu.Lock()
	c.entries[slot] = e
	c.mu.Unlock()
}

// conversionContext hashes what every page's conversion may read besides its
// own file: the configuration, the theme (annotation templates), and every
// page's URL, layout, title, summary and front matter (links and annotations
// resolve against them). See withParagraphs for the sources' paragraphs.
func conversionContext(r *run, paramsJSON func(*site.Page) []byte) [32]byte {
	h := sha256.New()
	cfg, _ := json.Marshal(r.cfg)
	h.Write(cfg)
	fp := r.theme.ConversionFingerprint()
	h.Write(fp[:])
	fmt.Fprintf(h, "drafts=%v\x00", r.opts.Drafts)
	for _, p := range r.site.Pages {
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00", p.URL, p.Kind, p.Layout, p.Title, p.Summary, p.EntityID)
		if p.File != nil {
			fmt.Fprintf(h, "%s\x00%s\x00", p.File.Rel, paramsJSON(p))
		}
	}
	for _, f := range r.tree.Files {
		if r.site.IsDraft(f.Rel) {
			fmt.Fprintf(h, "draft:%s\x00", f.Rel)
		}
	}
	for _, f := range r.site.Files() {
		fmt.Fprintf(h, "file:%s\x00", f)
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

// withParagraphs extends a conversion context with the sources' paragraphs
// and attributions, once they are read: every page but the sources' first
// pass depends on them. It hashes only those, not the whole site again.
func withParagraphs(base [32]byte, r *run) [32]byte {
	h := sha256.New()
	h.Write(base[:])
	for _, p := range r.site.Pages {
		for _, para := range r.site.Paragraphs(p) {
			fmt.Fprintf(h, "%s\x00", para)
		}
		for _, a := range r.site.Attributions(p) {
			fmt.Fprintf(h, "said %d %s %s %s\x00", a.Paragraph, a.Who, a.Form, a.Text)
		}
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

// paramsJSON is a page's front matter as JSON, made once per loaded file:
// an unchanged file is the same *content.File from build to build.
func (c *convCache) paramsJSON(p *site.Page) []byte {
	if p.File == nil {
		data, _ := json.Marshal(p.Params)
		return data
	}
	if v, ok := c.params.Load(p.File); ok {
		return v.([]byte)
	}
	data, _ := json.Marshal(p.Params)
	c.params.Store(p.File, data)
	return data
}

// pageKey is the cache key of one page's conversion in one wave. The file's
// content is not hashed: a changed file is a new *content.File, and the
// cache compares those too.
func pageKey(ctxKey [32]byte, p *site.Page, extra string) [32]byte {
	h := sha256.New()
	h.Write(ctxKey[:])
	fmt.Fprintf(h, "%s\x00%s\x00%d\x00", p.File.Rel, p.Layout, p.File.BodyLine)
	h.Write([]byte(extra))
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

func writeStrings(h io.StringWriter, ss ...string) {
	for _, s := range ss {
		h.WriteString(s)
		h.WriteString("\x00")
	}
}

// preview is what a Builder's build keeps from the last and for the next:
// pages whose render signature is unchanged are not rendered again, the
// files made from the whole site are made only when asked for, and the
// link check redoes only what changed.
type preview struct {
	b    *Builder
	snap *output.Snapshot
}

func (p *preview) toRender(r *run) []*site.Page { return p.b.reuseRendered(r, p.snap) }

func (p *preview) rendered(r *run) { p.b.rememberRendered(r, p.snap) }

func (p *preview) siteFiles(r *run) {
	for _, g := range generatedFiles {
		if !r.claimed[g.path] {
			r.links.Exists(g.path)
			r.res.Files++
		}
	}
	if !r.claimed[search.Path] {
		r.links.Exists(search.Path)
		r.res.Files++
	}
	p.b.siteFilesOnDemand(r, p.snap)
}

func (p *preview) checkLinks(r *run) []diag.Problem {
	probs, results := r.links.CheckSince(p.b.links, sourceOf(r.site))
	p.b.links = results
	return probs
}

func (p *preview) succeeded(r *run) { p.b.last = r }

// siteFilesOnDemand adds the files made from the whole site to a preview's
// snapshot, to be made only when asked for: most rebuilds are never followed
// by a look at the feed or the search index. They read the site as it is
// then, which a body edit may have changed in place (Builder.Update).
func (b *Builder) siteFilesOnDemand(r *run, snap *output.Snapshot) {
	for _, g := range generatedFiles {
		if r.claimed[g.path] {
			continue
		}
		generate := g.generate
		snap.Lazy(g.path, func() ([]byte, error) {
			b.siteMu.RLock()
			defer b.siteMu.RUnlock()
			return generate(r)
		})
	}
	if !r.claimed[search.Path] {
		snap.LazyFiles(search.Path, search.Dir, func(write func(string, []byte) error) error {
			b.siteMu.RLock()
			defer b.siteMu.RUnlock()
			return r.searchIndexFiles(write, false)
		})
	}
}
