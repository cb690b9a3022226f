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
	// next is, per base, the suffix to try first: the one after the last
	// given. Without it the n-th "Overview" would try n-1 taken ids first,
	// and 10,000 equal headings would cost 50 million tries.
	next map[string]int
}

func newIDs() *ids { return &ids{used: map[string]bool{}, next: map[string]int{}} }

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
	if s.used[id] || reserved(id) {
		// Suffixes below next[base] are all taken: each id is skipped by
		// one base at most (base-N parses back to one base), so the work of
		// all headings together is linear.
		i := max(s.next[base], 1)
		for id = base + "-" + strconv.Itoa(i); s.used[id] || reserved(id); i++ {
			id = base + "-" + strconv.Itoa(i+1)
		}
		s.next[base] = i + 1
	}
	s.used[id] = true
	return []byte(id)
}

func (s *ids) Put(value []byte) { s.used[string(value)] = true }

// reserved ids are the ones gloss itself gives paragraphs of a source (p1,
// p2, …), so a heading called "P1" cannot steal a citation's target.
// Only "p" and digits: strconv.Atoi would also take "p-1" and "p+1", and a
// second heading "P" (base "p", then p-1, p-2 … all "reserved") never ended.
func reserved(id string) bool {
	if len(id) < 2 || id[0] != 'p' {
		return false
	}
	for _, c := range []byte(id[1:]) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
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
