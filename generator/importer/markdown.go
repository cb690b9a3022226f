package importer

import (
	"strings"
	"time"

	"github.com/gloss-ssg/gloss/generator/frontmatter"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// fromMarkdown keeps a Markdown report as its author wrote it (emphasis,
// links and all) and reads it only to report on it: its front matter's or
// first heading's title, and its top-level paragraphs, the ones gloss numbers.
func fromMarkdown(src []byte) *Document {
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
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.DefinitionList))
	root := md.Parser().Parse(textReader(text))
	// A first-level heading that opens the text is the page's title.
	if first := root.FirstChild(); first != nil {
		if h, ok := first.(*ast.Heading); ok && h.Level == 1 {
			title := clean(plain(h, []byte(text)))
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
					root = md.Parser().Parse(textReader(text))
				}
			}
		}
	}
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *ast.Paragraph:
			d.Paragraphs = append(d.Paragraphs, clean(plain(n, []byte(text))))
		case *ast.Heading:
			d.Headings = append(d.Headings, Heading{Level: n.Level, Text: clean(plain(n, []byte(text))), Before: len(d.Paragraphs) + 1})
		case *ast.List:
			d.Lists++
			d.ListItems += n.ChildCount()
		case *ast.Blockquote:
			d.Quotes++
		}
	}
	d.Body = strings.TrimLeft(text, "\n")
	return d
}

func textReader(s string) text.Reader { return text.NewReader([]byte(s)) }

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
