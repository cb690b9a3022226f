package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/generator/diag"
)

// TestOutputClashes: every way two things could write one output file (or
// a file where another needs a folder) is one error naming both claimants,
// with positions, and nothing is written.
func TestOutputClashes(t *testing.T) {
	const home = "-- content/_index.md --\n---\ntitle: Home\nsummary: S.\n---\nHi.\n"
	tests := []struct {
		name, files, want string
	}{
		{"a content file named index.html beside a page", `
-- content/about.md --
---
title: About
---
-- content/about/index.html --
<p>x</p>
`, "content/about/index.html: content/about.md:1:1 and content/about/index.html both write about/index.html: rename or move one of them"},
		{"a static index.html over the home page", `
-- static/index.html --
<p>x</p>
`, "static/index.html: content/_index.md:1:1 and static/index.html both write index.html: rename or move one of them"},
		{"content/robots.txt against the generated one", `
-- content/robots.txt --
User-agent: *
`, "content/robots.txt: content/robots.txt and the generated robots.txt both write robots.txt: to replace the generated file, put yours in static/"},
		{"content/sitemap.xml against the generated one", `
-- content/sitemap.xml --
<urlset/>
`, "content/sitemap.xml: content/sitemap.xml and the generated sitemap.xml both write sitemap.xml: to replace the generated file, put yours in static/"},
		{"a page whose URL needs a generated file to be a folder", `
-- content/x.md --
---
title: X
url: /sitemap.xml/
---
`, "content/x.md:3:6: content/x.md:3:6 writes sitemap.xml/index.html, which needs sitemap.xml to be a folder, but the generated sitemap.xml writes a file there: rename or move one of them"},
		{"a content file against a static file", `
-- content/logo.svg --
<svg/>
-- static/logo.svg --
<svg/>
`, "static/logo.svg: content/logo.svg and static/logo.svg both write logo.svg: rename or move one of them"},
		{"a static file where the search index's folder goes", `
-- static/search-index --
x
`, "static/search-index: the generated search index writes search-index/*.js, which needs search-index to be a folder, but static/search-index writes a file there: rename or move one of them"},
		{"a page whose URL is the search index's entry", `
-- content/x.md --
---
title: X
url: /search-index.js/
---
`, "content/x.md:3:6: content/x.md:3:6 writes search-index.js/index.html, which needs search-index.js to be a folder, but the generated search-index.js writes a file there: rename or move one of them"},
		{"a content file against a built-in static file", `
-- content/favicon.svg --
<svg/>
`, "content/favicon.svg: content/favicon.svg and static/favicon.svg (built in) both write favicon.svg: rename or move one of them"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := siteFrom(t, home+tt.files)
			out := filepath.Join(t.TempDir(), "public")
			_, err := Build(context.Background(), Options{SiteDir: dir, OutDir: out, Builtin: builtin})
			var list *diag.ListError
			if !errors.As(err, &list) {
				t.Fatalf("got %v, want errors", err)
			}
			var got []string
			for _, p := range list.Problems {
				if p.Severity == diag.Error {
					got = append(got, p.String())
				}
			}
			if !reflect.DeepEqual(got, []string{tt.want}) {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), tt.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("a build with a clash wrote its output")
			}
		})
	}
}

// TestStaticReplacesGeneratedFile: a site's own robots.txt in static/
// replaces the generated one, as documented, and the result says so.
func TestStaticReplacesGeneratedFile(t *testing.T) {
	dir := siteFrom(t, goodSite+"-- static/robots.txt --\nUser-agent: *\nDisallow: /\n")
	out := filepath.Join(t.TempDir(), "public")
	res, err := Build(context.Background(), Options{SiteDir: dir, OutDir: out, Builtin: builtin})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(res.Replaced, []string{"robots.txt"}) {
		t.Errorf("Replaced = %q", res.Replaced)
	}
	if data, _ := os.ReadFile(filepath.Join(out, "robots.txt")); string(data) != "User-agent: *\nDisallow: /\n" {
		t.Errorf("robots.txt = %q", data)
	}
}

// TestPageBundleBuilds: x/index.md is published at /x/ with its files
// beside it, and a relative link to one of them works.
func TestPageBundleBuilds(t *testing.T) {
	dir := siteFrom(t, goodSite+`
-- content/explainers/memory/index.md --
---
title: Memory
summary: S.
---
![A chart](chart.svg)
-- content/explainers/memory/chart.svg --
<svg xmlns="http://www.w3.org/2000/svg"/>
`)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), Options{SiteDir: dir, OutDir: out, Builtin: builtin}); err != nil {
		t.Fatal(err)
	}
	files := snapshot(t, out)
	page, ok := files["explainers/memory/index.html"]
	if !ok {
		t.Fatal("no explainers/memory/index.html")
	}
	if !strings.Contains(page, `src="/explainers/memory/chart.svg"`) {
		t.Error("the bundle's image is not linked beside it")
	}
	if _, ok := files["explainers/memory/chart.svg"]; !ok {
		t.Error("the bundle's file is not published beside it")
	}
}
