package pipeline

import (
	"context"
	"crypto/sha256"
	"fmt"
	"html/template"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/yuin/goldmark"

	"github.com/gloss-ssg/gloss/generator/annotate"
	"github.com/gloss-ssg/gloss/generator/config"
	"github.com/gloss-ssg/gloss/generator/content"
	"github.com/gloss-ssg/gloss/generator/diag"
	"github.com/gloss-ssg/gloss/generator/markdown"
	"github.com/gloss-ssg/gloss/generator/parallel"
	"github.com/gloss-ssg/gloss/generator/search"
	"github.com/gloss-ssg/gloss/generator/site"
	"github.com/gloss-ssg/gloss/generator/theme"
)

// convertAll turns every page's Markdown into HTML on a pool of workers, in
// three waves: sources first (annotations quote and cite their paragraphs),
// then every other page, then sources again with the pages citing each
// paragraph, now known. Links' #fragments and key-figure references are
// checked at the end, when every page's ids and figures are known.
func (r *run) convertAll() *diag.List {
	s, th := r.site, r.theme
	cv := &converter{
		md: markdown.New(markdown.Options{
			UnsafeHTML: r.cfg.UnsafeHTML,
			Extensions: []goldmark.Extender{annotate.New(r.opts.Vocabulary, th)},
		}),
		site: s, cfg: r.cfg, workers: r.opts.Workers, words: search.NewWords(),
	}
	if r.builder != nil {
		cv.cache = r.builder.convert
		cv.context = conversionContext(r)
		cv.words = r.builder.words // cached conversions' indexes use its numbers
	} else {
		cv.release = true
	}
	r.conv = cv
	var sources, others []*site.Page
	for _, p := range s.Pages {
		switch {
		case p.File == nil:
		case isSource(p):
			sources = append(sources, p)
		default:
			others = append(others, p)
		}
	}
	probs := &diag.List{}
	for i, res := range cv.pages(r.ctx, "sources", sources, nil, nil) {
		s.SetParagraphs(sources[i], res.paragraphs)
		s.SetAttributions(sources[i], res.refs)
		// The terms, people and notes of a source's own annotations; its
		// citations of its own paragraphs resolve only in the last wave.
		sources[i].Refs = slices.Clip(res.refs)
	}
	if cv.cache != nil {
		cv.context = withParagraphs(cv.context, r)
	}
	r.opts.Progress.start("reading", len(others))
	results := cv.pages(r.ctx, "pages", others, nil, r.opts.Progress)
	for i, res := range results {
		// Clip: res.refs may be a cached conversion's, shared with later builds.
		others[i].Refs = append(slices.Clip(res.refs), site.ParagraphLinks(res.fragments)...)
	}
	s.Aggregate(probs)
	results = append(results, cv.pages(r.ctx, "cited", sources, margins(th, probs), nil)...)
	if err := r.ctx.Err(); err != nil {
		probs.Errorf(diag.Position{}, "build interrupted: %v", err)
		return probs
	}
	pages := append(others, sources...)
	r.indexes = make(map[*site.Page]*search.PageIndex, len(pages))
	r.bodyHash = make(map[*site.Page][32]byte, len(pages))
	var refs []site.FragmentRef
	for i, res := range results {
		r.indexes[pages[i]] = res.index
		r.bodyHash[pages[i]] = res.bodyHash
		probs.Add(res.problems...)
		refs = append(refs, res.fragments...)
		site.Connect(pages[i], res.targets)
	}
	s.SortBacklinks()
	s.WarnUnusedTerms(probs)
	site.CheckFragments(refs, probs)
	if probs.Errors() == 0 {
		maps.Copy(r.bodyHash, showFigures(s, th, pages, probs))
	}
	return probs
}

func isSource(p *site.Page) bool {
	return p.Layout == "source" || p.File.Meta.Params["numbered"] == true
}

type pageResult struct {
	problems   []diag.Problem
	fragments  []site.FragmentRef
	targets    []*site.Page
	refs       []annotate.Reference
	paragraphs []string
	index      *search.PageIndex
	bodyHash   [32]byte
}

// converter converts pages for one build, with a Builder's cache if any.
type converter struct {
	md      *markdown.Converter
	site    *site.Site
	cfg     config.Config
	workers int
	cache   *convCache
	context [32]byte // see conversionContext
	// release frees each file's text after its last conversion: a one-off
	// build never reads it again, and on a big site the sources are a
	// fifth of what it holds.
	release bool
	words   *search.Words // numbers the words of the search index
}

// pages converts pages on a pool of workers; results are in page order.
// wave names the pass, for the cache.
func (cv *converter) pages(ctx context.Context, wave string, pages []*site.Page, after func(*site.Page) (func(int, template.HTML) string, string), progress *Progress) []pageResult {
	results := make([]pageResult, len(pages))
	parallel.Each(ctx, len(pages), cv.workers, func(_, i int) {
		var margin func(int, template.HTML) string
		extra := ""
		if after != nil {
			margin, extra = after(pages[i])
		}
		results[i] = cv.page(wave, pages[i], margin, extra)
		progress.step()
	})
	return results
}

// page converts one page, or takes its conversion from the cache when its
// file and everything the conversion reads are unchanged.
func (cv *converter) page(wave string, p *site.Page, margin func(int, template.HTML) string, extra string) pageResult {
	slot := wave + ":" + p.File.Rel
	var key [32]byte
	if cv.cache != nil {
		key = pageKey(cv.context, p, extra)
		if e := cv.cache.get(slot, key, p.File); e != nil {
			return cv.restore(p, e)
		}
	}
	e := cv.convert(wave, p, p.File, margin)
	e.key = key
	cv.cache.put(slot, e)
	if cv.release && wave != "sources" { // sources are converted again, "cited"
		p.File.Body = nil
	}
	return cv.restore(p, e)
}

// convert converts file, page p's Markdown, without touching p.
func (cv *converter) convert(wave string, p *site.Page, file *content.File, margin func(int, template.HTML) string) *convEntry {
	links := cv.site.LinksFor(p)
	resolver := cv.site.ResolverFor(p)
	var index *search.PageIndex
	var textIndex markdown.TextIndex
	if wave != "sources" { // the first pass over sources only reads their paragraphs
		index = search.NewPageIndex(cv.words)
		textIndex = index
	}
	out := cv.md.Convert(markdown.Input{
		Index:          textIndex,
		File:           file.Path,
		Source:         file.Body,
		BodyLine:       file.BodyLine,
		Numbered:       isSource(p),
		Links:          links,
		WordsPerMinute: cv.cfg.WordsPerMinute,
		Values:         map[any]any{annotate.ResolverKey: resolver},
		Margin:         margin,
	})
	if index != nil {
		index.Finish()
		if cv.site.Spill != nil {
			if err := index.MoveTo(cv.site.Spill); err != nil {
				out.Problems = append(out.Problems, diag.Problem{Pos: p.Pos(), Msg: err.Error()})
			}
		}
	}
	e := &convEntry{file: file, out: out, refs: resolver.Refs(), paragraphs: out.Paragraphs, index: index}
	if cv.cache != nil { // render signatures, which only a Builder keeps
		e.bodyHash = sha256.Sum256([]byte(out.HTML))
	}
	for _, f := range links.Fragments {
		e.fragments = append(e.fragments, cachedFragment{targetURL: f.Target.URL, fragment: f.Fragment, written: f.Written, pos: f.Pos})
	}
	for _, t := range links.Targets {
		e.targets = append(e.targets, t.URL)
	}
	return e
}

// restore gives page p the conversion e, binding its links to this build's pages.
func (cv *converter) restore(p *site.Page, e *convEntry) pageResult {
	var problems []diag.Problem
	if err := p.SetBody(e.out.HTML); err != nil {
		problems = append(problems, diag.Problem{Pos: p.Pos(), Msg: err.Error()})
	}
	p.IDs = e.out.IDs
	p.Words = e.out.Words
	p.ReadingTime = e.out.ReadingTime
	p.TOC = make([]site.Heading, len(e.out.TOC))
	for i, h := range e.out.TOC {
		p.TOC[i] = site.Heading(h)
	}
	res := pageResult{problems: append(problems, e.out.Problems...), refs: e.refs, paragraphs: e.paragraphs, index: e.index, bodyHash: e.bodyHash}
	for _, f := range e.fragments {
		if t := cv.site.PageByURL(f.targetURL); t != nil {
			res.fragments = append(res.fragments, site.FragmentRef{Target: t, Fragment: f.fragment, Pos: f.pos, Written: f.written})
		}
	}
	for _, u := range e.targets {
		if t := cv.site.PageByURL(u); t != nil {
			res.targets = append(res.targets, t)
		}
	}
	return res
}

// margins renders, beside each paragraph of a source, the theme's
// "paragraph-margin" partial: the editors' notes on it, the quotes taken from
// it and the pages citing it. It also returns, per source, a text naming
// those quotes and pages, part of the source's cache key (the notes are in
// the source's own file).
func margins(th *theme.Theme, probs *diag.List) func(*site.Page) (func(int, template.HTML) string, string) {
	if !th.HasTemplate("paragraph-margin") {
		return nil
	}
	var mu sync.Mutex
	return func(src *site.Page) (func(int, template.HTML) string, string) {
		var key strings.Builder
		for n := 1; n <= len(src.Site.Paragraphs(src)); n++ {
			for _, p := range explainersFirst(src.CitedBy[n]) {
				fmt.Fprintf(&key, "%d %s %s\n", n, p.URL, p.Title)
			}
			for _, sp := range speakers(src, n) {
				fmt.Fprintf(&key, "%d speaker %s %s %s\n", n, sp.Person.URL, sp.Person.Title, sp.Form)
			}
			for _, q := range src.QuotesFrom[n] {
				fmt.Fprintf(&key, "%d quote %s %s %s %q\n", n, q.Href(), q.Page.Title, q.Person.Title, q.Text)
			}
		}
		return func(n int, notes template.HTML) string {
			m := Margin{Source: src, Paragraph: n, Notes: notes, Pages: explainersFirst(src.CitedBy[n]), Quotes: firstPerPage(src.QuotesFrom[n]), Speakers: speakers(src, n)}
			var b strings.Builder
			if err := th.RenderPartial(&b, "paragraph-margin", m); err != nil {
				mu.Lock()
				probs.Add(err.(*theme.TemplateError).Problem())
				mu.Unlock()
				return ""
			}
			return b.String()
		}, key.String()
	}
}

// Speaker is someone a source paragraph gives words to, and how: "direct"
// when it quotes them, "reported" when it reports them.
type Speaker struct {
	Person *site.Page
	Form   string
}

// speakers lists, in order of first appearance, who paragraph n of src
// gives words to (its :said spans), each once; a person both quoted and
// reported in it is listed as quoted.
func speakers(src *site.Page, n int) []Speaker {
	var out []Speaker
	at := map[string]int{}
	for _, a := range src.Site.Attributions(src) {
		if a.Paragraph != n {
			continue
		}
		person := src.Site.Entity("person", a.Who)
		if person == nil {
			continue
		}
		if i, seen := at[a.Who]; seen {
			if a.Form == annotate.FormDirect {
				out[i].Form = a.Form
			}
			continue
		}
		at[a.Who] = len(out)
		out = append(out, Speaker{Person: person, Form: a.Form})
	}
	return out
}

// firstPerPage keeps the first of the quotes each page takes from a
// paragraph: the margin names each quoting page once.
func firstPerPage(quotes []*site.Quote) []*site.Quote {
	var out []*site.Quote
	seen := map[*site.Page]bool{}
	for _, q := range quotes {
		if !seen[q.Page] {
			seen[q.Page] = true
			out = append(out, q)
		}
	}
	return out
}

// explainersFirst keeps the explainers among pages citing a paragraph: the
// glossary and topic pages cite too, but a reader checking a claim wants the
// explainers. Sites without explainers keep every page.
func explainersFirst(pages []*site.Page) []*site.Page {
	var out []*site.Page
	for _, p := range pages {
		if p.IsExplainer() {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return pages
	}
	return out
}

// Margin is what the theme's "paragraph-margin" partial receives: what is
// shown beside one paragraph of a source. Its "cited-by" partial receives the
// same.
type Margin struct {
	Source    *site.Page
	Paragraph int
	// Notes are the editors' notes on the paragraph (:::gloss), rendered.
	Notes template.HTML
	// Pages are the pages citing the paragraph, explainers only when any do.
	Pages []*site.Page
	// Quotes are the quotes taken from the paragraph across the site, the
	// first of each page.
	Quotes []*site.Quote
	// Speakers are the people the paragraph gives words to.
	Speakers []Speaker
}

// showsFigures reports whether a page's annotations show a figure defined
// elsewhere, so only those bodies are searched for placeholders.
func showsFigures(p *site.Page) bool {
	for _, ref := range p.Refs {
		if ref.Kind == "stat" {
			return true
		}
	}
	return false
}

// showFigures replaces each reference to a key figure defined on another
// page with the figure's card, now that every definition is known. It
// returns the pages it changed, with their new bodies' hashes.
func showFigures(s *site.Site, th *theme.Theme, pages []*site.Page, probs *diag.List) map[*site.Page][32]byte {
	changed := map[*site.Page][32]byte{}
	const marker = "<!--gloss:stat:"
	for _, p := range pages {
		if !showsFigures(p) && !isSource(p) {
			continue
		}
		html, err := p.Body()
		if err != nil {
			probs.Errorf(p.Pos(), "%v", err)
			continue
		}
		body := string(html)
		if !strings.Contains(body, marker) {
			continue
		}
		var b strings.Builder
		for {
			i := strings.Index(body, marker)
			if i < 0 {
				b.WriteString(body)
				break
			}
			end := strings.Index(body[i:], "-->")
			id := body[i+len(marker) : i+end]
			b.WriteString(body[:i])
			body = body[i+end+3:]
			f := s.Figure(id)
			if f == nil {
				continue // reported by Aggregate
			}
			data := *f.Data
			data.Ref, data.DefinedOnHref, data.DefinedOnTitle = true, f.Href(), f.Page.Title
			a := &annotate.Annotation{Kind: "stat", Form: "leaf", Attrs: map[string]string{"ref": id}, Label: template.HTML(template.HTMLEscapeString(data.Label)), Data: &data}
			if err := th.RenderAnnotation(&b, a); err != nil {
				probs.Add(err.(*theme.TemplateError).Problem())
			}
		}
		if err := p.SetBody(template.HTML(b.String())); err != nil {
			probs.Errorf(p.Pos(), "%v", err)
			continue
		}
		changed[p] = sha256.Sum256([]byte(b.String()))
	}
	return changed
}
