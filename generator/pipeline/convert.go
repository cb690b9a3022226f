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
		site: s, cfg: r.cfg, workers: r.opts.Workers, cache: r.conversions, words: r.conversions.words(), storage: r.storage,
	}
	cv.cache.contextKnown(r)
	r.conv = cv
	var sources, others []*site.Page
	for _, p := range s.Pages {
		switch {
		case p.File == nil:
		case p.Numbered():
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
	cv.cache.paragraphsKnown(r)
	r.opts.Progress.start("reading", len(others))
	results := cv.pages(r.ctx, "pages", others, nil, r.opts.Progress)
	for i, res := range results {
		others[i].Refs = res.pageRefs()
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
	targets := make([][]*site.Page, len(results))
	for i, res := range results {
		r.indexes[pages[i]] = res.index
		r.bodyHash[pages[i]] = res.bodyHash
		probs.Add(res.problems...)
		refs = append(refs, res.fragments...)
		targets[i] = res.targets
	}
	s.Connect(pages, targets)
	s.WarnUnusedTerms(probs)
	site.CheckFragments(refs, probs)
	if probs.Errors() == 0 {
		maps.Copy(r.bodyHash, finishPages(r.opts.Vocabulary, s, th, pages, probs))
	}
	return probs
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

// pageRefs is what a page's annotations refer to, with its plain links to
// a source's paragraphs as citations (site.Converted.Refs).
func (res pageResult) pageRefs() []annotate.Reference {
	// Clip: res.refs may be a cached conversion's, shared with later builds.
	return append(slices.Clip(res.refs), site.ParagraphLinks(res.fragments)...)
}

// converter converts pages for one build, with a Builder's cache if any.
type converter struct {
	md      *markdown.Converter
	site    *site.Site
	cfg     config.Config
	workers int
	cache   conversions   // remembers conversions, or forgets them
	words   *search.Words // numbers the words of the search index
	storage storage       // keeps the search index's sections
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
	old, key := cv.cache.get(wave, p, extra)
	if old != nil {
		return cv.restore(p, old)
	}
	e := cv.convert(wave, p, p.File, margin)
	e.key = key
	cv.cache.put(wave, p, e)
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
		Numbered:       p.Numbered(),
		Links:          links,
		WordsPerMinute: cv.cfg.WordsPerMinute,
		Values:         map[any]any{annotate.ResolverKey: resolver},
		Margin:         margin,
	})
	if index != nil {
		index.Finish()
		if index.Full() {
			out.Problems = append(out.Problems, diag.Problem{Pos: p.Pos(), Severity: diag.Warning, Msg: fmt.Sprintf(
				"more than %d different words on this page: search finds the page by the first %d it meets, not by those after; "+
					"split the page to have it found by all", search.MaxPageWords, search.MaxPageWords)})
		}
		if err := cv.storage.keepIndex(index); err != nil {
			out.Problems = append(out.Problems, diag.Problem{Pos: p.Pos(), Msg: err.Error()})
		}
	}
	e := &convEntry{file: file, out: out, refs: resolver.Refs(), paragraphs: out.Paragraphs, index: index, bodyHash: cv.cache.bodyHash(string(out.HTML))}
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
// "paragraph-margin" partial with what the site shows there (site.Margin:
// the editors' notes, the quotes taken from the paragraph, the pages citing
// it). It also returns, per source, the text naming what the margins show
// of other pages, part of the source's cache key.
func margins(th *theme.Theme, probs *diag.List) func(*site.Page) (func(int, template.HTML) string, string) {
	if !th.HasTemplate("paragraph-margin") {
		return nil
	}
	var mu sync.Mutex
	return func(src *site.Page) (func(int, template.HTML) string, string) {
		return func(n int, notes template.HTML) string {
			var b strings.Builder
			if err := th.RenderPartial(&b, "paragraph-margin", src.Margin(n, notes)); err != nil {
				mu.Lock()
				probs.Add(err.(*theme.TemplateError).Problem())
				mu.Unlock()
				return ""
			}
			return b.String()
		}, src.MarginKey()
	}
}

// finishPages replaces the placeholders the pages' annotations were
// rendered as (a key figure shown from another page) with what they show,
// now that every page is read: each kind finishes its own (see annotate's
// Vocabulary.Finish). It returns the pages it changed, with their new
// bodies' hashes.
func finishPages(vocab annotate.Vocabulary, s *site.Site, th *theme.Theme, pages []*site.Page, probs *diag.List) map[*site.Page][32]byte {
	changed := map[*site.Page][32]byte{}
	lookup := s.Lookup()
	for _, p := range pages {
		if !vocab.HasPlaceholders(p.Refs) {
			continue
		}
		body, finished, problems := vocab.Finish(p.Body(), lookup, th, p.Pos())
		probs.Add(problems...)
		if !finished {
			continue
		}
		if err := p.SetBody(body); err != nil {
			probs.Errorf(p.Pos(), "%v", err)
			continue
		}
		changed[p] = sha256.Sum256([]byte(body))
	}
	return changed
}
