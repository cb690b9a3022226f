package markdown

import (
	"html"
	"sort"
	"unicode/utf8"

	"github.com/gloss-ssg/gloss/generator/diag"
)

// lineIndex turns byte offsets in a page body into file positions. It is built
// lazily: most pages never report a problem.
type lineIndex struct {
	src      []byte
	bodyLine int
	starts   []int
	// last is the previous answer: positions are asked for in document
	// order, so a column is counted on from the previous one on the same
	// line, not from the line's start again (25,000 citations on one line
	// would otherwise cost a quadratic count).
	last struct{ line, off, col int }
}

func newLineIndex(src []byte, bodyLine int) lineIndex {
	return lineIndex{src: src, bodyLine: max(bodyLine, 1)}
}

func (li *lineIndex) pos(file string, off int) diag.Position {
	if li.starts == nil {
		li.starts = []int{0}
		for i, c := range li.src {
			if c == '\n' {
				li.starts = append(li.starts, i+1)
			}
		}
		li.last.line = -1
	}
	off = min(max(off, 0), len(li.src))
	line := sort.Search(len(li.starts), func(i int) bool { return li.starts[i] > off }) - 1
	var col int
	switch {
	case line == li.last.line && off >= li.last.off:
		col = li.last.col + utf8.RuneCount(li.src[li.last.off:off])
	case line == li.last.line && off-li.starts[line] > li.last.off-off:
		col = li.last.col - utf8.RuneCount(li.src[off:li.last.off])
	default:
		col = utf8.RuneCount(li.src[li.starts[line]:off]) + 1
	}
	li.last.line, li.last.off, li.last.col = line, off, col
	return diag.Position{File: file, Line: li.bodyLine + line, Col: col}
}

// typographic turns the entities goldmark's typographer writes (&ldquo;)
// back into the characters they stand for.
func typographic(s string) string { return html.UnescapeString(s) }
