package markdown

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/generator/hostile"
)

// TestNestingBound: up to MaxDepth levels convert as ever; one more is an
// error at the marker that opens it, once a page, whatever the shape and
// however much deeper the file goes.
func TestNestingBound(t *testing.T) {
	tooDeep := func(line, col int) string {
		return fmt.Sprintf("e.md:%d:%d: lists, quotes and annotations nest more than 100 deep here: gloss stops at 100 levels", line, col)
	}
	for _, c := range []struct {
		name, src, want string
	}{
		{"100 lists", hostile.NestedLists(100), ""},
		{"101 lists", hostile.NestedLists(101), tooDeep(1, 201)},
		{"500,000 lists", hostile.NestedLists(500000), tooDeep(1, 201)},
		{"100 quotes", hostile.NestedQuotes(100), ""},
		{"101 quotes", hostile.NestedQuotes(101), tooDeep(1, 201)},
		{"400,000 quotes", hostile.NestedQuotes(400000), tooDeep(1, 201)},
		{"ordered lists", strings.Repeat("1. ", 150) + "x\n", tooDeep(1, 301)},
		{"lists by indentation", hostile.NestedIndentedLists(100), ""},
		{"101 lists by indentation", hostile.NestedIndentedLists(101), tooDeep(101, 201)},
		{"quotes and lists", strings.Repeat("> - ", 50) + "x\n", ""},
		{"quotes and lists, one more", strings.Repeat("> - ", 50) + "> x\n", tooDeep(1, 201)},
		{"items of the deepest list", hostile.NestedLists(99) + strings.Repeat("  ", 99) + "- y\n" + strings.Repeat("  ", 99) + "- z\n", ""},
		{"a rule at the deepest level", hostile.NestedLists(100) + strings.Repeat("  ", 100) + "* * *\n", ""},
		{"footnotes", strings.Repeat("[^a]: ", 101) + "x\n", tooDeep(1, 601)},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := New(Options{}).Convert(Input{File: "e.md", Source: []byte(c.src), BodyLine: 1, Links: fakeLinks{}})
			if got := problemsOf(out); got != c.want {
				t.Errorf("problems:\n%.2000s\nwant:\n%s", got, c.want)
			}
		})
	}
}

// TestNestingOutputKept: below the bound the HTML is goldmark's.
func TestNestingOutputKept(t *testing.T) {
	out := New(Options{}).Convert(Input{File: "e.md", Source: []byte(hostile.NestedLists(3) + "\n> > q\n"), BodyLine: 1, Links: fakeLinks{}})
	want := "<ul>\n<li>\n<ul>\n<li>\n<ul>\n<li>x</li>\n</ul>\n</li>\n</ul>\n</li>\n</ul>\n<blockquote>\n<blockquote>\n<p>q</p>\n</blockquote>\n</blockquote>\n"
	if string(out.HTML) != want {
		t.Errorf("HTML:\n%s\nwant:\n%s", out.HTML, want)
	}
}
