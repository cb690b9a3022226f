package annotate

import (
	"errors"
	"html/template"
	"io"
	"strings"

	"github.com/gloss-ssg/gloss/generator/diag"
)

// Most kinds resolve everything while their page is converted: what they
// need of other pages (a source's paragraphs and attributions, an entity's
// title) is known by then, through the page's Resolver, because sources are
// converted first. A kind that shows what only the whole site knows (a key
// figure defined on any other page) cannot: it writes a placeholder instead,
// Placeholder(kind, arg), and its Kind.Finish renders it from a Lookup once
// every page is read. Finish does that for a page's HTML.

// Lookup answers placeholders with what is known once every page is read.
// The site implements it.
type Lookup interface {
	// Figure is the key figure defined with id, with the link to it and
	// the title of the page defining it; ok is false for none.
	Figure(id string) (def *StatData, href, pageTitle string, ok bool)
}

// Finisher renders one placeholder of its kind, with the argument the kind
// gave Placeholder. A kind declares it as Kind.Finish.
type Finisher func(w io.Writer, arg string, site Lookup, t Templates) error

// The placeholder is <!--gloss␀KIND␀ARG␀-->, ␀ a NUL byte. No text gloss
// loads keeps NUL (textfile.Clean replaces it), so an author's raw HTML
// cannot write a placeholder, closed or not, and a page's own HTML is kept
// as written. The comment around it keeps it out of sight should a page be
// shown unfinished.
const (
	placeholderOpen  = "<!--gloss\x00"
	placeholderSep   = "\x00"
	placeholderClose = "\x00-->"
)

// Placeholder is what a kind with a Finish writes where it shows what only
// the whole site knows; arg (an id, say) tells its Finish what to show, and
// holds no NUL.
func Placeholder(kind, arg string) string {
	return placeholderOpen + kind + placeholderSep + arg + placeholderClose
}

// HasPlaceholders reports whether a page whose annotations made refs may
// hold placeholders: a kind with a Finish records a Reference of its own
// kind for each placeholder it writes. It spares reading every other page's
// body again.
func (v Vocabulary) HasPlaceholders(refs []Reference) bool {
	for _, r := range refs {
		if k := v[r.Kind]; k != nil && k.Finish != nil {
			return true
		}
	}
	return false
}

// Finish replaces each placeholder in a page's HTML with its kind's
// rendering, looked up in site; changed is false when html holds none.
// Problems are reported at pos, the page: a placeholder's references were
// checked, at the annotation, when the site was aggregated, so these are
// the templates' errors, and placeholders gloss itself garbled.
func (v Vocabulary) Finish(html template.HTML, site Lookup, t Templates, pos diag.Position) (out template.HTML, changed bool, problems []diag.Problem) {
	rest := string(html)
	if !strings.Contains(rest, placeholderOpen) {
		return html, false, nil
	}
	var b strings.Builder
	b.Grow(len(rest))
	for {
		before, after, found := strings.Cut(rest, placeholderOpen)
		b.WriteString(before)
		if !found {
			break
		}
		kind, arg, next, ok := parsePlaceholder(after)
		k := v[kind]
		if !ok || k == nil || k.Finish == nil {
			// Only gloss writes placeholders (see placeholderOpen): this one
			// is a bug, reported rather than shown or panicked on.
			problems = append(problems, diag.Problem{Pos: pos, Msg: "internal error: a garbled annotation placeholder in the page's HTML, " + quoteGarbled(placeholderOpen+after)})
			b.WriteString(placeholderOpen)
			rest = after
			continue
		}
		if err := k.Finish(&b, arg, site, t); err != nil {
			problems = append(problems, asProblem(err, pos))
		}
		rest = next
	}
	return template.HTML(b.String()), true, problems
}

// parsePlaceholder reads "KIND␀ARG␀-->", the rest of a placeholder after
// placeholderOpen, and the HTML after it.
func parsePlaceholder(s string) (kind, arg, next string, ok bool) {
	kind, s, ok = strings.Cut(s, placeholderSep)
	if !ok {
		return "", "", "", false
	}
	arg, s, ok = strings.Cut(s, placeholderSep)
	if !ok || !strings.HasPrefix(s, placeholderClose[len(placeholderSep):]) {
		return "", "", "", false
	}
	return kind, arg, s[len(placeholderClose)-len(placeholderSep):], true
}

// asProblem is a Finisher's error as a diagnostic: a template error knows
// its own position.
func asProblem(err error, pos diag.Position) diag.Problem {
	var positioned interface{ Problem() diag.Problem }
	if errors.As(err, &positioned) {
		return positioned.Problem()
	}
	return diag.Problem{Pos: pos, Msg: err.Error()}
}

// quoteGarbled shows the start of a garbled placeholder, NULs as ␀.
func quoteGarbled(s string) string {
	if r := []rune(s); len(r) > 60 {
		s = string(r[:60]) + "…"
	}
	return `"` + strings.ReplaceAll(s, "\x00", "␀") + `"`
}
