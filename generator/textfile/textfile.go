// Package textfile turns the bytes of a file an author wrote (a page, the
// site configuration, a template) into the one form the rest of gloss reads:
// valid UTF-8 without a byte-order mark, lines ended by "\n", and no control
// characters but tab and newline. Every such file passes through Clean once,
// as it is loaded, so no later step meets a "\r", a stray byte or an escape
// character, and a file saved on Windows builds exactly as the same file
// saved anywhere else.
package textfile

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/gloss-ssg/gloss/generator/diag"
)

// bom is the UTF-8 byte-order mark some Windows editors write first.
var bom = []byte{0xEF, 0xBB, 0xBF}

// Replacement stands in for a control character, as in the feeds (which
// encoding/xml writes the same way) and in browsers.
const Replacement = '\uFFFD'

// Clean returns src in gloss's form, and what an author must know about it:
//
//   - a byte-order mark at the start is dropped;
//   - "\r\n" and a lone "\r" become "\n";
//   - bytes that are not UTF-8 are an error at the first of them (the
//     file's encoding is wrong, and nothing gloss guessed would be right);
//     they are replaced by U+FFFD so that the rest of the build still checks
//     the file, but the build fails and publishes nothing;
//   - control characters (U+0000–U+001F but tab and newline, U+007F–U+009F)
//     are replaced by U+FFFD with a warning at the first: HTML and XML
//     forbid them, and no author means to publish one.
//
// A file that needs none of this, nearly every file, is returned as it is,
// without a copy.
func Clean(file string, src []byte) ([]byte, []diag.Problem) {
	src = bytes.TrimPrefix(src, bom)
	if clean(src) {
		return src, nil
	}
	var probs []diag.Problem
	out := make([]byte, 0, len(src)+16)
	line, col := 1, 1
	controls := 0
	var firstControl diag.Position
	var controlRune rune
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\r':
			out = append(out, '\n')
			i++
			if i < len(src) && src[i] == '\n' {
				i++
			}
			line, col = line+1, 1
			continue
		case c == '\n':
			out = append(out, c)
			i++
			line, col = line+1, 1
			continue
		case c < utf8.RuneSelf:
			if isControl(rune(c)) {
				if controls == 0 {
					firstControl, controlRune = diag.Position{File: file, Line: line, Col: col}, rune(c)
				}
				controls++
				out = utf8.AppendRune(out, Replacement)
			} else {
				out = append(out, c)
			}
			i++
			col++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			if len(probs) == 0 {
				probs = append(probs, diag.Problem{
					Pos: diag.Position{File: file, Line: line, Col: col},
					Msg: "invalid UTF-8: save the file as UTF-8",
				})
			}
			out = utf8.AppendRune(out, Replacement)
		case isControl(r):
			if controls == 0 {
				firstControl, controlRune = diag.Position{File: file, Line: line, Col: col}, r
			}
			controls++
			out = utf8.AppendRune(out, Replacement)
		default:
			out = append(out, src[i:i+size]...)
		}
		i += size
		col++
	}
	if controls > 0 {
		msg := fmt.Sprintf("control character U+%04X replaced by U+FFFD", controlRune)
		if controls > 1 {
			msg = fmt.Sprintf("control character U+%04X replaced by U+FFFD (and %d more in this file)", controlRune, controls-1)
		}
		probs = append(probs, diag.Problem{Pos: firstControl, Severity: diag.Warning, Msg: msg})
	}
	return out, probs
}

// clean reports whether src needs no change: the fast path, one pass that
// looks at each ASCII byte once and lets utf8.Valid check the rest.
func clean(src []byte) bool {
	ascii := true
	for i, c := range src {
		switch {
		case c >= 0x20 && c < 0x7F, c == '\n', c == '\t':
		case c == 0xC2 && i+1 < len(src) && src[i+1] >= 0x80 && src[i+1] <= 0x9F:
			return false // U+0080–U+009F, the C1 controls
		case c >= utf8.RuneSelf:
			ascii = false
		default:
			return false // "\r", DEL or a C0 control
		}
	}
	return ascii || utf8.Valid(src)
}

// isControl reports whether r is a control character gloss replaces.
func isControl(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' || r >= 0x7F && r <= 0x9F
}
