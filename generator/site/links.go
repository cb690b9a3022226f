package site

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gloss-ssg/gloss/generator/annotate"
	"github.com/gloss-ssg/gloss/generator/diag"
)

// AddFiles tells the site which non-page files it publishes (paths relative to
// the output folder, "explainers/chart.png"), so links to them can be checked.
func (s *Site) AddFiles(paths ...string) {
	if s.files == nil {
		s.files = map[string]bool{}
	}
	for _, p := range paths {
		s.files[p] = true
	}
}

// Files lists the non-page files the site publishes, sorted.
func (s *Site) Files() []string {
	out := make([]string, 0, len(s.files))
	for f := range s.files {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// Href is the link to a site path ("/explainers/") under the base URL's path.
func (s *Site) Href(sitePath string) string {
	return s.Config.BasePath() + strings.TrimPrefix(sitePath, "/")
}

// FragmentRef is a link to an id in a page, checked once every page's ids are known.
type FragmentRef struct {
	Target   *Page
	Fragment string
	Pos      diag.Position
	Written  string // the link as the author wrote it
}

// Links resolves the links written in one page's Markdown. It implements
// markdown.LinkResolver; one is made per page, so pages convert in parallel.
type Links struct {
	site      *Site
	page      *Page
	Fragments []FragmentRef
	// Targets are the pages linked to, in the order first linked.
	Targets []*Page
}

// LinksFor makes the link resolver of a page made from a file.
func (s *Site) LinksFor(p *Page) *Links { return &Links{site: s, page: p} }

// ResolveLink rewrites a link to a Markdown file ("../explainers/chips.md#x",
// "/explainers/chips.md") into the page's URL, and checks links written as
// site paths ("/explainers/chips/") and to files. It returns a message for a
// broken link.
func (l *Links) ResolveLink(dest string, pos diag.Position) (string, string) {
	p, frag, hasFrag := strings.Cut(dest, "#")
	p, query, hasQuery := strings.Cut(p, "?")
	suffix := ""
	if hasQuery {
		suffix = "?" + query
	}
	if hasFrag {
		suffix += "#" + frag
	}
	if p == "" {
		if hasFrag {
			l.Fragments = append(l.Fragments, FragmentRef{Target: l.page, Fragment: frag, Pos: pos, Written: dest})
		}
		return dest, ""
	}
	var target *Page
	var href string
	if strings.HasSuffix(strings.ToLower(p), ".md") {
		rel, problem := l.contentPath(p)
		if problem != "" {
			return "", problem
		}
		target = l.site.byFile[rel]
		if target == nil {
			if l.site.drafts[rel] {
				return "", fmt.Sprintf("link to %s, a draft left out of this build (build with --drafts, or remove draft: true)", "content/"+rel)
			}
			return "", fmt.Sprintf("link to missing file %s%s", "content/"+rel, l.suggestFile(rel))
		}
		href = l.site.Href(target.URL)
	} else {
		sitePath := p
		if !strings.HasPrefix(p, "/") {
			sitePath = path.Join(dirURL(l.page.File.Dir()), p)
			if strings.HasSuffix(p, "/") && !strings.HasSuffix(sitePath, "/") {
				sitePath += "/"
			}
		}
		if strings.HasPrefix(path.Clean(sitePath), "/..") {
			return "", fmt.Sprintf("link %q leaves the site", dest)
		}
		target = l.site.byURL[sitePath]
		if target == nil && !strings.HasSuffix(sitePath, "/") {
			target = l.site.byURL[sitePath+"/"]
		}
		if target == nil && !l.site.files[strings.TrimPrefix(sitePath, "/")] {
			return "", fmt.Sprintf("broken link %q: no page or file is published at %s%s", dest, sitePath, l.suggestURL(sitePath))
		}
		href = l.site.Href(sitePath)
		if target != nil {
			href = l.site.Href(target.URL)
		}
	}
	if target != nil && target != l.page && !slices.Contains(l.Targets, target) {
		l.Targets = append(l.Targets, target)
	}
	if hasFrag && target != nil {
		l.Fragments = append(l.Fragments, FragmentRef{Target: target, Fragment: frag, Pos: pos, Written: dest})
	}
	return href + suffix, ""
}

// contentPath turns a link to a Markdown file into a content-relative path.
func (l *Links) contentPath(p string) (string, string) {
	var rel string
	if strings.HasPrefix(p, "/") {
		rel = path.Clean(strings.TrimPrefix(p, "/"))
	} else {
		rel = path.Join(l.page.File.Dir(), p)
	}
	if rel == ".." || strings.HasPrefix(rel, "../") {
		return "", fmt.Sprintf("link %q points outside the content folder", p)
	}
	return rel, ""
}

func (l *Links) suggestFile(rel string) string {
	var names []string
	for r := range l.site.byFile {
		names = append(names, r)
	}
	if s := diag.Suggest(rel, names); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", "content/"+s)
	}
	// A typo in the file name alone is more common than one in the folder.
	base := path.Base(rel)
	var bases []string
	byBase := map[string]string{}
	for _, r := range names {
		if path.Dir(r) == path.Dir(rel) {
			bases = append(bases, path.Base(r))
			byBase[path.Base(r)] = r
		}
	}
	if s := diag.Suggest(base, bases); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", "content/"+byBase[s])
	}
	return ""
}

func (l *Links) suggestURL(u string) string {
	var urls []string
	for k := range l.site.byURL {
		urls = append(urls, k)
	}
	return diag.DidYouMean(u, urls)
}

// CheckFragments reports every link to an id that its target page lacks.
// It runs after all pages are converted, when every page's ids are known.
func CheckFragments(refs []FragmentRef, probs *diag.List) {
	for _, r := range refs {
		if r.Target.IDs[r.Fragment] {
			continue
		}
		ids := make([]string, 0, len(r.Target.IDs))
		for id := range r.Target.IDs {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		where := "this page"
		if r.Target.File != nil {
			where = r.Target.File.Path
		}
		probs.Errorf(r.Pos, "link %q: %s has no heading or anchor #%s%s", r.Written, where, r.Fragment, diag.DidYouMean(r.Fragment, ids))
	}
}

// Connect records which pages link to which, once every page is converted:
// targets[i] are the pages pages[i] links to, in the order first linked. An
// explainer lists the people, terms and sources it links to, and their pages
// list the explainers that link to them, in reading order. It alone fills
// each page's Linked, from scratch.
func (s *Site) Connect(pages []*Page, targets [][]*Page) {
	for _, p := range s.Pages {
		p.Linked = Linked{}
	}
	for i, from := range pages {
		from.LinksTo = targets[i]
		for _, t := range targets[i] {
			t.LinkedFrom = append(t.LinkedFrom, from)
		}
	}
	for _, p := range s.Pages {
		sortPages(p.LinkedFrom)
	}
}

// ParagraphLinks turns plain Markdown links to a source paragraph
// ([¶13](../sources/report.md#p13)) into citations, so they count in the
// source's "cited by" lists like :cite annotations do.
func ParagraphLinks(refs []FragmentRef) []annotate.Reference {
	var out []annotate.Reference
	for _, r := range refs {
		if r.Target.Layout != "source" || r.Target.EntityID == "" || len(r.Fragment) < 2 || r.Fragment[0] != 'p' {
			continue
		}
		n, err := strconv.Atoi(r.Fragment[1:])
		if err != nil || n < 1 {
			continue
		}
		out = append(out, annotate.Reference{Kind: "cite", Entity: "source", ID: r.Target.EntityID, Paragraph: n, Pos: r.Pos})
	}
	return out
}
