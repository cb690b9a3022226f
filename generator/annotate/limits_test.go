package annotate

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/generator/hostile"
)

// TestAnnotationBound: a page holds at most MaxAnnotations annotations; the
// first past the bound is an error at its position, and it and the ones
// after it are kept as text, so no theme template runs for them.
func TestAnnotationBound(t *testing.T) {
	tooMany := func(line, col int) string {
		return fmt.Sprintf("content/e.md:%d:%d: more than %d annotations on this page: gloss stops at %d; split the page", line, col, MaxAnnotations, MaxAnnotations)
	}
	citeColumns := len([]rune(":cite[¶1]{src=report-article} "))
	citeHTML := func(i int) string {
		return fmt.Sprintf(`<span class="annotation annotation-cite" id="cite-%d" data-src="report-article">¶1</span> `, i)
	}
	for _, c := range []struct {
		name, src, want string
		cites, text     int // annotations rendered, then kept as text
	}{
		{"citations up to the bound", hostile.CitesInOneParagraph(MaxAnnotations, "report-article"), "", MaxAnnotations, 0},
		{"one citation more", hostile.CitesInOneParagraph(MaxAnnotations+1, "report-article"), tooMany(1, 1+citeColumns*MaxAnnotations), MaxAnnotations, 1},
		{"105,000 citations (a 2 MB paragraph)", hostile.CitesInOneParagraph(105000, "report-article"), tooMany(1, 1+citeColumns*MaxAnnotations), MaxAnnotations, 105000 - MaxAnnotations},
		{"containers count", strings.Repeat(":::callout{kind=note}\nx\n:::\n\n", MaxAnnotations) + hostile.CitesInOneParagraph(1, "report-article"),
			tooMany(4*MaxAnnotations+1, 1), 0, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, _ := convert(c.src)
			if got := problemsOf(out); got != c.want {
				t.Errorf("problems:\n%.2000s\nwant:\n%s", got, c.want)
			}
			if c.cites+c.text == 0 {
				return
			}
			var b strings.Builder
			b.WriteString("<p>")
			for i := 1; i <= c.cites; i++ {
				b.WriteString(citeHTML(i))
			}
			b.WriteString(strings.Repeat("¶1 ", c.text)) // past the bound, the label as text
			want := strings.TrimSuffix(b.String(), " ") + "</p>\n"
			if h := string(out.HTML); h != want {
				t.Errorf("HTML %.300q … %.300q\nwant %.300q … %.300q", h, h[max(0, len(h)-300):], want, want[max(0, len(want)-300):])
			}
		})
	}
}
