package annotate

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Quotation marks decide whether a source quotes a person or reports them:
// words inside “…” are the speaker's own, words outside are the writer's.
// The scan below knows the marks of English, French, German, Chinese and
// Japanese text, nested quotations, and tells an apostrophe (don’t, the
// people’s) from a closing single quotation mark.

// closers maps each opening mark to the marks that may close it.
var closers = map[rune]string{
	'“':  "”",
	'„':  "“”",
	'‘':  "’",
	'‚':  "‘’",
	'«':  "»",
	'‹':  "›",
	'「':  "」",
	'『':  "』",
	'"':  `"`,
	'\'': "'",
	'»':  "«", // Danish and some German typesetting quote »like this«
}

// QuotationDepth returns, for each byte of text, how many quotations
// enclose it (0 outside any). The marks themselves count as inside the
// quotation they open or close. A mark that opens nothing that closes is
// not a quotation: an unclosed “ at the end of a paragraph leaves the text
// after it at depth 0, as a reader would not take it for a quotation of
// everything that follows.
//
// It is linear in text: a mark looks only at the innermost open quotation
// of each kind it may close, and the depths are summed from where each
// quotation starts and ends. (Looking through every open quotation at every
// rune, and counting each quotation's bytes once per quotation around them,
// made a paragraph of 4,000 unclosed “a take 1 s, four times as long per
// doubling.)
func QuotationDepth(text string) []int {
	type open struct {
		mark rune
		at   int
	}
	var stack []open
	// openOf holds, per opening mark, the indexes in stack where it is open,
	// innermost last.
	openOf := map[rune][]int{}
	starts := make([]int, len(text)+1) // +1 where a quotation starts, -1 after it ends
	prev := ' '
	for i, r := range text {
		_, size := utf8.DecodeRuneInString(text[i:]) // 1 for a byte that is not UTF-8
		next, _ := utf8.DecodeRuneInString(text[i+size:])
		if i+size >= len(text) {
			next = ' '
		}
		closed := false
		// Close the innermost open quotation this mark closes.
		j := -1
		for _, m := range closedBy[r] {
			if at := openOf[m]; len(at) > 0 && at[len(at)-1] > j {
				j = at[len(at)-1]
			}
		}
		if j >= 0 && canClose(r, prev, next) {
			starts[stack[j].at]++
			starts[i+size]--
			stack = stack[:j]
			for m, at := range openOf {
				for len(at) > 0 && at[len(at)-1] >= j {
					at = at[:len(at)-1]
				}
				openOf[m] = at
			}
			closed = true
		}
		if !closed && closers[r] != "" && canOpen(r, prev, next) {
			openOf[r] = append(openOf[r], len(stack))
			stack = append(stack, open{r, i})
		}
		prev = r
	}
	depth := make([]int, len(text))
	d := 0
	for k := range depth {
		d += starts[k]
		depth[k] = d
	}
	return depth
}

// closedBy maps each closing mark to the opening marks it may close.
var closedBy = func() map[rune][]rune {
	m := map[rune][]rune{}
	for open, cs := range closers {
		for _, c := range cs {
			m[c] = append(m[c], open)
		}
	}
	return m
}()

// canOpen tells an opening mark from an apostrophe or a closing mark that
// looks the same (", ', and » used the other way round).
func canOpen(r, prev, next rune) bool {
	switch r {
	case '"', '\'', '»':
		return !isWordRune(prev) && !unicode.IsSpace(next)
	}
	return true
}

// canClose keeps apostrophes inside words (don’t, people’s) from closing a
// single quotation.
func canClose(r, prev, next rune) bool {
	switch r {
	case '’', '\'':
		return !isWordRune(next) && !unicode.IsSpace(prev)
	case '"':
		return !unicode.IsSpace(prev)
	}
	return true
}

func containsRune(s string, r rune) bool {
	for _, c := range s {
		if c == r {
			return true
		}
	}
	return false
}

// SpanForm decides the form of the words text[start:end] within their
// paragraph: "direct" when every letter and digit of them lies inside
// quotation marks, "reported" when none does, and "mixed" otherwise (a span
// that runs from the writer's words into the speaker's).
func SpanForm(text string, start, end int) string {
	depth := QuotationDepth(text)
	in, out := 0, 0
	for i, r := range text[start:end] {
		if !isWordRune(r) {
			continue
		}
		if depth[start+i] > 0 {
			in++
		} else {
			out++
		}
	}
	switch {
	case in > 0 && out == 0:
		return "direct"
	case in > 0:
		return "mixed"
	}
	return "reported"
}

// Quotation is words in quotation marks within a text: Start and End are
// byte offsets of its outer marks, Inner the words between them.
type Quotation struct {
	Start, End int
	Inner      string
}

// Quotations lists the outermost quotations of text, in order.
func Quotations(text string) []Quotation {
	depth := QuotationDepth(text)
	var out []Quotation
	for i := 0; i < len(text); {
		if depth[i] == 0 {
			i++
			continue
		}
		j := i
		for j < len(text) && depth[j] > 0 {
			j++
		}
		_, openSize := utf8.DecodeRuneInString(text[i:])
		_, closeSize := utf8.DecodeLastRuneInString(text[:j])
		inner := ""
		if i+openSize <= j-closeSize {
			inner = text[i+openSize : j-closeSize]
		}
		out = append(out, Quotation{Start: i, End: j, Inner: inner})
		i = j
	}
	return out
}

// withoutQuotationMarks leaves out the marks of every closed quotation in
// s, so that a nested ‘quotation’ compares equal to the same words unquoted,
// while apostrophes (don’t, people’s) stay.
func withoutQuotationMarks(s string) string {
	// Double marks are left out by Normalize anyway, and without a single
	// opening mark there is no single quotation: ’ alone is an apostrophe.
	if !strings.ContainsAny(s, "‘'‚‹»") {
		return s
	}
	depth := QuotationDepth(s)
	var b strings.Builder
	for i, r := range s {
		inner := depth[i] > 0
		if inner && (closers[r] != "" || isCloser(r)) {
			// A mark at a quotation's edge: depth changes across it.
			_, size := utf8.DecodeRuneInString(s[i:])
			before := 0
			if i > 0 {
				before = depth[i-1]
			}
			after := 0
			if i+size < len(s) {
				after = depth[i+size]
			}
			if before < depth[i] || after < depth[i] {
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isCloser(r rune) bool {
	for _, c := range closers {
		if containsRune(c, r) {
			return true
		}
	}
	return false
}
