package annotate

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Attr is one attribute as written: {#id .class key=value key="quoted"}.
type Attr struct {
	Key   string // "id" for #id, "class" for .class
	Value string
	// Offset is where the attribute starts, relative to the opening "{".
	Offset int
}

// Attrs keeps attributes in the order written.
type Attrs []Attr

// Get returns the value of key; classes are joined with spaces.
func (as Attrs) Get(key string) (string, bool) {
	var classes []string
	found := false
	val := ""
	for _, a := range as {
		if a.Key != key {
			continue
		}
		found = true
		if key == "class" {
			classes = append(classes, a.Value)
		} else {
			val = a.Value
		}
	}
	if key == "class" {
		return strings.Join(classes, " "), found
	}
	return val, found
}

// Value returns the value of key, or "".
func (as Attrs) Value(key string) string {
	v, _ := as.Get(key)
	return v
}

// ParseAttrs reads an attribute list starting at src[0] == '{'. It returns
// the attributes and the number of bytes up to and including the closing
// "}", or ok == false when src does not start a well-formed list.
//
//	{#id .class key=value key="quoted value" key='single quoted' flag}
func ParseAttrs(src []byte) (attrs Attrs, n int, ok bool) {
	attrs, n, err := parseAttrs(src)
	return attrs, n, err == ""
}

// parseAttrs is ParseAttrs that says what is wrong, for the author: once a
// directive's name is followed by "{", the list is directive syntax, and a
// broken one is an error rather than text.
func parseAttrs(src []byte) (attrs Attrs, n int, problem string) {
	const form = `write {#id .class key=value key="a value"}`
	if len(src) == 0 || src[0] != '{' {
		return nil, 0, "an attribute list starts with {"
	}
	i := 1
	for {
		for i < len(src) && isSpace(src[i]) {
			i++
		}
		if i >= len(src) {
			return nil, 0, "the attribute list {… is not closed: add } at its end"
		}
		start := i
		switch c := src[i]; {
		case c == '}':
			return attrs, i + 1, ""
		case c == '#' || c == '.':
			end := i + 1
			for end < len(src) && !isSpace(src[end]) && src[end] != '}' {
				end++
			}
			name := string(src[i+1 : end])
			if c == '#' {
				if !ValidID(name) {
					return nil, 0, fmt.Sprintf("%q cannot be an id: an id is letters, digits, - and _, such as #basic-research", src[i:end])
				}
				attrs = append(attrs, Attr{Key: "id", Value: name, Offset: start})
			} else {
				if name == "" || strings.IndexFunc(name, func(r rune) bool { return r < 128 && !isIdentByte(byte(r)) }) >= 0 {
					return nil, 0, fmt.Sprintf("%q cannot be a class: a class is letters, digits, - and _, such as .key", src[i:end])
				}
				attrs = append(attrs, Attr{Key: "class", Value: name, Offset: start})
			}
			i = end
		case isKeyStart(c):
			j := i + 1
			for j < len(src) && isKeyByte(src[j]) {
				j++
			}
			key := string(src[i:j])
			i = j
			if i < len(src) && src[i] == '=' {
				i++
				val, m, problem := parseValue(src[i:], key)
				if problem != "" {
					return nil, 0, problem
				}
				attrs = append(attrs, Attr{Key: key, Value: val, Offset: start})
				i += m
			} else {
				attrs = append(attrs, Attr{Key: key, Offset: start})
			}
		default:
			return nil, 0, fmt.Sprintf("unexpected %q in the attribute list: %s", firstRune(src[i:]), form)
		}
		// Attributes are separated by white space, or end at "}".
		if i < len(src) && !isSpace(src[i]) && src[i] != '}' {
			return nil, 0, fmt.Sprintf("unexpected %q in the attribute list: %s", firstRune(src[i:]), form)
		}
	}
}

// ValidID reports whether s can be an annotation's id (or the id of the
// entity it names): letters, digits, "-" and "_". Ids become anchors,
// parts of URLs and markers in the HTML, where anything else could break
// out ("../../etc", "a\"b").
func ValidID(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

func firstRune(b []byte) string {
	r, _ := utf8.DecodeRune(b)
	return string(r)
}

func parseValue(src []byte, key string) (string, int, string) {
	if len(src) == 0 {
		return "", 0, fmt.Sprintf("%s= needs a value: write %s=value or %s=\"a value\"", key, key, key)
	}
	if q := src[0]; q == '"' || q == '\'' {
		for j := 1; j < len(src); j++ {
			if src[j] == q {
				return string(src[1:j]), j + 1, ""
			}
			if src[j] == '\n' {
				break
			}
		}
		return "", 0, fmt.Sprintf("the quote after %s= is not closed: add the closing %c", key, q)
	}
	j := 0
	for j < len(src) && !isSpace(src[j]) && !strings.ContainsRune("\"'=<>`{}", rune(src[j])) {
		j++
	}
	if j == 0 {
		if isSpace(src[0]) || src[0] == '}' {
			return "", 0, fmt.Sprintf("%s= needs a value: write %s=value or %s=\"a value\"", key, key, key)
		}
		return "", 0, fmt.Sprintf("unexpected %q in the value of %s: put the value in quotes", firstRune(src), key)
	}
	return string(src[:j]), j, ""
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isKeyStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':'
}

func isKeyByte(c byte) bool {
	return isKeyStart(c) || c >= '0' && c <= '9' || c == '-' || c == '.'
}

func isIdentByte(c byte) bool {
	return !isSpace(c) && c != '{' && c != '}' && c != '#' && c != '.' && c != '=' && c != '"' && c != '\''
}

// isNameStart and isNameByte define directive names: a letter, then
// letters, digits and hyphens (quote, callout, why-it-matters).
func isNameStart(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isNameByte(c byte) bool { return isNameStart(c) || c >= '0' && c <= '9' || c == '-' }
