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
	parts := quoteParts(quote)
	return len(parts) > 0 && partsFrom(Normalize(paragraph), parts)
}

// notFoundMessage explains a quote that is not in its cited paragraph: where
// it does appear, if anywhere else in the source, or the closest passage.
// The source is read through its SourceText, built once a build.
func notFoundMessage(quote string, src Entity, n int) string {
	text := src.Text
	if text == nil {
		text = NewSourceText(src.Paragraphs)
	}
	idx := text.index()
	if i := idx.paragraphWith(quote, n-1); i >= 0 {
		return fmt.Sprintf("the quote is not in %s ¶%d but it is in ¶%d: cite %s#p%d", src.ID, n, i+1, src.ID, i+1)
	}
	msg := fmt.Sprintf("the quote is not in %s ¶%d", src.ID, n)
	if best, para, hits := idx.closest(words(quote), n-1); hits > 0 {
		msg += fmt.Sprintf("; the closest passage is ¶%d: “%s”", para+1, openingWords(best, 200))
	}
	return msg
}

func words(s string) []string {
	return strings.FieldsFunc(Normalize(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' })
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
