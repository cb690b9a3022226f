// Package feed writes the site's Atom feed and JSON Feed of its explainers,
// newest first, so readers can follow a site without visiting it.
package feed

import (
	"encoding/json"
	"encoding/xml"
	"sort"
	"time"

	"github.com/gloss-ssg/gloss/generator/site"
)

// Paths of the feeds in the output.
const (
	AtomPath = "feed.xml"
	JSONPath = "feed.json"
)

// MaxEntries bounds a feed: readers poll it, and old entries stay on the site.
const MaxEntries = 50

// entries are the pages a feed lists: explainers (every regular page on a
// site without explainers), newest first, then in reading order.
func entries(s *site.Site) []*site.Page {
	pages := append([]*site.Page(nil), s.Explainers()...)
	sort.SliceStable(pages, func(i, j int) bool { return pages[i].Date.After(pages[j].Date) })
	if len(pages) > MaxEntries {
		pages = pages[:MaxEntries]
	}
	return pages
}

// Updated is when the feed last changed: fixed when it is set (the command
// passes SOURCE_DATE_EPOCH's time, as reproducible-build tools expect), else
// its newest entry's date, so that identical content gives an identical feed.
func Updated(pages []*site.Page, fixed time.Time) time.Time {
	if !fixed.IsZero() {
		return fixed.UTC()
	}
	var t time.Time
	for _, p := range pages {
		if m := p.Modified(); m.After(t) {
			t = m
		}
	}
	if t.IsZero() {
		return time.Unix(0, 0).UTC()
	}
	return t
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr,omitempty"`
	Title   string      `xml:"title"`
	Sub     string      `xml:"subtitle,omitempty"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	Title     string     `xml:"title"`
	ID        string     `xml:"id"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published,omitempty"`
	Links     []atomLink `xml:"link"`
	Summary   *atomText  `xml:"summary,omitempty"`
	Content   atomText   `xml:"content"`
	Category  []atomCat  `xml:"category"`
}

type atomCat struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

// Atom renders the Atom feed; updated, when set, is its updated time (see
// Updated).
func Atom(s *site.Site, updated time.Time) ([]byte, error) {
	pages := entries(s)
	cfg := s.Config
	f := atomFeed{
		Lang:    cfg.Language,
		Title:   cfg.Title,
		Sub:     cfg.Description,
		ID:      cfg.Absolute(s.Href("/")),
		Updated: Updated(pages, updated).Format(time.RFC3339),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: cfg.Absolute(s.Href("/" + AtomPath))},
			{Rel: "alternate", Type: "text/html", Href: cfg.Absolute(s.Href("/"))},
		},
		Author: atomAuthor{Name: cfg.Title},
	}
	for _, p := range pages {
		body := p.Body()
		entryUpdated := p.Modified()
		if entryUpdated.IsZero() {
			entryUpdated = Updated(pages, updated)
		}
		e := atomEntry{
			Title:   p.Title,
			ID:      p.Permalink(),
			Updated: entryUpdated.Format(time.RFC3339),
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: p.Permalink()}},
			Content: atomText{Type: "html", Body: string(body)},
		}
		if !p.Date.IsZero() {
			e.Published = p.Date.Format(time.RFC3339)
		}
		if d := p.Description(); d != "" {
			e.Summary = &atomText{Type: "text", Body: d}
		}
		for _, t := range p.Topics {
			e.Category = append(e.Category, atomCat{Term: t.ID, Label: t.Title})
		}
		f.Entries = append(f.Entries, e)
	}
	out, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}

type jsonFeed struct {
	Version     string     `json:"version"`
	Title       string     `json:"title"`
	HomePageURL string     `json:"home_page_url"`
	FeedURL     string     `json:"feed_url"`
	Description string     `json:"description,omitempty"`
	Language    string     `json:"language,omitempty"`
	Items       []jsonItem `json:"items"`
}

type jsonItem struct {
	ID            string   `json:"id"`
	URL           string   `json:"url"`
	Title         string   `json:"title"`
	Summary       string   `json:"summary,omitempty"`
	ContentHTML   string   `json:"content_html"`
	DatePublished string   `json:"date_published,omitempty"`
	DateModified  string   `json:"date_modified,omitempty"`
	Tags          []string `json:"tags,omitempty"`
}

// JSON renders the JSON Feed (version 1.1).
func JSON(s *site.Site) ([]byte, error) {
	cfg := s.Config
	f := jsonFeed{
		Version:     "https://jsonfeed.org/version/1.1",
		Title:       cfg.Title,
		HomePageURL: cfg.Absolute(s.Href("/")),
		FeedURL:     cfg.Absolute(s.Href("/" + JSONPath)),
		Description: cfg.Description,
		Language:    cfg.Language,
		Items:       []jsonItem{},
	}
	for _, p := range entries(s) {
		body := p.Body()
		it := jsonItem{ID: p.Permalink(), URL: p.Permalink(), Title: p.Title, Summary: p.Description(), ContentHTML: string(body)}
		if !p.Date.IsZero() {
			it.DatePublished = p.Date.Format(time.RFC3339)
		}
		if m := p.Modified(); !m.Equal(p.Date) {
			it.DateModified = m.Format(time.RFC3339)
		}
		for _, t := range p.Topics {
			it.Tags = append(it.Tags, t.Title)
		}
		f.Items = append(f.Items, it)
	}
	out, err := json.MarshalIndent(f, "", "  ")
	return append(out, '\n'), err
}
