// Package linkcheck checks a built site's links: every internal href and src
// of every page must name a file the build wrote, and every #fragment an id
// in that page. It reads the HTML as the build writes it, so links made by
// templates are checked as well as links written in Markdown.
package linkcheck

import (
	"fmt"
	"html"
	"maps"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"unique"

	"github.com/gloss-ssg/gloss/generator/diag"
	"github.com/gloss-ssg/gloss/generator/htmlattr"
	"github.com/gloss-ssg/gloss/generator/output"
)

// Checker collects the files of one build.
type Checker struct {
	basePath string // "/" or "/sub/"
	mu       sync.Mutex
	files    map[string]bool  // every written file, by output path
	pages    map[string]*Scan // HTML files, by output path
}

// Scan is what a page links to and the ids it has. The preview keeps it
// between builds, so an unchanged page is not read again.
type Scan struct {
	ids   []string // sorted, each once
	links []string // site links only (external ones are not checked)
}

// has reports whether the page has the id.
func (s *Scan) has(id string) bool {
	_, found := slices.BinarySearch(s.ids, id)
	return found
}

// New makes a checker for a site published under basePath ("/sub/").
func New(basePath string) *Checker {
	if !strings.HasSuffix(basePath, "/") {
		basePath += "/"
	}
	return &Checker{basePath: basePath, files: map[string]bool{}, pages: map[string]*Scan{}}
}

// Sink returns a sink that records each file for the checker and then hands
// it to next.
func (c *Checker) Sink(next output.Sink) output.Sink { return sink{c, next} }

type sink struct {
	c    *Checker
	next output.Sink
}

func (s sink) WriteFile(rel string, data []byte) error {
	s.c.Add(rel, data)
	return s.next.WriteFile(rel, data)
}

// AddScanned records a page already scanned (see Scanned).
func (c *Checker) AddScanned(rel string, s *Scan) {
	c.mu.Lock()
	c.files[rel] = true
	c.pages[rel] = s
	c.mu.Unlock()
}

// Scanned returns what the checker read of a page, for AddScanned.
func (c *Checker) Scanned(rel string) *Scan {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pages[rel]
}

// Add records one file of the site.
func (c *Checker) Add(rel string, data []byte) {
	var refs *Scan
	if strings.HasSuffix(rel, ".html") {
		refs = scan(data)
	}
	c.mu.Lock()
	c.files[rel] = true
	if refs != nil {
		c.pages[rel] = refs
	}
	c.mu.Unlock()
}

// Exists records a file of the site without reading it (a file made later,
// such as the preview's search index): links to it are good.
func (c *Checker) Exists(rel string) {
	c.mu.Lock()
	c.files[rel] = true
	c.mu.Unlock()
}

// Check returns a problem for every broken internal link. source names the
// content file a page was made from, for messages; it may return "".
func (c *Checker) Check(source func(outPath string) string) []diag.Problem {
	probs, _ := c.CheckSince(nil, source)
	return probs
}

// Results are one check's findings, kept by the preview for the next one.
type Results struct {
	basePath string
	files    map[string]bool
	pages    map[string]*Scan
	order    []string // pages, sorted: problems are reported in this order
	problems map[string][]diag.Problem
}

// CheckSince is Check that reuses the findings of an earlier check of the
// same site: when no file appeared or disappeared and no page that was read
// again gained or lost an id, a page whose links were not read again has
// the problems it had. A preview rebuild after a body edit checks one page.
func (c *Checker) CheckSince(prev *Results, source func(outPath string) string) ([]diag.Problem, *Results) {
	pages := make([]string, 0, len(c.pages))
	for p := range c.pages {
		pages = append(pages, p)
	}
	sort.Strings(pages)
	reuse := prev != nil && c.sameTargets(prev)
	res := &Results{basePath: c.basePath, files: c.files, pages: c.pages, order: pages, problems: make(map[string][]diag.Problem, len(pages))}
	var probs []diag.Problem
	// Links from the root ("/topics/", the menu, the cards) mean the same on
	// every page: check each once. On a big site most links are these.
	absolute, seen := map[string]string{}, map[string]bool{}
	for _, from := range pages {
		if reuse && prev.pages[from] == c.pages[from] {
			if ps, ok := prev.problems[from]; ok {
				res.problems[from] = ps
				probs = append(probs, ps...)
				continue
			}
		}
		pageProbs := c.checkPage(from, absolute, seen, source)
		res.problems[from] = pageProbs
		probs = append(probs, pageProbs...)
	}
	return probs, res
}

// checkPage returns the broken links of one page. absolute caches the
// verdicts on root-relative links across pages; seen is scratch space.
func (c *Checker) checkPage(from string, absolute map[string]string, seen map[string]bool, source func(outPath string) string) []diag.Problem {
	var pageProbs []diag.Problem
	clear(seen)
	for _, link := range c.pages[from].links {
		if seen[link] {
			continue
		}
		seen[link] = true
		var msg string
		if strings.HasPrefix(link, "/") && !strings.HasPrefix(link, "//") && !strings.Contains(link, "#") {
			m, done := absolute[link]
			if !done {
				m = c.check(from, link)
				absolute[link] = m
			}
			msg = m
		} else {
			msg = c.check(from, link)
		}
		if msg != "" {
			where := diag.Position{File: source(from)}
			if where.File == "" {
				msg += " (in the page " + from + ", made by the theme)"
			} else {
				msg += " (in " + from + ")"
			}
			pageProbs = append(pageProbs, diag.Problem{Pos: where, Msg: msg})
		}
	}
	return pageProbs
}

// Recheck checks the site prev checked, in which only the page at rel has
// changed, to data: it reads that page alone. ok is false when the page was
// not there or gained or lost an id, since links elsewhere may then break or
// mend: the whole site must be checked (CheckSince).
func (prev *Results) Recheck(rel string, data []byte, source func(outPath string) string) (probs []diag.Problem, next *Results, ok bool) {
	old := prev.pages[rel]
	if old == nil {
		return nil, nil, false
	}
	s := scan(data)
	if !slices.Equal(old.ids, s.ids) {
		return nil, nil, false
	}
	c := &Checker{basePath: prev.basePath, files: prev.files, pages: maps.Clone(prev.pages)}
	c.pages[rel] = s
	next = &Results{basePath: prev.basePath, files: prev.files, pages: c.pages, order: prev.order, problems: maps.Clone(prev.problems)}
	next.problems[rel] = c.checkPage(rel, map[string]string{}, map[string]bool{}, source)
	for _, p := range next.order {
		probs = append(probs, next.problems[p]...)
	}
	return probs, next, true
}

// Scanned returns what the last check read of the page at rel.
func (r *Results) Scanned(rel string) *Scan { return r.pages[rel] }

// sameTargets reports whether every link target is as it was in prev: the
// same files, and the same ids on every page read again.
func (c *Checker) sameTargets(prev *Results) bool {
	if len(prev.files) != len(c.files) || len(prev.pages) != len(c.pages) {
		return false
	}
	for f := range c.files {
		if !prev.files[f] {
			return false
		}
	}
	for p, refs := range c.pages {
		old, ok := prev.pages[p]
		if !ok {
			return false
		}
		if old == refs {
			continue
		}
		if !slices.Equal(old.ids, refs.ids) {
			return false
		}
	}
	return true
}

// check returns why link, found in the page at outPath from, is broken, or "".
func (c *Checker) check(from, link string) string {
	if strings.HasPrefix(link, "#") && !strings.ContainsAny(link, "%?") {
		// A fragment of the page itself, most links a page has to itself:
		// no need to parse it.
		if !c.pages[from].has(link[1:]) {
			return fmt.Sprintf("broken link %q: %s has no id %q", link, from, link[1:])
		}
		return ""
	}
	u, err := url.Parse(link)
	if err != nil {
		return fmt.Sprintf("malformed link %q", link)
	}
	if u.Scheme != "" || u.Host != "" || u.Opaque != "" {
		return "" // external: not ours to check
	}
	target := from
	if u.Path != "" {
		var p string
		if strings.HasPrefix(u.Path, "/") {
			if !strings.HasPrefix(u.Path, c.basePath) && u.Path+"/" != c.basePath {
				return fmt.Sprintf("broken link %q: it is outside the site's base path %s", link, c.basePath)
			}
			p = strings.TrimPrefix(u.Path, strings.TrimSuffix(c.basePath, "/"))
		} else {
			p = path.Join("/", path.Dir(from), u.Path)
			if strings.HasSuffix(u.Path, "/") && !strings.HasSuffix(p, "/") {
				p += "/"
			}
		}
		target = strings.TrimPrefix(p, "/")
		switch {
		case target == "" || strings.HasSuffix(target, "/"):
			target += "index.html"
		case !c.files[target] && c.files[target+"/index.html"]:
			target += "/index.html"
		}
		if !c.files[target] {
			return fmt.Sprintf("broken link %q: nothing is published at %s", link, "/"+strings.TrimSuffix(target, "index.html"))
		}
	}
	if u.Fragment == "" {
		return ""
	}
	page := c.pages[target]
	if page == nil {
		return ""
	}
	if !page.has(u.Fragment) {
		return fmt.Sprintf("broken link %q: %s has no id %q", link, target, u.Fragment)
	}
	return ""
}

// scan finds the ids and the href, src and srcset values in an HTML page,
// as a browser reads them (see htmlattr): attributes in any quotes or case,
// only in tags. A site's own templates, or raw HTML with unsafe_html, may
// write href='…' or HREF=…; those links are checked like the rest.
func scan(data []byte) *Scan {
	refs := &Scan{}
	// Most links and many ids (the menu, footnotes) are on every page:
	// one copy of each is kept for the whole site. Beyond the first
	// maxInterned of a page they are the page's own (a contents list of
	// 180,000 headings), and interning them cost more than the page's
	// whole scan: kept as they are.
	interned := 0
	intern := func(raw []byte) string {
		if interned++; interned > maxInterned {
			return html.UnescapeString(string(raw))
		}
		return unique.Make(html.UnescapeString(string(raw))).Value()
	}
	link := func(raw []byte) {
		if len(raw) != 0 && !external(raw) {
			refs.links = append(refs.links, intern(raw))
		}
	}
	htmlattr.Each(data, scanAttrs, func(v htmlattr.Value) {
		switch scanAttrs[v.Name] {
		case "id":
			refs.ids = append(refs.ids, intern(v.Raw))
		case "srcset":
			htmlattr.Srcset(v.Raw, func(s, e int) { link(v.Raw[s:e]) })
		default:
			link(v.Raw)
		}
	})
	slices.Sort(refs.ids)
	refs.ids = slices.Compact(refs.ids)
	return refs
}

// maxInterned is how many ids and links of a page scan interns: far more
// than a page's menus and footers hold.
const maxInterned = 2000

// scanAttrs are the attributes scan reads.
var scanAttrs = []string{"id", "href", "src", "srcset"}

// external reports whether a link names a scheme ("https:", "mailto:"):
// such links leave the site and are not checked.
func external(link []byte) bool {
	for _, c := range link {
		switch {
		case c == ':':
			return true
		case c == '/' || c == '?' || c == '#':
			return false
		}
	}
	return false
}
