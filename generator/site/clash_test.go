package site

import (
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/generator/content"
	"github.com/gloss-ssg/gloss/generator/diag"
)

// TestOneURLManySpellings: every spelling of a URL is one URL, so two pages
// writing one file always clash, and the error names both with positions.
func TestOneURLManySpellings(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"url /index.html is the home page", map[string]string{
			"_index.md": "---\ntitle: Home\n---\n",
			"x.md":      "---\nurl: /index.html\ntitle: X\n---\n",
		}, "content/_index.md:1:1 and content/x.md:2:6 both claim the URL /: give one of them another slug or url"},
		{"url /about/index.html", map[string]string{
			"about.md": "---\ntitle: About\n---\n",
			"x.md":     "---\nurl: /about/index.html\ntitle: X\n---\n",
		}, "content/about.md:1:1 and content/x.md:2:6 both claim the URL /about/"},
		// Other spellings of a path are refused outright (issue 12).
		{"url /./about/", map[string]string{
			"about.md": "---\ntitle: About\n---\n",
			"x.md":     "---\ntitle: X\nurl: /./about/\n---\n",
		}, `content/x.md:3:6: url "/./about/" must be a path inside the site, such as /about/: no empty, "." or ".." parts`},
		{"url /about//", map[string]string{
			"about.md": "---\ntitle: About\n---\n",
			"x.md":     "---\ntitle: X\nurl: /about//\n---\n",
		}, `content/x.md:3:6: url "/about//" must be a path inside the site, such as /about/: no empty, "." or ".." parts`},
		{"x.md beside x/index.md", map[string]string{
			"x.md":       "---\ntitle: X\n---\n",
			"x/index.md": "---\ntitle: X bundle\n---\n",
		}, "content/x.md:1:1 and content/x/index.md:1:1 both claim the URL /x/"},
		{"x.md beside x/_index.md", map[string]string{
			"x.md":        "---\ntitle: X\n---\n",
			"x/_index.md": "---\ntitle: X section\n---\n",
		}, "content/x.md:1:1 and content/x/_index.md:1:1 both claim the URL /x/"},
		{"a folder without letters", map[string]string{
			"a/_index.md":   "---\ntitle: A\n---\n",
			"a/___/page.md": "---\ntitle: P\n---\n",
		}, `content/a/___/: the folder name "___" has no letters or digits to make a URL from: rename the folder`},
		{"a slug too long for a file name", map[string]string{
			"x.md": "---\nslug: " + strings.Repeat("a", 300) + "\ntitle: X\n---\n",
		}, "content/x.md:2:7: the URL /" + strings.Repeat("a", 300) + "/ has a part 300 bytes long, more than file systems allow (255): shorten the slug or url"},
		{"a topic too long for a file name", map[string]string{
			"x.md": "---\ntopics: [" + strings.Repeat("t", 300) + "]\ntitle: X\n---\n",
		}, "content/x.md:2:9: topic \"" + strings.Repeat("t", 300) + "\" makes a URL part 300 bytes long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := plan(t, tt.files, Options{})
			var got []string
			for _, p := range probs.Sorted() {
				got = append(got, p.String())
			}
			if len(got) != 1 || !strings.Contains(got[0], tt.want) {
				t.Errorf("got %q\nwant one error containing %q", got, tt.want)
			}
		})
	}
}

// TestPageBundle: x/index.md is the page at /x/, in the section x's parent
// belongs to, and files beside it are its own.
func TestPageBundle(t *testing.T) {
	s, probs := plan(t, map[string]string{
		"explainers/_index.md":         "---\ntitle: E\n---\n",
		"explainers/chips/index.md":    "---\ntitle: Chips\n---\n",
		"explainers/memory/index.md":   "---\ntitle: Memory\nslug: dram\n---\n",
		"index.md":                     "---\ntitle: Top\n---\n",
		"explainers/nested/a/index.md": "---\ntitle: A\n---\n",
	}, Options{})
	if probs.Len() != 0 {
		t.Fatal(probs.Sorted())
	}
	for file, want := range map[string]struct{ url, section string }{
		"explainers/chips/index.md":    {"/explainers/chips/", "explainers"},
		"explainers/memory/index.md":   {"/explainers/dram/", "explainers"},
		"index.md":                     {"/index/", ""},
		"explainers/nested/a/index.md": {"/explainers/nested/a/", "explainers/nested"},
	} {
		p := s.PageByFile(file)
		if p == nil || p.URL != want.url || p.Section.Name != want.section {
			t.Errorf("%s: %+v, want URL %s in section %q", file, p, want.url, want.section)
		}
	}
}

// FuzzExplicitURL: a url from front matter has one spelling: clean, and
// the same when spelled again.
func FuzzExplicitURL(f *testing.F) {
	for _, seed := range []string{"/about/", "/index.html", "/about/index.html", "/./about/", "/about//", "/a.html", "/", "//", "/a/../b", "/x/./index.html/"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, u string) {
		file := func(u string) *content.File {
			return &content.File{Path: "content/x.md", Rel: "x.md", Meta: content.Meta{URL: u}}
		}
		probs := &diag.List{}
		got := explicitURL(file(u), probs)
		if probs.Len() > 0 {
			return
		}
		if !strings.HasPrefix(got, "/") || strings.Contains(got, "//") || strings.Contains(got, "/./") || strings.HasSuffix(got, "/index.html") {
			t.Fatalf("url %q became %q", u, got)
		}
		if again := explicitURL(file(got), probs); again != got || probs.Len() > 0 {
			t.Fatalf("url %q became %q, then %q", u, got, again)
		}
	})
}
