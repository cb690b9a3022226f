package theme

import (
	"bytes"
	"fmt"
	"html/template"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gloss-ssg/gloss/generator/annotate"
	"github.com/gloss-ssg/gloss/internal/golden"
)

// Two layers as a build sees them: a site's own templates/ over the
// built-in ones. "child" extends "parent"; the site overrides one file of
// each theme.
var builtin = fstest.MapFS{
	"templates/parent/theme.toml":           {Data: []byte("name = \"parent\"\n[highlight]\nlight = \"github\"\ndark = \"github-dark\"\n")},
	"templates/parent/layouts/base.html":    {Data: []byte("<!DOCTYPE html><title>{{.}}</title>{{template \"header\" .}}{{block \"main\" .}}parent main{{end}}{{template \"footer\" .}}\n")},
	"templates/parent/layouts/page.html":    {Data: []byte("{{define \"main\"}}parent page{{end}}\n")},
	"templates/parent/layouts/list.html":    {Data: []byte("{{define \"main\"}}parent list{{end}}\n")},
	"templates/parent/partials/header.html": {Data: []byte("<header>parent header</header>\n")},
	"templates/parent/partials/footer.html": {Data: []byte("<footer>parent footer</footer>\n")},
	"templates/parent/assets/style.css":     {Data: []byte("body{color:red}")},
	"templates/child/theme.toml":            {Data: []byte("name = \"child\"\nextends = \"parent\"\n")},
	"templates/child/layouts/page.html":     {Data: []byte("{{define \"main\"}}child page{{end}}\n")},
	"templates/child/partials/header.html":  {Data: []byte("<header>child header</header>\n")},
}

var siteLayer = fstest.MapFS{
	"templates/child/partials/footer.html": {Data: []byte("<footer>site footer for child</footer>\n")},
	"templates/parent/layouts/list.html":   {Data: []byte("{{define \"main\"}}site list for parent{{end}}\n")},
}

func load(t *testing.T, name string) *Theme {
	t.Helper()
	th, probs := Load(Options{
		Layers: []Layer{{FS: siteLayer}, {FS: builtin, Label: "built in"}},
		Name:   name,
		Funcs:  Funcs(func(p string) string { return p }, func(h string) string { return h }),
	})
	if probs.Len() > 0 {
		t.Fatalf("problems: %v", probs.Sorted())
	}
	return th
}

// TestLookupOrder renders every layout of child and lists where each file
// came from; the golden file documents the lookup order: the nearest theme
// first, and within a theme the site's file before the built-in one.
func TestLookupOrder(t *testing.T) {
	th := load(t, "child")
	var b bytes.Buffer
	fmt.Fprintf(&b, "theme chain: %s\n\n", strings.Join(th.Chain, " → "))
	var files []string
	for rel := range th.files {
		files = append(files, rel)
	}
	sort.Strings(files)
	for _, rel := range files {
		fmt.Fprintf(&b, "%-22s %s\n", rel, th.Source(rel))
	}
	b.WriteString("\n")
	for _, layout := range th.Layouts() {
		var out bytes.Buffer
		if err := th.Execute(&out, layout, "T"); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s: %s\n", layout, out.String())
	}
	fmt.Fprintf(&b, "\nhighlight styles (inherited): %s, %s\n", th.Meta.Highlight.Light, th.Meta.Highlight.Dark)
	golden.Check(t, "testdata/lookup.golden", b.Bytes())
}

func TestThemeProblems(t *testing.T) {
	layers := []Layer{{FS: fstest.MapFS{
		"templates/loop/theme.toml":         {Data: []byte("extends = \"loop\"\n")},
		"templates/orphan/theme.toml":       {Data: []byte("extends = \"nowhere\"\n")},
		"templates/bad/theme.toml":          {Data: []byte("extends = [\n")},
		"templates/nobase/theme.toml":       {Data: []byte("")},
		"templates/style/theme.toml":        {Data: []byte("[highlight]\nlight = \"githubb\"\n")},
		"templates/style/layouts/base.html": {Data: []byte("x")},
		"templates/deep/theme.toml":         {Data: []byte("name = \"deep\"\nx = " + strings.Repeat("[", 101) + strings.Repeat("]", 101) + "\n")},
		// A base layout from before a block was added that a layout fills.
		"templates/unfilled/theme.toml":        {Data: []byte("")},
		"templates/unfilled/layouts/base.html": {Data: []byte(`<head></head>{{block "main" .}}{{end}}`)},
		"templates/unfilled/layouts/page.html": {Data: []byte(`{{define "head-scripts"}}<script></script>{{end}}{{define "main"}}{{template "local" .}}{{end}}{{define "local"}}x{{end}}`)},
	}}}
	for name, want := range map[string]string{
		"loop":    `templates/loop/theme.toml: theme "loop" extends itself through loop`,
		"orphan":  `templates/orphan/theme.toml: no theme "nowhere": there is no templates/nowhere/theme.toml`,
		"bad":     `templates/bad/theme.toml:1:12: unexpected EOF`,
		"nobase":  `templates/nobase/layouts/base.html: theme "nobase" has no base layout; looked in templates/nobase/layouts/base.html`,
		"style":   `templates/style/theme.toml: unknown highlight style "githubb" (did you mean "github"?)`,
		"missing": `no theme "missing": there is no templates/missing/theme.toml`,
		// Brackets nest at most frontmatter.MaxDepth deep, read or not.
		"deep": `templates/deep/theme.toml:2:105: brackets nest more than 100 deep here: gloss stops reading; nest lists and tables less`,
		// "local" is called by the layout's own "main": not reported.
		"unfilled": "templates/unfilled/layouts/page.html: this layout fills the block \"head-scripts\", which the base layout (templates/unfilled/layouts/base.html) does not have: add {{block \"head-scripts\" .}}{{end}} where it belongs\n",
	} {
		_, probs := Load(Options{Layers: layers, Name: name})
		got := ""
		for _, p := range probs.Sorted() {
			got += p.String() + "\n"
		}
		if !strings.Contains(got, want) {
			t.Errorf("theme %s: problems\n%s\nwant one containing\n%s", name, got, want)
		}
		if name == "unfilled" && strings.Contains(got, `"local"`) {
			t.Errorf("a template the layout calls itself was reported:\n%s", got)
		}
	}
}

// TestFrontMatterIsEscaped: text from front matter reaches templates as plain
// strings, so html/template escapes it in every context, and a javascript:
// URL never becomes a link.
func TestFrontMatterIsEscaped(t *testing.T) {
	fs := fstest.MapFS{
		"templates/t/theme.toml":        {Data: []byte("")},
		"templates/t/layouts/base.html": {Data: []byte(`{{block "main" .}}{{end}}`)},
		"templates/t/layouts/page.html": {Data: []byte(`{{define "main"}}<a href="{{index . "url"}}" title="{{index . "title"}}">{{index . "title"}}</a><script>var t = {{index . "title"}};</script>{{end}}`)},
	}
	th, probs := Load(Options{Layers: []Layer{{FS: fs}}, Name: "t", Funcs: Funcs(func(p string) string { return p }, func(h string) string { return h })})
	if probs.Len() > 0 {
		t.Fatal(probs.Sorted())
	}
	data := map[string]any{"url": "javascript:alert(1)", "title": `</a><script>alert("x")</script>`}
	var out bytes.Buffer
	if err := th.Execute(&out, "page", data); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if strings.Contains(got, "javascript:") || strings.Contains(got, `<script>alert`) {
		t.Errorf("front matter reached the page unescaped:\n%s", got)
	}
	if !strings.Contains(got, `href="#ZgotmplZ"`) {
		t.Errorf("the javascript: URL was not neutralised:\n%s", got)
	}
}

func TestAssetsAreHashedAndStable(t *testing.T) {
	a, b := load(t, "child"), load(t, "child")
	var names []string
	for _, as := range a.Assets() {
		names = append(names, as.OutPath)
	}
	if len(names) != 2 || !strings.HasPrefix(names[0], "assets/chroma.") || !strings.HasPrefix(names[1], "assets/style.") {
		t.Fatalf("assets %v", names)
	}
	if fmt.Sprint(a.Assets()) != fmt.Sprint(b.Assets()) {
		t.Error("an unchanged asset changed its name between two loads")
	}
	url, err := a.assetFunc("style.css")
	if err != nil || url != "/"+names[1] {
		t.Errorf("asset style.css → %q, %v", url, err)
	}
	if _, err := a.assetFunc("styles.css"); err == nil || !strings.Contains(err.Error(), `did you mean "style.css"`) {
		t.Errorf("unknown asset: %v", err)
	}
	css := string(a.assets["chroma.css"].Data)
	if !strings.Contains(css, ".chroma") || !strings.Contains(css, "@media (prefers-color-scheme: dark)") {
		t.Errorf("highlighting CSS lacks light or dark rules")
	}
}

func TestRenderAnnotation(t *testing.T) {
	fs := fstest.MapFS{
		"templates/t/theme.toml":              {Data: []byte("")},
		"templates/t/layouts/base.html":       {Data: []byte(`x`)},
		"templates/t/annotations/term.html":   {Data: []byte("<a href=\"{{.Attrs.id}}\">{{.Label}}</a>\n")},
		"templates/t/annotations/broken.html": {Data: []byte("{{.Nope.Deeper}}")},
	}
	th, _ := Load(Options{Layers: []Layer{{FS: fs}}, Name: "t"})
	var out bytes.Buffer
	if err := th.RenderAnnotation(&out, &annotate.Annotation{Kind: "term", Attrs: map[string]string{"id": "x"}, Label: template.HTML("<em>y</em>")}); err != nil {
		t.Fatal(err)
	}
	if out.String() != `<a href="x"><em>y</em></a>` {
		t.Errorf("got %q (the file's last line break must not be part of an inline annotation)", out.String())
	}
	err := th.RenderAnnotation(&out, &annotate.Annotation{Kind: "broken"})
	if err == nil || !strings.HasPrefix(err.Error(), "templates/t/annotations/broken.html:1:") {
		t.Errorf("template error without its position: %v", err)
	}
	if got := th.MissingAnnotations([]string{"term", "quote"}); len(got) != 1 || got[0] != "templates/t/annotations/quote.html" {
		t.Errorf("missing annotation templates: %v", got)
	}
}
