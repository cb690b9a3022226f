package annotate

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Normalize prepares text for quote checks: case folded, every kind of
// quotation mark, apostrophe and dash made one, white space collapsed, and
// ellipses and outer punctuation left out, so that “Enterprises should…” and
// "enterprises should" compare equal.
func Normalize(s string) string {
	var b strings.Builder
	space := false
	b.Grow(len(s))
	for _, r := range s {
		// A switch on the rune, not a search of the lists of marks: this
		// runs for every character of every paragraph a quote is checked in.
		switch r {
		case '"', '“', '”', '„', '‟', '«', '»', '「', '」', '『', '』':
			continue // quotation marks are the quoter's, not the speaker's
		case '\'', '‘', '’', '‛', '′', '`':
			r = '\''
		case '‐', '‑', '‒', '–', '—', '―', '−':
			r = '-'
		case '…':
			continue
		case ' ', '\n', '\t', '\r', '\f', '\v':
			space = true
			continue
		default:
			if r >= 0x80 && unicode.IsSpace(r) {
				space = true
				continue
			}
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
	p := Normalize(withoutQuotationMarks(paragraph))
	quote = withoutQuotationMarks(strings.ReplaceAll(quote, "...", "…"))
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
// it does appear, if anywhere else in the source, or the closest passage
// with the words that differ. The source is read through its SourceText,
// built once a build, not once a failing quote.
func notFoundMessage(quote string, src Entity, n int) string {
	if i := sourceIndexOf(src).paragraphWith(quote, n-1); i >= 0 {
		return fmt.Sprintf("the quote is not in %s ¶%d but it is in ¶%d: cite %s#p%d", src.ID, n, i+1, src.ID, i+1)
	}
	return fmt.Sprintf("the quote is not in %s ¶%d%s", src.ID, n, closestMessage(quote, src, []int{n}))
}

// closestMessage finds the passage of src closest to quote, preferring the
// paragraphs cited, and shows it as a word-level diff against the quote:
// ~~the source's words~~ the quote lacks, **the quote's words** the source
// lacks. It is "" when no passage shares a word with the quote.
func closestMessage(quote string, src Entity, cited []int) string {
	qWords := words(quote)
	best, bestPara, hits := sourceIndexOf(src).closest(qWords, cited)
	bestScore := 0.0
	if len(qWords) > 0 {
		bestScore = float64(hits) / float64(len(qWords))
	}
	switch {
	case bestScore <= 0:
		return ""
	case bestScore < 0.5:
		// Too far from the quote for a diff to say anything.
		return fmt.Sprintf("; the closest passage is ¶%d: %s", bestPara, openingWords(stripQuotes(best), 200))
	}
	return fmt.Sprintf("; the closest passage is ¶%d: %s", bestPara, wordDiff(best, quote))
}

// sourceIndexOf is src's index, from the SourceText the site shares or,
// without one (a converter used on its own), made for this message.
func sourceIndexOf(src Entity) *sourceIndex {
	text := src.Text
	if text == nil {
		text = NewSourceText(src.Paragraphs)
	}
	return text.index()
}

// wordDiff shows passage with the words quote changes: ~~passage words~~
// the quote leaves out or replaces, **quote words** it puts in. Words far
// from any change are cut to "…"; quotation marks around the whole are
// left out, so a quoted passage does not show doubled marks.
func wordDiff(passage, quote string) string {
	ps := strings.Fields(stripQuotes(passage))
	qs := strings.Fields(withoutQuotationMarks(stripQuotes(strings.ReplaceAll(quote, "...", "…"))))
	out := diffWords(ps, qs)
	for k := range out {
		switch out[k].kind {
		case '-':
			out[k].text = "~~" + out[k].text + "~~"
		case '+':
			out[k].text = "**" + out[k].text + "**"
		}
	}
	s, anyChange := aroundChanges(out)
	if !anyChange {
		return openingWords(stripQuotes(passage), 200)
	}
	return s
}

// diffPiece is a run of words of a word diff.
type diffPiece struct {
	text string
	kind byte // ' ' the same, '-' the source's only, '+' the quote's only
}

// wordKey is a word as diffWords compares it, normalised.
func wordKey(w string) string { return strings.Join(words(w), " ") }

// diffWords diffs the passage's words ps with the quote's qs, on their
// longest common subsequence. The quote may start or end anywhere in the
// passage: passage words before its first and after its last word are
// context, not deletions.
func diffWords(ps, qs []string) []diffPiece {
	lcs := commonWords(ps, qs)
	var out []diffPiece
	add := func(text string, kind byte) {
		// Consecutive changes of one kind read as one: ~~major technologies~~.
		if n := len(out); n > 0 && kind != ' ' && out[n-1].kind == kind {
			out[n-1].text += " " + text
			return
		}
		out = append(out, diffPiece{text, kind})
	}
	i, j := 0, 0
	first, last := -1, -1
	for i < len(ps) || j < len(qs) {
		switch {
		case i < len(ps) && j < len(qs) && wordKey(ps[i]) == wordKey(qs[j]):
			add(ps[i], ' ')
			if first < 0 {
				first = len(out) - 1
			}
			last = len(out) - 1
			i++
			j++
		case i < len(ps) && (j == len(qs) || lcs[i+1][j] >= lcs[i][j+1]):
			add(ps[i], '-')
			i++
		default:
			if wordKey(qs[j]) != "" {
				add(qs[j], '+')
				if first < 0 {
					first = len(out) - 1
				}
				last = len(out) - 1
			}
			j++
		}
	}
	// Deletions outside the quote's stretch of the passage are context.
	for k := range out {
		if out[k].kind == '-' && (first < 0 || k < first || k > last) {
			out[k].kind = ' '
		}
	}
	return out
}

// commonWords is the table of longest common subsequences of ps[i:] and
// qs[j:], the words compared normalised.
func commonWords(ps, qs []string) [][]int {
	lcs := make([][]int, len(ps)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(qs)+1)
	}
	for i := len(ps) - 1; i >= 0; i-- {
		for j := len(qs) - 1; j >= 0; j-- {
			if wordKey(ps[i]) == wordKey(qs[j]) {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	return lcs
}

// aroundChanges joins the pieces, keeping a few words around each change
// and cutting the rest to "…"; anyChange is false when nothing changed.
func aroundChanges(out []diffPiece) (s string, anyChange bool) {
	const around = 4
	keep := make([]bool, len(out))
	for k, p := range out {
		if p.kind != ' ' {
			anyChange = true
			for m := max(0, k-around); m <= min(len(out)-1, k+around); m++ {
				keep[m] = true
			}
		}
	}
	if !anyChange {
		return "", false
	}
	var b strings.Builder
	cut := false
	for k, p := range out {
		if !keep[k] {
			cut = true
			continue
		}
		if cut || (k > 0 && b.Len() == 0) {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString("…")
			cut = false
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p.text)
	}
	if cut {
		b.WriteString(" …")
	}
	return b.String(), true
}

// stripQuotes leaves out quotation marks around the whole of s.
func stripQuotes(s string) string {
	s = strings.TrimSpace(s)
	for len(s) > 0 {
		first, fs := utf8.DecodeRuneInString(s)
		last, ls := utf8.DecodeLastRuneInString(s)
		if len(s) < fs+ls || closers[first] == "" || !containsRune(closers[first], last) {
			return s
		}
		s = strings.TrimSpace(s[fs : len(s)-ls])
	}
	return s
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
