package pipeline

import (
	"encoding/json"
	"fmt"
	"hash/maphash"
	"slices"
	"sort"

	"github.com/gloss-ssg/gloss/generator/markdown"
	"github.com/gloss-ssg/gloss/generator/output"
	"github.com/gloss-ssg/gloss/generator/site"
	"github.com/gloss-ssg/gloss/generator/theme"
)

// reuseRendered puts into the new site every page whose render signature is
// what it was in the last build, with the HTML rendered then, and returns
// the pages that must be rendered again.
func (b *Builder) reuseRendered(r *run, snap *output.Snapshot) []*site.Page {
	global := b.siteSignature(r)
	b.siteSig = global
	prev := b.render
	b.sigs = make(map[*site.Page]uint64, len(r.site.Pages))
	var todo []*site.Page
	for _, p := range r.site.Pages {
		sig := pageSignature(b.seed, global, p, r.bodyHash[p])
		b.sigs[p] = sig
		if e, ok := prev[p.OutPath]; ok && e.sig == sig && e.scan != nil {
			r.links.AddScanned(p.OutPath, e.scan)
			snap.Keep(p.OutPath, e.html)
			continue
		}
		todo = append(todo, p)
	}
	return todo
}

// rememberRendered keeps every page of this build for the next one.
func (b *Builder) rememberRendered(r *run, snap *output.Snapshot) {
	next := make(map[string]renderEntry, len(r.site.Pages))
	for _, p := range r.site.Pages {
		if html, ok := snap.File(p.OutPath); ok {
			next[p.OutPath] = renderEntry{sig: b.sigs[p], html: html, scan: r.links.Scanned(p.OutPath)}
		}
	}
	b.render = next
}

// Signatures use hash/maphash: they are only compared within one Builder,
// and it is many times faster than a cryptographic hash over every page.

// siteSignature hashes what any page may show of the site as a whole: the
// configuration, the theme, and every page's place and card (its URL,
// title, dek, summary, date, topics, front matter), so that a change to any
// of them renders every page again; and of what comes from pages' bodies,
// what the theme's layouts read of pages other than the one they render
// (a card showing a child's reading time). With the built-in themes, edits
// to a page's body alone leave it unchanged.
func (b *Builder) siteSignature(r *run) uint64 {
	var h maphash.Hash
	h.SetSeed(b.seed)
	cfg, _ := json.Marshal(r.cfg)
	h.Write(cfg)
	fp := r.theme.Fingerprint()
	h.Write(fp[:])
	shown := shownOfOtherPages(r.theme)
	for _, p := range r.site.Pages {
		card(&h, p, b.convert.paramsJSON(p))
		for _, q := range []*site.Page{p.Prev, p.Next} {
			if q != nil {
				writeStrings(&h, "neighbour", q.URL)
			}
		}
		shown.hash(&h, p, r.bodyHash[p])
	}
	return h.Sum64()
}

// shownFields says which of the fields a page's conversion and the
// resolution across pages fill in (site.Page's body, contents, words,
// annotations, links and backlinks) the theme's layouts read of pages other
// than the one they render. Everything else a template can read of another
// page is its card, which siteSignature hashes always.
type shownFields map[string]bool

func shownOfOtherPages(th *theme.Theme) shownFields {
	names, all := th.ReadOfOtherPages()
	shown := shownFields{}
	for _, f := range []string{"Body", "TOC", "Words", "ReadingTime", "IDs", "Quotes", "Figures", "Refs",
		"QuotesBy", "UsedIn", "CitedBy", "LinksTo", "LinkedFrom", "LinksToLayout", "LinkedFromLayout"} {
		if all || names[f] {
			shown[f] = true
		}
	}
	return shown
}

// hash writes what of p's body-made fields other pages show.
func (s shownFields) hash(h *maphash.Hash, p *site.Page, body [32]byte) {
	if len(s) == 0 {
		return
	}
	writeStrings(h, "shown", p.URL)
	if s["Body"] {
		h.Write(body[:])
	}
	if s["TOC"] {
		for _, t := range p.TOC {
			writeStrings(h, fmt.Sprint(t.Level), t.ID, t.Text)
		}
	}
	if s["Words"] || s["ReadingTime"] {
		writeStrings(h, fmt.Sprint(p.Words, p.ReadingTime))
	}
	if s["IDs"] {
		ids := make([]string, 0, len(p.IDs))
		for id := range p.IDs {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		writeStrings(h, ids...)
	}
	if s["Quotes"] || s["Figures"] || s["Refs"] {
		bodyFacts(h, p)
	}
	if s["QuotesBy"] {
		for _, q := range p.QuotesBy {
			writeStrings(h, "quoted", q.Page.URL, q.Anchor, q.Text, fmt.Sprint(q.Paragraph))
		}
	}
	if s["UsedIn"] || s["LinksTo"] || s["LinkedFrom"] || s["LinksToLayout"] || s["LinkedFromLayout"] {
		for _, list := range [][]*site.Page{p.UsedIn, p.LinkedFrom, p.LinksTo} {
			writeStrings(h, "list")
			for _, q := range list {
				writeStrings(h, q.URL)
			}
		}
	}
	if s["CitedBy"] {
		citedByHash(h, p)
	}
}

// changedWhereShown reports whether a page's new conversion changes what
// other pages show of it: then editing its body in place, rendering only
// it, would leave them stale.
func (s shownFields) changedWhereShown(p *site.Page, oldBody [32]byte, e *convEntry) bool {
	if s["Body"] && oldBody != e.bodyHash {
		return true
	}
	if (s["Words"] || s["ReadingTime"]) && (p.Words != e.out.Words || p.ReadingTime != e.out.ReadingTime) {
		return true
	}
	if s["TOC"] && !slices.EqualFunc(p.TOC, e.out.TOC, func(a site.Heading, b markdown.Heading) bool { return a == site.Heading(b) }) {
		return true
	}
	// The rest a body edit in place cannot change (see sameFacts).
	return false
}

func card(h *maphash.Hash, p *site.Page, params []byte) {
	writeStrings(h, p.URL, p.OutPath, string(p.Kind), p.Layout, p.Title, p.Dek, p.Summary, p.Date.String(), fmt.Sprint(p.Weight), string(params), p.EntityID)
	for _, t := range p.Topics {
		writeStrings(h, t.ID, t.Title)
	}
}

// pageSignature hashes everything a page's templates can show that comes
// from pages' bodies: its own body, contents, reading time and annotations,
// and the quotes, figures, citations and links other pages make to it or
// that the pages it lists hold.
func pageSignature(seed maphash.Seed, global uint64, p *site.Page, body [32]byte) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	fmt.Fprint(&h, global)
	h.Write(body[:])
	writeStrings(&h, p.URL, fmt.Sprint(p.ReadingTime, p.Words))
	for _, t := range p.TOC {
		writeStrings(&h, fmt.Sprint(t.Level), t.ID, t.Text)
	}
	bodyFacts(&h, p)
	for _, q := range p.QuotesBy {
		writeStrings(&h, "quoted", q.Page.URL, q.Anchor, q.Text, fmt.Sprint(q.Paragraph), q.Form)
	}
	// A person's page lists what the sources attribute to them.
	for _, a := range p.Said {
		writeStrings(&h, "said", a.Source.URL, fmt.Sprint(a.Paragraph), a.Text, a.Form)
	}
	for _, list := range [][]*site.Page{p.UsedIn, p.LinkedFrom, p.LinksTo, p.Related} {
		writeStrings(&h, "list")
		for _, q := range list {
			writeStrings(&h, q.URL)
		}
	}
	citedByHash(&h, p)
	// Lists (sections, topic hubs, the home page) show their pages' quotes
	// and key figures.
	for _, q := range p.Pages {
		bodyFacts(&h, q)
	}
	return h.Sum64()
}

// bodyFacts hashes what a page's body says that other pages show.
func bodyFacts(h *maphash.Hash, p *site.Page) {
	for _, q := range p.Quotes {
		who := "unnamed " + q.Unnamed
		if q.Person != nil {
			who = q.Person.URL
		}
		writeStrings(h, "quote", q.Anchor, q.Text, fmt.Sprint(q.Paragraph), who, q.Form)
	}
	for _, f := range p.Figures {
		data, _ := json.Marshal(f.Data)
		writeStrings(h, "figure", string(data))
	}
	for _, ref := range p.Refs {
		writeStrings(h, "ref", ref.Kind, ref.Entity, ref.ID, fmt.Sprint(ref.Paragraph), ref.Anchor)
	}
}

// citedByHash hashes which pages cite each of a source's paragraphs.
func citedByHash(h *maphash.Hash, p *site.Page) {
	paras := make([]int, 0, len(p.CitedBy))
	for n := range p.CitedBy {
		paras = append(paras, n)
	}
	sort.Ints(paras)
	for _, n := range paras {
		for _, q := range p.CitedBy[n] {
			writeStrings(h, "cited", fmt.Sprint(n), q.URL)
		}
	}
}
