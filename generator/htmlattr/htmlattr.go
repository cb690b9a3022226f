// Package htmlattr finds the attributes of a built page's tags as a browser
// reads them: in single, double or no quotes, in any case, and only in
// tags, never in text, comments, or the contents of script and style.
// The link checker reads links with it and --relative-urls rewrites them,
// so both see exactly the links a reader's browser follows.
//
// golang.org/x/net/html's tokenizer finds the tags (the hard part: comments,
// raw text elements, broken markup); a small lexer then reads each tag's
// attributes again to know where their values stand in the page, which the
// tokenizer does not say. The lexer follows the tokenizer's rules, and a
// differential fuzz test holds it to them.
package htmlattr

import (
	"bytes"

	"golang.org/x/net/html"
)

// Value is one attribute value found in a page.
type Value struct {
	// Name is the index in the names given to Each of the attribute's name.
	Name int
	// Raw is the value as written, character references not decoded.
	Raw []byte
	// Start and End are where Raw stands in the page.
	Start, End int
}

// Each calls fn, in page order, for every attribute of a start tag whose
// name (in any case) is one of names. Like a browser it keeps only the
// first of repeated names in a tag. At most 64 names.
func Each(page []byte, names []string, fn func(Value)) {
	if len(names) > 64 {
		panic("htmlattr.Each: more than 64 names")
	}
	var seen uint64     // the names met in the current tag
	var pending []Value // their values, reported once the tag is complete
	attr := func(ks, ke, vs, ve int) {
		for i, n := range names {
			if seen&(1<<i) == 0 && equalFoldASCII(page[ks:ke], n) {
				seen |= 1 << i
				if vs < 0 {
					vs, ve = ke, ke // <a href>: an empty value, as browsers read it
				}
				pending = append(pending, Value{Name: i, Raw: page[vs:ve], Start: vs, End: ve})
				return
			}
		}
	}
	tag := func(int, int) {
		for _, v := range pending {
			fn(v)
		}
		pending, seen = pending[:0], 0
	}
	done, ok := fastTags(page, attr, tag)
	if !ok {
		pending, seen = pending[:0], 0
		tokenizerTags(page, done, func(start, end int) {
			lexTag(page[:end], start+1, attr)
			tag(start, end)
		})
	}
}

// tokenizerTags calls visit with the bounds of each start tag of page that
// begins at or after from, as x/net/html's tokenizer finds them.
func tokenizerTags(page []byte, from int, visit func(start, end int)) {
	z := html.NewTokenizer(bytes.NewReader(page))
	off := 0
	for {
		tt := z.Next()
		raw := z.Raw()
		start := off
		off += len(raw)
		switch tt {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.SelfClosingTagToken:
		default:
			continue
		}
		if isTag(raw, "noscript") {
			// The tokenizer reads noscript as raw text, as a browser with
			// scripts on does; the readers it is written for have them off,
			// and follow its links.
			z.NextIsNotRawText()
		}
		if start >= from {
			visit(start, off)
		}
	}
}

// fastTags finds the start tags of page as tokenizerTags does, without
// tokenising the text between them: it jumps from "<" to "<". It follows
// the tokenizer's rules for tags, end tags, comments, declarations and raw
// text elements (a differential fuzz test holds it to them), except inside
// a script that holds "<!--", where the tokenizer's script escape states
// begin: there it stops, returning ok == false and the offset from which
// tokenizerTags must go on.
//
// It calls attr with the offsets in page of each attribute's name and value
// (see lexTag), then tag with the bounds of the tag.
func fastTags(page []byte, attr func(ks, ke, vs, ve int), tag func(start, end int)) (stopped int, ok bool) {
	n := len(page)
	i := 0
	for {
		j := bytes.IndexByte(page[i:], '<')
		if j < 0 || i+j+1 >= n {
			return n, true
		}
		p := i + j
		switch c := page[p+1]; {
		case isLetter(c):
			end, complete := lexTag(page, p+1, attr)
			if !complete {
				return n, true // the tokenizer drops a tag cut off by the end
			}
			tag(p, end)
			i = end
			name := tagName(page, p+1)
			if !isRawText(name) {
				continue
			}
			if equalFoldASCII(name, "plaintext") {
				return n, true
			}
			close := rawTextEnd(page, end, name)
			if equalFoldASCII(name, "script") && bytes.Contains(page[end:close], []byte("<!--")) {
				return end, false
			}
			i = close
		case c == '/':
			if p+2 >= n {
				return n, true
			}
			switch c2 := page[p+2]; {
			case c2 == '>':
				i = p + 3
			case isLetter(c2):
				end, complete := lexTag(page, p+2, nil)
				if !complete {
					return n, true
				}
				i = end
			default:
				i = untilCloseAngle(page, p+2)
			}
		case c == '!':
			if p+3 >= n {
				return n, true
			}
			if page[p+2] == '-' && page[p+3] == '-' {
				i = commentEnd(page, p+4)
			} else {
				i = untilCloseAngle(page, p+2)
			}
		case c == '?':
			i = untilCloseAngle(page, p+1)
		default:
			i = p + 1
		}
		if i >= n {
			return n, true
		}
	}
}

// untilCloseAngle is the offset after the first ">" at or after i, or the
// end of page.
func untilCloseAngle(page []byte, i int) int {
	if k := bytes.IndexByte(page[i:], '>'); k >= 0 {
		return i + k + 1
	}
	return len(page)
}

// commentEnd is the offset after the comment whose text starts at i (after
// "<!--"), by the tokenizer's rules: it ends at "-->" or "--!>", and
// "<!-->" and "<!--->" are empty comments.
func commentEnd(page []byte, i int) int {
	dashes, beginning := 0, true
	for ; i < len(page); i++ {
		switch page[i] {
		case '-':
			dashes++
			continue
		case '>':
			if dashes >= 2 || beginning {
				return i + 1
			}
		case '!':
			if dashes >= 2 {
				if i+1 >= len(page) {
					return len(page)
				}
				i++
				if page[i] == '>' {
					return i + 1
				}
				if page[i] == '-' {
					dashes, beginning = 1, false
					continue
				}
			}
		}
		dashes, beginning = 0, false
	}
	return len(page)
}

// rawTextEnd is the offset of the "</name" that ends the raw text starting
// at i (followed by white space, "/" or ">"), or the end of page.
func rawTextEnd(page []byte, i int, name []byte) int {
	lower := string(lowerASCII(name))
	for {
		k := bytes.Index(page[i:], []byte("</"))
		if k < 0 {
			return len(page)
		}
		at := i + k
		rest := page[at+2:]
		if len(rest) > len(name) && equalFoldASCII(rest[:len(name)], lower) && isTagDelim(rest[len(name)]) {
			return at
		}
		i = at + 1
	}
}

func isTagDelim(c byte) bool { return delims[c] }

var delims = [256]bool{' ': true, '\n': true, '\r': true, '\t': true, '\f': true, '/': true, '>': true}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// tagName is the name of the tag whose name starts at i.
func tagName(page []byte, i int) []byte {
	j := i
	for j < len(page) && !isTagDelim(page[j]) {
		j++
	}
	return page[i:j]
}

// isRawText reports whether a tag's contents are raw text (or RCDATA) to
// the tokenizer: no tags inside. noscript is not, for the reason in
// tokenizerTags.
func isRawText(name []byte) bool {
	switch len(name) {
	case 3:
		return equalFoldASCII(name, "xmp")
	case 5:
		return equalFoldASCII(name, "style") || equalFoldASCII(name, "title")
	case 6:
		return equalFoldASCII(name, "iframe") || equalFoldASCII(name, "script")
	case 7:
		return equalFoldASCII(name, "noembed")
	case 8:
		return equalFoldASCII(name, "noframes") || equalFoldASCII(name, "textarea")
	case 9:
		return equalFoldASCII(name, "plaintext")
	}
	return false
}

func lowerASCII(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}

// isTag reports whether the start tag raw is a name tag.
func isTag(raw []byte, name string) bool { return equalFoldASCII(tagName(raw, 1), name) }

// equalFoldASCII compares an attribute name as written with a lower-case
// name, as HTML does (ASCII case only).
func equalFoldASCII[T []byte | string](b T, lower string) bool {
	if len(b) != len(lower) {
		return false
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// lexTag reads a tag whose name starts at b[i], to its closing ">", as
// x/net/html's readTag, readTagAttrKey and readTagAttrVal do, calling fn
// (when not nil) for each attribute. It returns the offset after the ">",
// and complete == false when b ends first.
func lexTag(b []byte, i int, fn func(ks, ke, vs, ve int)) (end int, complete bool) {
	// The tag name runs to white space, "/" or ">".
	for i < len(b) && !isTagDelim(b[i]) {
		i++
	}
	skip := func() {
		for i < len(b) && isSpace(b[i]) {
			i++
		}
	}
	skip()
	for i < len(b) && b[i] != '>' {
		// The name: a leading "=" belongs to it.
		ks := i
		if b[i] == '=' {
			i++
		}
		for i < len(b) && !isTagDelim(b[i]) && b[i] != '=' {
			i++
		}
		ke := i
		vs, ve := -1, -1
		skip()
		if i < len(b) {
			switch b[i] {
			case '/':
				i++
			case '=':
				i++
				skip()
				if i < len(b) {
					switch q := b[i]; q {
					case '>':
					case '\'', '"':
						i++
						vs = i
						for i < len(b) && b[i] != q {
							i++
						}
						ve = i
						if i >= len(b) {
							return len(b), false
						}
						i++
					default:
						vs = i
						for i < len(b) && !isSpace(b[i]) && b[i] != '>' {
							i++
						}
						ve = i
					}
				}
			}
		}
		if ke > ks && fn != nil {
			fn(ks, ke, vs, ve)
		}
		skip()
	}
	if i >= len(b) {
		return len(b), false
	}
	return i + 1, true
}

// isSpace is HTML's white space in tags.
func isSpace(c byte) bool { return spaces[c] }

var spaces = [256]bool{' ': true, '\n': true, '\r': true, '\t': true, '\f': true}

// Srcset calls fn with the offsets in v of each image URL of a srcset
// value ("a.png 1x, b.png 2x").
func Srcset(v []byte, fn func(start, end int)) {
	i := 0
	for i < len(v) {
		for i < len(v) && (isSpace(v[i]) || v[i] == ',') {
			i++
		}
		if i >= len(v) {
			return
		}
		start := i
		for i < len(v) && !isSpace(v[i]) {
			i++
		}
		end := i
		if v[end-1] == ',' {
			// "a.png," is a URL with no descriptors: the commas end it.
			for end > start && v[end-1] == ',' {
				end--
			}
			if end > start {
				fn(start, end)
			}
			continue
		}
		fn(start, end)
		// The descriptors run to the next comma outside parentheses.
		depth := 0
		for i < len(v) && (depth > 0 || v[i] != ',') {
			switch v[i] {
			case '(':
				depth++
			case ')':
				if depth > 0 {
					depth--
				}
			}
			i++
		}
	}
}
