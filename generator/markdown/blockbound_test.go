package markdown

import (
	"fmt"
	"strings"
	"testing"
)

// TestBlockAndTableBounds: a page opens at most MaxBlocks blocks and makes
// tables of at most MaxTableCells cells; the first past either is an error at
// its line, and the page is then read in bounded time and memory: past
// MaxBlocks its lines are read as nothing (the last item stays empty), a
// table past the bound stays text.
func TestBlockAndTableBounds(t *testing.T) {
	tooManyBlocks := func(line, col int) string {
		return fmt.Sprintf("e.md:%d:%d: more than %d blocks (paragraphs, list items, headings, quotes, code blocks…) on this page: gloss stops here; split the page", line, col, MaxBlocks)
	}
	bigTable := func(line, cells int, rows, columns string) string {
		return fmt.Sprintf("e.md:%d:1: a table of %d cells (%s, its header among them, by %s): gloss makes tables of at most %d cells; split it", line, cells, rows, columns, MaxTableCells)
	}
	table := func(rows, columns int) string {
		row := strings.Repeat("| x ", columns) + "|\n"
		return row + strings.Repeat("| --- ", columns) + "|\n" + strings.Repeat(row, rows-1)
	}
	for _, c := range []struct {
		name, src, want, html string
	}{
		{"paragraphs up to the bound", strings.Repeat("a\n\n", MaxBlocks), "", "<p>a</p>\n"},
		{"one paragraph more", strings.Repeat("a\n\n", MaxBlocks) + "b\n", tooManyBlocks(2*MaxBlocks+1, 1), "<p>a</p>\n"},
		// The list, then an item and its paragraph for each.
		{"list items up to the bound", strings.Repeat("- a\n", (MaxBlocks-1)/2), "", "<li>a</li>\n</ul>\n"},
		{"500,000 list items (a 2 MB file)", strings.Repeat("- a\n", 500000), tooManyBlocks(MaxBlocks/2, 3), "<li>a</li>\n<li></li>\n</ul>\n"},
		{"a table at the bound", table(MaxTableCells/4, 4), "", "</tr>\n</tbody>\n</table>\n"},
		{"a table one row past it", table(MaxTableCells/4+1, 4), bigTable(1, MaxTableCells+4, "25001 rows", "4 columns"), "| x | x | x | x |</p>\n"},
		{"a header of 500,000 columns", table(1, 500000), bigTable(1, 500000, "1 row", "500000 columns"), "| &mdash; |</p>\n"},
		{"text above the table", "Some text.\n" + table(MaxTableCells, 2), bigTable(2, 2*MaxTableCells, "100000 rows", "2 columns"), "| x | x |</p>\n"},
	} {
		t.Run(c.name, func(t *testing.T) { convertsTo(t, c.src, c.want, c.html) })
	}
}
