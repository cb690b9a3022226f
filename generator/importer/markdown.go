package importer

import (
	"fmt"
	"strings"
	"time"

	"github.com/gloss-ssg/gloss/generator/diag"
	"github.com/gloss-ssg/gloss/generator/frontmatter"
	"github.com/gloss-ssg/gloss/generator/markdown"
	"github.com/yuin/goldmark/ast"
)

// fromMarkdown keeps a Markdown report as its author wrote it (emphasis,
// links and all) and reads it only to report on it: its front matter's or
// first heading's title, and its top-level paragraphs, the ones gloss numbers.
func fromMarkdown(name string, src []byte) (*Document, error) {
	d := &Document{Format: Markdown}
	body := src
	doc, _ := frontmatter.Parse("import", src)
	if len(doc.Fields) > 0 {
		for _, f := range doc.Fields {
			s, _ := f.Value.(string)
			switch f.Key {
			case "title":
				d.Meta.Title = s
			case "source_url", "url", "canonical":
				d.Meta.URL = s
			case "publisher":
				d.Meta.Publisher = s
			case "date":
				if t, ok := f.Value.(time.Time); ok {
					d.Meta.Date = t.Format("2006-01-02")
				} else {
					d.Meta.Date = normalizeDate(s)
				}
			}
		}
		body = doc.Body
	}
	text := strings.ReplaceAll(string(body), "\r\n", "\n")
	// Read with gloss's own parser, bounds and all: a report's Markdown
	// comes from anywhere, and goldmark alone takes minutes on some (a line
	// of a million list markers), where gloss stops with an error.
	read := []byte(text)
	root, probs := markdown.New(markdown.Options{}).Parse(name, read)
	if len(probs) > 0 {
		return nil, refused(probs)
	}
	// A first-level heading that opens the text is the page's title, taken
	// out of the body; the blocks after it are read from the same parse.
	first := root.FirstChild()
	if h, ok := first.(*ast.Heading); ok && h.Level == 1 {
		title := clean(plain(h, read))
		if d.Meta.Title == "" || sameText(d.Meta.Title, title) {
			d.Meta.Title = title
			if lines := h.Lines(); lines.Len() > 0 {
				end := lines.At(lines.Len() - 1).Stop
				if nl := strings.IndexByte(text[end:], '\n'); nl >= 0 {
					end += nl + 1
				} else {
					end = len(text)
				}
				text = text[end:]
				first = first.NextSibling()
			}
		}
	}
	for n := first; n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *ast.Paragraph:
			d.Paragraphs = append(d.Paragraphs, clean(plain(n, read)))
		case *ast.Heading:
			d.Headings = append(d.Headings, Heading{Level: n.Level, Text: clean(plain(n, read)), Before: len(d.Paragraphs) + 1})
		case *ast.List:
			d.Lists++
			d.ListItems += n.ChildCount()
		case *ast.Blockquote:
			d.Quotes++
		}
	}
	d.Body = strings.TrimLeft(text, "\n")
	return d, nil
}

// refused is the error for a report gloss's Markdown parser stopped on.
func refused(probs []diag.Problem) error {
	msg := probs[0].String()
	if len(probs) > 1 {
		msg += fmt.Sprintf(" (and %d more)", len(probs)-1)
	}
	return fmt.Errorf("%s: nothing written", msg)
}

// plain is the text of a node, without its Markdown.
func plain(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan:
			for s := t.FirstChild(); s != nil; s = s.NextSibling() {
				if tx, ok := s.(*ast.Text); ok {
					b.Write(tx.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			b.Write(t.Label(src))
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}
