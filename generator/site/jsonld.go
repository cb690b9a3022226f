package site

import (
	"fmt"
	"strings"

	"github.com/gloss-ssg/gloss/generator/annotate"
)

// JSONLD is the page's schema.org description, for search engines and
// citation tools: an Article for explainers (with its quotations), a Person,
// a DefinedTerm, a CreativeWork for sources, a WebSite for the home page.
// Templates write it into a <script type="application/ld+json">, where
// html/template encodes it as JSON.
func (p *Page) JSONLD() map[string]any {
	base := map[string]any{"@context": "https://schema.org", "url": p.Permalink()}
	switch {
	case p.Kind == KindHome:
		base["@type"] = "WebSite"
		base["name"] = p.Site.Config.Title
		if d := p.Description(); d != "" {
			base["description"] = d
		}
	case p.Layout == "person":
		base["@type"] = "Person"
		base["name"] = p.Title
		if role, ok := p.Params["role"].(string); ok {
			base["jobTitle"] = role
		}
		if org, ok := p.Params["organisation"].(string); ok {
			base["affiliation"] = map[string]any{"@type": "Organization", "name": org}
		}
	case p.Layout == "organisation":
		// An organisation, or a document that speaks in a source ("the
		// report emphasizes …"): kind: Report says which.
		base["@type"] = speakerType(p)
		base["name"] = p.Title
		if d := p.Description(); d != "" {
			base["description"] = d
		}
	case p.Layout == "term":
		base["@type"] = "DefinedTerm"
		base["name"] = p.Title
		if def, ok := p.Params["definition"].(string); ok {
			base["description"] = def
		}
		if sec := p.Section; sec != nil && sec.Page != nil {
			base["inDefinedTermSet"] = sec.Page.Permalink()
		}
	case p.Layout == "source":
		base["@type"] = "CreativeWork"
		base["name"] = p.Title
		if d := p.Description(); d != "" {
			base["description"] = d
		}
	case p.Kind == KindPage:
		p.article(base)
	default:
		return nil
	}
	p.revisions(base)
	return base
}

// article describes an explainer (or any other regular page) as an
// Article: its topics, the source paragraphs it cites and its quotations.
func (p *Page) article(base map[string]any) {
	base["@type"] = "Article"
	base["headline"] = p.Title
	if d := p.Description(); d != "" {
		base["description"] = d
	}
	if !p.Date.IsZero() {
		base["datePublished"] = p.Date.Format("2006-01-02")
	}
	var about []string
	for _, t := range p.Topics {
		about = append(about, t.Title)
	}
	if len(about) > 0 {
		base["keywords"] = about
	}
	var cites []string
	for _, c := range p.SourcesCited() {
		for _, n := range c.Paragraphs {
			cites = append(cites, fmt.Sprintf("%s#p%d", c.Source.Permalink(), n))
		}
	}
	if len(cites) > 0 {
		base["citation"] = cites
	}
	var quotes []map[string]any
	for _, q := range p.Quotes {
		quotes = append(quotes, q.quotation())
	}
	if len(quotes) > 0 {
		base["hasPart"] = quotes
	}
}

// quotation describes a quote as a schema.org Quotation.
func (q *Quote) quotation() map[string]any {
	quote := map[string]any{"@type": "Quotation", "text": q.Text}
	var person map[string]any
	switch {
	case q.Person != nil:
		person = map[string]any{"@type": speakerType(q.Person), "name": q.Person.Title, "url": q.Person.Permalink()}
	case q.Unnamed != "":
		person = map[string]any{"@type": "Person", "name": annotate.Entity{Kind: annotate.KindUnnamed, Title: q.Unnamed}.Speaker()}
	}
	if person != nil {
		name := person["name"].(string)
		if q.Reported() {
			// The source's words about what the person said, not
			// theirs: the quotation is about them, spoken by no one.
			quote["about"] = person
			quote["description"] = "Reported speech: the source's account of what " + name + " said, not their own words."
		} else {
			quote["spokenByCharacter"] = person
		}
	}
	if q.Source != nil {
		quote["isBasedOn"] = fmt.Sprintf("%s#p%d", q.Source.Permalink(), q.Paragraph)
	}
	return quote
}

// revisions adds when the page last changed and its corrections, as
// schema.org CorrectionComments, so that citation tools see them too.
func (p *Page) revisions(base map[string]any) {
	if m := p.Modified(); !m.IsZero() && !m.Equal(p.Date) {
		base["dateModified"] = m.Format("2006-01-02")
	}
	var corrections []map[string]any
	for _, c := range p.Corrections {
		corrections = append(corrections, map[string]any{
			"@type": "CorrectionComment", "text": c.Text, "datePublished": c.Date.Format("2006-01-02"),
		})
	}
	if len(corrections) > 0 {
		base["correction"] = corrections
	}
}

// speakerType is the schema.org type of a quote's speaker.
func speakerType(p *Page) string {
	if p.Layout == "organisation" {
		if kind, _ := p.Params["kind"].(string); strings.EqualFold(kind, "report") {
			return "Report"
		}
		return "Organization"
	}
	return "Person"
}
