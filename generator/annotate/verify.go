package annotate

import (
	"fmt"
	"strings"
	"unicode"
)

// Normalize prepares text for quote checks: case folded, every kind of
// quotation mark, apostrophe and dash made one, white space collapsed, and
// ellipses and outer punctuation left out, so that “Enterprises should…” and
// "enterprises should" compare equal.
func Normalize(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case strings.ContainsRune("\"“”„‟«»「」『』", r):
			continue // quotation marks are the quoter's, not the speaker's
		case strings.ContainsRune("'‘’‛′`", r):
			r = '\''
		case strings.ContainsRune("‐‑‒–—―−", r):
			r = '-'
		case r == '…':
			continue
		case unicode.IsSpace(r):
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return strings.Trim(b.String(), " .,;:")
}

// QuoteIn reports whether quote appears in paragraph after normalising both.
// A quote may leave words out with an ellipsis ("…" or "..."): each part
// must then appear, in order.
func QuoteIn(quote, paragraph string) bool {
	p := Normalize(paragraph)
	quote = strings.ReplaceAll(quote, "...", "…")
	at := 0
	found := false
	for _, part := range strings.Split(quote, "…") {
		part = Normalize(part)
		if part == "" {
			continue
		}
		i := strings.Index(p[at:], part)
		if i < 0 {
			return false
		}
		at += i + len(part)
		found = true
	}
	return found
}

// notFoundMessage explains a quote that is not in its cited paragraph: where
// it does appear, if anywhere else in the source, or the closest passage.
func notFoundMessage(quote string, src Entity, n int) string {
	for i, p := range src.Paragraphs {
		if i+1 != n && QuoteIn(quote, p) {
			return fmt.Sprintf("the quote is not in %s ¶%d but it is in ¶%d: cite %s#p%d", src.ID, n, i+1, src.ID, i+1)
		}
	}
	best, bestPara, bestScore := "", 0, -1.0
	qWords := words(quote)
	for i, p := range src.Paragraphs {
		for _, sentence := range sentences(p) {
			score := overlap(qWords, words(sentence))
			// The cited paragraph wins ties: it is most likely what was meant.
			if score > bestScore || score == bestScore && i+1 == n {
				best, bestPara, bestScore = sentence, i+1, score
			}
		}
	}
	msg := fmt.Sprintf("the quote is not in %s ¶%d", src.ID, n)
	if bestScore > 0 {
		msg += fmt.Sprintf("; the closest passage is ¶%d: “%s”", bestPara, openingWords(best, 200))
	}
	return msg
}

func words(s string) []string {
	return strings.FieldsFunc(Normalize(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' })
}

// overlap is the share of the quote's words found in the sentence.
func overlap(quote, sentence []string) float64 {
	if len(quote) == 0 {
		return 0
	}
	have := map[string]int{}
	for _, w := range sentence {
		have[w]++
	}
	hit := 0
	for _, w := range quote {
		if have[w] > 0 {
			have[w]--
			hit++
		}
	}
	return float64(hit) / float64(len(quote))
}

// sentences splits a paragraph at sentence ends.
func sentences(p string) []string {
	var out []string
	start := 0
	rs := []rune(p)
	for i, r := range rs {
		if (r == '.' || r == '?' || r == '!') && (i+1 == len(rs) || unicode.IsSpace(rs[i+1])) {
			out = append(out, strings.TrimSpace(string(rs[start:i+1])))
			start = i + 1
		}
	}
	if rest := strings.TrimSpace(string(rs[start:])); rest != "" {
		out = append(out, rest)
	}
	return out
}
