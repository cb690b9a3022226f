// Package frontmatter splits a content file into its front matter and body and
// reads the front matter (YAML between "---" lines, or TOML between "+++"
// lines) into fields that remember where they were written, so that a wrong
// value can be reported at its line and column.
package frontmatter

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/gloss-ssg/gloss/generator/diag"
	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// Document is a content file split in two.
type Document struct {
	Fields Fields
	// Body is the Markdown after the front matter.
	Body []byte
	// BodyLine is the line of the file on which Body starts (1-based), so
	// positions inside the body can be reported as positions in the file.
	BodyLine int
}

// Field is one top-level front matter key.
type Field struct {
	Key   string
	Value any // string, bool, int64, float64, time.Time, []any, map[string]any
	Pos   diag.Position
}

// Fields are the front matter's top-level keys in the order they were written.
type Fields []Field

// Get returns the field with key, if present.
func (fs Fields) Get(key string) (Field, bool) {
	for _, f := range fs {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

// MaxYAMLLines bounds YAML front matter. The YAML parser's time grows with
// the square of a mapping's or list's length (it copies the entries read so
// far for each one more: 25,000 keys took 4.4 s, 50,000 took 16 s); a page's
// front matter is a few lines, and 2,000 cost it under 0.1 s. TOML
// front matter needs no bound: its parser is linear.
const MaxYAMLLines = 2000

// MaxDepth bounds how deep front matter's brackets nest: [ and {, YAML's
// flow style and TOML's arrays and inline tables. Both parsers go down a
// level for each and hold what they have read at every level: 1,000,000
// nested [ took the TOML parser 5.4 s and 958 MB, and the YAML parser past
// 60 s and 9.8 GB. A page's front matter nests two or three deep.
const MaxDepth = 100

// tooDeep is the offset in fm of the first bracket that opens a level past
// MaxDepth, or -1. Brackets count wherever they are, in quoted text and
// comments too: no author writes a hundred unclosed brackets in a page's
// front matter, and a scan that read quotes could be led astray (an
// apostrophe in a YAML plain scalar is not a quote).
func tooDeep(fm []byte) int {
	depth := 0
	for i, c := range fm {
		switch c {
		case '[', '{':
			if depth++; depth > MaxDepth {
				return i
			}
		case ']', '}':
			depth = max(depth-1, 0)
		}
	}
	return -1
}

// DeepNesting is the problem with data, TOML or YAML whose first line is
// line firstLine of file, when its brackets nest deeper than MaxDepth: the
// same bound for front matter, the site's configuration and a theme's.
func DeepNesting(file string, data []byte, firstLine int) (diag.Problem, bool) {
	at := tooDeep(data)
	if at < 0 {
		return diag.Problem{}, false
	}
	before := data[:at]
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	return diag.Problem{
		Pos: diag.Position{File: file, Line: firstLine + bytes.Count(before, []byte{'\n'}), Col: utf8.RuneCount(before[lineStart:]) + 1},
		Msg: fmt.Sprintf("brackets nest more than %d deep here: gloss stops reading; nest lists and tables less", MaxDepth),
	}, true
}

// Parse splits src (the bytes of file) and parses its front matter. A file
// without front matter has no fields and its whole text as body.
func Parse(file string, src []byte) (*Document, []diag.Problem) {
	doc := &Document{Body: src, BodyLine: 1}
	fence, format := "", ""
	switch {
	case hasFenceLine(src, "---"):
		fence, format = "---", "yaml"
	case hasFenceLine(src, "+++"):
		fence, format = "+++", "toml"
	default:
		return doc, nil
	}
	first := lineEnd(src, 0)
	start := first
	line := 2
	for off := start; off < len(src); {
		end := lineEnd(src, off)
		if strings.TrimRight(string(src[off:end]), " \t\r\n") == fence {
			doc.Body = src[end:]
			doc.BodyLine = line + 1
			fm := src[start:off]
			var probs []diag.Problem
			if format == "yaml" && line-2 > MaxYAMLLines {
				return doc, []diag.Problem{{
					Pos: diag.Position{File: file, Line: MaxYAMLLines + 2, Col: 1},
					Msg: fmt.Sprintf("front matter has %d lines: gloss reads at most %d; put long text in the page's body", line-2, MaxYAMLLines),
				}}
			}
			if p, deep := DeepNesting(file, fm, 2); deep {
				return doc, []diag.Problem{p}
			}
			if format == "yaml" {
				doc.Fields, probs = parseYAML(file, fm)
			} else {
				doc.Fields, probs = parseTOML(file, fm)
			}
			return doc, probs
		}
		off = end
		line++
	}
	return doc, []diag.Problem{{
		Pos: diag.Position{File: file, Line: 1, Col: 1},
		Msg: fmt.Sprintf("front matter opened with %q is never closed: add a line %q after it", fence, fence),
	}}
}

func hasFenceLine(src []byte, fence string) bool {
	if !bytes.HasPrefix(src, []byte(fence)) {
		return false
	}
	rest := strings.TrimRight(string(src[len(fence):lineEnd(src, 0)]), " \t\r\n")
	return rest == ""
}

// lineEnd returns the offset just past the newline of the line starting at off.
func lineEnd(src []byte, off int) int {
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		return off + i + 1
	}
	return len(src)
}

func parseYAML(file string, fm []byte) (Fields, []diag.Problem) {
	parsed, err := parser.ParseBytes(fm, 0)
	if err != nil {
		return nil, []diag.Problem{yamlProblem(file, err, "front matter: ")}
	}
	if len(parsed.Docs) == 0 || parsed.Docs[0].Body == nil {
		return nil, nil
	}
	var pairs []*ast.MappingValueNode
	switch body := parsed.Docs[0].Body.(type) {
	case *ast.MappingNode:
		pairs = body.Values
	case *ast.MappingValueNode:
		pairs = []*ast.MappingValueNode{body}
	case *ast.CommentNode:
		return nil, nil
	default:
		return nil, []diag.Problem{{Pos: yamlPos(file, body), Msg: "front matter must be a list of key: value lines"}}
	}
	var fields Fields
	var probs []diag.Problem
	seen := map[string]diag.Position{}
	for _, kv := range pairs {
		key := kv.Key.String()
		if s, ok := kv.Key.(*ast.StringNode); ok {
			key = s.Value
		}
		pos := yamlPos(file, kv.Key)
		if prev, dup := seen[key]; dup {
			probs = append(probs, diag.Problem{Pos: pos, Msg: fmt.Sprintf("front matter key %q is already set on line %d", key, prev.Line)})
			continue
		}
		seen[key] = pos
		var val any
		if err := yaml.NodeToValue(kv.Value, &val); err != nil {
			probs = append(probs, yamlProblem(file, err, fmt.Sprintf("front matter %q: ", key)))
			continue
		}
		fields = append(fields, Field{Key: key, Value: normalize(val), Pos: yamlPos(file, kv.Value)})
	}
	return fields, probs
}

// yamlProblem places a YAML error on the file's line: the front matter
// starts on the file's second line.
func yamlProblem(file string, err error, prefix string) diag.Problem {
	var yerr yaml.Error
	if errors.As(err, &yerr) {
		if tk := yerr.GetToken(); tk != nil && tk.Position != nil {
			return diag.Problem{
				Pos: diag.Position{File: file, Line: tk.Position.Line + 1, Col: max(tk.Position.Column, 1)},
				Msg: prefix + reword(yerr.GetMessage()),
			}
		}
		return diag.Problem{Pos: diag.Position{File: file, Line: 2, Col: 1}, Msg: prefix + reword(yerr.GetMessage())}
	}
	return diag.Problem{Pos: diag.Position{File: file, Line: 2, Col: 1}, Msg: prefix + err.Error()}
}

var dupKeyMsg = regexp.MustCompile(`^mapping key (".*") already defined at \[(\d+):\d+\]$`)

// reword makes the YAML parser's messages speak in the file's line numbers.
func reword(msg string) string {
	if m := dupKeyMsg.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[2])
		return fmt.Sprintf("key %s is already set on line %d", m[1], line+1)
	}
	return msg
}

func yamlPos(file string, n ast.Node) diag.Position {
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return diag.Position{File: file, Line: 2, Col: 1}
	}
	return diag.Position{File: file, Line: tk.Position.Line + 1, Col: max(tk.Position.Column, 1)}
}

func parseTOML(file string, fm []byte) (Fields, []diag.Problem) {
	var m map[string]any
	md, err := toml.Decode(string(fm), &m)
	if err != nil {
		pos := diag.Position{File: file, Line: 2, Col: 1}
		msg := err.Error()
		var pe toml.ParseError
		if errors.As(err, &pe) {
			pos.Line = pe.Position.Line + 1
			if pe.Position.Col > 0 {
				pos.Col = pe.Position.Col
			}
			msg = pe.Message
		}
		return nil, []diag.Problem{{Pos: pos, Msg: "front matter: " + msg}}
	}
	keyLines := IndexTOMLKeys(file, string(fm), 2)
	var fields Fields
	for _, key := range md.Keys() {
		if len(key) != 1 {
			continue // nested keys belong to their top-level table
		}
		k := key[0]
		fields = append(fields, Field{Key: k, Value: normalize(m[k]), Pos: keyLines.Pos(k)})
	}
	return fields, nil
}

// TOMLKeyPos finds where a top-level key is written in TOML whose first line
// is line firstLine of file; the TOML decoder keeps no positions for values,
// and a key's line is what an author needs. For many keys, IndexTOMLKeys
// reads the lines once.
func TOMLKeyPos(file string, lines []string, firstLine int, key string) diag.Position {
	return IndexTOMLKeys(file, strings.Join(lines, "\n"), firstLine).Pos(key)
}

// TOMLKeyLines knows the line of every top-level key of a TOML text: the
// first line that begins with key =, "key" =, 'key' = or [key].
type TOMLKeyLines struct {
	file      string
	firstLine int
	at        map[string]diag.Position
}

// IndexTOMLKeys reads each line of toml once (looking a key up line by line
// instead made 100,000 keys take minutes).
func IndexTOMLKeys(file, toml string, firstLine int) *TOMLKeyLines {
	k := &TOMLKeyLines{file: file, firstLine: firstLine, at: map[string]diag.Position{}}
	for i, l := range strings.Split(toml, "\n") {
		t := strings.TrimLeft(l, " \t")
		key, ok := "", false
		switch {
		case t == "":
		case t[0] == '[':
			key, _, ok = strings.Cut(t[1:], "]")
		case t[0] == '"' || t[0] == '\'':
			var rest string
			key, rest, ok = strings.Cut(t[1:], t[:1])
			ok = ok && strings.HasPrefix(strings.TrimLeft(rest, " \t"), "=")
		default:
			var eq int
			if eq = strings.IndexByte(t, '='); eq > 0 {
				key, ok = strings.TrimRight(t[:eq], " \t"), true
			}
		}
		if _, seen := k.at[key]; ok && !seen {
			k.at[key] = diag.Position{File: file, Line: i + firstLine, Col: len(l) - len(t) + 1}
		}
	}
	return k
}

// Pos is where key is written, or the first line when it cannot be found.
func (k *TOMLKeyLines) Pos(key string) diag.Position {
	if p, ok := k.at[key]; ok {
		return p
	}
	return diag.Position{File: k.file, Line: k.firstLine, Col: 1}
}

// normalize makes YAML's and TOML's decoded values one family of types.
func normalize(v any) any {
	switch x := v.(type) {
	case int:
		return int64(x)
	case uint64:
		return int64(x)
	case int32:
		return int64(x)
	case uint32:
		return int64(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalize(e)
		}
		return out
	case []map[string]any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalize(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = normalize(e)
		}
		return out
	case time.Time:
		return x
	}
	return v
}
