package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// maxLinkParens is how deeply a link destination may nest parentheses, as
// in cmark (the CommonMark reference); deeper, "](" is text.
const maxLinkParens = 32

// linkGuard runs on every "](" before goldmark's link parser and turns it
// into text when its destination nests parentheses more than maxLinkParens
// deep. goldmark looks for the end of the destination from every "](" again,
// to the end of the line, so a line of "[a](" (each one more parenthesis
// deep) took 17 s for 80 KB, quadratic. The guard's own look stops at
// maxLinkParens opening parentheses.
type linkGuard struct{}

func (linkGuard) Trigger() []byte { return []byte{']'} }

func (linkGuard) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 2 || line[1] != '(' {
		return nil
	}
	i := 2
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	if i < len(line) && line[i] == '<' {
		return nil // <destination> ends on its line: goldmark's scan is short
	}
	opened := 0
	for ; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '\\' && i+1 < len(line):
			i++
		case c == '(':
			if opened++; opened > maxLinkParens {
				return literalBracket(block, seg)
			}
		case c == ')':
			opened--
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
		default:
			continue
		}
		if opened < 0 || c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			break
		}
	}
	return nil
}

// literalBracket consumes the "]" as text.
func literalBracket(block text.Reader, seg text.Segment) ast.Node {
	block.Advance(1)
	return ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+1))
}
