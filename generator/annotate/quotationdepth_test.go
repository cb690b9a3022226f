package annotate

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gloss-ssg/gloss/generator/hostile"
)

// quotationDepthByScan is QuotationDepth as it was before it was made
// linear: the reference FuzzQuotationDepth holds it to.
func quotationDepthByScan(text string) []int {
	type open struct {
		mark rune
		at   int
	}
	depth := make([]int, len(text))
	var stack []open
	var spans [][2]int // byte ranges of closed quotations
	prev := ' '
	for i, r := range text {
		_, size := utf8.DecodeRuneInString(text[i:]) // 1 for a byte that is not UTF-8
		next, _ := utf8.DecodeRuneInString(text[i+size:])
		if i+size >= len(text) {
			next = ' '
		}
		closed := false
		// Close the innermost open quotation this mark closes.
		for j := len(stack) - 1; j >= 0; j-- {
			c := closers[stack[j].mark]
			if !containsRune(c, r) {
				continue
			}
			if !canClose(r, prev, next) {
				break
			}
			spans = append(spans, [2]int{stack[j].at, i + size})
			stack = stack[:j]
			closed = true
			break
		}
		if !closed && closers[r] != "" && canOpen(r, prev, next) {
			stack = append(stack, open{r, i})
		}
		prev = r
	}
	for _, s := range spans {
		for k := s[0]; k < s[1]; k++ {
			depth[k]++
		}
	}
	return depth
}

// FuzzQuotationDepth holds QuotationDepth equal to the scan it replaced.
func FuzzQuotationDepth(f *testing.F) {
	for _, s := range []string{`He said “we ‘will’ win” and left.`, `"a" 'b' «c» 「d」 „e“ ‚f‘ ‹g›`, `don’t ’tis the people’s`, `“unclosed`, `”“`, `'''""`, `»a« „b” “c „d” e”`, strings.Repeat("“a", 50), hostile.UnclosedQuotations(20), "\xff“a\xfe”"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := QuotationDepth(s), quotationDepthByScan(s); !slices.Equal(got, want) {
			t.Fatalf("%q: depths %v, want %v", s, got, want)
		}
	})
}

// TestQuotationDepthIsLinear: a paragraph of many unclosed quotations, or of
// many nested ones, is scanned in one pass, with the depths a reader gives.
func TestQuotationDepthIsLinear(t *testing.T) {
	const n = 200000
	if open := QuotationDepth(hostile.UnclosedQuotations(n)); slices.Max(open) != 0 {
		t.Errorf("%d unclosed “: some text at depth %d, want all at 0", n, slices.Max(open))
	}
	nested := strings.Repeat("“a ", n) + strings.Repeat("” ", n)
	depth := QuotationDepth(nested)
	if got := depth[len(strings.Repeat("“a ", n))-1]; got != n {
		t.Errorf("the innermost words of %d nested quotations are at depth %d", n, got)
	}
	if got := depth[len(nested)-1]; got != 0 {
		t.Errorf("after the last closing mark, depth %d", got)
	}
	if got := depth[0]; got != 1 {
		t.Errorf("the first mark is at depth %d, want 1 (%d runes)", got, utf8.RuneCountInString(nested))
	}
}
