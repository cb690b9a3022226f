package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// MaxDepth is how deep lists, block quotes, footnotes and annotation
// containers may nest: far beyond what any explainer needs (markdown-it
// stops at 100 too), and low enough that goldmark, whose work on every line
// grows with the number of blocks open around it, stays linear in the file.
// Before this bound, 500,000 list markers on one line took minutes and
// 50,000 nested containers were killed for want of memory.
const MaxDepth = 100

// depthGuard is a block parser tried before all others (goldmark offers it
// every line that could open a block, at every level). Below MaxDepth it
// declines; at MaxDepth, a line that would open one more level is reported,
// once a page, and taken as a plain paragraph, so goldmark never holds more
// than MaxDepth levels open.
type depthGuard struct{}

func (depthGuard) Trigger() []byte {
	return []byte{'-', '+', '*', '>', ':', '[', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'}
}

func (depthGuard) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	if depth(parent) < MaxDepth {
		return nil, parser.NoChildren
	}
	indent := 0
	for indent < len(line) && (line[indent] == ' ' || line[indent] == '\t') {
		indent++
	}
	rest := line[indent:]
	if !opensLevel(rest) || isThematicBreak(rest) || isListMarker(rest) && parent.Kind() == ast.KindList {
		return nil, parser.NoChildren // a leaf, or the next item of a list already open
	}
	if st, _ := pc.Get(stateKey).(*state); st != nil {
		st.pastBound("MaxDepth", seg.Start+indent, "lists, quotes and annotations nest more than %d deep here: gloss stops at %d levels", MaxDepth, MaxDepth)
	}
	p := ast.NewParagraph()
	p.Lines().Append(text.NewSegment(seg.Start+indent, seg.Stop))
	reader.Advance(len(line))
	return p, parser.NoChildren
}

func (depthGuard) Continue(ast.Node, text.Reader, parser.Context) parser.State { return parser.Close }
func (depthGuard) Close(ast.Node, text.Reader, parser.Context)                 {}
func (depthGuard) CanInterruptParagraph() bool                                 { return true }
func (depthGuard) CanAcceptIndentedLine() bool                                 { return false }

// depth counts the levels around a block: every block that holds blocks, a
// list item's list standing for both. It stops counting at MaxDepth, so it
// costs at most that much.
func depth(n ast.Node) int {
	d := 0
	for ; n != nil && d < MaxDepth; n = n.Parent() {
		switch n.Kind() {
		case ast.KindDocument, ast.KindListItem:
		default:
			d++
		}
	}
	return d
}

// opensLevel reports whether a line (without its indent) starts a block
// that holds blocks: a list item, a block quote, a ":::" container, a
// footnote definition or a definition's description.
func opensLevel(line []byte) bool {
	switch {
	case len(line) == 0:
		return false
	case line[0] == '>':
		return true
	case isListMarker(line):
		return true
	case line[0] == ':':
		colons := 0
		for colons < len(line) && line[colons] == ':' {
			colons++
		}
		if colons == 1 {
			return len(line) == 1 || line[1] == ' ' || line[1] == '\t' || line[1] == '\n' // definition description
		}
		return colons >= 3 && colons < len(line) && isLetter(line[colons])
	case line[0] == '[':
		return len(line) > 1 && line[1] == '^'
	}
	return false
}

// isListMarker: "-", "+" or "*", or 1 to 9 digits and "." or ")", then a
// space, a tab or the line's end.
func isListMarker(line []byte) bool {
	i := 0
	switch {
	case line[0] == '-' || line[0] == '+' || line[0] == '*':
		i = 1
	default:
		for i < len(line) && i < 10 && line[i] >= '0' && line[i] <= '9' {
			i++
		}
		if i == 0 || i > 9 || i >= len(line) || line[i] != '.' && line[i] != ')' {
			return false
		}
		i++
	}
	return i == len(line) || line[i] == ' ' || line[i] == '\t' || line[i] == '\n' || line[i] == '\r'
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// isThematicBreak: three or more of one of "-", "*", "_" and nothing else
// but spaces and tabs ("* * *" is a rule, not three lists).
func isThematicBreak(line []byte) bool {
	n := 0
	for _, c := range line {
		switch {
		case c == line[0] && (c == '-' || c == '*' || c == '_'):
			n++
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
		default:
			return false
		}
	}
	return n >= 3
}
