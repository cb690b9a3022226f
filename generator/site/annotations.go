package site

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/gloss-ssg/gloss/generator/annotate"
	"github.com/gloss-ssg/gloss/generator/diag"
)

// entityKind is the kind of entity annotations refer to a page of a layout
// as, or "": :person{id=…} finds a page laid out as a person by its file
// name.
func entityKind(layout string) string {
	switch layout {
	case "person", "organisation", "term", "source":
		return layout
	}
	return ""
}

// speakerKinds are the kinds of page who= names, in the order looked up.
var speakerKinds = []string{"person", "organisation"}

// IsSpeaker says the page is one who= can name: a person or an
// organisation.
func (p *Page) IsSpeaker() bool { return p.Layout == "person" || p.Layout == "organisation" }

// Speaker returns the page of a person or organisation by id.
func (s *Site) Speaker(id string) *Page {
	for _, kind := range speakerKinds {
		if p := s.entities[kind][id]; p != nil {
			return p
		}
	}
	return nil
}

// UnnamedSpeaker is a speaker a source leaves unnamed ("according to
// analysts"), declared in the source's front matter: unnamed_speakers.
type UnnamedSpeaker struct {
	ID   string // what who= writes: the phrase as an id, "analysts"
	Name string // the source's words for them: "analysts"
}

// readUnnamedSpeakers reads a source's unnamed_speakers: a list of the
// phrases the source uses for speakers it does not name. indexEntities reads
// each page's once a build (they are asked for at every annotation a
// conversion resolves); problems are reported by checkUnnamedSpeakers.
func readUnnamedSpeakers(p *Page) []UnnamedSpeaker {
	raw := p.Params["unnamed_speakers"]
	list, ok := raw.([]any)
	if one, isText := raw.(string); isText {
		list, ok = []any{one}, true
	}
	if !ok {
		return nil
	}
	var out []UnnamedSpeaker
	for _, v := range list {
		if str, isText := v.(string); isText && Slugify(str) != "" {
			out = append(out, UnnamedSpeaker{ID: Slugify(str), Name: strings.Join(strings.Fields(str), " ")})
		}
	}
	return out
}

// checkUnnamedSpeakers reports, at the field, an unnamed_speakers entry that
// is not a phrase, and one whose id is also a person's or an
// organisation's, which who= could not tell apart.
func (s *Site) checkUnnamedSpeakers(probs *diag.List) {
	for _, p := range s.Pages {
		raw, has := p.Params["unnamed_speakers"]
		if !has || p.File == nil {
			continue
		}
		list, ok := raw.([]any)
		if _, isText := raw.(string); isText {
			ok = true
		}
		if !ok {
			probs.Errorf(p.File.PosOf("unnamed_speakers"), "unnamed_speakers must be a list of the source's words for speakers it does not name, such as [\"analysts\"]")
			continue
		}
		for _, v := range list {
			if str, isText := v.(string); !isText || Slugify(str) == "" {
				probs.Errorf(p.File.PosOf("unnamed_speakers"), "unnamed speaker %v is not a phrase: write the source's words for them in quotes, such as \"analysts\"", v)
			}
		}
		for _, u := range s.unnamed[p] {
			if other := s.Speaker(u.ID); other != nil {
				probs.Errorf(p.File.PosOf("unnamed_speakers"), "the unnamed speaker %q has the id of %s: who=%s could mean either; name the speaker as the source does, in other words", u.Name, other.File.Path, u.ID)
			}
		}
	}
}

// UnnamedName is the source's words for the unnamed speaker id, or "".
func (s *Site) UnnamedName(src *Page, id string) string {
	for _, u := range s.unnamed[src] {
		if u.ID == id {
			return u.Name
		}
	}
	return ""
}

// UnnamedSpeakers lists the speakers a source leaves unnamed, for templates.
func (p *Page) UnnamedSpeakers() []UnnamedSpeaker { return p.Site.unnamed[p] }

// unnamedEntities are a source's unnamed speakers as annotation entities.
func unnamedEntities(p *Page) []annotate.Entity {
	var out []annotate.Entity
	for _, u := range p.Site.unnamed[p] {
		out = append(out, annotate.Entity{Kind: annotate.KindUnnamed, ID: u.ID, Title: u.Name})
	}
	return out
}

// Quote is an attributed quote on a page.
type Quote struct {
	Page   *Page // where it is quoted
	Anchor string
	// Person is the speaker's page, a person's or an organisation's; nil
	// for a speaker the source leaves unnamed, whose name is Unnamed.
	Person    *Page
	Unnamed   string
	Source    *Page
	Paragraph int
	Text      string
	// Form is how the source gives the words: annotate.FormDirect,
	// FormReported, FormSource, or "" when its attributions are not marked.
	Form string
}

// SpeakerName is the speaker's name: the page's title, or the source's
// words for a speaker it leaves unnamed.
func (q *Quote) SpeakerName() string {
	if q.Person != nil {
		return q.Person.Title
	}
	return q.Unnamed
}

// Reported says the quote is the source's report of what its speaker said,
// not the speaker's own words.
func (q *Quote) Reported() bool { return q.Form == annotate.FormReported }

// Said is words a source attributes to a person (:said in the source).
type Said struct {
	Source    *Page
	Paragraph int
	Text      string
	Form      string // annotate.FormDirect or FormReported
}

// Reported says the source reports the words rather than quoting them.
func (a *Said) Reported() bool { return a.Form == annotate.FormReported }

// ParagraphHref links to the paragraph in the source.
func (a *Said) ParagraphHref() string { return a.Source.Href() + "#p" + fmt.Sprint(a.Paragraph) }

// Href links to the quote in its page.
func (q *Quote) Href() string { return q.Page.Href() + "#" + q.Anchor }

// ParagraphHref links to the quoted paragraph of the source.
func (q *Quote) ParagraphHref() string { return q.Source.Href() + "#p" + fmt.Sprint(q.Paragraph) }

// Figure is a key figure defined on a page.
type Figure struct {
	Page *Page
	Data *annotate.StatData
	Pos  diag.Position // where it is defined
}

// Href links to the figure in its page.
func (f *Figure) Href() string { return f.Page.Href() + "#stat-" + f.Data.ID }

// indexEntities gives every person, term and source page its id, the file
// name without .md, and reports two pages claiming one id.
func (s *Site) indexEntities(probs *diag.List) {
	s.entities = map[string]map[string]*Page{}
	s.unnamed = map[*Page][]UnnamedSpeaker{}
	for _, p := range s.Pages {
		if u := readUnnamedSpeakers(p); len(u) > 0 {
			s.unnamed[p] = u
		}
	}
	for _, p := range s.Pages {
		kind := entityKind(p.Layout)
		if kind == "" || p.File == nil || p.Kind != KindPage {
			continue
		}
		id := Slugify(strings.TrimSuffix(path.Base(p.File.Rel), ".md"))
		if s.entities[kind] == nil {
			s.entities[kind] = map[string]*Page{}
		}
		if prev := s.entities[kind][id]; prev != nil {
			probs.Errorf(p.Pos(), "%s and %s both define the %s %q: rename one of the files", prev.File.Path, p.File.Path, kind, id)
			continue
		}
		p.EntityID = id
		s.entities[kind][id] = p
	}
	// who= names a person or an organisation by id: one id, one speaker.
	for id, org := range s.entities["organisation"] {
		if person := s.entities["person"][id]; person != nil {
			probs.Errorf(org.Pos(), "%s and %s both have the id %q, which who= uses for speakers: rename one of the files", person.File.Path, org.File.Path, id)
		}
	}
	s.checkTermPhrases(probs)
	s.checkUnnamedSpeakers(probs)
}

// checkTermPhrases reports, at the entry that must change, a glossary alias
// that is not a phrase (a blank one would match every space on the site),
// and a phrase that two terms claim, which auto_link_terms could link to
// either.
func (s *Site) checkTermPhrases(probs *diag.List) {
	claimed := map[string]*Page{}
	claim := func(p *Page, phrase, field string) {
		key := strings.ToLower(strings.Join(strings.Fields(phrase), " "))
		if prev := claimed[key]; prev != nil && prev != p {
			probs.Errorf(p.File.PosOf(field), "the glossary terms %s and %s both claim the phrase %q: keep it in one of them", prev.File.Path, p.File.Path, phrase)
			return
		}
		claimed[key] = p
	}
	for _, p := range s.Pages { // in plan order, so the first claim is the same every build
		if p.EntityID == "" || entityKind(p.Layout) != "term" {
			continue
		}
		if strings.TrimSpace(p.Title) != "" {
			claim(p, p.Title, "title")
		}
		raw, has := p.Params["aliases"]
		if !has || raw == nil {
			continue
		}
		aliases, ok := raw.([]any)
		if !ok {
			if str, isText := raw.(string); isText {
				aliases = []any{str}
			} else {
				probs.Errorf(p.File.PosOf("aliases"), "aliases must be a list of phrases, such as [\"chips\", \"semiconductors\"]")
				continue
			}
		}
		for _, a := range aliases {
			str, isText := a.(string)
			switch {
			case !isText:
				probs.Errorf(p.File.PosOf("aliases"), "alias %v is not a phrase: write it in quotes", a)
			case strings.TrimSpace(str) == "":
				probs.Errorf(p.File.PosOf("aliases"), "alias %q is blank: remove it, or write the phrase it stands for", str)
			default:
				claim(p, str, "aliases")
			}
		}
	}
}

// Entity returns the page of a person, term or source by id.
func (s *Site) Entity(kind, id string) *Page { return s.entities[kind][id] }

// SetParagraphs records a source's numbered paragraphs, read before the
// pages that cite it are converted.
func (s *Site) SetParagraphs(p *Page, paragraphs []string) {
	if s.paragraphs == nil {
		s.paragraphs = map[*Page][]string{}
		s.sourceTexts = map[*Page]*annotate.SourceText{}
	}
	s.paragraphs[p] = paragraphs
	s.sourceTexts[p] = annotate.NewSourceText(paragraphs)
}

// SetAttributions records what a source gives to whom, from the :said
// references of its first conversion.
func (s *Site) SetAttributions(p *Page, refs []annotate.Reference) {
	if s.attributions == nil {
		s.attributions = map[*Page][]annotate.Attribution{}
	}
	s.attributions[p] = annotate.Attributions(refs)
}

// Attributions returns what a source gives to whom, once read.
func (s *Site) Attributions(p *Page) []annotate.Attribution { return s.attributions[p] }

// Paragraphs returns a source's numbered paragraphs, once read.
func (s *Site) Paragraphs(p *Page) []string { return s.paragraphs[p] }

// Resolver answers one page's annotations (annotate.Resolver).
type Resolver struct {
	site *Site
	page *Page
	refs []annotate.Reference
}

// ResolverFor makes the annotation resolver of a page.
func (s *Site) ResolverFor(p *Page) *Resolver { return &Resolver{site: s, page: p} }

// Entity implements annotate.Resolver.
func (r *Resolver) Entity(kind, id string) (annotate.Entity, bool) {
	p := r.site.entities[kind][id]
	if kind == annotate.KindSpeaker {
		p = r.site.Speaker(id)
		if p != nil {
			kind = p.Layout
		}
	}
	if p == nil {
		return annotate.Entity{}, false
	}
	return r.site.entity(kind, id, p), true
}

func (s *Site) entity(kind, id string, p *Page) annotate.Entity {
	return annotate.Entity{
		Kind: kind, ID: id, Title: p.Title, Href: p.Href(), Summary: p.Summary,
		Params: p.Params, Paragraphs: s.paragraphs[p], Text: s.sourceTexts[p], Attributions: s.attributions[p],
		Unnamed: unnamedEntities(p),
	}
}

// Self implements annotate.SelfResolver: the page being converted, as a
// source, for the unnamed speakers its :said spans may name.
func (r *Resolver) Self() annotate.Entity {
	return r.site.entity("source", r.page.EntityID, r.page)
}

// DraftEntity implements annotate.DraftResolver: a draft left out of this
// build is the entity when its file name is the id and it stands in a
// folder of such entities.
func (r *Resolver) DraftEntity(kind, id string) (string, bool) {
	dirs := map[string]bool{}
	kinds := []string{kind}
	if kind == annotate.KindSpeaker {
		kinds = speakerKinds
	}
	for _, k := range kinds {
		for _, p := range r.site.entities[k] {
			dirs[path.Dir(p.File.Rel)] = true
		}
	}
	for _, rel := range slices.Sorted(maps.Keys(r.site.drafts)) {
		if Slugify(strings.TrimSuffix(path.Base(rel), ".md")) != id {
			continue
		}
		if dirs[path.Dir(rel)] {
			return "content/" + rel, true
		}
	}
	return "", false
}

// EntityIDs implements annotate.Resolver.
func (r *Resolver) EntityIDs(kind string) []string {
	kinds := []string{kind}
	if kind == annotate.KindSpeaker {
		kinds = speakerKinds
	}
	var ids []string
	for _, k := range kinds {
		for id := range r.site.entities[k] {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

// Record implements annotate.Resolver.
func (r *Resolver) Record(ref annotate.Reference) { r.refs = append(r.refs, ref) }

// Refs are the references the page's annotations made.
func (r *Resolver) Refs() []annotate.Reference { return r.refs }

// AutoTerms implements annotate.AutoTermer when the site links the first use
// of each glossary term automatically.
func (r *Resolver) AutoTerms() *annotate.TermSet {
	cfg := r.site.Config
	if !cfg.AutoLinkTerms || r.page.Kind != KindPage || r.page.Layout == "term" {
		return nil
	}
	if r.page.Numbered() && !cfg.AutoLinkTermsInSources {
		return nil
	}
	return r.site.autoTerms()
}

func (s *Site) autoTerms() *annotate.TermSet {
	s.autoOnce.Do(func() {
		var list []annotate.AutoTerm
		for id, p := range s.entities["term"] {
			phrases := []string{p.Title}
			aliases, _ := p.Params["aliases"].([]any)
			if one, isText := p.Params["aliases"].(string); isText {
				aliases = []any{one} // one phrase, as topics: chips reads
			}
			for _, a := range aliases {
				// A blank alias is an error (checkTermPhrases); it must not
				// also match every space of the site meanwhile.
				if str, ok := a.(string); ok && strings.TrimSpace(str) != "" {
					phrases = append(phrases, str)
				}
			}
			list = append(list, annotate.AutoTerm{ID: id, Phrases: phrases})
		}
		sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
		s.autoTermSet = annotate.NewTermSet(list)
	})
	return s.autoTermSet
}

// Aggregate turns every page's references into the indexes readers browse:
// quotes by person, uses of terms, citations of each source paragraph, key
// figures. It reports figures defined twice and references to figures
// defined nowhere.
//
// It alone fills each page's Annotated, from scratch.
func (s *Site) Aggregate(probs *diag.List) {
	for _, p := range s.Pages {
		p.Annotated = Annotated{}
	}
	figures := s.defineFigures(probs)
	s.listSaid()
	s.warnUnusedUnnamed(probs)
	unmarked := map[*Page]bool{} // sources quoted whose attributions are not marked
	for _, p := range s.Pages {
		used := map[*Page]bool{}
		cited := map[*Page]map[int]bool{}
		for _, ref := range p.Refs {
			target := s.entities[ref.Entity][ref.ID]
			switch ref.Kind {
			case "stat":
				figures.Check(ref, p.posOf(ref), probs)
			case "quote":
				if ref.Entity != "source" {
					q := &Quote{Page: p, Anchor: ref.Anchor, Person: target, Paragraph: ref.Paragraph, Text: ref.Text, Form: ref.Form}
					if d, ok := ref.Directive.Data.(annotate.QuoteData); ok {
						q.Source = s.entities["source"][d.Source.ID]
						if d.Person.Kind == annotate.KindUnnamed {
							q.Unnamed = d.Person.Title
						}
					}
					p.Quotes = append(p.Quotes, q)
					if target != nil {
						target.QuotesBy = append(target.QuotesBy, q)
					}
					if q.Source != nil {
						if q.Source.QuotesFrom == nil {
							q.Source.QuotesFrom = map[int][]*Quote{}
						}
						q.Source.QuotesFrom[q.Paragraph] = append(q.Source.QuotesFrom[q.Paragraph], q)
					}
				} else if target != nil {
					markCited(cited, target, ref.Paragraph)
					if len(s.attributions[target]) == 0 {
						unmarked[target] = true
					}
				}
			case "cite":
				markCited(cited, target, ref.Paragraph)
			case "term", "person":
				if target != nil {
					used[target] = true
				}
			}
		}
		for t := range used {
			t.UsedIn = append(t.UsedIn, p)
		}
		for src, paras := range cited {
			if src.CitedBy == nil {
				src.CitedBy = map[int][]*Page{}
			}
			for n := range paras {
				src.CitedBy[n] = append(src.CitedBy[n], p)
			}
		}
	}
	for _, src := range s.Pages {
		if unmarked[src] {
			probs.Warnf(src.Pos(), "attributions are not marked: quotes citing %s are checked for their words only (mark who says what with :said[…]{who=…})", src.EntityID)
		}
	}
	for _, p := range s.Pages {
		sortPages(p.UsedIn)
		for n := range p.CitedBy {
			sortPages(p.CitedBy[n])
		}
	}
}

// defineFigures records the key figures the pages define, for references
// to them, and returns the stat kind's check of those references.
func (s *Site) defineFigures(probs *diag.List) *annotate.Figures {
	s.figures = map[string]*Figure{}
	figures := &annotate.Figures{}
	for _, p := range s.Pages {
		for _, ref := range p.Refs {
			if data, ok := figures.Define(ref, p.posOf(ref), probs); ok {
				f := &Figure{Page: p, Data: data, Pos: p.posOf(ref)}
				s.figures[ref.ID] = f
				p.Figures = append(p.Figures, f)
			}
		}
	}
	return figures
}

// listSaid gives each person's page what the sources attribute to them, in
// page order of the sources, paragraph by paragraph.
func (s *Site) listSaid() {
	for _, src := range s.Pages {
		for _, a := range s.attributions[src] {
			if person := s.Speaker(a.Who); person != nil {
				person.Said = append(person.Said, &Said{Source: src, Paragraph: a.Paragraph, Text: a.Text, Form: a.Form})
			}
		}
	}
}

// warnUnusedUnnamed warns about an unnamed speaker a source declares but
// gives no words to: a who= that names it would find nothing to match.
func (s *Site) warnUnusedUnnamed(probs *diag.List) {
	for _, src := range s.Pages {
		if src.File == nil {
			continue
		}
		for _, u := range s.unnamed[src] {
			used := false
			for _, a := range s.attributions[src] {
				used = used || a.Who == u.ID
			}
			if !used {
				probs.Warnf(src.File.PosOf("unnamed_speakers"), "the unnamed speaker %q is given no words: mark them with :said[…]{who=%s}, or remove it from unnamed_speakers", u.Name, u.ID)
			}
		}
	}
}

// WarnUnusedTerms warns about glossary terms no page annotates or links to.
// Call it once links are connected.
func (s *Site) WarnUnusedTerms(probs *diag.List) {
	for _, id := range s.sortedEntityIDs("term") {
		t := s.entities["term"][id]
		if len(t.UsedIn) == 0 && len(t.LinkedFrom) == 0 {
			probs.Warnf(t.Pos(), "the glossary term %q is defined but no page uses it: annotate a use with :term[…]{id=%s}", id, id)
		}
	}
}

func markCited(cited map[*Page]map[int]bool, src *Page, n int) {
	if src == nil || n == 0 {
		return
	}
	if cited[src] == nil {
		cited[src] = map[int]bool{}
	}
	cited[src][n] = true
}

func (s *Site) sortedEntityIDs(kind string) []string {
	var ids []string
	for id := range s.entities[kind] {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Lookup answers the placeholders of the pages' annotations, once
// Aggregate has indexed what every page defines (annotate.Lookup).
func (s *Site) Lookup() annotate.Lookup { return lookup{s} }

type lookup struct{ site *Site }

func (l lookup) Figure(id string) (*annotate.StatData, string, string, bool) {
	f := l.site.figures[id]
	if f == nil {
		return nil, "", "", false
	}
	return f.Data, f.Href(), f.Page.Title, true
}

// Numbered says the page is a source whose paragraphs are numbered, to be
// cited and quoted: a page laid out as a source, or one whose front matter
// says numbered: true. Sources are converted before the pages citing them.
func (p *Page) Numbered() bool {
	return p.Layout == "source" || p.Params["numbered"] == true
}

// posOf is where an annotation of the page is written.
func (p *Page) posOf(ref annotate.Reference) diag.Position {
	if ref.Pos.File != "" {
		return ref.Pos
	}
	return p.Pos()
}

// SourcesCited lists the source pages this page cites, with the paragraphs.
func (p *Page) SourcesCited() []*Citation {
	bySource := map[*Page]map[int]bool{}
	var order []*Page
	for _, ref := range p.Refs {
		if ref.Entity != "source" || ref.Paragraph == 0 {
			continue
		}
		src := p.Site.entities["source"][ref.ID]
		if src == nil {
			continue
		}
		if bySource[src] == nil {
			bySource[src] = map[int]bool{}
			order = append(order, src)
		}
		bySource[src][ref.Paragraph] = true
	}
	out := make([]*Citation, 0, len(order))
	for _, src := range order {
		c := &Citation{Source: src}
		for n := range bySource[src] {
			c.Paragraphs = append(c.Paragraphs, n)
		}
		sort.Ints(c.Paragraphs)
		out = append(out, c)
	}
	return out
}

// Citation is a source and the paragraphs of it a page cites.
type Citation struct {
	Source     *Page
	Paragraphs []int
}

// PeopleQuoted lists the people quoted, named or linked on this page, in order.
func (p *Page) PeopleQuoted() []*Page {
	return union(p.refTargets("person", "quote", "person"), p.LinksToLayout("person"))
}

// TermsUsed lists the glossary terms this page annotates or links, in order.
func (p *Page) TermsUsed() []*Page {
	return union(p.refTargets("term", "term"), p.LinksToLayout("term"))
}

// Mentions lists the pages that quote, name, use or link to this entity page.
func (p *Page) Mentions() []*Page {
	var quoting []*Page
	for _, q := range p.QuotesBy {
		quoting = append(quoting, q.Page)
	}
	// Each page once, and never the page itself: a person's page quoting
	// them is not a mention of them.
	from := union(union(union([]*Page{p}, quoting), p.UsedIn), p.LinkedFrom)[1:]
	sortPages(from)
	return from
}

// MentionGroup is a labelled group of the pages mentioning a page.
type MentionGroup struct {
	Label string
	Pages []*Page
}

// MentionGroups are Mentions grouped by kind, explainers first, so a
// reader sees at once which are explainers and which are glossary terms.
func (p *Page) MentionGroups() []MentionGroup {
	labels := []string{"Explainers", "People", "Organisations", "Glossary terms", "Sources", "Topics", "Other pages"}
	byLabel := map[string][]*Page{}
	for _, m := range p.Mentions() {
		label := "Other pages"
		switch {
		case m.IsExplainer():
			label = "Explainers"
		case m.Layout == "person":
			label = "People"
		case m.Layout == "organisation":
			label = "Organisations"
		case m.Layout == "term":
			label = "Glossary terms"
		case m.Layout == "source":
			label = "Sources"
		case m.Kind == KindTopic:
			label = "Topics"
		}
		byLabel[label] = append(byLabel[label], m)
	}
	var out []MentionGroup
	for _, l := range labels {
		if len(byLabel[l]) > 0 {
			out = append(out, MentionGroup{Label: l, Pages: byLabel[l]})
		}
	}
	return out
}

// union is a followed by the pages of b it lacks. A term linked from
// thousands of pages makes these lists long: membership is a set.
func union(a, b []*Page) []*Page {
	out := append([]*Page(nil), a...)
	in := make(map[*Page]bool, len(a)+len(b))
	for _, p := range a {
		in[p] = true
	}
	for _, p := range b {
		if !in[p] {
			in[p] = true
			out = append(out, p)
		}
	}
	return out
}

func (p *Page) refTargets(entity string, kinds ...string) []*Page {
	var out []*Page
	seen := map[*Page]bool{}
	for _, ref := range p.Refs {
		if ref.Entity != entity {
			continue
		}
		ok := false
		for _, k := range kinds {
			ok = ok || ref.Kind == k
		}
		t := p.Site.entities[entity][ref.ID]
		if ok && t != nil && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}
