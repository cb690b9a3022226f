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
	// Memory, when set, receives each build instead of the output folder.
	memory *output.Memory

	mu      sync.Mutex // one build at a time
	files   *content.Cache
	params  sync.Map // *content.File → its front matter as JSON, for the hashes below
	convert *convCache
	words   *search.Words          // the search words of every conversion in convert
	render  map[string]renderEntry // output path → what the last build rendered
	seed    maphash.Seed           // for render signatures, which live only as long as the Builder
	links   *linkcheck.Results     // the last link check, for the next
	// last is the last build, when it succeeded: Update changes it in place.
	last *run
	// maxInPlace is the most pages Update changes in place (see maxInPlace).
	maxInPlace int
	// siteMu guards last's pages, which Update changes, from the site-wide
	// files the preview makes on demand from them.
	siteMu sync.RWMutex
}

// NewBuilder makes a Builder. With memory set, builds are published there
// and nothing is written to disk.
func NewBuilder(opts Options, memory *output.Memory) *Builder {
	return &Builder{opts: opts, memory: memory, files: content.NewCache(), convert: newConvCache(), words: search.NewWords(), render: map[string]renderEntry{}, seed: maphash.MakeSeed(), maxInPlace: maxInPlace}
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

// convCache remembers each page's conversion.
type convCache struct {
	mu      sync.Mutex
	entries map[string]*convEntry // "wave:content path"
}

func newConvCache() *convCache { return &convCache{entries: map[string]*convEntry{}} }

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

func (c *convCache) get(slot string, key [32]byte, f *content.File) *convEntry {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.entries[slot]; e != nil && e.key == key && e.file == f {
		return e
	}
	return nil
}

func (c *convCache) put(slot string, e *convEntry) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.entries[slot] = e
	c.mu.Unlock()
}

// conversionContext hashes what every page's conversion may read besides its
// own file: the configuration, the theme (annotation templates), and every
// page's URL, layout, title, summary and front matter (links and annotations
// resolve against them). See withParagraphs for the sources' paragraphs.
func conversionContext(r *run) [32]byte {
	h := sha256.New()
	cfg, _ := json.Marshal(r.cfg)
	h.Write(cfg)
	fp := r.theme.ConversionFingerprint()
	h.Write(fp[:])
	fmt.Fprintf(h, "drafts=%v\x00", r.opts.Drafts)
	for _, p := range r.site.Pages {
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00%s\x00", p.URL, p.Kind, p.Layout, p.Title, p.Summary, p.EntityID)
		if p.File != nil {
			fmt.Fprintf(h, "%s\x00%s\x00", p.File.Rel, r.paramsJSON(p))
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
func (r *run) paramsJSON(p *site.Page) []byte {
	if p.File == nil || r.builder == nil {
		data, _ := json.Marshal(p.Params)
		return data
	}
	if v, ok := r.builder.params.Load(p.File); ok {
		return v.([]byte)
	}
	data, _ := json.Marshal(p.Params)
	r.builder.params.Store(p.File, data)
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
