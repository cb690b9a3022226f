package frontmatter

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gloss-ssg/gloss/generator/diag"
	"github.com/gloss-ssg/gloss/generator/hostile"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		fields   map[string]any
		body     string
		bodyLine int
		problems []string
	}{
		{
			name:     "no front matter",
			src:      "# Hello\n",
			fields:   map[string]any{},
			body:     "# Hello\n",
			bodyLine: 1,
		},
		{
			name:     "yaml",
			src:      "---\ntitle: Chips\nweight: 3\ndraft: true\ntopics: [a, b]\n---\nBody\n",
			fields:   map[string]any{"title": "Chips", "weight": int64(3), "draft": true, "topics": []any{"a", "b"}},
			body:     "Body\n",
			bodyLine: 7,
		},
		{
			name:     "yaml with CRLF line ends",
			src:      "---\r\ntitle: Chips\r\n---\r\nBody\r\n",
			fields:   map[string]any{"title": "Chips"},
			body:     "Body\r\n",
			bodyLine: 4,
		},
		{
			name:     "toml",
			src:      "+++\ntitle = \"Chips\"\nweight = 2\ntopics = [\"x\"]\n+++\n\nBody\n",
			fields:   map[string]any{"title": "Chips", "weight": int64(2), "topics": []any{"x"}},
			body:     "\nBody\n",
			bodyLine: 6,
		},
		{
			name:     "empty yaml",
			src:      "---\n---\nBody",
			fields:   map[string]any{},
			body:     "Body",
			bodyLine: 3,
		},
		{
			name:     "a thematic break is not front matter unless it opens the file",
			src:      "Intro\n---\ntitle: x\n---\n",
			fields:   map[string]any{},
			body:     "Intro\n---\ntitle: x\n---\n",
			bodyLine: 1,
		},
		{
			name:     "unclosed",
			src:      "---\ntitle: x\n",
			fields:   map[string]any{},
			body:     "---\ntitle: x\n",
			bodyLine: 1,
			problems: []string{`f.md:1:1: front matter opened with "---" is never closed: add a line "---" after it`},
		},
		{
			name:     "yaml syntax error is reported on the file's line",
			src:      "---\ntitle: x\ntopics: [a, b\n---\n",
			fields:   map[string]any{},
			body:     "",
			bodyLine: 5,
			problems: []string{"f.md:3:9: front matter: sequence end token ']' not found"},
		},
		{
			name:     "duplicate yaml key",
			src:      "---\ntitle: x\ntitle: y\n---\n",
			fields:   map[string]any{},
			body:     "",
			bodyLine: 5,
			problems: []string{`f.md:3:1: front matter: key "title" is already set on line 2`},
		},
		{
			name:     "toml syntax error",
			src:      "+++\ntitle = \"x\"\nweight = = 2\n+++\n",
			fields:   map[string]any{},
			body:     "",
			bodyLine: 5,
			problems: []string{"f.md:3:10: front matter: expected value but found '=' instead"},
		},
		{
			name:     "yaml that is not a mapping",
			src:      "---\n- a\n- b\n---\n",
			fields:   map[string]any{},
			body:     "",
			bodyLine: 5,
			problems: []string{"f.md:2:1: front matter must be a list of key: value lines"},
		},
		{
			name:     "yaml of 2,000 lines",
			src:      "---\n" + yamlKeys(MaxYAMLLines) + "---\nBody\n",
			fields:   yamlFields(MaxYAMLLines),
			body:     "Body\n",
			bodyLine: MaxYAMLLines + 3,
		},
		{
			name:     "yaml of 2,001 lines is refused",
			src:      "---\n" + yamlKeys(MaxYAMLLines+1) + "---\nBody\n",
			fields:   map[string]any{},
			body:     "Body\n",
			bodyLine: MaxYAMLLines + 4,
			problems: []string{"f.md:2002:1: front matter has 2001 lines: gloss reads at most 2000; put long text in the page's body"},
		},
		{
			name:     "yaml of 100,000 lines is refused",
			src:      "---\n" + yamlKeys(100000) + "---\n",
			fields:   map[string]any{},
			body:     "",
			bodyLine: 100003,
			problems: []string{"f.md:2002:1: front matter has 100000 lines: gloss reads at most 2000; put long text in the page's body"},
		},
		{
			name:     "toml of 20,000 keys is read",
			src:      hostile.TOMLFrontMatter(20000),
			fields:   tomlFields(20000),
			body:     "Body.\n",
			bodyLine: 20004,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, probs := Parse("f.md", []byte(tt.src))
			got := map[string]any{}
			for _, f := range doc.Fields {
				got[f.Key] = f.Value
			}
			if !reflect.DeepEqual(got, tt.fields) {
				t.Errorf("fields = %#v, want %#v", got, tt.fields)
			}
			if string(doc.Body) != tt.body || doc.BodyLine != tt.bodyLine {
				t.Errorf("body = %q at line %d, want %q at line %d", doc.Body, doc.BodyLine, tt.body, tt.bodyLine)
			}
			var msgs []string
			for _, p := range probs {
				msgs = append(msgs, p.String())
			}
			if !reflect.DeepEqual(msgs, tt.problems) {
				t.Errorf("problems = %q, want %q", msgs, tt.problems)
			}
		})
	}
}

func TestFieldPositions(t *testing.T) {
	doc, _ := Parse("f.md", []byte("---\ntitle: Chips\n  \nweight:   7\n---\n"))
	f, _ := doc.Fields.Get("weight")
	if want := (diag.Position{File: "f.md", Line: 4, Col: 11}); f.Pos != want {
		t.Errorf("weight at %v, want %v", f.Pos, want)
	}
	doc, _ = Parse("f.md", []byte("+++\ntitle = \"x\"\n  weight = 7\n+++\n"))
	f, _ = doc.Fields.Get("weight")
	if want := (diag.Position{File: "f.md", Line: 3, Col: 3}); f.Pos != want {
		t.Errorf("toml weight at %v, want %v", f.Pos, want)
	}
}

func TestReader(t *testing.T) {
	src := "---\ntitle: 2023\nweight: heavy\ndraft: yes please\ntopics: chips\ndate: 2023-03-05\nupdated: \"5 March\"\nlist: [1, 2]\n---\n"
	doc, _ := Parse("f.md", []byte(src))
	var probs diag.List
	r := Reader{Fields: doc.Fields, Probs: &probs}
	if got := r.String("title"); got != "2023" {
		t.Errorf("title = %q, want a number read as text", got)
	}
	if got := r.Int("weight"); got != 0 {
		t.Errorf("weight = %d", got)
	}
	if got := r.Bool("draft"); got {
		t.Errorf("draft = %v", got)
	}
	if got := r.Strings("topics"); !reflect.DeepEqual(got, []string{"chips"}) {
		t.Errorf("topics = %q, want one text read as a list of one", got)
	}
	if got := r.Date("date"); !got.Equal(time.Date(2023, 3, 5, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("date = %v", got)
	}
	r.Date("updated")
	r.Strings("list")
	r.String("missing")
	var msgs []string
	for _, p := range probs.Sorted() {
		msgs = append(msgs, p.String())
	}
	want := []string{
		`f.md:3:9: front matter "weight" must be a whole number, not the text "heavy"`,
		`f.md:4:8: front matter "draft" must be true or false, not the text "yes please"`,
		`f.md:7:10: front matter "updated": "5 March" is not a date; write it as 2023-03-05`,
		`f.md:8:7: front matter "list" must be a list of texts, not a list`,
	}
	if !reflect.DeepEqual(msgs, want) {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
}

// FuzzParse checks that no front matter, however broken, crashes the parser,
// and that every position it reports lies inside the file.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: x\n---\nbody",
		"+++\ntitle = 'x'\n+++\n",
		"---\n: :\n---\n",
		"---\ntopics: [a,\n---\n",
		"+++\n[[a]]\nb=1\n+++\n",
		"---\r\nx: &a [*a]\r\n---\r\n",
		hostile.TOMLFrontMatter(100), // issue 12: many keys, each given its line
		"+++\n\"q\" = 1\n'r' = 2\n[t]\nq = 3\n+++\n",
		// Nesting past MaxDepth, and brackets closed more than opened.
		"+++\nx = " + strings.Repeat("[", MaxDepth+3) + "\n+++\n",
		"---\nx: " + strings.Repeat("{a: ", MaxDepth-1) + "1" + strings.Repeat("}", MaxDepth-1) + "\n---\n",
		"---\nx: ]]]} [[\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, probs := Parse("f.md", src)
		lines := strings.Count(string(src), "\n") + 1
		for _, p := range probs {
			if p.Pos.Line < 1 || p.Pos.Line > lines {
				t.Fatalf("problem %q at line %d of a %d-line file", p, p.Pos.Line, lines)
			}
		}
		for _, fl := range doc.Fields {
			if fl.Pos.Line < 1 || fl.Pos.Line > lines {
				t.Fatalf("field %q at line %d of a %d-line file", fl.Key, fl.Pos.Line, lines)
			}
		}
		if doc.BodyLine < 1 || doc.BodyLine > lines+1 {
			t.Fatalf("body at line %d of a %d-line file", doc.BodyLine, lines)
		}
	})
}

func yamlKeys(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "key_%d: %d\n", i, i)
	}
	return b.String()
}

func yamlFields(n int) map[string]any {
	m := map[string]any{}
	for i := 0; i < n; i++ {
		m[fmt.Sprintf("key_%d", i)] = int64(i)
	}
	return m
}

func tomlFields(n int) map[string]any {
	m := yamlFields(n)
	m["title"] = "Many keys"
	return m
}

// TestDateKeepsItsOffset: a date is shown on the day it was written, in the
// offset it was written in, whatever the build machine's time zone.
func TestDateKeepsItsOffset(t *testing.T) {
	// A build machine east of UTC, where TOML's local dates used to slip
	// back a day. Not parallel: time.Local is the process's.
	saved := time.Local
	time.Local = time.FixedZone("JST", 9*3600)
	t.Cleanup(func() { time.Local = saved })
	for _, tt := range []struct{ name, src, want string }{
		{"yaml offset", "---\ndate: 2026-11-27T01:00:00+09:00\n---\n", "2026-11-27T01:00:00+09:00"},
		{"yaml quoted offset", "---\ndate: \"2026-11-27T01:00:00+09:00\"\n---\n", "2026-11-27T01:00:00+09:00"},
		{"yaml west of UTC", "---\ndate: 2026-11-27T23:30:00-08:00\n---\n", "2026-11-27T23:30:00-08:00"},
		{"yaml date only", "---\ndate: 2026-11-27\n---\n", "2026-11-27T00:00:00Z"},
		{"yaml no offset", "---\ndate: 2026-11-27 23:30:00\n---\n", "2026-11-27T23:30:00Z"},
		{"toml offset", "+++\ndate = 2026-11-27T01:00:00+09:00\n+++\n", "2026-11-27T01:00:00+09:00"},
		{"toml local date-time", "+++\ndate = 2026-11-27T23:30:00\n+++\n", "2026-11-27T23:30:00Z"},
		{"toml local date", "+++\ndate = 2026-11-27\n+++\n", "2026-11-27T00:00:00Z"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc, probs := Parse("f.md", []byte(tt.src))
			if len(probs) != 0 {
				t.Fatal(probs)
			}
			var list diag.List
			got := Reader{Fields: doc.Fields, Probs: &list}.Date("date")
			if s := got.Format(time.RFC3339); s != tt.want {
				t.Errorf("date = %s, want %s", s, tt.want)
			}
			if day := got.Format("2 January"); day != "27 November" {
				t.Errorf("shown as %s, want 27 November", day)
			}
		})
	}
}

// TestNestingBound: brackets may nest MaxDepth deep in front matter, TOML or
// YAML; one deeper is an error at the bracket, before either parser reads
// it (a million levels took them seconds and gigabytes).
func TestNestingBound(t *testing.T) {
	deep := func(n int) string { return strings.Repeat("[", n) + "1" + strings.Repeat("]", n) }
	tooDeep := func(line, col int) string {
		return fmt.Sprintf("a.md:%d:%d: brackets nest more than %d deep here: gloss stops reading; nest lists and tables less", line, col, MaxDepth)
	}
	for _, c := range []struct{ name, src, want string }{
		{"TOML arrays at the bound", "+++\ntitle = \"T\"\nx = " + deep(MaxDepth) + "\n+++\n", ""},
		{"TOML arrays one deeper", "+++\ntitle = \"T\"\nx = " + deep(MaxDepth+1) + "\n+++\n", tooDeep(3, 5+MaxDepth)},
		{"TOML inline tables, a million deep", "+++\nx = " + strings.Repeat("{a=", 1000000) + "\n+++\n", tooDeep(2, 5+3*MaxDepth)},
		{"YAML flow lists at the bound", "---\nx: " + deep(MaxDepth) + "\n---\n", ""},
		{"YAML flow maps over lines", "---\ntitle: T\nx:\n  " + strings.Repeat("{a:\n  ", MaxDepth+1) + "1\n---\n", tooDeep(3+MaxDepth+1, 3)},
		{"closing brackets do not count below zero", "---\ntitle: \"]]]]\"\nx: " + deep(MaxDepth) + "\n---\n", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, probs := Parse("a.md", []byte(c.src))
			var got []string
			for _, p := range probs {
				got = append(got, p.String())
			}
			if strings.Join(got, "\n") != c.want {
				t.Errorf("problems %q, want %q", got, c.want)
			}
		})
	}
}
