package annotate

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// naiveNotFound is the definition of the misquote message, as it was
// computed before SourceText: every paragraph and sentence read anew.
func naiveNotFound(quote string, src Entity, n int) string {
	for i, p := range src.Paragraphs {
		if i+1 != n && QuoteIn(quote, p) {
			return fmt.Sprintf("the quote is not in %s ¶%d but it is in ¶%d: cite %s#p%d", src.ID, n, i+1, src.ID, i+1)
		}
	}
	cited := []int{n}
	best, bestPara, bestScore := "", 0, -1.0
	qWords := words(quote)
	for i, p := range src.Paragraphs {
		for _, sentence := range sentences(p) {
			score := overlap(qWords, words(sentence))
			if score > bestScore || score == bestScore && slices.Contains(cited, i+1) && !slices.Contains(cited, bestPara) {
				best, bestPara, bestScore = sentence, i+1, score
			}
		}
	}
	msg := fmt.Sprintf("the quote is not in %s ¶%d", src.ID, n)
	switch {
	case bestScore <= 0:
		return msg
	case bestScore < 0.5:
		return msg + fmt.Sprintf("; the closest passage is ¶%d: %s", bestPara, openingWords(stripQuotes(best), 200))
	}
	return msg + fmt.Sprintf("; the closest passage is ¶%d: %s", bestPara, wordDiff(best, quote))
}

func TestMisquoteMessages(t *testing.T) {
	for _, c := range []struct {
		quote string
		cite  int
		want  string
	}{
		{"pointed out that China still faces bottlenecks", 1, "the quote is not in report-article ¶1 but it is in ¶3: cite report-article#p3"},
		{"enterprises should be … actors in innovation", 3, "the quote is not in report-article ¶3 but it is in ¶2: cite report-article#p2"},
		{"actors in innovation … enterprises should be", 3, "the quote is not in report-article ¶3; the closest passage is ¶2: **actors** In ~~this regard,~~ **innovation** enterprises should be the principal actors in innovation."},
		{"China faces no bottlenecks at all", 1, "the quote is not in report-article ¶1; the closest passage is ¶3: Wang Peng, a research fellow at the Beijing Academy of Social Sciences, pointed out that China ~~still~~ faces **no** bottlenecks ~~in major technologies, such as chips, lithography machines, and materials.~~ **at all**"},
		{"zebra quagga", 2, "the quote is not in report-article ¶2"},
		{"…", 2, "the quote is not in report-article ¶2"},
	} {
		src := report
		src.Text = NewSourceText(src.Paragraphs)
		if got := notFoundMessage(c.quote, src, c.cite); got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.quote, got, c.want)
		}
		if got := naiveNotFound(c.quote, report, c.cite); got != c.want {
			t.Errorf("%q (naive):\n got %s\nwant %s", c.quote, got, c.want)
		}
	}
}

// TestMisquoteMessagesMatchDefinition: on random sources and quotes made of
// a small vocabulary (so that ties and repeats are common), the indexed
// message is the definition's.
func TestMisquoteMessagesMatchDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	vocab := []string{"a", "b", "c", "the", "A", "“b”", "c-d", "c–d", "...", "…", "x.", "y!", "z?", "and,", "e'f", "e’f"}
	phrase := func(n int) string {
		ws := make([]string, n)
		for i := range ws {
			ws[i] = vocab[rng.IntN(len(vocab))]
		}
		return strings.Join(ws, " ")
	}
	for round := 0; round < 2000; round++ {
		var ps []string
		for i := 1 + rng.IntN(6); i > 0; i-- {
			ps = append(ps, phrase(rng.IntN(12)))
		}
		src := Entity{ID: "s", Paragraphs: ps}
		quote, n := phrase(1+rng.IntN(5)), 1+rng.IntN(len(ps))
		want := naiveNotFound(quote, src, n)
		src.Text = NewSourceText(ps)
		if got := notFoundMessage(quote, src, n); got != want {
			t.Fatalf("quote %q cites ¶%d of %q:\n got %s\nwant %s", quote, n, ps, got, want)
		}
	}
}
