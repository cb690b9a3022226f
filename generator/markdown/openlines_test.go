package markdown

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/generator/hostile"
)

// TestOpenLinesBudget: the lines offered to open blocks are counted against
// MaxOpenLines; the line that passes it is an error, and from it on nothing
// stays open, so goldmark's records of open blocks stop growing.
func TestOpenLinesBudget(t *testing.T) {
	tooMany := func(line, col int) string {
		return fmt.Sprintf("e.md:%d:%d: more than %d lines inside open blocks on this page (a line inside 3 blocks counts 3): gloss stops here; close lists, quotes and containers sooner, or nest them less", line, col, MaxOpenLines)
	}
	// 99 nested lists: a blank line is offered to 99 lists and 99 items.
	perBlank := 2 * 99
	blanks := MaxOpenLines/perBlank - 1 // with the last line, "y", every line fits
	for _, c := range []struct{ name, src, want string }{
		{"blank lines in 99 lists, up to the bound", hostile.NestedLists(99) + strings.Repeat("\n", blanks) + strings.Repeat("  ", 99) + "y\n", ""},
		{"blank lines in 99 lists, past the bound", hostile.NestedLists(99) + strings.Repeat("\n", blanks+2) + strings.Repeat("  ", 99) + "y\n", tooMany(blanks+3, 1)},
		// As long as MaxBlocks allows: the list, and an item and two
		// paragraphs each.
		{"a long page in one list", strings.Repeat("- item\n\n  more of it\n", (MaxBlocks-1)/3), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := New(Options{}).Convert(Input{File: "e.md", Source: []byte(c.src), BodyLine: 1, Links: fakeLinks{}})
			if got := problemsOf(out); got != c.want {
				t.Errorf("problems:\n%.2000s\nwant:\n%s", got, c.want)
			}
		})
	}
}
