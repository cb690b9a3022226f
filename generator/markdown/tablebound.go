package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/gloss-ssg/gloss/generator/diag"
)

// MaxTableCells bounds a table's cells, its header's among them. Each cell
// is goldmark nodes of a few hundred bytes and HTML of its own: a 2 MB table
// of 333,000 two-cell rows took 2 s and 623 MB to check, one of a single row
// of 500,000 columns 1.4 s and 373 MB. 1,000 rows of 20 columns are 21,000.
const MaxTableCells = 100000

// tableBound stands in for goldmark's table transformer: a paragraph that
// would be a table of more than MaxTableCells cells is an error at its
// header row, and stays a paragraph of text.
type tableBound struct{ parser.ParagraphTransformer }

func (t tableBound) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	src := reader.Source()
	// goldmark's table begins at the first line that is a delimiter row
	// (| --- | :-: |) and takes the line above as its header and every line
	// below as a row.
	for i := 1; i < lines.Len(); i++ {
		seg := lines.At(i)
		columns := delimiterColumns(seg.Value(src))
		if columns == 0 {
			continue
		}
		rows := lines.Len() - i // the header and the rows below the delimiter
		if cells := columns * rows; cells > MaxTableCells {
			if st, _ := pc.Get(stateKey).(*state); st != nil {
				(&Page{st}).Errorf(lines.At(i-1).Start, "a table of %d cells (%s, its header among them, by %s): gloss makes tables of at most %d cells; split it",
					cells, diag.Count(rows, "row"), diag.Count(columns, "column"), MaxTableCells)
			}
			return
		}
		break
	}
	t.ParagraphTransformer.Transform(node, reader, pc)
}

// delimiterColumns is how many columns line has if it is a table's
// delimiter row, as GFM reads one (at most 3 spaces' indent, cells of
// dashes with an optional colon at either end, separated by |), or 0.
func delimiterColumns(line []byte) int {
	indent := 0
	for indent < len(line) && line[indent] == ' ' {
		indent++
	}
	if indent > 3 || bytes.IndexByte(line, '-') < 0 || bytes.Count(line, []byte{'-'}) == len(bytes.TrimSpace(line)) {
		return 0
	}
	cols := bytes.Split(bytes.TrimSpace(line), []byte{'|'})
	if len(cols) > 0 && len(bytes.TrimSpace(cols[0])) == 0 {
		cols = cols[1:]
	}
	if len(cols) > 0 && len(bytes.TrimSpace(cols[len(cols)-1])) == 0 {
		cols = cols[:len(cols)-1]
	}
	for _, col := range cols {
		col = bytes.TrimSpace(col)
		col = bytes.TrimPrefix(col, []byte{':'})
		col = bytes.TrimSuffix(col, []byte{':'})
		if len(col) == 0 || len(bytes.Trim(col, "-")) != 0 {
			return 0
		}
	}
	return len(cols)
}

// boundTables wraps goldmark's table transformer, as an option adds it, in
// tableBound.
func boundTables(cfg *parser.Config) bool {
	bound := false
	for i, t := range cfg.ParagraphTransformers {
		if t.Value == extension.NewTableParagraphTransformer() {
			cfg.ParagraphTransformers[i].Value = tableBound{extension.NewTableParagraphTransformer()}
			bound = true
		}
	}
	return bound
}
