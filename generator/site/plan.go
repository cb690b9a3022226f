package site

import (
	"net/url"
	"path"
	"sort"
	"strings"
	"unicode"

	"github.com/gloss-ssg/gloss/generator/config"
	"github.com/gloss-ssg/gloss/generator/content"
	"github.com/gloss-ssg/gloss/generator/diag"
)

// TopicsDir is the content folder whose files describe topics rather than
// being pages of their own: content/topics/chips.md gives the "chips" hub its
// title and intro, content/topics/_index.md the index of topics.
const TopicsDir = "topics"

// Options change what Plan publishes.
type Options struct {
	Drafts bool // publish pages marked draft: true
}

// Plan decides every page of the site: which files become pages, their URLs,
// layouts, sections, topics and reading order. It reports every problem it
// finds (such as two pages claiming one URL) rather than stopping at the first.
func Plan(cfg config.Config, tree *content.Tree, opts Options) (*Site, *diag.List) {
	probs := &diag.List{}
	s := &Site{
		Config:   cfg,
		Sections: map[string]*Section{},
		byFile:   map[string]*Page{},
		byURL:    map[string]*Page{},
		drafts:   map[string]bool{},
	}
	s.section("") // the home page exists even on a site of drafts only
	files := s.sortFiles(tree, opts)
	// Sections first, so that pages can inherit their section's page layout.
	for _, f := range files.regular {
		s.section(pageDir(f))
	}
	s.finishSections(probs)
	pageOf := s.planPages(files.regular, probs)
	s.planTopics(files.regular, pageOf, files.topics, files.topicsIndex, probs)
	s.addGeneratedPages()
	s.indexPages(probs)
	s.indexEntities(probs)
	s.order()
	return s, probs
}

// contentFiles are a site's content files by what they become.
type contentFiles struct {
	regular     []*content.File          // pages
	topics      map[string]*content.File // topic hubs' own text, by topic id
	topicsIndex *content.File            // the topics index's own text
}

// sortFiles sorts the content files by what they become, making sections'
// pages on the way, and leaves out drafts unless opts publishes them.
func (s *Site) sortFiles(tree *content.Tree, opts Options) contentFiles {
	files := contentFiles{topics: map[string]*content.File{}}
	for _, f := range tree.Files {
		if f.Meta.Draft && !opts.Drafts {
			s.drafts[f.Rel] = true
			continue
		}
		switch {
		case f.Dir() == TopicsDir && f.IsIndex():
			files.topicsIndex = f
		case f.Dir() == TopicsDir:
			files.topics[Slugify(strings.TrimSuffix(path.Base(f.Rel), ".md"))] = f
		case f.IsIndex():
			s.section(f.Dir()).Page = s.newPage(KindSection, f)
		default:
			files.regular = append(files.regular, f)
		}
	}
	return files
}

// planPages makes the regular pages, in their sections, with their URLs and
// layouts.
func (s *Site) planPages(regular []*content.File, probs *diag.List) map[*content.File]*Page {
	pageOf := make(map[*content.File]*Page, len(regular))
	for _, f := range regular {
		p := s.newPage(KindPage, f)
		pageOf[f] = p
		if strings.TrimSpace(f.Meta.Title) == "" && !f.FrontMatterBroken {
			probs.Errorf(f.PosOf("title"), "the page has no title: add one to its front matter, as in title: \"What the report says about chips\" (it is the page's heading and its name in every list, link and search result)")
		}
		p.Section = s.section(pageDir(f))
		p.Section.Pages = append(p.Section.Pages, p)
		p.URL = pageURL(f, probs)
		switch {
		case f.Meta.Layout != "":
			p.Layout, p.LayoutPos = f.Meta.Layout, f.PosOf("layout")
		default:
			p.Layout, p.LayoutPos = inheritedLayout(p.Section)
		}
	}
	return pageOf
}

// addGeneratedPages adds the pages no content file makes.
func (s *Site) addGeneratedPages() {
	s.NotFound = &Page{Site: s, Kind: KindNotFound, Layout: "404", Title: "Page not found", URL: "/404.html", OutPath: "404.html"}
	s.Search = &Page{Site: s, Kind: KindSearch, Layout: "search", Title: "Search", URL: "/search/"}
	s.CorrectionsPage = &Page{Site: s, Kind: KindCorrections, Layout: "corrections", Title: "Corrections",
		Summary: "Every correction made to this site's pages, newest first.", URL: "/corrections/"}
}

// indexPages lists every page, now all known, in URL order, indexes them,
// and reports clashing URLs.
func (s *Site) indexPages(probs *diag.List) {
	s.Pages = s.Pages[:0]
	for _, sec := range s.Sections {
		s.Pages = append(s.Pages, sec.Page)
		s.Pages = append(s.Pages, sec.Pages...)
	}
	for _, t := range s.Topics {
		s.Pages = append(s.Pages, t.Page)
	}
	s.Pages = append(s.Pages, s.TopicsIndex, s.NotFound, s.Search, s.CorrectionsPage)
	sort.Slice(s.Pages, func(i, j int) bool {
		a, b := s.Pages[i], s.Pages[j]
		if a.URL != b.URL {
			return a.URL < b.URL
		}
		return pageSource(a) < pageSource(b)
	})
	for _, p := range s.Pages {
		if p.OutPath == "" {
			p.OutPath = outPath(p.URL)
		}
		if prev, clash := s.byURL[p.URL]; clash {
			probs.Errorf(urlPos(p), "%s and %s both claim the URL %s: give one of them another slug or url", describePage(prev), describePage(p), p.URL)
			continue
		}
		checkURLParts(p, probs)
		s.byURL[p.URL] = p
		if p.File != nil {
			s.byFile[p.File.Rel] = p
		}
	}
}

// order puts each section's pages in reading order, and chooses the home
// page's explainers and each page's related pages.
func (s *Site) order() {
	for _, sec := range s.Sections {
		sortPages(sec.Pages)
		linkPrevNext(sec.Pages)
		sec.Page.Pages = sec.Pages
	}
	// The home page shows the first explainers in reading order; on a big
	// site the rest are a click away in their sections and topics, rather
	// than thousands of cards on one page.
	all := s.Explainers()
	s.Home.Pages = all[:min(len(all), HomeLimit)]
	s.explainerCount = len(all)
	sc := &relatedScratch{score: make([]int32, len(s.Pages))}
	for i, p := range s.Pages {
		p.number = i
	}
	for _, p := range s.Pages {
		if p.Kind == KindPage {
			p.Related = related(p, 3, sc)
		}
	}
}

// section returns the section of a content folder, creating it and its
// parents as needed.
func (s *Site) section(dir string) *Section {
	if sec, ok := s.Sections[dir]; ok {
		return sec
	}
	sec := &Section{Name: dir}
	s.Sections[dir] = sec
	if dir != "" {
		parent := path.Dir(dir)
		if parent == "." {
			parent = ""
		}
		sec.Parent = s.section(parent)
	}
	return sec
}

// finishSections gives every section a list page (made up when the folder has
// no _index.md), a URL and its place under its parent.
func (s *Site) finishSections(probs *diag.List) {
	names := make([]string, 0, len(s.Sections))
	for name := range s.Sections {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		sec := s.Sections[name]
		if sec.Page == nil {
			sec.Page = &Page{Site: s, Kind: KindSection, Title: humanize(path.Base(name))}
		}
		p := sec.Page
		p.Section = sec
		if name == "" {
			p.Kind, p.Layout, p.URL = KindHome, "home", "/"
			if f := p.File; f != nil && f.Meta.URL != "" && f.Meta.URL != "/" {
				probs.Errorf(f.PosOf("url"), "url %q: the home page is always at /; remove url from content/_index.md", f.Meta.URL)
			}
			if p.Title == "" {
				p.Title = s.Config.Title
			}
			s.Home = p
		} else {
			if Slugify(path.Base(name)) == "" {
				probs.Errorf(diag.Position{File: content.Dir + "/" + name + "/"}, "the folder name %q has no letters or digits to make a URL from: rename the folder", path.Base(name))
			}
			p.URL = sectionURL(sec, probs)
			p.Layout = "list"
		}
		if p.File != nil {
			if p.File.Meta.Layout != "" {
				p.Layout, p.LayoutPos = p.File.Meta.Layout, p.File.PosOf("layout")
			}
			sec.PageLayout, sec.pageLayoutPos = p.File.Meta.PageLayout, p.File.PosOf("page_layout")
		}
		if sec.Parent != nil {
			sec.Parent.Children = append(sec.Parent.Children, sec)
		}
	}
	for _, sec := range s.Sections {
		sort.SliceStable(sec.Children, func(i, j int) bool {
			return pageLess(sec.Children[i].Page, sec.Children[j].Page)
		})
	}
}

func inheritedLayout(sec *Section) (string, diag.Position) {
	for ; sec != nil; sec = sec.Parent {
		if sec.PageLayout != "" {
			return sec.PageLayout, sec.pageLayoutPos
		}
	}
	return "page", diag.Position{}
}

func (s *Site) newPage(kind Kind, f *content.File) *Page {
	m := f.Meta
	return &Page{
		Site: s, Kind: kind, File: f,
		Title: m.Title, Dek: m.Dek, Summary: m.Summary, Date: m.Date, Weight: m.Weight,
		Updated: m.Updated, Corrections: m.Corrections,
		Params: m.Params,
	}
}

// planTopics makes a hub for every topic a page names and the index of topics.
func (s *Site) planTopics(regular []*content.File, pageOf map[*content.File]*Page, topicFiles map[string]*content.File, index *content.File, probs *diag.List) {
	byID := map[string]*Topic{}
	for _, f := range regular {
		p := pageOf[f]
		seen := map[string]bool{}
		for _, name := range f.Meta.Topics {
			id := Slugify(name)
			if id == "" {
				probs.Errorf(f.PosOf("topics"), "topic %q has no letters or digits to make a URL from", name)
				continue
			}
			if len(id) > maxNameBytes {
				probs.Errorf(f.PosOf("topics"), "topic %q makes a URL part %d bytes long, more than file systems allow (%d): shorten it", name, len(id), maxNameBytes)
				continue
			}
			if seen[id] {
				continue
			}
			seen[id] = true
			t := byID[id]
			if t == nil {
				t = &Topic{ID: id, Title: humanize(name)}
				byID[id] = t
			}
			t.Pages = append(t.Pages, p)
			p.Topics = append(p.Topics, t)
		}
	}
	ids := make([]string, 0, len(topicFiles))
	for id := range topicFiles {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var known []string
	for id := range byID {
		known = append(known, id)
	}
	for _, id := range ids {
		f := topicFiles[id]
		t := byID[id]
		if t == nil {
			probs.Warnf(diag.Position{File: f.Path, Line: 1, Col: 1}, "topic %q is described but no page names it%s", id, diag.DidYouMean(id, known))
			t = &Topic{ID: id, Title: humanize(id)}
			byID[id] = t
		}
		if f.Meta.Title != "" {
			t.Title = f.Meta.Title
		}
	}
	for _, t := range byID {
		s.Topics = append(s.Topics, t)
		hub := &Page{Site: s, Kind: KindTopic, Layout: "topic", Title: t.Title, Topic: t, URL: "/" + TopicsDir + "/" + t.ID + "/"}
		if f := topicFiles[t.ID]; f != nil {
			hub.File, hub.Summary, hub.Dek, hub.Params = f, f.Meta.Summary, f.Meta.Dek, f.Meta.Params
		}
		sortPages(t.Pages)
		hub.Pages = t.Pages
		t.Page = hub
	}
	sort.Slice(s.Topics, func(i, j int) bool {
		a, b := s.Topics[i], s.Topics[j]
		if a.Title != b.Title {
			return a.Title < b.Title
		}
		return a.ID < b.ID
	})
	s.TopicsIndex = &Page{Site: s, Kind: KindTopics, Layout: "topics", Title: "Topics", URL: "/" + TopicsDir + "/"}
	if index != nil {
		p := s.newPage(KindTopics, index)
		p.Layout, p.URL = "topics", s.TopicsIndex.URL
		if p.Title == "" {
			p.Title = "Topics"
		}
		s.TopicsIndex = p
	}
}

// Explainers returns the pages laid out as explainers, in reading order; on a
// site with none, every regular page.
func (s *Site) Explainers() []*Page {
	var out, all []*Page
	for _, sec := range s.sortedSections() {
		for _, p := range sec.Pages {
			all = append(all, p)
			if p.Layout == "explainer" {
				out = append(out, p)
			}
		}
	}
	if len(out) == 0 {
		return all
	}
	return out
}

func (s *Site) sortedSections() []*Section {
	var out []*Section
	var walk func(*Section)
	walk = func(sec *Section) {
		out = append(out, sec)
		for _, c := range sec.Children {
			walk(c)
		}
	}
	if root := s.Sections[""]; root != nil {
		walk(root)
	}
	return out
}

// pageURL is the URL of a regular page: its folder and file name as slugs
// ("Explainers/Chip Supply.md" → /explainers/chip-supply/), unless the front
// matter sets slug (the last part) or url (all of it). A page bundle,
// x/index.md, is the page at /x/, with the files beside it.
func pageURL(f *content.File, probs *diag.List) string {
	if f.Meta.URL != "" {
		return explicitURL(f, probs)
	}
	name := pageName(f)
	if f.Meta.Slug != "" {
		name = f.Meta.Slug
	}
	slug := Slugify(name)
	if slug == "" {
		probs.Errorf(f.PosOf("slug"), "%q has no letters or digits to make a URL from", name)
		slug = "page"
	}
	return dirURL(pageDir(f)) + slug + "/"
}

// isBundle reports whether f is a page bundle's page: x/index.md (the
// convention Hugo and Zola authors know). content/index.md is not: the
// home page is content/_index.md.
func isBundle(f *content.File) bool {
	return path.Base(f.Rel) == "index.md" && f.Dir() != ""
}

// pageDir is the content folder of the section a regular page belongs to.
func pageDir(f *content.File) string {
	if isBundle(f) {
		if d := path.Dir(f.Dir()); d != "." {
			return d
		}
		return ""
	}
	return f.Dir()
}

// pageName is the name a regular page's URL is made from.
func pageName(f *content.File) string {
	if isBundle(f) {
		return path.Base(f.Dir())
	}
	return strings.TrimSuffix(path.Base(f.Rel), ".md")
}

func sectionURL(sec *Section, probs *diag.List) string {
	if f := sec.Page.File; f != nil && f.Meta.URL != "" {
		return explicitURL(f, probs)
	}
	return dirURL(sec.Name)
}

// explicitURL is the URL front matter sets, in one spelling: /./about/,
// /about//, /about and /about/index.html are all /about/, and /index.html
// is /, so that two spellings of one URL are seen to clash.
func explicitURL(f *content.File, probs *diag.List) string {
	u := f.Meta.URL
	if why := urlProblem(u); why != "" {
		probs.Errorf(f.PosOf("url"), "url %q must be a path inside the site, such as /about/%s", u, why)
		return dirURL(pageDir(f)) + Slugify(pageName(f)) + "/"
	}
	folder := strings.HasSuffix(u, "/")
	u = path.Clean(u)
	if path.Base(u) == "index.html" {
		u, folder = path.Dir(u), true
	}
	if !strings.HasSuffix(u, ".html") {
		folder = true
	}
	if folder && u != "/" {
		u += "/"
	}
	return u
}

// maxNameBytes is the longest file or folder name most file systems allow.
const maxNameBytes = 255

// checkURLParts reports a URL part too long to be a file or folder name, at
// the place that set it, before writing the page fails on it.
func checkURLParts(p *Page, probs *diag.List) {
	for _, part := range strings.Split(p.OutPath, "/") {
		if len(part) > maxNameBytes {
			probs.Errorf(urlPos(p), "the URL %s has a part %d bytes long, more than file systems allow (%d): shorten the slug or url", p.URL, len(part), maxNameBytes)
			return
		}
	}
}

// urlProblem says why a url from front matter cannot be a page's path, or
// "" when it can. The path is written into the site as it is, so it must
// be clean: "/%2e%2e/" would be a folder named "%2e%2e" that every link to
// it, decoded by the browser, misses.
func urlProblem(u string) string {
	switch {
	case !strings.HasPrefix(u, "/"), strings.HasPrefix(u, "//"):
		return ": start it with a single /"
	case strings.Contains(u, "%"):
		return ": write it without %-escapes"
	case strings.ContainsAny(u, "?#\\"):
		return ": a path has no ?query, #fragment or \\"
	case strings.IndexFunc(u, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0:
		return ": a path has no spaces or control characters"
	}
	parts := strings.Split(strings.TrimSuffix(u[1:], "/"), "/")
	for _, part := range parts {
		if (part == "" && u != "/") || part == "." || part == ".." {
			return ": no empty, \".\" or \"..\" parts"
		}
	}
	return ""
}

func dirURL(dir string) string {
	if dir == "" {
		return "/"
	}
	parts := strings.Split(dir, "/")
	for i, p := range parts {
		if parts[i] = Slugify(p); parts[i] == "" {
			// Reported by finishSections; keep the URL apart from others.
			parts[i] = url.PathEscape(p)
		}
	}
	return "/" + strings.Join(parts, "/") + "/"
}

// outPath is the file a URL is served from: /a/b/ → a/b/index.html.
func outPath(u string) string {
	p := strings.TrimPrefix(u, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return p
}

func urlPos(p *Page) diag.Position {
	if p.File == nil {
		return diag.Position{}
	}
	for _, key := range []string{"url", "slug"} {
		if _, ok := p.File.Meta.Pos[key]; ok {
			return p.File.PosOf(key)
		}
	}
	return diag.Position{File: p.File.Path, Line: 1, Col: 1}
}

func pageSource(p *Page) string {
	if p.File == nil {
		return ""
	}
	return p.File.Path
}

// describePage names a page in a message about it and another page: its
// file, and where in it the URL was set.
func describePage(p *Page) string {
	if p.File != nil {
		return urlPos(p).String()
	}
	return "the generated " + string(p.Kind) + " page"
}

// URLPos is where the page's URL was decided: its url or slug field, else
// the top of its file; for a generated page, no place.
func (p *Page) URLPos() diag.Position { return urlPos(p) }

// sortPages puts pages in reading order: by weight (pages without one last),
// newest first, then by title and file.
func sortPages(ps []*Page) {
	sort.SliceStable(ps, func(i, j int) bool { return pageLess(ps[i], ps[j]) })
}

func pageLess(a, b *Page) bool {
	wa, wb := a.Weight, b.Weight
	if (wa == 0) != (wb == 0) {
		return wa != 0
	}
	if wa != wb {
		return wa < wb
	}
	if !a.Date.Equal(b.Date) {
		return a.Date.After(b.Date)
	}
	if a.Title != b.Title {
		return a.Title < b.Title
	}
	return pageSource(a) < pageSource(b)
}

func linkPrevNext(ps []*Page) {
	for i, p := range ps {
		if i > 0 {
			p.Prev = ps[i-1]
		}
		if i+1 < len(ps) {
			p.Next = ps[i+1]
		}
	}
}

// HomeLimit is how many explainers the home page lists.
const HomeLimit = 30

// MoreExplainers is how many explainers the home page does not list.
func (s *Site) MoreExplainers() int { return s.explainerCount - len(s.Home.Pages) }

// relatedCandidates bounds the work of finding related pages on big sites:
// only the first pages of each topic (in reading order) are weighed.
const relatedCandidates = 64

// related returns up to n pages of the same layout sharing the most topics with p.
func related(p *Page, n int, sc *relatedScratch) []*Page {
	if len(p.Topics) == 0 {
		return nil
	}
	// Scores live in a slice indexed by page number, reused for every page
	// and reset through the list of pages touched: no map, no allocation.
	sc.touched = sc.touched[:0]
	for _, t := range p.Topics {
		for i, q := range t.Pages {
			if i >= relatedCandidates {
				break
			}
			// The previous and next pages have their own links: a related
			// card would say them twice.
			if q == p || q.Layout != p.Layout || q == p.Prev || q == p.Next {
				continue
			}
			if sc.score[q.number] == 0 {
				sc.touched = append(sc.touched, q)
			}
			sc.score[q.number]++
		}
	}
	better := func(a, b *Page) bool {
		if sa, sb := sc.score[a.number], sc.score[b.number]; sa != sb {
			return sa > sb
		}
		return pageLess(a, b)
	}
	// Keep the n best in order: n is small, so insertion beats sorting all.
	best := make([]*Page, 0, n+1)
	for _, c := range sc.touched {
		if len(best) == n && !better(c, best[n-1]) {
			continue
		}
		i := len(best)
		best = append(best, c)
		for ; i > 0 && better(c, best[i-1]); i-- {
			best[i] = best[i-1]
		}
		best[i] = c
		if len(best) > n {
			best = best[:n]
		}
	}
	for _, q := range sc.touched {
		sc.score[q.number] = 0
	}
	return best
}

// relatedScratch is related's working memory, made once per plan.
type relatedScratch struct {
	score   []int32
	touched []*Page
}

// Slugify makes a URL part from a name: lower case, letters and digits of any
// script kept, everything else folded into single hyphens.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r == '.' || r == '_' || r == '-' || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r):
			dash = true
		}
	}
	return b.String()
}

// humanize turns an id such as "digital-economy" into "Digital economy".
func humanize(id string) string {
	s := strings.TrimSpace(strings.NewReplacer("-", " ", "_", " ").Replace(id))
	if s == "" {
		return id
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}
