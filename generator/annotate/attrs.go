package annotate

import (
	"strings"
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
// "}", or ok == false when src does not start a well-formed list (then the
// text is not a directive and stays text).
//
//	{#id .class key=value key="quoted value" key='single quoted' flag}
func ParseAttrs(src []byte) (attrs Attrs, n int, ok bool) {
	if len(src) == 0 || src[0] != '{' {
		return nil, 0, false
	}
	i := 1
	for {
		for i < len(src) && isSpace(src[i]) {
			i++
		}
		if i >= len(src) {
			return nil, 0, false
		}
		start := i
		switch c := src[i]; {
		case c == '}':
			return attrs, i + 1, true
		case c == '#' || c == '.':
			j := i + 1
			for j < len(src) && isIdentByte(src[j]) {
				j++
			}
			if j == i+1 {
				return nil, 0, false
			}
			key := "id"
			if c == '.' {
				key = "class"
			}
			attrs = append(attrs, Attr{Key: key, Value: string(src[i+1 : j]), Offset: start})
			i = j
		case isKeyStart(c):
			j := i + 1
			for j < len(src) && isKeyByte(src[j]) {
				j++
			}
			key := string(src[i:j])
			i = j
			if i < len(src) && src[i] == '=' {
				i++
				val, m, vok := parseValue(src[i:])
				if !vok {
					return nil, 0, false
				}
				attrs = append(attrs, Attr{Key: key, Value: val, Offset: start})
				i += m
			} else {
				attrs = append(attrs, Attr{Key: key, Offset: start})
			}
		default:
			return nil, 0, false
		}
		// Attributes are separated by white space, or end at "}".
		if i < len(src) && !isSpace(src[i]) && src[i] != '}' {
			return nil, 0, false
		}
	}
}

func parseValue(src []byte) (string, int, bool) {
	if len(src) == 0 {
		return "", 0, false
	}
	if q := src[0]; q == '"' || q == '\'' {
		for j := 1; j < len(src); j++ {
			if src[j] == q {
				return string(src[1:j]), j + 1, true
			}
			if src[j] == '\n' {
				return "", 0, false
			}
		}
		return "", 0, false
	}
	j := 0
	for j < len(src) && !isSpace(src[j]) && !strings.ContainsRune("\"'=<>`{}", rune(src[j])) {
		j++
	}
	if j == 0 {
		return "", 0, false
	}
	return string(src[:j]), j, true
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
