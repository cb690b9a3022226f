package markdown

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/generator/hostile"
)

// TestHeadingBound: a page holds at most MaxHeadings headings; the first past
// the bound is an error at its first #, and the headings after it are drawn
// but left out of the contents and the ids.
func TestHeadingBound(t *testing.T) {
	tooMany := func(line, col int) string {
		return fmt.Sprintf("e.md:%d:%d: more than %d headings on this page: gloss stops at %d; split the page", line, col, MaxHeadings, MaxHeadings)
	}
	for _, c := range []struct {
		name, src, want string
		toc             int
		lastHTML        string
	}{
		{"headings up to the bound", hostile.SameHeadings(MaxHeadings), "", MaxHeadings,
			fmt.Sprintf("<h2 id=\"overview-%d\">Overview</h2>\n", MaxHeadings-1)},
		{"one heading more", hostile.SameHeadings(MaxHeadings + 1), tooMany(2*MaxHeadings+1, 1), MaxHeadings,
			fmt.Sprintf("<h2 id=\"overview-%d\">Overview</h2>\n", MaxHeadings)},
		// Past MaxBlocks (each heading is a block) the rest is read as
		// nothing.
		{"180,000 headings (a 2 MB file)", hostile.SameHeadings(180000),
			fmt.Sprintf("e.md:%d:1: more than %d blocks (paragraphs, list items, headings, quotes, code blocks…) on this page: gloss stops here; split the page\n", 2*MaxBlocks+1, MaxBlocks) +
				tooMany(2*MaxHeadings+1, 1), MaxHeadings,
			fmt.Sprintf("<h2 id=\"overview-%d\">Overview</h2>\n", MaxBlocks-1)},
		{"every level counts, indented", strings.Repeat("#### a\n", MaxHeadings) + "text\n\n   ###   b\n", tooMany(MaxHeadings+3, 4), 0,
			"<h3 id=\"b\">b</h3>\n"},
		{"an empty heading", strings.Repeat("#### a\n", MaxHeadings) + "text\n\n  ##\n", tooMany(MaxHeadings+3, 3), 0,
			"<h2 id=\"section\"></h2>\n"},
		{"setext", strings.Repeat("a\n=\n", MaxHeadings) + "b\n-\n", tooMany(2*MaxHeadings+1, 1), 0,
			"<h2 id=\"b\">b</h2>\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := New(Options{}).Convert(Input{File: "e.md", Source: []byte(c.src), BodyLine: 1, Links: fakeLinks{}})
			if got := problemsOf(out); got != c.want {
				t.Errorf("problems:\n%.2000s\nwant:\n%s", got, c.want)
			}
			if len(out.TOC) != c.toc {
				t.Errorf("%d contents entries, want %d", len(out.TOC), c.toc)
			}
			if c.toc > 0 && (out.TOC[c.toc-1].ID != fmt.Sprintf("overview-%d", c.toc-1) || !out.IDs[out.TOC[c.toc-1].ID]) {
				t.Errorf("last contents entry %+v", out.TOC[c.toc-1])
			}
			if len(out.IDs) > MaxHeadings {
				t.Errorf("%d ids, want at most %d", len(out.IDs), MaxHeadings)
			}
			if !strings.HasSuffix(string(out.HTML), c.lastHTML) {
				t.Errorf("HTML ends %q, want %q", string(out.HTML)[max(0, len(out.HTML)-100):], c.lastHTML)
			}
		})
	}
}
