package annotate

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/generator/hostile"
)

// TestUnclosedInlineLabels: a known annotation whose [label] never closes is
// an error at its first colon, the first of each paragraph (the openers
// after it lie inside its label); a name gloss does not know stays prose, as
// it is written. Before, each
// opener scanned the rest of its paragraph: 20,000 on a line took 2.8 s,
// four times as long per doubling (BenchmarkUnclosedLabels).
func TestUnclosedInlineLabels(t *testing.T) {
	unclosed := func(line, col int, name string) string {
		return fmt.Sprintf("content/e.md:%d:%d: :%s: the [label] is not closed: add ] where it ends (in its paragraph, within 32 lines)", line, col, name)
	}
	lines := func(n int) string { return strings.Repeat("\nline", n) }
	for _, c := range []struct {
		name, src string
		want      []string // every problem, in order
		html      string   // the HTML, when it is checked
	}{
		{name: "unknown name stays prose", src: hostile.UnclosedLabels(20000, "name"), html: "<p>" + strings.TrimSpace(hostile.UnclosedLabels(20000, "name")) + "</p>\n"},
		{name: "the first unclosed label of a paragraph is reported", src: hostile.UnclosedLabels(20000, "cite"), want: []string{unclosed(1, 1, "cite")}},
		{name: "and the first of the next paragraph", src: "A :cite[x and :term[y\n\nB :term[z and :cite[w\n", want: []string{unclosed(1, 3, "cite"), unclosed(3, 3, "term")}},
		{name: "a label closed on its 32nd line", src: ":term[a" + lines(31) + "]{id=core-technologies}\n", want: nil},
		{name: "a label closed on its 33rd line", src: ":term[a" + lines(32) + "]{id=core-technologies}\n", want: []string{unclosed(1, 1, "term")}},
		{name: "brackets and code inside the label", src: "x :term[a [b] `]` \\] c]{id=core-technologies}\n", want: nil},
		{name: "an inner opener closes where the outer does not", src: "x :cite[a :term[b]{id=core-technologies} c\n", want: []string{unclosed(1, 3, "cite")}},
		{name: "closed in the next paragraph", src: "See :cite[¶3\n\n]{src=report-article}\n", want: []string{unclosed(1, 5, "cite")}},
		{name: "look-alikes", src: "10:30[x a:cite[b `:cite[c` \\:cite[d\n", want: nil, html: "<p>10:30[x a:cite[b <code>:cite[c</code> :cite[d</p>\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, _ := convert(c.src)
			var got []string
			for _, p := range out.Problems {
				got = append(got, p.String())
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("%d problems, want %d; first:\n%s\nwant:\n%s", len(got), len(c.want), strings.Join(got[:min(3, len(got))], "\n"), strings.Join(c.want[:min(3, len(c.want))], "\n"))
			}
			if c.html != "" && string(out.HTML) != c.html {
				t.Errorf("html (%d bytes):\n%.300s\nwant:\n%.300s", len(out.HTML), out.HTML, c.html)
			}
		})
	}
}
