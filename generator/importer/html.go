package importer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// parseHTML reads the main text of a web page: the page's <main> (or its one
// <article>, or its body), without navigation, scripts, styles, forms,
// headers and footers of the site, and the boxes around a story (sharing
// buttons, related links, cookie notices). The parser decodes entities.
func parseHTML(src []byte) parsed {
	doc, err := html.Parse(bytes.NewReader(src))
	if err != nil { // html.Parse accepts any input; this is a read error
		return parsed{dropped: []string{"the whole file: " + err.Error()}}
	}
	h := &htmlReader{dropped: map[string]*droppedCount{}}
	h.meta = readMeta(doc)
	root := mainContent(doc)
	h.dropAround(doc, root)
	h.blocks = h.container(root)
	// Without a title in <meta>, a heading that opens the text names it
	// (fromBlocks takes it); else the <title>, without the site's name.
	if h.meta.Title == "" && (len(h.blocks) == 0 || h.blocks[0].kind != heading) {
		if t := find(doc, atom.Title); t != nil {
			h.meta.Title = withoutSiteName(clean(textOf(t)), h.meta.Publisher)
		}
	}
	return parsed{meta: h.meta, blocks: h.blocks, dropped: h.droppedLines()}
}

type droppedCount struct{ blocks, words int }

type htmlReader struct {
	meta    Meta
	blocks  []block
	dropped map[string]*droppedCount
	inline  strings.Builder // text of the paragraph being gathered
}

func (h *htmlReader) drop(what string, words int) {
	d := h.dropped[what]
	if d == nil {
		d = &droppedCount{}
		h.dropped[what] = d
	}
	d.blocks++
	d.words += words
}

func (h *htmlReader) droppedLines() []string {
	var out []string
	for what, d := range h.dropped {
		line := what
		if d.blocks > 1 {
			line = fmt.Sprintf("%s (%d)", what, d.blocks)
		}
		if d.words > 0 {
			line += fmt.Sprintf(": %d words", d.words)
		}
		out = append(out, line)
	}
	sort.Strings(out)
	return out
}

// leftOut names the elements never part of a report's text, by what an
// author would call them.
var leftOut = map[atom.Atom]string{
	atom.Nav: "navigation", atom.Script: "scripts", atom.Style: "styles", atom.Noscript: "scripts",
	atom.Template: "templates", atom.Footer: "footers", atom.Header: "page headers", atom.Aside: "asides",
	atom.Form: "forms", atom.Button: "buttons", atom.Select: "forms", atom.Iframe: "embedded frames",
	atom.Svg: "images", atom.Img: "images", atom.Picture: "images", atom.Video: "media", atom.Audio: "media",
	atom.Object: "media", atom.Embed: "media", atom.Canvas: "images", atom.Map: "images", atom.Dialog: "dialogs",
	atom.Table: "tables (copy one by hand as a Markdown table if it matters)", atom.Figure: "figures",
	atom.Menu: "navigation", atom.Link: "", atom.Meta: "", atom.Base: "",
}

// boilerplate matches the class or id of the boxes around a story.
var boilerplate = regexp.MustCompile(`(?i)(^|[\s_-])(nav|navbar|menu|breadcrumbs?|share|sharing|social|related|recommended|newsletter|subscribe|cookies?|consent|banner|advert|ads?|sponsor|promo|comments?|sidebar|skip|toolbar|pagination|pager|byline-tools|print|footer|header|masthead|topbar|disclaimer-bar)($|[\s_-])`)

func (h *htmlReader) skip(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return n.Type == html.CommentNode
	}
	if what, ok := leftOut[n.DataAtom]; ok {
		// A header inside the main text holds its title and date: keep it.
		if n.DataAtom == atom.Header && insideMain(n) {
			return false
		}
		if what != "" {
			h.drop(what, wordCount(n))
		}
		return true
	}
	if attr(n, "hidden") != "" || attr(n, "aria-hidden") == "true" || strings.Contains(strings.ReplaceAll(attr(n, "style"), " ", ""), "display:none") {
		h.drop("hidden elements", wordCount(n))
		return true
	}
	switch attr(n, "role") {
	case "navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alert":
		h.drop("navigation and page furniture (role="+attr(n, "role")+")", wordCount(n))
		return true
	}
	if boilerplate.MatchString(attr(n, "class")) || boilerplate.MatchString(attr(n, "id")) {
		h.drop("sharing, related-link and other boxes around the text", wordCount(n))
		return true
	}
	return false
}

func insideMain(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Main || p.DataAtom == atom.Article {
			return true
		}
	}
	return false
}

// container reads the blocks of an element that holds blocks. Inline
// content directly inside it (text in a <div>) makes paragraphs of its own,
// split at <br><br>.
func (h *htmlReader) container(n *html.Node) []block {
	var out []block
	flush := func() {
		if t := clean(h.inline.String()); t != "" {
			out = append(out, block{kind: paragraph, text: t})
		}
		h.inline.Reset()
	}
	lastBR := false
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if h.skip(c) {
			continue
		}
		if c.Type == html.TextNode {
			if strings.TrimSpace(c.Data) != "" {
				lastBR = false
			}
			h.inline.WriteString(c.Data)
			continue
		}
		if c.Type != html.ElementNode {
			continue
		}
		if c.DataAtom == atom.Br {
			if lastBR {
				flush()
			}
			h.inline.WriteString(" ")
			lastBR = true
			continue
		}
		lastBR = false
		if !isBlock(c) {
			h.inlineText(c)
			continue
		}
		flush()
		out = append(out, h.element(c)...)
	}
	flush()
	return out
}

func (h *htmlReader) element(n *html.Node) []block {
	switch n.DataAtom {
	case atom.P:
		if t := clean(h.textSkipping(n)); t != "" {
			return []block{{kind: paragraph, text: t}}
		}
		return nil
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		if t := clean(h.textSkipping(n)); t != "" {
			return []block{{kind: heading, level: int(n.Data[1] - '0'), text: t}}
		}
		return nil
	case atom.Ul, atom.Ol:
		if b := h.list(n); len(b.items) > 0 {
			return []block{b}
		}
		return nil
	case atom.Blockquote:
		if inner := h.container(n); len(inner) > 0 {
			return []block{{kind: quote, inner: inner}}
		}
		return nil
	case atom.Pre:
		if t := strings.Trim(textOf(n), "\n"); strings.TrimSpace(t) != "" {
			return []block{{kind: code, text: t}}
		}
		return nil
	case atom.Hr:
		return nil
	case atom.Dl:
		var out []block
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && !h.skip(c) {
				if t := clean(h.textSkipping(c)); t != "" {
					out = append(out, block{kind: paragraph, text: t})
				}
			}
		}
		return out
	}
	return h.container(n) // div, section, article, main, li content…
}

func (h *htmlReader) list(n *html.Node) block {
	b := block{kind: list, ordered: n.DataAtom == atom.Ol}
	for li := n.FirstChild; li != nil; li = li.NextSibling {
		if li.Type != html.ElementNode || li.DataAtom != atom.Li || h.skip(li) {
			continue
		}
		var it item
		var text strings.Builder
		for c := li.FirstChild; c != nil; c = c.NextSibling {
			if h.skip(c) {
				continue
			}
			if c.Type == html.ElementNode && (c.DataAtom == atom.Ul || c.DataAtom == atom.Ol) {
				if sub := h.list(c); len(sub.items) > 0 {
					it.nested = append(it.nested, sub)
				}
				continue
			}
			text.WriteString(" " + h.textSkipping(c))
		}
		it.text = clean(text.String())
		if it.text != "" || len(it.nested) > 0 {
			b.items = append(b.items, it)
		}
	}
	return b
}

// inlineText adds an inline element's text to the paragraph being gathered.
func (h *htmlReader) inlineText(n *html.Node) { h.inline.WriteString(h.textSkipping(n)) }

// textSkipping is the text of n without what skip leaves out (a script in a
// paragraph, a "share" button in a heading).
func (h *htmlReader) textSkipping(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if h.skip(c) {
			continue
		}
		if c.Type == html.ElementNode && (c.DataAtom == atom.Br || isBlock(c)) {
			b.WriteString(" ")
		}
		b.WriteString(h.textSkipping(c))
	}
	return b.String()
}

var blockAtoms = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true, atom.Header: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Blockquote: true, atom.Pre: true, atom.Hr: true,
	atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Address: true, atom.Center: true, atom.Details: true,
	atom.Summary: true, atom.Fieldset: true, atom.Body: true, atom.Html: true,
}

func isBlock(n *html.Node) bool { return blockAtoms[n.DataAtom] }

// mainContent picks the element that holds the text: the one <main> (or
// role=main), else the one <article>, else <body>.
func mainContent(doc *html.Node) *html.Node {
	body := find(doc, atom.Body)
	if body == nil {
		body = doc
	}
	var mains, articles []*html.Node
	walk(body, func(n *html.Node) bool {
		switch {
		case n.DataAtom == atom.Main || attr(n, "role") == "main":
			mains = append(mains, n)
			return false
		case n.DataAtom == atom.Article:
			articles = append(articles, n)
			return false
		}
		return true
	})
	switch {
	case len(mains) == 1:
		return mains[0]
	case len(articles) == 1:
		return articles[0]
	}
	return body
}

// dropAround records what the page has outside its main text: navigation,
// scripts, footers and the like by name, the rest as words outside it.
func (h *htmlReader) dropAround(doc, root *html.Node) {
	scope := doc
	if root.DataAtom == atom.Body || root == doc {
		// The text is the whole body: only the head's scripts and styles
		// are left out.
		if scope = find(doc, atom.Head); scope == nil {
			return
		}
		root = nil
	}
	outside := 0
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c == root:
			case c.Type == html.TextNode:
				outside += len(strings.Fields(c.Data))
			case c.DataAtom == atom.Title:
			case h.skip(c):
			default:
				visit(c)
			}
		}
	}
	visit(scope)
	if outside > 0 && root != nil {
		h.drop(fmt.Sprintf("other text outside the %s", describeRoot(root)), outside)
	}
}

func describeRoot(n *html.Node) string {
	if attr(n, "role") == "main" && n.DataAtom != atom.Main {
		return `role="main" element`
	}
	return "<" + n.Data + ">"
}

// readableWords counts the words a reader would see (no scripts or styles).
func readableWords(n *html.Node) int {
	count := 0
	walk(n, func(c *html.Node) bool {
		if c.DataAtom == atom.Script || c.DataAtom == atom.Style || c.DataAtom == atom.Noscript || c.DataAtom == atom.Template {
			return false
		}
		if c.Type == html.TextNode {
			count += len(strings.Fields(c.Data))
		}
		return true
	})
	return count
}

func wordCount(n *html.Node) int {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg:
		return 0
	}
	return readableWords(n)
}

// walk calls visit for n and its descendants, depth first; visit returns
// false to leave a node's children out.
func walk(n *html.Node, visit func(*html.Node) bool) {
	if !visit(n) {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, visit)
	}
}

func find(n *html.Node, a atom.Atom) *html.Node {
	var found *html.Node
	walk(n, func(c *html.Node) bool {
		if found != nil {
			return false
		}
		if c.Type == html.ElementNode && c.DataAtom == a {
			found = c
			return false
		}
		return true
	})
	return found
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			if a.Val == "" {
				return " " // present without a value (hidden)
			}
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
		return true
	})
	return b.String()
}

// readMeta takes the title, canonical address, publisher and date from
// where pages state them: Open Graph and other <meta> tags, <link
// rel=canonical>, schema.org JSON-LD, and a <time> in the article.
func readMeta(doc *html.Node) Meta {
	var m Meta
	metas := map[string]string{}
	var firstTime string
	walk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Meta:
			key := ""
			for _, k := range []string{"property", "name", "itemprop"} {
				if v := strings.TrimSpace(attr(n, k)); v != "" {
					key = strings.ToLower(v)
					break
				}
			}
			if _, seen := metas[key]; !seen && strings.TrimSpace(attr(n, "content")) != "" {
				metas[key] = clean(attr(n, "content"))
			}
		case atom.Link:
			if strings.EqualFold(attr(n, "rel"), "canonical") && m.URL == "" {
				m.URL = strings.TrimSpace(attr(n, "href"))
			}
		case atom.Script:
			if attr(n, "type") == "application/ld+json" {
				readJSONLD(textOf(n), &m)
			}
			return false
		case atom.Time:
			if firstTime == "" {
				firstTime = attr(n, "datetime")
				if strings.TrimSpace(firstTime) == "" {
					firstTime = textOf(n)
				}
			}
		}
		return true
	})
	pick := func(current string, keys ...string) string {
		if current != "" {
			return current
		}
		for _, k := range keys {
			if v := metas[k]; v != "" {
				return v
			}
		}
		return ""
	}
	m.Title = pick("", "og:title", "twitter:title", "dc.title", "dcterms.title", "citation_title", "headline")
	m.URL = pick(m.URL, "og:url")
	m.Publisher = pick(m.Publisher, "og:site_name", "publisher", "dc.publisher", "dcterms.publisher", "citation_publisher", "application-name")
	date := pick("", "article:published_time", "datepublished", "date", "dc.date", "dcterms.date", "dcterms.issued", "dc.date.issued", "citation_publication_date", "citation_date", "pubdate", "publishdate")
	if date == "" {
		date = m.Date
	}
	if date == "" {
		date = firstTime
	}
	m.Date = normalizeDate(date)
	return m
}

// readJSONLD takes the publisher and date from schema.org data, which many
// news and government sites embed; the headline is left to <meta>.
func readJSONLD(src string, m *Meta) {
	var v any
	if json.Unmarshal([]byte(src), &v) != nil {
		return
	}
	var visit func(any)
	visit = func(v any) {
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				visit(e)
			}
		case map[string]any:
			if g, ok := x["@graph"]; ok {
				visit(g)
			}
			if d, ok := x["datePublished"].(string); ok && m.Date == "" {
				m.Date = d
			}
			if p, ok := x["publisher"].(map[string]any); ok && m.Publisher == "" {
				if name, ok := p["name"].(string); ok {
					m.Publisher = clean(name)
				}
			}
		}
	}
	visit(v)
}

var dateLayouts = []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02", "2006/01/02", "2006.01.02",
	"January 2, 2006", "2 January 2006", "Jan 2, 2006", "2 Jan 2006", "Monday, January 2, 2006"}

// normalizeDate writes a date as 2006-01-02, or "" when it cannot tell.
func normalizeDate(s string) string {
	s = strings.TrimSpace(s)
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02")
		}
	}
	if len(s) >= 10 {
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
			return t.Format("2006-01-02")
		}
	}
	return ""
}

// withoutSiteName drops the site's name from a <title> such as
// "The 2023 report | Ministry of Finance", when the page names its publisher.
func withoutSiteName(title, publisher string) string {
	if publisher == "" {
		return title
	}
	for _, sep := range []string{" | ", " – ", " — ", " - ", " :: "} {
		if i := strings.LastIndex(title, sep); i > 0 && sameText(title[i+len(sep):], publisher) {
			return strings.TrimSpace(title[:i])
		}
	}
	return title
}
