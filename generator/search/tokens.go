package search

import (
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"golang.org/x/text/unicode/norm"
)

// The search page splits a query exactly as Tokens splits text (search-core.js,
// function tokens): a change here needs the same change there, and
// TestTokensMatchBrowser holds the two together.

// Tokens calls emit with each searchable word of text, in order, as it is
// indexed before stemming:
//
//   - a word is a run of letters, digits and combining marks; an apostrophe
//     inside a word is dropped ("China’s" is "chinas");
//   - it is folded: lower-cased and, if it is not plain ASCII, decomposed
//     (NFKD) with its combining marks dropped, so "Rhône" is "rhone" and a
//     full-width "ＡＩ" is "ai";
//   - one-byte words ("a", "5") are left out;
//   - Chinese, Japanese and Korean, written without spaces, are cut into
//     overlapping pairs of characters ("集成电路" gives "集成", "成电",
//     "电路"), a lone character standing for itself: a two-character word
//     then finds the pages with that word and not every page with one of
//     its characters. They are not folded (NFKD would split Hangul
//     syllables into letters).
//
// buf is scratch space, returned for reuse. The word passed to emit is only
// valid during the call.
func Tokens(text []byte, buf []byte, emit func(word []byte)) []byte {
	w := buf[:0]
	ascii := true
	var cjk [2]rune // the CJK run's previous character, and whether the run has one
	cjkLen := 0
	flush := func() {
		if len(w) == 0 {
			return
		}
		if !ascii {
			w = fold(w)
		}
		if len(w) > 1 {
			emit(w)
		}
		w, ascii = w[:0], true
	}
	endCJK := func() {
		if cjkLen == 1 {
			w = utf8.AppendRune(w[:0], cjk[0])
			emit(w)
			w = w[:0]
		}
		cjkLen = 0
	}
	for len(text) > 0 {
		if c := text[0]; c < utf8.RuneSelf {
			text = text[1:]
			if cjkLen > 0 {
				endCJK()
			}
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				w = append(w, c)
			case 'A' <= c && c <= 'Z':
				w = append(w, c+'a'-'A')
			case c == '\'' && len(w) > 0:
			default:
				flush()
			}
			continue
		}
		r, size := utf8.DecodeRune(text)
		text = text[size:]
		switch {
		case isCJK(r):
			flush()
			if cjkLen > 0 {
				w = utf8.AppendRune(utf8.AppendRune(w[:0], cjk[0]), r)
				emit(w)
				w = w[:0]
			}
			cjk[0] = r
			cjkLen++
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r):
			if cjkLen > 0 {
				endCJK()
			}
			w = utf8.AppendRune(w, r)
			ascii = false
		case r == '’' && len(w) > 0:
			if cjkLen > 0 {
				endCJK()
			}
		default:
			if cjkLen > 0 {
				endCJK()
			}
			flush()
		}
	}
	if cjkLen > 0 {
		endCJK()
	}
	flush()
	return w
}

// isCJK reports whether r is written without spaces between words.
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// fold lower-cases a word and drops its diacritics. golang.org/x/text's
// norm is the decomposition the browser's String.prototype.normalize
// applies, so the query is folded the same way.
func fold(w []byte) []byte {
	d := norm.NFKD.Bytes(w)
	out := w[:0]
	for len(d) > 0 {
		r, size := utf8.DecodeRune(d)
		d = d[size:]
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		out = utf8.AppendRune(out, unicode.ToLower(r))
	}
	return out
}

// Stem is the indexed form of a word from Tokens: English words (plain
// a–z) by the Snowball English (Porter2) stemmer, so "industries" and
// "industrial" find "industry"; other words as they are. The search page
// stems the query with a port of the same stemmer (search-core.js), held equal
// to this one by TestStemmerMatchesBrowser.
func Stem(word string) string {
	for i := 0; i < len(word); i++ {
		if c := word[i]; c < 'a' || c > 'z' {
			return word
		}
	}
	return english.Stem(word, true)
}

// Terms are the stemmed words of text, for tests and tools.
func Terms(text string) []string {
	var out []string
	Tokens([]byte(text), nil, func(w []byte) { out = append(out, Stem(string(w))) })
	return out
}
