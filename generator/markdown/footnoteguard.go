package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// MaxFootnoteWork bounds a page's footnote references times its footnote
// definitions. goldmark finds a reference's definition by reading the
// page's definitions one by one, so 50,000 references to 50,000
// definitions took 30 s. The bound allows 1,000 footnotes referred to
// 10,000 times (0.1 s).
const MaxFootnoteWork = 10_000_000

// footnoteGuard runs before goldmark's footnote reference parser on every
// "[^" and "![^". Past the bound the first is an error, and each is text.
type footnoteGuard struct{}

func (footnoteGuard) Trigger() []byte { return []byte{'[', '!'} }

func (footnoteGuard) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	at := 0
	if len(line) > 0 && line[0] == '!' {
		at = 1
	}
	if len(line) < at+2 || line[at] != '[' || line[at+1] != '^' {
		return nil
	}
	st, _ := pc.Get(stateKey).(*state)
	if st == nil {
		return nil
	}
	// Every block is parsed before any inline text: footnotes counts them all.
	st.footnoteRefs++
	if st.footnoteRefs*st.footnotes <= MaxFootnoteWork {
		return nil
	}
	st.pastBound("MaxFootnoteWork", seg.Start, "%d footnote references to %d footnotes on this page: finding them would take more than %d steps; "+
		"gloss stops here; split the page, or use fewer footnotes", st.footnoteRefs, st.footnotes, MaxFootnoteWork)
	block.Advance(at + 1)
	return ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+at+1))
}
