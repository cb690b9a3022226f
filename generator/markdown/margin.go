package markdown

import (
	"bytes"
	"html/template"
	"strconv"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// MarginNote is a block written among a numbered source's paragraphs that is
// about one of them: an editor's note. The numbered text stays exactly the
// source's words, so Convert takes such notes out of the text and shows them
// beside the paragraph they are about.
type MarginNote interface {
	ast.Node
	// NoteOn returns the paragraph the note is about and the note's offset
	// in the page body, for messages; ok is false for an ordinary block.
	NoteOn() (paragraph, offset int, ok bool)
}

// kindParagraphMargin is the node holding what is shown beside a numbered
// paragraph: its notes, and what Input.Margin adds.
var kindParagraphMargin = ast.NewNodeKind("ParagraphMargin")

type paragraphMargin struct {
	ast.BaseBlock
	paragraph int
	margin    func(n int, notes template.HTML) string
}

func (n *paragraphMargin) Kind() ast.NodeKind { return kindParagraphMargin }

func (n *paragraphMargin) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Paragraph": strconv.Itoa(n.paragraph)}, nil)
}

// placeNotes moves each top-level note of a numbered document into the
// margin of its paragraph, and gives every paragraph a margin when the page
// asks for one. A note about a paragraph the source does not have is an error.
func (st *state) placeNotes(doc *ast.Document, paragraphs []*ast.Paragraph, notes []MarginNote) {
	byParagraph := map[int][]MarginNote{}
	for _, note := range notes {
		n, offset, _ := note.NoteOn()
		if n < 1 || n > len(paragraphs) {
			st.problemAt(offset, "there is no ¶%d to note: this source has %s", n, countParagraphs(len(paragraphs)))
			continue
		}
		byParagraph[n] = append(byParagraph[n], note)
	}
	for i, para := range paragraphs {
		n := i + 1
		if len(byParagraph[n]) == 0 && st.in.Margin == nil {
			continue
		}
		m := &paragraphMargin{paragraph: n, margin: st.in.Margin}
		doc.InsertAfter(doc, para, m)
		for _, note := range byParagraph[n] {
			doc.RemoveChild(doc, note)
			m.AppendChild(m, note)
		}
	}
}

func countParagraphs(n int) string {
	if n == 1 {
		return "1 numbered paragraph"
	}
	return strconv.Itoa(n) + " numbered paragraphs"
}

// notNumbered reports notes written on a page whose paragraphs are not
// numbered: there is no paragraph for them to be beside.
func (st *state) notNumbered(notes []MarginNote) {
	for _, note := range notes {
		_, offset, _ := note.NoteOn()
		st.problemAt(offset, "a note on a paragraph belongs in a source whose paragraphs are numbered (a page of the sources section, or numbered: true in its front matter)")
	}
}

type marginRenderer struct{ r func() renderer.Renderer }

func (mr marginRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindParagraphMargin, func(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		m := node.(*paragraphMargin)
		var notes bytes.Buffer
		for c := m.FirstChild(); c != nil; c = c.NextSibling() {
			if err := mr.r().Render(&notes, src, c); err != nil {
				return ast.WalkStop, err
			}
		}
		if m.margin != nil {
			_, _ = w.WriteString(m.margin(m.paragraph, template.HTML(notes.String())))
		} else if notes.Len() > 0 {
			_, _ = w.WriteString(`<aside class="para-margin" aria-label="Notes on ¶` + strconv.Itoa(m.paragraph) + "\">\n")
			_, _ = w.Write(notes.Bytes())
			_, _ = w.WriteString("</aside>\n")
		}
		return ast.WalkSkipChildren, nil
	})
}
