// Package site is the model of a whole site: its pages, sections and topics,
// where each is published, and how they refer to each other. A Page reads
// in the order it is filled: Plan makes the plan (which pages exist, their
// URLs and order), conversion gives each page its Converted (body, contents,
// references), then Aggregate and Connect, once every page is converted,
// its Annotated and Linked groups.
package site

import (
	"html/template"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gloss-ssg/gloss/generator/annotate"
	"github.com/gloss-ssg/gloss/generator/config"
	"github.com/gloss-ssg/gloss/generator/content"
	"github.com/gloss-ssg/gloss/generator/diag"
	"github.com/gloss-ssg/gloss/generator/frontmatter"
)

// Kind says what a page is; a theme has a layout per kind.
type Kind string

const (
	KindHome     Kind = "home"
	KindSection  Kind = "section"
	KindPage     Kind = "page"
	KindTopic    Kind = "topic"
	KindTopics   Kind = "topics"
	KindNotFound Kind = "404"
	KindSearch   Kind = "search"
	// KindCorrections is the site's corrections log.
	KindCorrections Kind = "corrections"
)

// Site is everything a build publishes.
type Site struct {
	Config   config.Config
	Home     *Page
	NotFound *Page
	Search   *Page
	// CorrectionsPage lists every correction made on the site.
	CorrectionsPage *Page
	// Pages holds every page, generated ones included, ordered by URL.
	Pages []*Page
	// Sections by content folder ("explainers"); the home page's is "".
	Sections map[string]*Section
	// Topics ordered by title.
	Topics      []*Topic
	TopicsIndex *Page
	byFile      map[string]*Page // content-relative Markdown path → page
	byURL       map[string]*Page
	// Drafts are the pages left out of this build, so a link to one can say why it fails.
	drafts map[string]bool
	files  map[string]bool // published non-page files, by output path

	entities       map[string]map[string]*Page      // kind → id → page
	unnamed        map[*Page][]UnnamedSpeaker       // a source's unnamed_speakers, read once
	paragraphs     map[*Page][]string               // a source's numbered paragraphs
	attributions   map[*Page][]annotate.Attribution // what a source gives to whom (:said)
	sourceTexts    map[*Page]*annotate.SourceText   // the paragraphs read once for misquote messages
	figures        map[string]*Figure
	explainerCount int // all explainers, of which the home page lists HomeLimit
	autoOnce       sync.Once
	autoTermSet    *annotate.TermSet

	// bodies, when set, keeps pages' bodies out of memory from conversion
	// to rendering (see KeepBodiesIn).
	bodies BodyStore
}

// A BodyStore keeps pages' bodies out of memory between the step that
// makes them and the steps that read them: a big site's, in a file.
//
// Reading back what was stored fails only when the store's medium does (an
// I/O error on a temporary file): nothing a page's reader (a template, a
// feed) could handle or an author could mend. So get does not return an
// error: a store whose read fails gives "" and keeps the failure for the
// step that owns it, which fails the build before anything is published.
type BodyStore interface {
	// Put stores html and returns how to read it back.
	Put(html string) (get func() string, err error)
}

// KeepBodiesIn has the bodies set from now on kept in store.
func (s *Site) KeepBodiesIn(store BodyStore) { s.bodies = store }

// Page is one published HTML page.
type Page struct {
	Site    *Site
	Kind    Kind
	File    *content.File // nil for generated pages (topic hubs, 404)
	Section *Section      // the section it belongs to; for a section's own page, that section
	Layout  string
	// LayoutPos is where the layout was chosen, for an "unknown layout" error.
	LayoutPos diag.Position

	Title   string
	Dek     string
	Summary string
	Date    time.Time
	// Updated and Corrections say how the page changed after Date.
	Updated     time.Time
	Corrections []frontmatter.Correction
	Weight      int
	Topics      []*Topic
	Params      map[string]any

	// URL is the page's path in the site, "/explainers/chips/"; templates
	// prefix it with the base path through the url function.
	URL string
	// OutPath is the file written, "explainers/chips/index.html".
	OutPath string

	// EntityID is the id annotations use for a person, term or source page.
	EntityID string

	// Filled in by Plan's resolution step.
	Related    []*Page
	Prev, Next *Page
	// Pages lists a section's, topic hub's or the home page's pages.
	Pages []*Page
	// Topic is the topic a topic hub is about.
	Topic *Topic

	// Filled in by the Markdown stage: see Converted.
	Converted

	// Filled in from every page's conversion, each group by one step of
	// the site's: see Annotated and Linked.
	Annotated
	Linked

	number int // position in Site.Pages, for scratch arrays
}

// Converted is what a page's conversion gives it, apart from its plan
// (which pages exist, their URLs and order: Plan) and from what resolving
// links and annotations across pages adds: the body, kept where the build
// chose (see Body, SetBody and KeepBodiesIn), and what was read from it.
// Templates read its fields as the page's own (.TOC, .Words).
type Converted struct {
	body        template.HTML
	storedBody  func() string // when kept in the site's BodyStore
	TOC         []Heading
	Words       int
	ReadingTime int // minutes
	IDs         map[string]bool
	// Refs is what the page's annotations refer to, with its plain links
	// to a source's paragraphs as citations (ParagraphLinks).
	Refs []annotate.Reference
}

// Annotated is what Aggregate, and nothing else, gives each page from every
// page's annotations (its Refs): the indexes readers browse. A source's
// margins read it while the source is converted a second time, so it is
// complete before that. Templates read its fields as the page's own.
type Annotated struct {
	// Quotes are the attributed quotes on this page, in order.
	Quotes []*Quote
	// Figures are the key figures this page defines.
	Figures []*Figure
	// QuotesBy, on a person's page, lists their quotes across the site.
	QuotesBy []*Quote
	// Said, on a person's page, lists what the sources attribute to them,
	// source by source and paragraph by paragraph.
	Said []*Said
	// UsedIn, on a term's or person's page, lists the pages annotating it.
	UsedIn []*Page
	// CitedBy, on a source's page, lists the pages citing each paragraph (1-based).
	CitedBy map[int][]*Page
	// QuotesFrom, on a source's page, lists the quotes taken from each paragraph.
	QuotesFrom map[int][]*Quote
}

// Linked is what Connect, and nothing else, gives each page once every page
// is converted, sources' second conversion included: which pages link to
// which. Templates read its fields as the page's own.
type Linked struct {
	LinksTo    []*Page // pages this page links to, in the order first linked
	LinkedFrom []*Page // pages linking here, in reading order
}

// Heading is an entry of a page's table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Section is a content folder.
type Section struct {
	Name   string // content-relative folder, "explainers"; "" for the top
	Page   *Page  // the list page made from _index.md (or generated)
	Parent *Section
	// Pages are the regular pages directly in the folder, in reading order.
	Pages []*Page
	// Children are the sections directly below, in reading order.
	Children []*Section
	// PageLayout is the layout of its pages unless they choose their own.
	PageLayout    string
	pageLayoutPos diag.Position
}

// Topic is an entry of the topics taxonomy; every topic has a hub page.
type Topic struct {
	ID    string
	Title string
	Page  *Page
	Pages []*Page
}

// PageByFile returns the page made from a content-relative Markdown path.
func (s *Site) PageByFile(rel string) *Page { return s.byFile[rel] }

// PageByURL returns the page published at a site path such as "/explainers/".
func (s *Site) PageByURL(u string) *Page { return s.byURL[u] }

// IsDraft reports whether a content-relative Markdown path is a draft left out.
func (s *Site) IsDraft(rel string) bool { return s.drafts[rel] }

// Section returns the section of a content folder, or nil.
func (s *Site) Section(name string) *Section { return s.Sections[name] }

// Pos is the page's file position for messages, or empty for generated pages.
func (p *Page) Pos() diag.Position {
	if p.File == nil {
		return diag.Position{}
	}
	return diag.Position{File: p.File.Path, Line: 1, Col: 1}
}

// Body is the page's HTML made from its Markdown. A body kept in a
// BodyStore that fails to read back is empty, and the store's owner fails
// the build (see BodyStore).
func (p *Page) Body() template.HTML {
	if p.storedBody == nil {
		return p.body
	}
	return template.HTML(p.storedBody())
}

// SetBody sets the page's HTML, in the site's BodyStore if it has one.
func (p *Page) SetBody(html template.HTML) error {
	if p.Site.bodies == nil {
		p.body, p.storedBody = html, nil
		return nil
	}
	get, err := p.Site.bodies.Put(string(html))
	if err != nil {
		return err
	}
	p.body, p.storedBody = "", get
	return nil
}

// Modified is when the page last changed: the latest of its updated date and
// its corrections' dates, else its date. Feeds, the sitemap and the JSON-LD
// use it, so a correction reaches readers who follow the site.
func (p *Page) Modified() time.Time {
	t := p.Date
	if p.Updated.After(t) {
		t = p.Updated
	}
	for _, c := range p.Corrections {
		if c.Date.After(t) {
			t = c.Date
		}
	}
	return t
}

// ContactHref is the site's contact as a link: an e-mail address becomes a
// mailto: link, a site path goes under the base URL.
func (s *Site) ContactHref() string {
	c := s.Config.Contact
	switch {
	case c == "":
		return ""
	case strings.HasPrefix(c, "/"):
		return s.Href(c)
	case strings.Contains(c, "@") && !strings.Contains(c, ":"):
		return "mailto:" + c
	}
	return c
}

// Authors are the page's authors: its front matter's authors (a list or one
// name), else the site's, except on a source.
func (p *Page) Authors() []string {
	switch v := p.Params["authors"].(type) {
	case string:
		if v != "" {
			return []string{v}
		}
	case []any:
		var out []string
		for _, a := range v {
			if s, ok := a.(string); ok && s != "" {
				out = append(out, s)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	// A source is someone else's text: the site's authors did not write it.
	if p.Layout == "source" {
		return nil
	}
	return p.Site.Config.Authors
}

// LastCorrected is the date of the page's latest correction, or the zero time.
func (p *Page) LastCorrected() time.Time {
	var t time.Time
	for _, c := range p.Corrections {
		if c.Date.After(t) {
			t = c.Date
		}
	}
	return t
}

// SiteCorrection is one correction, with the page it corrects, for the
// site's corrections log.
type SiteCorrection struct {
	Page *Page
	frontmatter.Correction
}

// Corrections lists every correction on the site, newest first; corrections
// of the same day in page URL order, then in the order written.
func (s *Site) Corrections() []SiteCorrection {
	var out []SiteCorrection
	for _, p := range s.Pages {
		for _, c := range p.Corrections {
			out = append(out, SiteCorrection{Page: p, Correction: c})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Date.Equal(out[j].Date) {
			return out[i].Date.After(out[j].Date)
		}
		return out[i].Page.URL < out[j].Page.URL
	})
	return out
}

// Notes are the editors' notes written on a source page (:::gloss), in
// order, as plain text: the print edition lists them as endnotes.
func (p *Page) Notes() []annotate.Reference {
	var out []annotate.Reference
	for _, r := range p.Refs {
		if r.Kind == "gloss" {
			out = append(out, r)
		}
	}
	return out
}

// Param returns a front matter value by key, for templates.
func (p *Page) Param(key string) any { return p.Params[key] }

// IsExplainer is true for pages laid out as explainers.
func (p *Page) IsExplainer() bool { return p.Kind == KindPage && p.Layout == "explainer" }

// Ancestors lists the section pages above p, outermost first, for breadcrumbs.
func (p *Page) Ancestors() []*Page {
	var out []*Page
	sec := p.Section
	if p.Kind == KindSection && sec != nil {
		sec = sec.Parent
	}
	for ; sec != nil; sec = sec.Parent {
		if sec.Page != nil && sec.Page != p {
			out = append([]*Page{sec.Page}, out...)
		}
	}
	return out
}

// Href is the page's link under the base URL.
func (p *Page) Href() string { return p.Site.Href(p.URL) }

// Permalink is the page's full URL when the base URL has a host (for
// canonical links and feeds), else the same as Href.
func (p *Page) Permalink() string { return p.Site.Config.Absolute(p.Href()) }

// Description is the text for the page's meta description: its summary,
// else its dek, else the site's description.
func (p *Page) Description() string {
	switch {
	case p.Summary != "":
		return p.Summary
	case p.Dek != "":
		return p.Dek
	}
	return p.Site.Config.Description
}

// LinksToLayout lists the pages of a layout this page links to, such as the
// "person" pages an explainer mentions.
func (p *Page) LinksToLayout(layout string) []*Page {
	var out []*Page
	for _, t := range p.LinksTo {
		if t.Layout == layout {
			out = append(out, t)
		}
	}
	return out
}

// LinkedFromLayout lists the pages of a layout that link here, such as the
// explainers that cite a source.
func (p *Page) LinkedFromLayout(layout string) []*Page {
	var out []*Page
	for _, t := range p.LinkedFrom {
		if t.Layout == layout {
			out = append(out, t)
		}
	}
	return out
}

// Menu is the site's main navigation: the top-level sections in reading
// order, then the topics index when there are topics.
func (s *Site) Menu() []*Page {
	var out []*Page
	if root := s.Sections[""]; root != nil {
		for _, c := range root.Children {
			out = append(out, c.Page)
		}
	}
	if len(s.Topics) > 0 {
		out = append(out, s.TopicsIndex)
	}
	return out
}

// Nav is what the site's main menu shows on a page: the entry the page is
// in, if any, and whether the page is that entry's own. Pages with the same
// Nav show the same menu, which a theme renders once for all of them with
// {{cached "site-nav" .Nav}}: on a big site the menu was a third of the
// work of rendering each page.
type Nav struct {
	Site    *Site
	Current *Page // the menu entry the page is in, or nil
	Exact   bool  // the page is Current's own page
}

// Nav says which menu entry is the page's.
func (p *Page) Nav() Nav {
	for _, m := range p.Site.Menu() {
		if p.InSection(m) {
			return Nav{Site: p.Site, Current: m, Exact: p == m}
		}
	}
	return Nav{Site: p.Site}
}

// InSection reports whether p is sec's page or below it, for marking the
// current menu entry.
func (p *Page) InSection(sec *Page) bool {
	if p == sec {
		return true
	}
	if p.Kind == KindTopic && sec.Kind == KindTopics {
		return true
	}
	for _, a := range p.Ancestors() {
		if a == sec {
			return true
		}
	}
	return false
}
