package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// MaxLinkDefinitionWork bounds how much work finding a paragraph's link
// reference definitions ("[label]: /url") may take: the lines at the start
// of the paragraph that may be definitions, times the paragraph's lines.
// goldmark, for each definition it finds, reads the paragraph's lines again
// from the last, and moves the lines after it: 40,000 definitions in a row
// took 2.3 s, and 2,000 definitions followed by 900,000 lines of text 14 s.
// The bound allows 4,472 definitions in a row (0.02 s), or 20 at the head of
// a paragraph of a million lines (0.2 s).
const MaxLinkDefinitionWork = 20_000_000

// linkDefinitionsPerPart is how many lines of a paragraph past the bound are
// given to goldmark at a time, so the work is that many times the lines.
const linkDefinitionsPerPart = 100

// linkDefinitionGuard stands in for goldmark's link reference paragraph
// transformer. Within the bound it lets goldmark read the paragraph; past it
// the paragraph is an error, and its head is read in parts of
// linkDefinitionsPerPart lines, each a paragraph of its own (a definition
// whose title runs across two parts is then not one: the page is in error).
type linkDefinitionGuard struct{ goldmarks parser.ParagraphTransformer }

func (g linkDefinitionGuard) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	head := mayBeLinkDefinitions(lines, reader.Source())
	if head*lines.Len() <= MaxLinkDefinitionWork {
		g.goldmarks.Transform(node, reader, pc)
		return
	}
	if st, _ := pc.Get(stateKey).(*state); st != nil {
		(&Page{st}).Errorf(lines.At(0).Start, "this paragraph has %d lines, and the first %d may be link reference definitions: "+
			"finding them would take more than %d steps; put a blank line after the definitions, and between every few hundred of them",
			lines.Len(), head, MaxLinkDefinitionWork)
	}
	parent := node.Parent()
	for start := 0; start < head; start += linkDefinitionsPerPart {
		part := ast.NewParagraph()
		part.Lines().AppendAll(lines.Sliced(start, min(start+linkDefinitionsPerPart, head)))
		last := part.Lines().Len() - 1 // trimmed, as goldmark trims a paragraph's last line
		seg := part.Lines().At(last)
		part.Lines().Set(last, seg.TrimRightSpace(reader.Source()))
		parent.InsertBefore(parent, node, part)
		g.goldmarks.Transform(part, reader, pc)
	}
	rest := text.NewSegments()
	rest.AppendAll(lines.Sliced(head, lines.Len()))
	if rest.Len() == 0 {
		parent.RemoveChild(parent, node)
		return
	}
	node.SetLines(rest)
}

// mayBeLinkDefinitions counts the paragraph's first lines that begin, after
// at most three spaces, with "[": a definition can begin no other way, so
// goldmark finds at most that many (a definition's later lines, a title
// running on, are counted too, if they begin so).
func mayBeLinkDefinitions(lines *text.Segments, src []byte) int {
	for i := range lines.Len() {
		seg := lines.At(i)
		line := seg.Value(src)
		spaces := 0
		for spaces < len(line) && spaces < 3 && line[spaces] == ' ' {
			spaces++
		}
		if spaces == len(line) || line[spaces] != '[' {
			return i
		}
	}
	return lines.Len()
}
