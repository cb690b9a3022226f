package annotate

import (
	"fmt"
	"html"
	"html/template"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"

	"github.com/gloss-ssg/gloss/generator/diag"
)

// The first vocabulary for explainers. Each kind's Data is what its template
// receives as .Data.

// QuoteData is a quote's speaker and the paragraph it is verified against.
type QuoteData struct {
	// Person is the speaker; empty (ID "") for the source's own voice.
	Person        Entity
	Source        Entity
	Paragraph     int
	ParagraphHref string
	// Form is how the source gives the words: FormDirect (inside quotation
	// marks), FormReported (said that …, according to …), FormSource (the
	// source's own voice, a quote without who=), or "" when the source's
	// attributions are not marked and only the words were checked.
	Form string
	// SourceName names the source in a caption: its publisher, else its title.
	SourceName string
}

// The forms in which a source gives words to someone.
const (
	FormDirect   = "direct"
	FormReported = "reported"
	FormSource   = "source"
)

// SaidData is a span of a source that the source gives to a person, an
// organisation or a speaker it leaves unnamed.
type SaidData struct {
	Person    Entity
	Form      string // FormDirect or FormReported
	Paragraph int
}

// CiteData is a claim's provenance: a source paragraph and its opening words.
type CiteData struct {
	Source    Entity
	Paragraph int
	Href      string
	Passage   string // what the preview shows of the paragraph: see previewPassage
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
	// HeadingSaysIt is true when the heading just before the box already
	// says its title: the theme then need not say it twice.
	HeadingSaysIt bool
}

// GlossData is an editor's note on a paragraph of the source it is written
// in; N numbers the page's notes.
type GlossData struct{ Paragraph, N int }

// NotedParagraph says which paragraph the note is about (markdown.MarginNote).
func (g GlossData) NotedParagraph() int { return g.Paragraph }

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
			Doc: "A quote, verified against the cited paragraph of the source and against whom that paragraph gives the words to.",
			Attrs: []AttrSpec{
				{Name: "who", Type: Ref, Entity: KindSpeaker, Doc: "the speaker's id: a person (content/people/ID.md), an organisation (content/organisations/ID.md), or a speaker the cited source leaves unnamed (its unnamed_speakers); leave it out to quote the source's own voice"},
				{Name: "cite", Type: Citation, Required: true, Doc: "the source paragraph the words appear in: SOURCE#pN"},
			},
			Contains: []string{"term", "person", "cite", "sidenote"},
			Resolve:  resolveQuote,
		},
		{
			Name: "said", Forms: Inline, Label: LabelRequired,
			Doc: "In a numbered source: words the source gives to a person, an organisation or a speaker it leaves unnamed. gloss decides the form from the quotation marks: direct inside them, reported outside.",
			Attrs: []AttrSpec{
				{Name: "who", Type: Ref, Entity: KindSpeaker, Required: true, Doc: "whom the source gives the words to: a person (content/people/ID.md), an organisation (content/organisations/ID.md), or one of the source's unnamed_speakers"},
			},
			Resolve: resolveSaid,
		},
		{
			Name: "unsourced", Forms: Inline, Label: LabelRequired,
			Doc: "Quotation marks that do not quote the cited source (a scare quote, a title): the prose quotation check passes over them.",
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
			Finish:  finishStat,
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
				said := false
				if h, ok := d.PreviousSibling().(*ast.Heading); ok {
					said = strings.EqualFold(strings.TrimSpace(plainText(h, c.source)), strings.TrimSpace(title))
				}
				d.Data = CalloutData{Kind: kind, Title: title, HeadingSaysIt: said}
			},
		},
		{
			Name: "gloss", Forms: Container, Label: LabelOptional,
			Doc: "An editor's note on a paragraph of the source it is written in, shown in that paragraph's margin: :::gloss{p=13} … :::.",
			Attrs: []AttrSpec{
				{Name: "p", Type: Paragraph, Required: true, Doc: "the paragraph of this source the note is about"},
			},
			Resolve: func(c *Check, d *Directive) {
				n, err := ParseParagraph(d.Attrs.Value("p"))
				if err != nil {
					return // reported by the attribute check
				}
				id, num := c.NewID("note")
				d.Data = GlossData{Paragraph: n, N: num}
				c.Record(Reference{Kind: "gloss", Paragraph: n, Anchor: id, Text: c.PlainText()})
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
	src, n, text, okPara := c.CitedParagraph("cite")
	var person Entity
	okPerson := true
	if _, has := d.Attrs.Get("who"); has {
		person, okPerson = c.speaker("who", src)
	}
	if !okPerson || !okPara {
		return
	}
	quoted := quoteText(d, c.source)
	if !QuoteIn(quoted, text) {
		c.Errorf("%s", notFoundMessage(quoted, src, n))
		return
	}
	c.checkInnerCites(d, quoted, src, n)
	form, ok := c.attributionForm(quoted, person, src, n)
	if !ok {
		return
	}
	anchor, _ := c.NewID("quote")
	d.Data = QuoteData{Person: person, Source: src, Paragraph: n, ParagraphHref: paragraphHref(src, n), Form: form, SourceName: sourceName(src)}
	if person.ID != "" {
		c.Record(Reference{Kind: "quote", Entity: person.Kind, ID: person.ID, Paragraph: n, Anchor: anchor, Text: quoted, Form: form})
	}
	c.Record(Reference{Kind: "quote", Entity: "source", ID: src.ID, Paragraph: n, Anchor: anchor, Text: quoted, Form: form})
}

// attributionForm checks a quote's speaker against whom paragraph n of src
// gives the words to, and returns the form in which it gives them. A source
// without attributions gives "" (only the words were checked; the build
// warns once per source).
func (c *Check) attributionForm(quoted string, person Entity, src Entity, n int) (string, bool) {
	if len(src.Attributions) == 0 {
		if person.ID == "" {
			return FormSource, true
		}
		return "", true
	}
	var holders []Attribution
	for _, a := range src.Attributions {
		if a.Paragraph == n && QuoteIn(quoted, a.Text) {
			holders = append(holders, a)
		}
	}
	if person.ID == "" {
		if len(holders) > 0 {
			c.Warnf("¶%d gives these words to %s: add who=%s, or quote words of the source's own", n, holders[0].Who, holders[0].Who)
		}
		return FormSource, true
	}
	for _, a := range holders {
		if a.Who == person.ID {
			return a.Form, true
		}
	}
	// Parts joined by "…" may come from several of the person's spans in
	// the paragraph, in order; the joint "\x00" keeps a part from running
	// across two spans. The weaker form wins: one reported part makes the
	// whole quote reported.
	if strings.Contains(quoted, "…") || strings.Contains(quoted, "...") {
		var mine []string
		form := FormDirect
		for _, a := range src.Attributions {
			if a.Paragraph == n && a.Who == person.ID {
				mine = append(mine, a.Text)
				if a.Form == FormReported {
					form = FormReported
				}
			}
		}
		if len(mine) > 1 && QuoteIn(quoted, strings.Join(mine, " \x00 ")) {
			return form, true
		}
	}
	if len(holders) > 0 {
		c.AttrErrorf("who", "¶%d gives these words to %s, not %s: write who=%s", n, holders[0].Who, person.ID, holders[0].Who)
		return "", false
	}
	var theirs []int
	for _, a := range src.Attributions {
		if a.Who == person.ID && QuoteIn(quoted, a.Text) && a.Paragraph != n {
			theirs = append(theirs, a.Paragraph)
		}
	}
	if len(theirs) > 0 {
		c.AttrErrorf("who", "¶%d gives these words to nobody; ¶%d gives them to %s: cite %s#p%d", n, theirs[0], person.ID, src.ID, theirs[0])
		return "", false
	}
	msg := fmt.Sprintf("¶%d gives these words to nobody: they are the source's own, not %s's (leave out who= to quote the source)", n, person.ID)
	mine := spansOf(src, n, person.ID)
	for _, span := range mine {
		if QuoteIn(span, quoted) {
			// Reported speech quoted with its "she added that": the
			// attribution is the source's, not the speaker's.
			return "", c.attrFail("who", "the quote runs beyond the words ¶%d gives to %s, “%s”: quote only those (the source reports them, and they are shown so)", n, person.ID, openingWords(stripQuotes(span), 160))
		}
	}
	if len(mine) > 0 {
		msg = fmt.Sprintf("¶%d does not give these words to %s; it gives %s only: “%s”", n, person.ID, person.ID, openingWords(stripQuotes(mine[0]), 160))
	}
	c.AttrErrorf("who", "%s", msg)
	return "", false
}

// attrFail reports an error at an attribute and returns false.
func (c *Check) attrFail(attr, format string, args ...any) bool {
	c.AttrErrorf(attr, format, args...)
	return false
}

// spansOf lists the words paragraph n of src gives to who.
func spansOf(src Entity, n int, who string) []string {
	var out []string
	for _, a := range src.Attributions {
		if a.Paragraph == n && a.Who == who {
			out = append(out, a.Text)
		}
	}
	return out
}

// checkInnerCites reports a :cite inside a quote that names another
// paragraph of its source where the quoted words are not: a quote names only
// paragraphs that hold its words.
func (c *Check) checkInnerCites(d *Directive, quoted string, src Entity, n int) {
	_ = ast.Walk(d, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		inner, ok := node.(*Directive)
		if !ok || !entering || inner == d || inner.Name != "cite" || inner.Attrs.Value("src") != src.ID {
			return ast.WalkContinue, nil
		}
		m, err := ParseParagraph(inner.Attrs.Value("p"))
		if err != nil {
			m, err = ParseParagraph(plainText(inner, c.source))
		}
		if err != nil || m == n || m < 1 || m > len(src.Paragraphs) || QuoteIn(quoted, src.Paragraphs[m-1]) {
			return ast.WalkSkipChildren, nil
		}
		c.errorAt(inner.Offset, "the quoted words are in %s ¶%d, not ¶%d: a quote names only paragraphs that hold its words", src.ID, n, m)
		return ast.WalkSkipChildren, nil
	})
}

func resolveSaid(c *Check, d *Directive) {
	n, text, start, end, ok := c.sourceParagraph()
	if !ok {
		c.Errorf("said marks words in a paragraph of a numbered source (a page with numbered: true, or laid out as a source)")
		return
	}
	var self Entity
	if sr, isSR := c.resolver.(SelfResolver); isSR {
		self = sr.Self()
	}
	person, ok := c.speaker("who", self)
	if !ok {
		return
	}
	form := SpanForm(text, start, end)
	if form == "mixed" {
		c.Errorf("said covers words inside and outside quotation marks: mark the quoted words and the words around them as two spans")
		return
	}
	d.Data = SaidData{Person: person, Form: form, Paragraph: n}
	c.Record(Reference{Kind: "said", Entity: person.Kind, ID: person.ID, Paragraph: n, Text: text[start:end], Form: form})
}

// Attributions are the words a source gives to people, from the references
// its :said spans recorded when it was converted, in order: what quotes
// citing the source are checked against (Entity.Attributions).
func Attributions(refs []Reference) []Attribution {
	var list []Attribution
	for _, r := range refs {
		if r.Kind == "said" {
			list = append(list, Attribution{Paragraph: r.Paragraph, Who: r.ID, Form: r.Form, Text: r.Text})
		}
	}
	// In the order of the source already; kept so for the searches of
	// attributionsIn whatever the order of conversion.
	slices.SortStableFunc(list, func(a, b Attribution) int { return a.Paragraph - b.Paragraph })
	return list
}

// sourceName names a source in a caption: its publisher, else its title.
func sourceName(src Entity) string {
	if p := src.Param("publisher"); p != "" {
		return p
	}
	return src.Title
}

func resolveCite(c *Check, d *Directive) {
	srcID := d.Attrs.Value("src")
	var n int
	var err error
	switch {
	case d.Attrs.Value("p") != "":
		n, err = ParseParagraph(d.Attrs.Value("p"))
		if err == nil && d.HasLabel {
			if named := labelParagraphs(c.PlainText()); len(named) > 0 && !slices.Contains(named, n) {
				c.Errorf("the label names ¶%d but p=%d links to ¶%d: make them agree", named[0], n, n)
				return
			}
		}
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
	label := ""
	if d.HasLabel {
		label = c.PlainText()
	}
	d.Data = CiteData{Source: src, Paragraph: n, Href: paragraphHref(src, n), Passage: previewPassage(text, label)}
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
	if _, has := d.Attrs.Get("cite"); !has && c.resolver != nil {
		c.Errorf("stat %q needs cite=%s: the paragraph that states the figure", id, c.exampleCitation())
		return
	}
	src, n, text, ok := c.CitedParagraph("cite")
	if !ok {
		if c.resolver == nil { // parsed on its own, outside a site
			c.AddID("stat-" + id)
			d.Data = data
		}
		return
	}
	if !ValueStated(data.Value, text) {
		c.AttrErrorf("value", "%s ¶%d does not state the value %q: %s", src.ID, n, data.Value, openingWords(text, 300))
		return
	}
	data.Source, data.Paragraph, data.CiteHref = src, n, paragraphHref(src, n)
	c.Record(Reference{Kind: "cite", Entity: "source", ID: src.ID, Paragraph: n, Anchor: "stat-" + id})
	c.AddID("stat-" + id)
	d.Data = data
	c.Record(Reference{Kind: "stat-def", Entity: "stat", ID: id, Anchor: "stat-" + id})
}

// Deferred implements Deferred: a reference to a figure defined on another
// page is shown once every page is read.
func (s *StatData) Deferred() (id string, ok bool) { return s.ID, s.Ref }

// finishStat shows, where ::stat{ref=ID} is written, the figure defined
// with ID on another page, and where it is explained.
func finishStat(w io.Writer, id string, site Lookup, t Templates) error {
	def, href, pageTitle, ok := site.Figure(id)
	if !ok {
		return nil // reported at the reference when the site was aggregated
	}
	data := *def
	data.Ref, data.DefinedOnHref, data.DefinedOnTitle = true, href, pageTitle
	a := &Annotation{Kind: "stat", Form: "leaf", Attrs: map[string]string{"ref": id}, Label: template.HTML(template.HTMLEscapeString(data.Label)), Data: &data}
	if t == nil {
		return Plain(w, a)
	}
	return t.RenderAnnotation(w, a)
}

// Figures is the stat kind's check across pages: a figure is defined once
// (::stat[label]{#id value=…}), and a reference (::stat{ref=id}) names a
// figure defined on some page. The site gives it every page's references,
// the definitions first (Define), then the references (Check).
type Figures struct {
	defs map[string]figureDef
	ids  []string // sorted, for "did you mean"; made by the first Check
}

type figureDef struct {
	data *StatData
	pos  diag.Position
}

// Define records the figure ref defines, written at pos, if ref is a
// figure's definition, and returns its data; a figure defined before is
// reported instead.
func (f *Figures) Define(ref Reference, pos diag.Position, probs *diag.List) (*StatData, bool) {
	if ref.Kind != "stat-def" {
		return nil, false
	}
	data := ref.Directive.Data.(*StatData)
	if prev, defined := f.defs[ref.ID]; defined {
		probs.Errorf(pos, "the figure %q is defined twice: first at %s with value=%q, here with value=%q: define it once and show it elsewhere with ::stat{ref=%s}", ref.ID, prev.pos, prev.data.Value, data.Value, ref.ID)
		return nil, false
	}
	if f.defs == nil {
		f.defs = map[string]figureDef{}
	}
	f.defs[ref.ID] = figureDef{data: data, pos: pos}
	return data, true
}

// Check reports ref, written at pos, if it references a figure that no
// page defines.
func (f *Figures) Check(ref Reference, pos diag.Position, probs *diag.List) {
	if ref.Kind != "stat" {
		return
	}
	if _, defined := f.defs[ref.ID]; defined {
		return
	}
	if f.ids == nil {
		f.ids = slices.Sorted(maps.Keys(f.defs))
	}
	probs.Errorf(pos, "unknown figure %q: define it with ::stat[label]{#%s value=…}%s", ref.ID, ref.ID, diag.DidYouMean(ref.ID, f.ids))
}

func paragraphHref(src Entity, n int) string { return src.Href + "#p" + strconv.Itoa(n) }

// previewPassage is what a citation's preview shows of the paragraph it
// cites: the whole paragraph when it is short; when the citation's label is
// a phrase of the paragraph, the sentence that says it; else its opening.
// The first 150 characters of a long paragraph often stop before the point.
func previewPassage(paragraph, label string) string {
	text := strings.Join(strings.Fields(paragraph), " ")
	if len([]rune(text)) <= 420 {
		return text
	}
	phrase := strings.Join(strings.Fields(label), " ")
	if phrase != "" && len(labelParagraphs(phrase)) == 0 {
		if i := strings.Index(strings.ToLower(text), strings.ToLower(phrase)); i >= 0 {
			start := strings.LastIndex(text[:i], ". ") + 1 // 0 when the phrase is in the first sentence
			end := len(text)
			if j := strings.Index(text[i+len(phrase):], ". "); j >= 0 {
				end = i + len(phrase) + j + 1
			}
			sentence := openingWords(strings.TrimSpace(text[start:end]), 300)
			if start > 0 {
				sentence = "…" + sentence
			}
			if end < len(text) && !strings.HasSuffix(sentence, "…") {
				sentence += " …"
			}
			return sentence
		}
	}
	return openingWords(text, 300)
}

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

// labelParagraphs lists the paragraph numbers a cite's label names: ¶3,
// ¶¶3–4, p3, or a bare 3.
func labelParagraphs(label string) []int {
	if n, err := ParseParagraph(label); err == nil {
		return []int{n}
	}
	var out []int
	rs := []rune(label)
	for i := 0; i < len(rs); i++ {
		if rs[i] != '¶' {
			continue
		}
		j := i + 1
		for j < len(rs) && (rs[j] == '¶' || unicode.IsSpace(rs[j])) {
			j++
		}
		k := j
		for k < len(rs) && rs[k] >= '0' && rs[k] <= '9' {
			k++
		}
		n, err := strconv.Atoi(string(rs[j:k]))
		if err != nil {
			continue
		}
		out = append(out, n)
		// A range, ¶¶3–5: every paragraph in it.
		if k+1 < len(rs) && (rs[k] == '–' || rs[k] == '-') {
			m := k + 1
			for m < len(rs) && rs[m] >= '0' && rs[m] <= '9' {
				m++
			}
			if last, err := strconv.Atoi(string(rs[k+1 : m])); err == nil && last > n && last-n < 1000 {
				for x := n + 1; x <= last; x++ {
					out = append(out, x)
				}
				k = m
			}
		}
		i = k - 1
	}
	return out
}

// quoteText is a quote's words as a reader sees them, without the labels
// of citations and notes written inside it.
func quoteText(d *Directive, src []byte) string {
	var b strings.Builder
	for ch := d.FirstChild(); ch != nil; ch = ch.NextSibling() {
		if p, ok := ch.(*ast.Paragraph); ok {
			if _, isLabel := p.AttributeString(LabelAttr); isLabel {
				continue
			}
		}
		_ = ast.Walk(ch, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if inner, ok := n.(*Directive); ok && entering && (inner.Name == "cite" || inner.Name == "sidenote") {
				return ast.WalkSkipChildren, nil
			}
			if !entering {
				if _, ok := n.(*ast.Paragraph); ok {
					b.WriteByte(' ')
				}
				return ast.WalkContinue, nil
			}
			switch n := n.(type) {
			case *ast.Text:
				b.Write(n.Segment.Value(src))
				if n.SoftLineBreak() || n.HardLineBreak() {
					b.WriteByte(' ')
				}
			case *ast.String:
				b.Write(n.Value)
			}
			return ast.WalkContinue, nil
		})
	}
	return html.UnescapeString(strings.TrimSpace(b.String()))
}
