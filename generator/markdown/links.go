package markdown

import (
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/gloss-ssg/gloss/generator/diag"
)

// link checks and rewrites one link or image destination.
func (st *state) link(dest []byte, n ast.Node, image bool) []byte {
	// goldmark keeps entities in destinations and decodes them when it
	// writes the href: decode them here too, or "&#106;avascript:" would
	// slip past the scheme check.
	d := html.UnescapeString(string(dest))
	pos := st.lines.pos(st.in.File, linkOffset(n, image))
	if scheme, ok := urlScheme(d); ok {
		if !safeScheme(scheme, d, image) {
			st.out.Problems = append(st.out.Problems, diag.Problem{Pos: pos,
				Msg: "unsafe link " + quoteShort(d) + ": only http, https, mailto and tel links are allowed"})
			return nil
		}
		return []byte(d)
	}
	if st.in.Links == nil || strings.HasPrefix(d, "//") {
		return dest
	}
	href, problem := st.in.Links.ResolveLink(d, pos)
	if problem != "" {
		st.out.Problems = append(st.out.Problems, diag.Problem{Pos: pos, Msg: problem})
		return []byte(d)
	}
	return []byte(href)
}

// urlScheme returns the scheme of dest as a browser would read it: browsers
// drop ASCII tabs and newlines and leading spaces or control characters
// before they look for one, so "java\tscript:" is a javascript: URL.
func urlScheme(dest string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(dest); i++ {
		c := dest[i]
		if c == '\t' || c == '\n' || c == '\r' || b.Len() == 0 && c <= ' ' {
			continue
		}
		b.WriteByte(c)
	}
	s := b.String()
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ':':
			return strings.ToLower(s[:i]), i > 0
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return "", false
		}
	}
	return "", false
}

func safeScheme(scheme, dest string, image bool) bool {
	switch scheme {
	case "http", "https":
		return true
	case "mailto", "tel":
		return !image
	case "data":
		if !image {
			return false
		}
		lower := strings.ToLower(dest)
		for _, t := range []string{"data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"} {
			if strings.HasPrefix(lower, t) {
				return true
			}
		}
	}
	return false
}

func quoteShort(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return "\"" + s + "\""
}

// linkOffset finds where a link starts in the source: just before its first
// text ("[" or "!["), or at the start of the block holding it.
func linkOffset(n ast.Node, image bool) int {
	back := 1
	if image {
		back = 2
	}
	if off, ok := firstTextOffset(n); ok {
		return max(off-back, 0)
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return 0
}

func firstTextOffset(n ast.Node) (int, bool) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start, true
		}
		if off, ok := firstTextOffset(c); ok {
			return off, true
		}
	}
	return 0, false
}
