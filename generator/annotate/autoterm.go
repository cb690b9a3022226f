package annotate

import (
	"bytes"
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
// each glossary term on a page automatically.
type AutoTermer interface {
	AutoTerms() []AutoTerm
}

// autoTerms wraps the first plain-text use of each glossary term on a page in
// a term directive, unless the author annotated that term on the page. It
// runs before the checks, which then treat it like one the author wrote.
type autoTerms struct{}

func (autoTerms) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	p := markdown.PageOf(pc)
	if p == nil {
		return
	}
	at, _ := p.Value(ResolverKey).(AutoTermer)
	if at == nil {
		return
	}
	terms := at.AutoTerms()
	if len(terms) == 0 {
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
	type phrase struct {
		id    string
		lower []byte
	}
	var phrases []phrase
	for _, t := range terms {
		for _, ph := range t.Phrases {
			if ph != "" {
				phrases = append(phrases, phrase{t.ID, bytes.ToLower([]byte(ph))})
			}
		}
	}
	// Longer phrases first: "new system for mobilizing resources" before "system".
	sort.SliceStable(phrases, func(i, j int) bool { return len(phrases[i].lower) > len(phrases[j].lower) })
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
	for _, ph := range phrases {
		if done[ph.id] {
			continue
		}
		for i, t := range texts {
			if t == nil {
				continue
			}
			val := t.Segment.Value(src)
			at := indexWord(bytes.ToLower(val), ph.lower)
			if at < 0 {
				continue
			}
			// The text before and after the phrase stay in the list, in
			// reading order, where the next terms may be found: a run of
			// text can hold the first use of many terms.
			before, after := splitIntoTerm(t, at, len(ph.lower), ph.id)
			texts[i] = before
			texts = slices.Insert(texts, i+1, after)
			pc.Set(seenKey, true) // the checks must now see this directive
			done[ph.id] = true
			break
		}
	}
}

// indexWord finds phrase in s at word boundaries.
func indexWord(s, phrase []byte) int {
	for from := 0; from < len(s); {
		i := bytes.Index(s[from:], phrase)
		if i < 0 {
			return -1
		}
		i += from
		end := i + len(phrase)
		before, _ := utf8.DecodeLastRune(s[:i])
		after, _ := utf8.DecodeRune(s[end:])
		if (i == 0 || !isWordRune(before)) && (end == len(s) || !isWordRune(after)) {
			return i
		}
		from = i + 1
	}
	return -1
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
