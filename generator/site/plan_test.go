package site

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/generator/config"
	"github.com/gloss-ssg/gloss/generator/content"
	"github.com/gloss-ssg/gloss/generator/diag"
)

// plan builds a site from Markdown files given as path → source.
func plan(t *testing.T, files map[string]string, opts Options) (*Site, *diag.List) {
	t.Helper()
	tree := &content.Tree{}
	probs := &diag.List{}
	for rel, src := range files {
		tree.Files = append(tree.Files, content.Parse("content/"+rel, rel, []byte(src), probs))
	}
	if probs.Len() > 0 {
		t.Fatalf("front matter problems: %v", probs.Sorted())
	}
	// Load sorts files; do the same so tests see what a build sees.
	sortFiles(tree.Files)
	return Plan(config.Default(), tree, opts)
}

func sortFiles(fs []*content.File) {
	for i := range fs {
		for j := i + 1; j < len(fs); j++ {
			if fs[j].Rel < fs[i].Rel {
				fs[i], fs[j] = fs[j], fs[i]
			}
		}
	}
}

func urls(ps []*Page) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.URL)
	}
	return out
}

func TestSlugify(t *testing.T) {
	tests := map[string]string{
		"Chips":                    "chips",
		"Chip Supply Chains":       "chip-supply-chains",
		"  R&D -- spending  ":      "r-d-spending",
		"Local_Government":         "local-government",
		"China’s 2023 report":      "china-s-2023-report",
		"产业链供应链":                   "产业链供应链",
		"Überblick":                "überblick",
		"../../etc/passwd":         "etc-passwd",
		"":                         "",
		"!!!":                      "",
		"00776-how-local-debt.md":  "00776-how-local-debt-md",
		"Five-Year Record (2018–)": "five-year-record-2018",
	}
	for in, want := range tests {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPermalinks(t *testing.T) {
	tests := []struct {
		rel, front, url, out string
	}{
		{"about.md", "", "/about/", "about/index.html"},
		{"_index.md", "", "/", "index.html"},
		{"explainers/_index.md", "", "/explainers/", "explainers/index.html"},
		{"explainers/chips.md", "", "/explainers/chips/", "explainers/chips/index.html"},
		{"explainers/Chip Supply.md", "", "/explainers/chip-supply/", "explainers/chip-supply/index.html"},
		{"Deep/Nested Folder/x.md", "", "/deep/nested-folder/x/", "deep/nested-folder/x/index.html"},
		{"explainers/chips.md", "slug: semiconductors", "/explainers/semiconductors/", "explainers/semiconductors/index.html"},
		{"explainers/chips.md", "url: /chips", "/chips/", "chips/index.html"},
		{"explainers/chips.md", "url: /special.html", "/special.html", "special.html"},
	}
	for _, tt := range tests {
		t.Run(tt.rel+" "+tt.front, func(t *testing.T) {
			s, probs := plan(t, map[string]string{tt.rel: "---\ntitle: T\n" + tt.front + "\n---\n"}, Options{})
			if probs.Errors() > 0 {
				t.Fatal(probs.Sorted())
			}
			p := s.PageByFile(tt.rel)
			if p == nil {
				t.Fatalf("no page for %s", tt.rel)
			}
			if p.URL != tt.url || p.OutPath != tt.out {
				t.Errorf("URL %q → %q, want %q → %q", p.URL, p.OutPath, tt.url, tt.out)
			}
		})
	}
}

func TestBadURLs(t *testing.T) {
	_, probs := plan(t, map[string]string{
		"a.md": "---\nurl: ../outside/\ntitle: A\n---\n",
		"b.md": "---\nslug: \"!!!\"\ntitle: B\n---\n",
		"c.md": "---\nurl: /%2e%2e/\ntitle: C\n---\n",
		"d.md": "---\nurl: /sub/../../\ntitle: D\n---\n",
		"e.md": "---\nurl: /a//b/\ntitle: E\n---\n",
		"f.md": "---\nurl: //evil.example/\ntitle: F\n---\n",
		"g.md": "---\nurl: /a/?x=1\ntitle: G\n---\n",
		"h.md": "---\nurl: \"/a b/\"\ntitle: H\n---\n",
		"i.md": "---\nurl: /./\ntitle: I\n---\n",
		"j.md": "---\nurl: /fine/page.html\ntitle: J\n---\n",
	}, Options{})
	var got []string
	for _, p := range probs.Sorted() {
		got = append(got, p.String())
	}
	want := []string{
		`content/a.md:2:6: url "../outside/" must be a path inside the site, such as /about/: start it with a single /`,
		`content/b.md:2:7: "!!!" has no letters or digits to make a URL from`,
		`content/c.md:2:6: url "/%2e%2e/" must be a path inside the site, such as /about/: write it without %-escapes`,
		`content/d.md:2:6: url "/sub/../../" must be a path inside the site, such as /about/: no empty, "." or ".." parts`,
		`content/e.md:2:6: url "/a//b/" must be a path inside the site, such as /about/: no empty, "." or ".." parts`,
		`content/f.md:2:6: url "//evil.example/" must be a path inside the site, such as /about/: start it with a single /`,
		`content/g.md:2:6: url "/a/?x=1" must be a path inside the site, such as /about/: a path has no ?query, #fragment or \`,
		`content/h.md:2:6: url "/a b/" must be a path inside the site, such as /about/: a path has no spaces or control characters`,
		`content/i.md:2:6: url "/./" must be a path inside the site, such as /about/: no empty, "." or ".." parts`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestURLClash(t *testing.T) {
	_, probs := plan(t, map[string]string{
		"explainers/chips.md": "---\ntitle: A\n---\n",
		"explainers/other.md": "---\ntitle: B\nslug: chips\n---\n",
		"topics.md":           "---\ntitle: C\n---\n",
		"x.md":                "---\ntopics: [t]\ntitle: X\n---\n",
	}, Options{})
	var got []string
	for _, p := range probs.Sorted() {
		got = append(got, p.String())
	}
	want := []string{
		"content/explainers/other.md:3:7: content/explainers/chips.md:1:1 and content/explainers/other.md:3:7 both claim the URL /explainers/chips/: give one of them another slug or url",
		"content/topics.md:1:1: the generated topics page and content/topics.md:1:1 both claim the URL /topics/: give one of them another slug or url",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestPageWithoutTitle: a page needs a title (its heading, its name in
// lists and links); a section's _index.md and a topic's page fall back to
// their folder's or topic's name.
func TestPageWithoutTitle(t *testing.T) {
	_, probs := plan(t, map[string]string{
		"explainers/_index.md": "---\nsummary: The section.\n---\n",
		"explainers/none.md":   "---\nsummary: No title.\n---\n",
		"explainers/blank.md":  "---\nsummary: A blank title.\ntitle: \"  \"\n---\n",
		"no-front-matter.md":   "Just text.\n",
		"topics/t.md":          "---\nsummary: A topic.\n---\n",
		"ok.md":                "---\ntitle: Fine\ntopics: [t]\n---\n",
	}, Options{})
	var got []string
	for _, p := range probs.Sorted() {
		got = append(got, p.String())
	}
	const msg = `the page has no title: add one to its front matter, as in title: "What the report says about chips" (it is the page's heading and its name in every list, link and search result)`
	want := []string{
		"content/explainers/blank.md:3:8: " + msg,
		"content/explainers/none.md:1:1: " + msg,
		"content/no-front-matter.md:1:1: " + msg,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestOrderingAndPrevNext(t *testing.T) {
	s, _ := plan(t, map[string]string{
		"e/_index.md":     "---\ntitle: E\n---\n",
		"e/a.md":          "---\ntitle: Alpha\ndate: 2023-01-01\n---\n",
		"e/b.md":          "---\ntitle: Beta\ndate: 2024-01-01\n---\n",
		"e/c.md":          "---\ntitle: Gamma\nweight: 2\n---\n",
		"e/d.md":          "---\ntitle: Delta\nweight: 1\n---\n",
		"e/e.md":          "---\ntitle: Able\ndate: 2023-01-01\n---\n",
		"e/draft.md":      "---\ntitle: Draft\ndraft: true\n---\n",
		"e/sub/x.md":      "---\ntitle: X\n---\n",
		"e/sub/_index.md": "---\ntitle: Sub\nweight: 1\n---\n",
	}, Options{})
	sec := s.Section("e")
	want := []string{"/e/d/", "/e/c/", "/e/b/", "/e/e/", "/e/a/"}
	if got := urls(sec.Pages); !reflect.DeepEqual(got, want) {
		t.Errorf("reading order %v, want %v (weight first, then newest, then title)", got, want)
	}
	if got := urls(sec.Page.Pages); !reflect.DeepEqual(got, want) {
		t.Errorf("section page lists %v", got)
	}
	d, c, a := s.PageByURL("/e/d/"), s.PageByURL("/e/c/"), s.PageByURL("/e/a/")
	if d.Prev != nil || d.Next != c || c.Prev != d || a.Next != nil {
		t.Errorf("prev/next not linked in reading order")
	}
	if s.PageByFile("e/draft.md") != nil || !s.IsDraft("e/draft.md") {
		t.Errorf("draft published without --drafts")
	}
	if got := urls(s.Sections["e"].Page.Ancestors()); !reflect.DeepEqual(got, []string{"/"}) {
		t.Errorf("section ancestors %v", got)
	}
	if got := urls(s.PageByURL("/e/sub/x/").Ancestors()); !reflect.DeepEqual(got, []string{"/", "/e/", "/e/sub/"}) {
		t.Errorf("breadcrumbs %v", got)
	}
	withDrafts, _ := plan(t, map[string]string{"e/draft.md": "---\ntitle: Draft\ndraft: true\n---\n"}, Options{Drafts: true})
	if withDrafts.PageByFile("e/draft.md") == nil {
		t.Errorf("draft left out with --drafts")
	}
}

func TestSectionsWithoutIndex(t *testing.T) {
	s, _ := plan(t, map[string]string{"policy/land-reform/x.md": "---\ntitle: X\n---\n"}, Options{})
	for _, u := range []string{"/", "/policy/", "/policy/land-reform/"} {
		p := s.PageByURL(u)
		if p == nil {
			t.Fatalf("no list page at %s", u)
		}
	}
	if got := s.PageByURL("/policy/land-reform/").Title; got != "Land reform" {
		t.Errorf("made-up section title %q", got)
	}
}

func TestLayouts(t *testing.T) {
	s, _ := plan(t, map[string]string{
		"_index.md":            "---\ntitle: Home\n---\n",
		"explainers/_index.md": "---\ntitle: E\npage_layout: explainer\n---\n",
		"explainers/a.md":      "---\ntitle: A\n---\n",
		"explainers/deep/b.md": "---\ntitle: B\n---\n",
		"explainers/c.md":      "---\ntitle: C\nlayout: page\n---\n",
		"other/d.md":           "---\ntitle: D\n---\n",
		"people/_index.md":     "---\ntitle: People\nlayout: people-list\n---\n",
	}, Options{})
	tests := map[string]string{
		"/": "home", "/explainers/": "list", "/explainers/a/": "explainer",
		"/explainers/deep/b/": "explainer", "/explainers/c/": "page", "/other/d/": "page",
		"/people/": "people-list", "/topics/": "topics", "/404.html": "404",
	}
	for u, want := range tests {
		if p := s.PageByURL(u); p == nil || p.Layout != want {
			t.Errorf("%s: layout %v, want %q", u, p, want)
		}
	}
}

func TestTopicHubs(t *testing.T) {
	s, probs := plan(t, map[string]string{
		"e/_index.md":      "---\ntitle: E\npage_layout: explainer\n---\n",
		"e/a.md":           "---\ntitle: A\nweight: 1\ntopics: [Chips, Basic Research]\n---\n",
		"e/b.md":           "---\ntitle: B\nweight: 2\ntopics: [chips]\n---\n",
		"e/c.md":           "---\ntitle: C\nweight: 3\ntopics: [basic-research, chips]\n---\n",
		"e/d.md":           "---\ntitle: D\nweight: 4\ntopics: [talent]\n---\n",
		"topics/chips.md":  "---\ntitle: Semiconductors\nsummary: Why chips matter.\n---\nIntro.",
		"topics/unused.md": "---\ntitle: Unused\n---\n",
		"topics/_index.md": "---\ntitle: All topics\n---\n",
	}, Options{})
	var ids, titles []string
	for _, tp := range s.Topics {
		ids = append(ids, tp.ID)
		titles = append(titles, tp.Title)
	}
	if want := []string{"basic-research", "chips", "talent", "unused"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("topics %v, want %v", ids, want)
	}
	if want := []string{"Basic Research", "Semiconductors", "Talent", "Unused"}; !reflect.DeepEqual(titles, want) {
		t.Errorf("titles %v, want %v", titles, want)
	}
	hub := s.PageByURL("/topics/chips/")
	if hub == nil || hub.Kind != KindTopic || hub.Summary != "Why chips matter." {
		t.Fatalf("chips hub %+v", hub)
	}
	if got := urls(hub.Pages); !reflect.DeepEqual(got, []string{"/e/a/", "/e/b/", "/e/c/"}) {
		t.Errorf("hub pages %v", got)
	}
	if s.TopicsIndex.Title != "All topics" || s.PageByURL("/topics/") != s.TopicsIndex {
		t.Errorf("topics index %+v", s.TopicsIndex)
	}
	a := s.PageByURL("/e/a/")
	// B shares a topic but is A's next page, linked as such: not related too.
	if got := urls(a.Related); !reflect.DeepEqual(got, []string{"/e/c/"}) || a.Next == nil || a.Next.URL != "/e/b/" {
		t.Errorf("related to A: %v, want only C (B is A's next page)", got)
	}
	if got := urls(s.PageByURL("/e/c/").Related); !reflect.DeepEqual(got, []string{"/e/a/"}) {
		t.Errorf("related to C: %v, want A (two shared topics; B, one, is C's previous page)", got)
	}
	if got := s.PageByURL("/e/d/").Related; len(got) != 0 {
		t.Errorf("D shares no topic but has related %v", urls(got))
	}
	var warns []string
	for _, p := range probs.Sorted() {
		warns = append(warns, p.String())
	}
	if want := []string{`content/topics/unused.md:1:1: warning: topic "unused" is described but no page names it`}; !reflect.DeepEqual(warns, want) {
		t.Errorf("problems %q", warns)
	}
}

func TestMenu(t *testing.T) {
	s, _ := plan(t, map[string]string{
		"b/_index.md": "---\ntitle: Bravo\n---\n",
		"a/_index.md": "---\ntitle: Zulu\nweight: 1\n---\n",
		"b/x.md":      "---\ntopics: [t]\n---\n",
	}, Options{})
	if got := urls(s.Menu()); !reflect.DeepEqual(got, []string{"/a/", "/b/", "/topics/"}) {
		t.Errorf("menu %v", got)
	}
}

func TestHomeListsTheFirstExplainers(t *testing.T) {
	files := map[string]string{"e/_index.md": "---\ntitle: E\npage_layout: explainer\n---\n"}
	for i := 0; i < HomeLimit+5; i++ {
		files[fmt.Sprintf("e/p%02d.md", i)] = fmt.Sprintf("---\ntitle: P%02d\nweight: %d\n---\n", i, i+1)
	}
	s, _ := plan(t, files, Options{})
	if len(s.Home.Pages) != HomeLimit || s.Home.Pages[0].Title != "P00" || s.MoreExplainers() != 5 {
		t.Errorf("home lists %d (first %q), %d more", len(s.Home.Pages), s.Home.Pages[0].Title, s.MoreExplainers())
	}
}
