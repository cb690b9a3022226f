package markdown

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/generator/hostile"
)

// TestMarkupBudget: a page may hold MaxInlineMarks characters of inline
// markup; the block that passes the bound is an error at its start, and it
// and every block after it are kept as text, so goldmark never holds more.
func TestMarkupBudget(t *testing.T) {
	tooMuch := func(line, col int) string {
		return fmt.Sprintf("e.md:%d:%d: more than %d characters of inline markup ([ ] * _ ` < ! & ~ \\) on this page: gloss keeps the rest as text; split the page", line, col, MaxInlineMarks)
	}
	em := func(n int) string { return strings.Repeat("<em>a</em> ", n-1) + "<em>a</em>" }
	for _, c := range []struct {
		name, src, want string
		html            string // the HTML's start and, after "…", its end
	}{
		{"brackets up to the bound", hostile.Brackets(MaxInlineMarks), "", "<p>[[[[…[[[[</p>\n"},
		{"one bracket more", hostile.Brackets(MaxInlineMarks + 1), tooMuch(1, 1), "<p>[[[[…[[[[</p>\n"},
		{"2,000,000 brackets", hostile.Brackets(2000000), tooMuch(1, 1), "<p>[[[[…[[[[</p>\n"},
		{"emphasis up to the bound", hostile.Emphasis(MaxInlineMarks / 2), "", "<p>" + em(3) + "…" + em(3) + "</p>\n"},
		{"the paragraph that passes it, and those after", hostile.Emphasis(MaxInlineMarks/2-1) + "\n# Heading *b*\n\nx _a_ and *b*\n\n*c*\n", tooMuch(5, 1),
			"<p>" + em(3) + "…" + em(3) + "</p>\n<h1 id=\"heading-b\">Heading <em>b</em></h1>\n<p>x _a_ and *b*</p>\n<p>*c*</p>\n"},
		{"marks in code do not count", "```\n" + hostile.Brackets(MaxInlineMarks+1) + "```\n\n*a*\n", "", "<pre class=\"chroma\" tabindex=\"0\"><code>[[[[…</code></pre>\n<p><em>a</em></p>\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := New(Options{}).Convert(Input{File: "e.md", Source: []byte(c.src), BodyLine: 1, Links: fakeLinks{}})
			var got []string
			for _, p := range out.Problems {
				got = append(got, p.String())
			}
			if strings.Join(got, "\n") != c.want {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), c.want)
			}
			head, tail, _ := strings.Cut(c.html, "…")
			if h := string(out.HTML); !strings.HasPrefix(h, head) || !strings.HasSuffix(h, tail) {
				t.Errorf("HTML %.200q … %.200q, want %q … %q", h, h[max(0, len(h)-200):], head, tail)
			}
		})
	}
}
