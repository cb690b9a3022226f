package site

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/gloss-ssg/gloss/generator/annotate"
)

// Margin is what the theme's "paragraph-margin" partial receives: what is
// shown beside one paragraph of a source, gathered from the annotations of
// every page (Aggregate). Its "cited-by" partial receives the same.
type Margin struct {
	Source    *Page
	Paragraph int
	// Notes are the editors' notes on the paragraph (:::gloss), rendered.
	Notes template.HTML
	// Pages are the pages citing the paragraph, explainers only when any do.
	Pages []*Page
	// Quotes are the quotes taken from the paragraph across the site, the
	// first of each page.
	Quotes []*Quote
	// Speakers are the people, organisations and unnamed speakers the
	// paragraph gives words to.
	Speakers []Speaker
}

// Margin is what is shown beside paragraph n of the source p, given the
// editors' notes on it, rendered.
func (p *Page) Margin(n int, notes template.HTML) Margin {
	return Margin{Source: p, Paragraph: n, Notes: notes, Pages: explainersFirst(p.CitedBy[n]), Quotes: firstPerPage(p.QuotesFrom[n]), Speakers: speakers(p, n)}
}

// MarginKey names, for the source p, what its margins show of other pages:
// the pages citing each paragraph, who speaks in it, the quotes taken from
// it. A conversion of the source that shows its margins is kept while the
// key is unchanged (the notes are in the source's own file).
func (p *Page) MarginKey() string {
	var key strings.Builder
	for n := 1; n <= len(p.Site.Paragraphs(p)); n++ {
		for _, c := range explainersFirst(p.CitedBy[n]) {
			fmt.Fprintf(&key, "%d %s %s\n", n, c.URL, c.Title)
		}
		for _, sp := range speakers(p, n) {
			fmt.Fprintf(&key, "%d speaker %s %s\n", n, sp.Name(), sp.Form)
		}
		for _, q := range p.QuotesFrom[n] {
			fmt.Fprintf(&key, "%d quote %s %s %s %q\n", n, q.Href(), q.Page.Title, q.SpeakerName(), q.Text)
		}
	}
	return key.String()
}

// Speaker is someone a source paragraph gives words to, and how: "direct"
// when it quotes them, "reported" when it reports them. Person is the page
// of a person or organisation; for a speaker the source leaves unnamed it
// is nil and Unnamed holds the source's words for them.
type Speaker struct {
	Person  *Page
	Unnamed string
	Form    string
}

// Name identifies the speaker in a cache key: a page's URL and title, or
// the source's words for an unnamed one.
func (s Speaker) Name() string {
	if s.Person != nil {
		return s.Person.URL + " " + s.Person.Title
	}
	return "unnamed " + s.Unnamed
}

// speakers lists, in order of first appearance, who paragraph n of src
// gives words to (its :said spans), each once; a person both quoted and
// reported in it is listed as quoted.
func speakers(src *Page, n int) []Speaker {
	var out []Speaker
	at := map[string]int{}
	for _, a := range annotate.AttributionsIn(src.Site.Attributions(src), n) {
		person := src.Site.Speaker(a.Who)
		unnamed := ""
		if person == nil {
			if unnamed = src.Site.UnnamedName(src, a.Who); unnamed == "" {
				continue
			}
		}
		if i, seen := at[a.Who]; seen {
			if a.Form == annotate.FormDirect {
				out[i].Form = a.Form
			}
			continue
		}
		at[a.Who] = len(out)
		out = append(out, Speaker{Person: person, Unnamed: unnamed, Form: a.Form})
	}
	return out
}

// firstPerPage keeps the first of the quotes each page takes from a
// paragraph: the margin names each quoting page once.
func firstPerPage(quotes []*Quote) []*Quote {
	var out []*Quote
	seen := map[*Page]bool{}
	for _, q := range quotes {
		if !seen[q.Page] {
			seen[q.Page] = true
			out = append(out, q)
		}
	}
	return out
}

// explainersFirst keeps the explainers among pages citing a paragraph: the
// glossary and topic pages cite too, but a reader checking a claim wants the
// explainers. Sites without explainers keep every page.
func explainersFirst(pages []*Page) []*Page {
	var out []*Page
	for _, p := range pages {
		if p.IsExplainer() {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return pages
	}
	return out
}
