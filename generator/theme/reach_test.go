package theme

import (
	"maps"
	"testing"
	"testing/fstest"
)

// TestConversionFingerprint: what converting Markdown can read (annotation
// templates, the cited-by partial, what they use) changes the conversion
// fingerprint; layouts, other partials and stylesheets do not, unless a
// template it reads names another by a variable or calls asset.
func TestConversionFingerprint(t *testing.T) {
	base := fstest.MapFS{
		"templates/t/theme.toml":               {Data: []byte("name = \"t\"\n")},
		"templates/t/layouts/base.html":        {Data: []byte("<!DOCTYPE html>{{template \"footer\" .}}{{block \"main\" .}}{{end}}\n")},
		"templates/t/layouts/page.html":        {Data: []byte("{{define \"main\"}}page{{end}}\n")},
		"templates/t/partials/footer.html":     {Data: []byte("<footer></footer>\n")},
		"templates/t/partials/cited-by.html":   {Data: []byte("<p>cited by {{template \"names\" .}}</p>\n")},
		"templates/t/partials/names.html":      {Data: []byte("{{range .Pages}}{{.Title}}{{end}}\n")},
		"templates/t/partials/term-box.html":   {Data: []byte("<span>{{.}}</span>\n")},
		"templates/t/annotations/term.html":    {Data: []byte("<a>{{with .Label}}{{cached \"term-box\" .}}{{end}}</a>\n")},
		"templates/t/annotations/callout.html": {Data: []byte("<aside>{{.Label}}</aside>\n")},
		"templates/t/assets/style.css":         {Data: []byte("body{}")},
	}
	fingerprint := func(fsys fstest.MapFS) [32]byte {
		t.Helper()
		th, probs := Load(Options{Layers: []Layer{{FS: fsys}}, Name: "t", Funcs: Funcs(func(p string) string { return p }, func(h string) string { return h })})
		if probs.Len() > 0 {
			t.Fatalf("problems: %v", probs.Sorted())
		}
		return th.ConversionFingerprint()
	}
	with := func(file, text string) fstest.MapFS {
		fsys := maps.Clone(base)
		fsys["templates/t/"+file] = &fstest.MapFile{Data: []byte(text)}
		return fsys
	}
	original := fingerprint(base)
	for _, c := range []struct {
		file, text string
		changes    bool
	}{
		{"layouts/page.html", "{{define \"main\"}}edited page{{end}}\n", false},
		{"layouts/base.html", "<!DOCTYPE html><body>{{block \"main\" .}}{{end}}\n", false},
		{"layouts/base.html", "<!DOCTYPE html>{{block \"term-box\" .}}from base{{end}}{{block \"main\" .}}{{end}}\n", true}, // redefines what term uses
		{"partials/footer.html", "<footer>edited</footer>\n", false},
		{"assets/style.css", "body{color:red}", false},
		{"annotations/callout.html", "<aside class=edited>{{.Label}}</aside>\n", true},
		{"partials/term-box.html", "<b>{{.}}</b>\n", true},      // through cached
		{"partials/names.html", "{{len .Pages}} pages\n", true}, // through cited-by
		{"partials/cited-by.html", "<p>edited</p>\n", true},
		{"annotations/term.html", "<a>{{asset \"style.css\"}}</a>\n", true},
	} {
		if got := fingerprint(with(c.file, c.text)); (got != original) != c.changes {
			t.Errorf("editing %s: conversion fingerprint changed = %v, want %v", c.file, got != original, c.changes)
		}
	}
	// Once an annotation calls asset, stylesheets count.
	withAsset := with("annotations/term.html", "<a>{{asset \"style.css\"}}</a>\n")
	withAssetEdited := maps.Clone(withAsset)
	withAssetEdited["templates/t/assets/style.css"] = &fstest.MapFile{Data: []byte("body{color:blue}")}
	if fingerprint(withAsset) == fingerprint(withAssetEdited) {
		t.Error("an annotation calls asset, but a stylesheet edit left the conversion fingerprint as it was")
	}
	// A partial named by a variable: anything may be used.
	dynamic := with("annotations/callout.html", "<aside>{{$n := \"footer\"}}{{cached $n .}}</aside>\n")
	dynamicEdited := maps.Clone(dynamic)
	dynamicEdited["templates/t/layouts/page.html"] = &fstest.MapFile{Data: []byte("{{define \"main\"}}edited{{end}}\n")}
	if fingerprint(dynamic) == fingerprint(dynamicEdited) {
		t.Error("an annotation names a partial by a variable, but a layout edit left the conversion fingerprint as it was")
	}
}
