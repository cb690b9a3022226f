package annotate

import (
	"slices"
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/gloss-ssg/gloss/generator/markdown"
)

// AutoTerm is a glossary term to link automatically on its first use.
type AutoTerm struct {
	ID      string
	Phrases []string // the term and its aliases
}

// AutoTermer is implemented by resolvers of sites that link the first use of
// each glossary term on a page automatically. The site makes its TermSet
// once (NewTermSet) and hands the same one to every page.
type AutoTermer interface {
	AutoTerms() *TermSet
}

// autoTerms wraps the first plain-text use of each glossary term on a page in
// a term directive, unless the author annotated that term on the page. It
// runs before the checks, which then treat it like one the author wrote.
type autoTerms struct {
	// reference, when set, links the terms instead of the matcher: the
	// tests hold the matcher to the way gloss linked them before it.
	reference termFinder
}

// termFinder links the first use of each term of set not done yet in texts,
// the page's runs of plain text in reading order.
type termFinder func(texts []*ast.Text, set *TermSet, done map[string]bool, src []byte, pc parser.Context)

func (a autoTerms) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	p := markdown.PageOf(pc)
	if p == nil {
		return
	}
	at, _ := p.Value(ResolverKey).(AutoTermer)
	if at == nil {
		return
	}
	set := at.AutoTerms()
	if set == nil || len(set.phrases) == 0 {
		return
	}
	done := map[string]bool{}
	if pc.Get(seenKey) != nil {
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if d, ok := n.(*Directive); ok && entering && d.Name == "term" {
				done[d.Attrs.Value("id")] = true
			}
			return ast.WalkContinue, nil
		})
	}
	src := reader.Source()
	var texts []*ast.Text
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading, *ast.Link, *ast.AutoLink, *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock, *ast.RawHTML, *Directive, *ast.Image:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			texts = append(texts, n)
		}
		return ast.WalkContinue, nil
	})
	if len(texts) == 0 {
		return
	}
	if a.reference != nil {
		a.reference(texts, set, done, reader.Source(), pc)
		return
	}
	// Every place a phrase occurs, found in one pass over the page's text
	// with one matcher of all phrases; looking for each phrase in each run
	// of text cost glossary size × text (BenchmarkAutoTerms).
	lowered := make([][]byte, len(texts))
	occurs := make([][]occurrence, len(set.phrases))
	for i, t := range texts {
		val := t.Segment.Value(src)
		lowered[i] = lowerSameLength(val)
		set.match(lowered[i], func(phrase, end int) {
			occurs[phrase] = append(occurs[phrase], occurrence{text: i, start: end - len(set.phrases[phrase].lower)})
		})
	}
	// Longest phrase first ("new system for mobilizing resources" before
	// "system"), each taking its first use that is still plain text.
	claimed := make([][]span, len(texts)) // per run of text, the terms made in it, in order
	for p, ph := range set.phrases {
		if done[ph.id] {
			continue
		}
		for _, o := range occurs[p] {
			end := o.start + len(ph.lower)
			lo, hi, free := freeAround(claimed[o.text], o.start, end, len(lowered[o.text]))
			if !free || !isWordEdge(lowered[o.text][lo:hi], o.start-lo, end-lo) {
				continue
			}
			claimed[o.text] = insertSpan(claimed[o.text], span{o.start, end, ph.id})
			done[ph.id] = true
			break
		}
	}
	for i, t := range texts {
		// From the end, so the offsets of the spans before stay good.
		for k := len(claimed[i]) - 1; k >= 0; k-- {
			c := claimed[i][k]
			splitIntoTerm(t, c.start, c.end-c.start, c.id)
			pc.Set(seenKey, true) // the checks must now see this directive
		}
	}
}

type occurrence struct{ text, start int }

// span is a term made in a run of text, in offsets of that text.
type span struct {
	start, end int
	id         string
}

// freeAround reports whether [start,end) overlaps none of the spans (sorted)
// and the bounds of the plain text around it: the run's ends or the spans'
// edges, which are the edges of the run of text it will be part of.
func freeAround(spans []span, start, end, length int) (lo, hi int, free bool) {
	i := sort.Search(len(spans), func(i int) bool { return spans[i].end > start })
	if i < len(spans) && spans[i].start < end {
		return 0, 0, false
	}
	lo, hi = 0, length
	if i > 0 {
		lo = spans[i-1].end
	}
	if i < len(spans) {
		hi = spans[i].start
	}
	return lo, hi, true
}

func insertSpan(spans []span, s span) []span {
	i := sort.Search(len(spans), func(i int) bool { return spans[i].start >= s.end })
	return slices.Insert(spans, i, s)
}

// isWordEdge reports whether s[start:end] begins and ends at word edges.
func isWordEdge(s []byte, start, end int) bool {
	before, _ := utf8.DecodeLastRune(s[:start])
	after, _ := utf8.DecodeRune(s[end:])
	return (start == 0 || !isWordRune(before)) && (end == len(s) || !isWordRune(after))
}

// lowerSameLength is b in lower case, but for the few letters whose lower
// case has another length in UTF-8 ("İ", the Kelvin sign), which are kept:
// offsets in the result are offsets in b. (bytes.ToLower shifted them, and
// a term after such a letter was cut at the wrong place.)
func lowerSameLength(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			out = append(out, byte(r))
		} else if l := unicode.ToLower(r); r != utf8.RuneError && utf8.RuneLen(l) == n {
			out = utf8.AppendRune(out, l)
		} else {
			out = append(out, b[:n]...)
		}
		b = b[n:]
	}
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// splitIntoTerm replaces a text node by the text before the phrase, a term
// directive holding the phrase, and the text after it. It returns the text
// nodes before (nil when the phrase starts the text) and after.
func splitIntoTerm(t *ast.Text, at, length int, id string) (before, after *ast.Text) {
	parent := t.Parent()
	seg := t.Segment
	d := &Directive{Form: Inline, Name: "term", Attrs: Attrs{{Key: "id", Value: id}}, Offset: seg.Start + at, AttrsOffset: -1, HasLabel: true, closed: true}
	d.AppendChild(d, ast.NewTextSegment(text.NewSegment(seg.Start+at, seg.Start+at+length)))
	after = ast.NewTextSegment(text.NewSegment(seg.Start+at+length, seg.Stop))
	after.SetSoftLineBreak(t.SoftLineBreak())
	after.SetHardLineBreak(t.HardLineBreak())
	parent.InsertAfter(parent, t, d)
	parent.InsertAfter(parent, d, after)
	if at == 0 {
		parent.RemoveChild(parent, t)
		return nil, after
	}
	t.Segment = text.NewSegment(seg.Start, seg.Start+at)
	t.SetSoftLineBreak(false)
	t.SetHardLineBreak(false)
	return t, after
}
