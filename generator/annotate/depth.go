package annotate

import (
	"fmt"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/gloss-ssg/gloss/generator/markdown"
)

// MaxContainerDepth is how deep ":::" containers may nest in one another:
// a sidenote in a quote in a callout, the deepest the vocabulary makes sense.
// Containers get a bound of their own, far below markdown.MaxDepth, because goldmark's work and memory on
// every line inside them grow with how many are open, and unlike a list or
// a quote, a container costs no bytes on the lines it holds: 100 open
// containers around a 2 MB file of short lines held 2.4 GB in goldmark, and
// four already passed 500 MB (BENCHMARKS.md, "Hostile input").
const MaxContainerDepth = 3

// containerGuard runs before the container parser: a fence that would open
// a container inside MaxContainerDepth others is reported, once a page, and
// left as a paragraph.
type containerGuard struct{}

var tooDeepKey = parser.NewContextKey()

func (containerGuard) Trigger() []byte { return []byte{':'} }

func (containerGuard) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	depth := 0
	for n := parent; n != nil; n = n.Parent() {
		if d, ok := n.(*Directive); ok && d.Form == Container {
			depth++
		}
	}
	if depth < MaxContainerDepth {
		return nil, parser.NoChildren
	}
	line, seg := reader.PeekLine()
	f, ok := readFence(line)
	if !ok || f.colons < 3 {
		return nil, parser.NoChildren
	}
	if p := markdown.PageOf(pc); p != nil && pc.Get(tooDeepKey) == nil {
		pc.Set(tooDeepKey, true)
		p.Errorf(seg.Start+f.indent, "%s", fmt.Sprintf("::: containers nest more than %d deep here: gloss stops at %d", MaxContainerDepth, MaxContainerDepth))
	}
	para := ast.NewParagraph()
	para.Lines().Append(text.NewSegment(seg.Start+f.indent, seg.Stop))
	reader.Advance(len(line))
	return para, parser.NoChildren
}

func (containerGuard) Continue(ast.Node, text.Reader, parser.Context) parser.State {
	return parser.Close
}
func (containerGuard) Close(ast.Node, text.Reader, parser.Context) {}
func (containerGuard) CanInterruptParagraph() bool                 { return true }
func (containerGuard) CanAcceptIndentedLine() bool                 { return false }
