package annotate

import (
	"strconv"
	"strings"
)

// The first vocabulary for explainers. Each kind's Data is what its template
// receives as .Data.

// QuoteData is a quote's speaker and the paragraph it is verified against.
type QuoteData struct {
	Person        Entity
	Source        Entity
	Paragraph     int
	ParagraphHref string
}

// CiteData is a claim's provenance: a source paragraph and its opening words.
type CiteData struct {
	Source    Entity
	Paragraph int
	Href      string
	Passage   string // the paragraph's opening words, for the preview
}

// TermData is a glossary term used in place.
type TermData struct {
	Term       Entity
	Definition string
}

// PersonData is a person named in the text.
type PersonData struct{ Person Entity }

// StatData is a key figure. A reference (::stat{ref=…}) gets the data of
// the definition it names once every page has been read.
type StatData struct {
	ID, Label, Value, Unit, Period string
	Source                         Entity
	Paragraph                      int
	CiteHref                       string
	// Ref is true for a reference to a figure defined on another page.
	Ref bool
	// DefinedOn is the page that defines the figure, for references.
	DefinedOnHref, DefinedOnTitle string
}

// CalloutData is a labelled box.
type CalloutData struct {
	Kind  string
	Title string
}

// SidenoteData numbers a page's margin notes.
type SidenoteData struct{ N int }

// calloutKinds are the boxes an explainer can hold.
var calloutKinds = []string{"context", "why-it-matters", "caveat", "analysis", "what-to-watch", "note"}

var calloutTitles = map[string]string{
	"context": "Context", "why-it-matters": "Why it matters", "caveat": "Caveat",
	"analysis": "Analysis", "what-to-watch": "What to watch", "note": "Note",
}

// Explainers is the vocabulary gloss ships with.
func Explainers() Vocabulary {
	kinds := []*Kind{
		{
			Name: "quote", Forms: Container, Label: LabelNone,
			Doc: "An attributed quote, verified against the cited paragraph of the source.",
			Attrs: []AttrSpec{
				{Name: "who", Type: Ref, Entity: "person", Required: true, Doc: "the speaker's id (content/people/ID.md)"},
				{Name: "cite", Type: Citation, Required: true, Doc: "the source paragraph the words appear in: SOURCE#pN"},
			},
			Contains: []string{"term", "person", "cite", "sidenote"},
			Resolve:  resolveQuote,
		},
		{
			Name: "cite", Forms: Inline, Label: LabelOptional,
			Doc: "A claim's provenance: a link into the numbered source, the passage on hover, focus or tap.",
			Attrs: []AttrSpec{
				{Name: "src", Type: Ref, Entity: "source", Required: true, Doc: "the source's id (content/sources/ID.md)"},
				{Name: "p", Type: Paragraph, Doc: "the paragraph number; may instead be the label, as in :cite[¶12]{src=…}"},
			},
			Resolve: resolveCite,
		},
		{
			Name: "term", Forms: Inline, Label: LabelRequired,
			Doc:   "A term of art: its definition in place, and a link to the glossary entry.",
			Attrs: []AttrSpec{{Name: "id", Type: Ref, Entity: "term", Required: true, Doc: "the term's id (content/glossary/ID.md)"}},
			Resolve: func(c *Check, d *Directive) {
				if e, ok := c.Entity("id"); ok {
					d.Data = TermData{Term: e, Definition: e.Param("definition")}
					c.Record(Reference{Kind: "term", Entity: "term", ID: e.ID})
				}
			},
		},
		{
			Name: "person", Forms: Inline, Label: LabelOptional,
			Doc:   "A person named in the text: a link to their page.",
			Attrs: []AttrSpec{{Name: "id", Type: Ref, Entity: "person", Required: true, Doc: "the person's id (content/people/ID.md)"}},
			Resolve: func(c *Check, d *Directive) {
				if e, ok := c.Entity("id"); ok {
					d.Data = PersonData{Person: e}
					c.Record(Reference{Kind: "person", Entity: "person", ID: e.ID})
				}
			},
		},
		{
			Name: "stat", Forms: Leaf, Label: LabelOptional, AllowID: true,
			Doc: "A key figure card. Define it once, ::stat[label]{#id value=… cite=…}, and show it elsewhere with ::stat{ref=id}.",
			Attrs: []AttrSpec{
				{Name: "value", Type: Text, Doc: "the figure as the source gives it"},
				{Name: "unit", Type: Text, Doc: "its unit"},
				{Name: "period", Type: Text, Doc: "the period it covers"},
				{Name: "cite", Type: Citation, Doc: "the source paragraph it comes from: SOURCE#pN"},
				{Name: "ref", Type: Ref, Entity: "stat", Doc: "the id of a figure defined on another page"},
			},
			Resolve: resolveStat,
		},
		{
			Name: "callout", Forms: Container, Label: LabelOptional,
			Doc: "A labelled box: context, why it matters, a caveat, analysis, what to watch.",
			Attrs: []AttrSpec{
				{Name: "kind", Type: Enum, Values: calloutKinds, Required: true, Doc: "what the box holds"},
				{Name: "title", Type: Text, Doc: "a heading for the box (else the [label], else the kind)"},
			},
			Resolve: func(c *Check, d *Directive) {
				kind := d.Attrs.Value("kind")
				title := d.Attrs.Value("title")
				if title == "" && d.HasLabel {
					if l, ok := d.FirstChild().(interface{ AttributeString(string) (any, bool) }); ok {
						if _, isLabel := l.AttributeString(LabelAttr); isLabel {
							title = plainText(d.FirstChild(), c.source)
						}
					}
				}
				if title == "" {
					title = calloutTitles[kind]
				}
				d.Data = CalloutData{Kind: kind, Title: title}
			},
		},
		{
			Name: "sidenote", Forms: Inline | Container, Label: LabelOptional,
			Doc: "A margin note on wide screens, an inline toggle on narrow ones. Inline, the [label] is the note.",
			Resolve: func(c *Check, d *Directive) {
				if d.Form == Inline && (!d.HasLabel || labelEmpty(d, c.source)) {
					c.Errorf("sidenote needs its note as the [label]: :sidenote[the note]")
					return
				}
				_, n := c.NewID("sn")
				d.Data = SidenoteData{N: n}
			},
		},
	}
	v := Vocabulary{}
	for _, k := range kinds {
		v[k.Name] = k
	}
	return v
}

func resolveQuote(c *Check, d *Directive) {
	person, okPerson := c.Entity("who")
	src, n, text, okPara := c.CitedParagraph("cite")
	if !okPerson || !okPara {
		return
	}
	quoted := c.PlainText()
	if !QuoteIn(quoted, text) {
		c.Errorf("%s", notFoundMessage(quoted, src, n))
		return
	}
	anchor, _ := c.NewID("quote")
	d.Data = QuoteData{Person: person, Source: src, Paragraph: n, ParagraphHref: paragraphHref(src, n)}
	c.Record(Reference{Kind: "quote", Entity: "person", ID: person.ID, Paragraph: n, Anchor: anchor, Text: quoted})
	c.Record(Reference{Kind: "quote", Entity: "source", ID: src.ID, Paragraph: n, Anchor: anchor, Text: quoted})
}

func resolveCite(c *Check, d *Directive) {
	srcID := d.Attrs.Value("src")
	var n int
	var err error
	switch {
	case d.Attrs.Value("p") != "":
		n, err = ParseParagraph(d.Attrs.Value("p"))
	case d.HasLabel:
		n, err = ParseParagraph(c.PlainText())
		if err != nil {
			c.Errorf("cite needs a paragraph: write :cite[¶12]{src=%s} or add p=12", srcID)
			return
		}
	default:
		c.Errorf("cite needs a paragraph: write :cite[¶12]{src=%s} or add p=12", srcID)
		return
	}
	if err != nil {
		return // reported by the attribute check
	}
	src, n, text, ok := c.paragraph("src", srcID, n)
	if !ok {
		return
	}
	anchor, _ := c.NewID("cite")
	d.Data = CiteData{Source: src, Paragraph: n, Href: paragraphHref(src, n), Passage: openingWords(text, 160)}
	c.Record(Reference{Kind: "cite", Entity: "source", ID: src.ID, Paragraph: n, Anchor: anchor})
}

func resolveStat(c *Check, d *Directive) {
	ref := d.Attrs.Value("ref")
	id := d.Attrs.Value("id")
	if ref != "" {
		for _, a := range d.Attrs {
			if a.Key != "ref" && a.Key != "class" {
				c.AttrErrorf(a.Key, "a reference to a figure (ref=%s) takes no %s: the figure is defined once, where it has its id", ref, a.Key)
				return
			}
		}
		if d.HasLabel {
			c.Errorf("a reference to a figure (ref=%s) takes no [label]: the figure is defined once, where it has its id", ref)
			return
		}
		d.Data = &StatData{ID: ref, Ref: true}
		c.Record(Reference{Kind: "stat", Entity: "stat", ID: ref})
		return
	}
	if id == "" {
		c.Errorf("stat needs an id to be defined, ::stat[label]{#id value=… cite=…}, or ref=ID to show a figure defined elsewhere")
		return
	}
	if d.Attrs.Value("value") == "" {
		c.Errorf("stat %q needs a value", id)
		return
	}
	data := &StatData{ID: id, Label: c.PlainText(), Value: d.Attrs.Value("value"), Unit: d.Attrs.Value("unit"), Period: d.Attrs.Value("period")}
	if _, has := d.Attrs.Get("cite"); has {
		src, n, _, ok := c.CitedParagraph("cite")
		if !ok {
			return
		}
		data.Source, data.Paragraph, data.CiteHref = src, n, paragraphHref(src, n)
		c.Record(Reference{Kind: "cite", Entity: "source", ID: src.ID, Paragraph: n, Anchor: "stat-" + id})
	}
	c.AddID("stat-" + id)
	d.Data = data
	c.Record(Reference{Kind: "stat-def", Entity: "stat", ID: id, Anchor: "stat-" + id})
}

func paragraphHref(src Entity, n int) string { return src.Href + "#p" + strconv.Itoa(n) }

// openingWords cuts text to about n characters at a word boundary.
func openingWords(text string, n int) string {
	r := []rune(strings.Join(strings.Fields(text), " "))
	if len(r) <= n {
		return string(r)
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}
