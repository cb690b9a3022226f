package theme

import (
	"os"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

// TestReadOfOtherPages: what layouts read of the page being rendered is
// told apart from what they read of other pages (in a range, a with, a
// partial given something else than the page, a variable, a field's field).
func TestReadOfOtherPages(t *testing.T) {
	files := fstest.MapFS{
		"templates/t/theme.toml":           {Data: []byte("")},
		"templates/t/layouts/base.html":    {Data: []byte(`{{.Title}} {{.ReadingTime}} {{template "meta" .}}{{block "main" .}}{{end}}`)},
		"templates/t/layouts/list.html":    {Data: []byte(`{{define "main"}}{{.Body}}{{range .Pages}}{{template "card" .}}{{end}}{{with .Prev}}{{.Dek}}{{end}}{{$.TOC}}{{.Next.Summary}}{{end}}`)},
		"templates/t/layouts/page.html":    {Data: []byte(`{{define "main"}}{{range .Related}}{{cached "tile" .}}{{end}}{{$p := .}}{{$p.Weight}}{{end}}`)},
		"templates/t/partials/meta.html":   {Data: []byte(`{{.Words}}`)},
		"templates/t/partials/card.html":   {Data: []byte(`{{.Title}} {{.ReadingTime}} min`)},
		"templates/t/partials/tile.html":   {Data: []byte(`{{template "deep" .}}`)},
		"templates/t/partials/deep.html":   {Data: []byte(`{{.IDs}}`)},
		"templates/t/partials/unused.html": {Data: []byte(`{{range .Pages}}{{.Quotes}}{{end}}`)},
	}
	th, probs := Load(Options{Layers: []Layer{{FS: files}}, Name: "t"})
	if probs.Len() > 0 {
		t.Fatal(probs.Sorted())
	}
	names, all := th.ReadOfOtherPages()
	var got []string
	for n := range names {
		got = append(got, n)
	}
	sort.Strings(got)
	// Words and the first ReadingTime are the page's own, Body and TOC too
	// ($ is the page); Quotes is in a partial no layout uses.
	if want := "Dek IDs ReadingTime Summary Title Weight"; strings.Join(got, " ") != want || all {
		t.Errorf("read of other pages: %s (all: %v), want %s", strings.Join(got, " "), all, want)
	}
}

// TestBuiltinThemesReadNoBodyOfOtherPages: the built-in themes show no
// other page's body, contents, words or reading time, so a body edit
// re-renders only its page (and the pages listing its quotes and figures).
func TestBuiltinThemesReadNoBodyOfOtherPages(t *testing.T) {
	for _, name := range []string{"briefing", "longform"} {
		th, probs := Load(Options{Layers: []Layer{{FS: os.DirFS("../..")}}, Name: name, Funcs: Funcs(func(p string) string { return p }, func(h string) string { return h })})
		if probs.Len() > 0 {
			t.Fatal(probs.Sorted())
		}
		names, all := th.ReadOfOtherPages()
		for _, f := range []string{"Body", "TOC", "Words", "ReadingTime"} {
			if names[f] || all {
				t.Errorf("%s reads %s of other pages (all: %v)", name, f, all)
			}
		}
		if !names["Title"] || !names["Href"] {
			t.Errorf("%s: the analysis found no card reading other pages' titles and links: %v", name, names)
		}
	}
}
