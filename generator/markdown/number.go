package markdown

import (
	"strconv"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// paragraphID is the stable anchor of a source's paragraph n: the target of
// every citation of it.
func paragraphID(n int) string { return "p" + strconv.Itoa(n) }

// numberParagraph gives a source paragraph its anchor and a visible,
// linkable number in front of its text.
func numberParagraph(p *ast.Paragraph, n int) {
	id := paragraphID(n)
	p.SetAttributeString("id", []byte(id))
	p.SetAttributeString("class", []byte("numbered"))
	num := strconv.Itoa(n)
	mark := &paragraphMark{html: `<a class="pnum" href="#` + id + `" aria-label="Paragraph ` + num + `">¶` + num + `</a> `}
	p.InsertBefore(p, p.FirstChild(), mark)
}

// kindParagraphMark is the node of a source paragraph's number.
var kindParagraphMark = ast.NewNodeKind("ParagraphMark")

// paragraphMark holds HTML that gloss writes itself, not the author.
type paragraphMark struct {
	ast.BaseInline
	html string
}

func (n *paragraphMark) Kind() ast.NodeKind { return kindParagraphMark }

func (n *paragraphMark) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"HTML": n.html}, nil)
}

type paragraphMarkRenderer struct{}

func (paragraphMarkRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindParagraphMark, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(n.(*paragraphMark).html)
		}
		return ast.WalkSkipChildren, nil
	})
}
