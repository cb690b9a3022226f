package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// maxQuoteRun is the longest run of one straight quotation mark that is
// made typographic ("'" to ’, '"' to “ or ”); a longer run is kept as
// written.
const maxQuoteRun = 32

// quoteRunGuard runs before goldmark's typographer on every ' and ". For
// each quotation mark the typographer measures the run of marks it starts,
// to the run's end, so a run of n marks cost n²: 160,000 "'" took 6.7 s of
// CPU and a 2 MB line of them over ten minutes. The guard takes a run
// longer than maxQuoteRun whole, as text, in one step. No prose has one.
type quoteRunGuard struct{}

func (quoteRunGuard) Trigger() []byte { return []byte{'\'', '"'} }

func (quoteRunGuard) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	run := 1
	for run < len(line) && line[run] == line[0] {
		if run++; run > maxQuoteRun {
			break
		}
	}
	if run <= maxQuoteRun {
		return nil
	}
	for run < len(line) && line[run] == line[0] {
		run++
	}
	block.Advance(run)
	return ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+run))
}
