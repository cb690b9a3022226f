package frontmatter

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/generator/diag"
)

// naiveTOMLKeyPos is the definition: the first line that starts with the
// key in one of its forms, then "=" (or is the table header [key]).
func naiveTOMLKeyPos(file string, lines []string, firstLine int, key string) diag.Position {
	for i, l := range lines {
		t := strings.TrimLeft(l, " \t")
		for _, form := range []string{key, `"` + key + `"`, "'" + key + "'", "[" + key + "]"} {
			if strings.HasPrefix(t, form) {
				rest := strings.TrimLeft(t[len(form):], " \t")
				if strings.HasPrefix(rest, "=") || form[0] == '[' {
					return diag.Position{File: file, Line: i + firstLine, Col: len(l) - len(t) + 1}
				}
			}
		}
	}
	return diag.Position{File: file, Line: firstLine, Col: 1}
}

func TestTOMLKeyLines(t *testing.T) {
	toml := "title = \"x\"\n  date=2023-01-02\n\"quoted key\" = 1\n'single' = 2\nlist = [\n  \"a = b\",\n]\n[table]\nsub = 1\n\t[[array]]\nweight = 3\ntitle = \"again\"\n"
	for key, want := range map[string]string{
		"title": "f:2:1", "date": "f:3:3", "quoted key": "f:4:1", "single": "f:5:1", "list": "f:6:1",
		"table": "f:9:1", "sub": "f:10:1", "weight": "f:12:1", "array": "f:2:1", "missing": "f:2:1",
	} {
		if got := IndexTOMLKeys("f", toml, 2).Pos(key).String(); got != want {
			t.Errorf("%s at %s, want %s", key, got, want)
		}
	}
	// Random texts made of key-like pieces: the index agrees with the definition.
	rng := rand.New(rand.NewPCG(5, 6))
	pieces := []string{"a", "b", "ab", " ", "\t", "=", "\"", "'", "[", "]", ".", "1", "\n", "\n", "a b"}
	for round := 0; round < 3000; round++ {
		var b strings.Builder
		for n := rng.IntN(30); n > 0; n-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		text := b.String()
		idx := IndexTOMLKeys("f", text, 1)
		for _, key := range []string{"a", "b", "ab", "a b", "a.b"} {
			want := naiveTOMLKeyPos("f", strings.Split(text, "\n"), 1, key)
			if got := idx.Pos(key); got != want {
				t.Fatalf("%q in %q: %v, want %v", key, text, got, want)
			}
		}
	}
}
