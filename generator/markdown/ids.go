package markdown

import (
	"strconv"
	"unicode"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
)

// ids makes heading ids the way authors expect from GitHub: lower case, words
// joined by hyphens, letters of every script kept (a Chinese heading gets a
// Chinese id rather than "heading"), and -1, -2 … for repeats. The same
// headings always get the same ids.
type ids struct {
	used map[string]bool
}

func newIDs() *ids { return &ids{used: map[string]bool{}} }

func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	var out []rune
	dash := false
	for _, r := range string(typographic(string(value))) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && len(out) > 0 {
				out = append(out, '-')
			}
			dash = false
			out = append(out, unicode.ToLower(r))
		case r == ' ' || r == '-' || r == '_' || unicode.IsSpace(r):
			dash = true
		}
	}
	base := string(out)
	if base == "" {
		base = "section"
	}
	id := base
	for i := 1; s.used[id] || reserved(id); i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	s.used[id] = true
	return []byte(id)
}

func (s *ids) Put(value []byte) { s.used[string(value)] = true }

// reserved ids are the ones gloss itself gives paragraphs of a source (p1,
// p2, …), so a heading called "P1" cannot steal a citation's target.
func reserved(id string) bool {
	if len(id) < 2 || id[0] != 'p' {
		return false
	}
	_, err := strconv.Atoi(id[1:])
	return err == nil
}

// footnoteIDs adds the ids goldmark's footnote renderer will write for a
// footnote reference: the note's and the reference's own.
func footnoteIDs(l *extast.FootnoteLink, ids map[string]bool) {
	i := strconv.Itoa(l.Index)
	ids["fn:"+i] = true
	if l.RefIndex > 0 {
		ids["fnref"+strconv.Itoa(l.RefIndex)+":"+i] = true
	} else {
		ids["fnref:"+i] = true
	}
}
