package markdown

import (
	"fmt"

	"github.com/yuin/goldmark/parser"

	"github.com/gloss-ssg/gloss/generator/diag"
)

// Page is what an extension (annotations) may ask about the page being
// converted, from inside goldmark's parsers and transformers.
type Page struct{ st *state }

// OutOfOpenLines reports whether the page passed MaxOpenLines, so its
// blocks were closed by gloss rather than by their author.
func (p *Page) OutOfOpenLines() bool { return p.st.openLines > MaxOpenLines }

// PageOf returns the page a parser context belongs to, or nil outside Convert.
func PageOf(pc parser.Context) *Page {
	st, _ := pc.Get(stateKey).(*state)
	if st == nil {
		return nil
	}
	return &Page{st}
}

// File is the page's site-relative path.
func (p *Page) File() string { return p.st.in.File }

// Position turns a byte offset in the page body into a file position.
func (p *Page) Position(offset int) diag.Position { return p.st.lines.pos(p.st.in.File, offset) }

// Errorf reports an error at a byte offset of the page body.
func (p *Page) Errorf(offset int, format string, args ...any) {
	p.st.out.Problems = append(p.st.out.Problems, diag.Problem{Pos: p.Position(offset), Msg: fmt.Sprintf(format, args...)})
}

// Warnf reports a warning at a byte offset of the page body.
func (p *Page) Warnf(offset int, format string, args ...any) {
	p.st.out.Problems = append(p.st.out.Problems, diag.Problem{Pos: p.Position(offset), Severity: diag.Warning, Msg: fmt.Sprintf(format, args...)})
}

// AddID records an id the page will have, for #fragment checks.
func (p *Page) AddID(id string) { p.st.out.IDs[id] = true }

// Value returns a per-page value the caller passed in Input.Values.
func (p *Page) Value(key any) any { return p.st.in.Values[key] }

// Numbered says the page's top-level paragraphs are numbered: a source.
func (p *Page) Numbered() bool { return p.st.in.Numbered }
