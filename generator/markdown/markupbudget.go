package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// MaxInlineMarks is how many characters of inline markup ([ ] * _ ` < ! &
// ~ \) a page may hold: hundreds of times what a long explainer has, and few
// enough that goldmark's record of them stays small. goldmark keeps a node
// of 200–700 bytes for each (a bracket, an emphasis delimiter, the text
// between), so 2,000,000 "[" on a line held 780 MB and 500,000 "_a_" 720 MB.
const MaxInlineMarks = 250000

// inlineMarks are the characters goldmark's inline parsers make nodes at.
const inlineMarks = "[]*_`<!&~\\"

// markupBudget runs before every other inline parser on each character of
// inline markup. The first time on a page (goldmark parses every block
// before any inline content) it counts the marks of every block in page
// order; from the block that passes MaxInlineMarks on, it is reported once
// and each line is kept as plain text, one node a line.
type markupBudget struct{}

func (markupBudget) Trigger() []byte { return []byte(inlineMarks) }

func (markupBudget) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	st, _ := pc.Get(stateKey).(*state)
	if st == nil {
		return nil
	}
	if st.plain == nil {
		st.plain = countMarks(parent, block.Source(), st)
	}
	if !st.plain[parent] {
		return nil
	}
	line, seg := block.PeekLine()
	n := len(line)
	for n > 0 && (line[n-1] == '\n' || line[n-1] == '\r') {
		n--
	}
	if n == 0 {
		return nil
	}
	block.Advance(n)
	return ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+n))
}

// countMarks counts the inline marks of every block of the document that
// holds n, in page order, and returns the blocks from the one that passes
// MaxInlineMarks on (an empty set when none does).
func countMarks(n ast.Node, source []byte, st *state) map[ast.Node]bool {
	root := n
	for root.Parent() != nil {
		root = root.Parent()
	}
	var isMark [256]bool
	for _, c := range []byte(inlineMarks) {
		isMark[c] = true
	}
	plain := map[ast.Node]bool{}
	total := 0
	_ = ast.Walk(root, func(b ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || b.Type() != ast.TypeBlock || b.IsRaw() {
			return ast.WalkContinue, nil
		}
		lines := b.Lines()
		if lines.Len() == 0 {
			return ast.WalkContinue, nil
		}
		if total > MaxInlineMarks {
			plain[b] = true
			return ast.WalkContinue, nil
		}
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			for _, c := range seg.Value(source) {
				if isMark[c] {
					total++
				}
			}
		}
		if total > MaxInlineMarks {
			plain[b] = true
			(&Page{st}).Errorf(lines.At(0).Start, "more than %d characters of inline markup ([ ] * _ ` < ! & ~ \\) on this page: gloss keeps the rest as text; split the page", MaxInlineMarks)
		}
		return ast.WalkContinue, nil
	})
	return plain
}
