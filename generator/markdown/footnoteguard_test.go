package markdown

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/generator/hostile"
)

// TestFootnoteBound: footnote references times footnotes may be at most
// MaxFootnoteWork on a page; past it the first reference beyond is an error
// at its bracket and the rest are text, read in linear time.
func TestFootnoteBound(t *testing.T) {
	tooMany := func(col, refs, defs int) string {
		return fmt.Sprintf("e.md:1:%d: %d footnote references to %d footnotes on this page: finding them would take more than %d steps; "+
			"gloss stops here; split the page, or use fewer footnotes", col, refs, defs, MaxFootnoteWork)
	}
	col := func(refs int) int { // the column of the bracket of reference number refs (from 1), to 1,000 footnotes
		n := 0
		for i := range refs - 1 {
			n += len(fmt.Sprintf("x[^%d] ", i%1000))
		}
		return n + 2
	}
	for _, c := range []struct {
		name, src, want, html string
	}{
		{"at the bound", hostile.Footnotes(1000, MaxFootnoteWork/1000), "", "</ol>\n</div>\n"},
		{"one reference more", hostile.Footnotes(1000, MaxFootnoteWork/1000+1), tooMany(col(MaxFootnoteWork/1000+1), MaxFootnoteWork/1000+1, 1000), "</ol>\n</div>\n"},
		{"40,000 of each", hostile.Footnotes(40000, 40000), tooMany(col(251), 251, 40000), "</ol>\n</div>\n"},
	} {
		t.Run(c.name, func(t *testing.T) { convertsTo(t, c.src, c.want, c.html) })
	}
	// Past the bound a reference is text.
	out := New(Options{}).Convert(Input{File: "e.md", Source: []byte(hostile.Footnotes(1000, MaxFootnoteWork/1000+1)), BodyLine: 1, Links: fakeLinks{}})
	if !strings.Contains(string(out.HTML), "x[^0]</p>") {
		t.Errorf("the reference past the bound is not text: %s", string(out.HTML)[max(0, len(out.HTML)-300):])
	}
}
