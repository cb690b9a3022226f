package pipeline

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const correctedSite = `
-- gloss.toml --
title = "Corrections test"
base_url = "https://example.org/sub/"
-- content/_index.md --
---
title: Home
---
Home.
-- content/explainers/_index.md --
---
title: Explainers
page_layout: explainer
---
-- content/explainers/chips.md --
---
title: Chips
summary: Chips.
date: 2026-11-27
corrections:
  - {date: 2026-12-01, text: "An earlier version gave the wrong paragraph for the lithography claim."}
  - {date: 2026-12-03, text: "The figure for 2022 is the report's, not the ministry's."}
---
Text.
-- content/explainers/land.md --
---
title: Land
summary: Land.
date: 2026-11-20
updated: 2026-11-25
---
Text.
-- content/explainers/sea.md --
---
title: Sea
summary: Sea.
date: 2026-11-21
---
Text.
`

// TestCorrectionsReachReaders: a corrected page says so at its top and lists
// its corrections at its end; the feeds, the sitemap and the JSON-LD carry
// the new date; the site's corrections log lists every correction, newest
// first; an untouched page shows none of it.
func TestCorrectionsReachReaders(t *testing.T) {
	dir := siteFrom(t, correctedSite)
	if _, err := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin}); err != nil {
		t.Fatal(err)
	}
	files := snapshot(t, filepath.Join(dir, "public"))
	chips := files["explainers/chips/index.html"]
	for _, want := range []string{
		`<strong>Corrected</strong> on <time datetime="2026-12-03">3 December 2026</time>`,
		`<a href="#corrections">2 corrections at the end of this page</a>`,
		`<section class="wrap corrections" id="corrections"`,
		`<li><time datetime="2026-12-01">1 December 2026</time>: An earlier version gave the wrong paragraph for the lithography claim.</li>`,
	} {
		if !strings.Contains(chips, want) {
			t.Errorf("the corrected page lacks %s", want)
		}
	}
	if land := files["explainers/land/index.html"]; !strings.Contains(land, `<strong>Updated</strong> on <time datetime="2026-11-25">25 November 2026</time>`) || strings.Contains(land, `id="corrections"`) {
		t.Errorf("the updated page should say when it was updated, and list no corrections")
	}
	if sea := files["explainers/sea/index.html"]; strings.Contains(sea, "revision-notice") || strings.Contains(sea, `id="corrections"`) {
		t.Errorf("an untouched page shows a revision notice")
	}
	if !strings.Contains(files["explainers/sea/index.html"], `href="/sub/corrections/"`) {
		t.Errorf("the footer does not link to the corrections log")
	}

	// The log: newest first, each linked to the correction on its page.
	log := files["corrections/index.html"]
	first := strings.Index(log, "The figure for 2022")
	second := strings.Index(log, "An earlier version")
	if first < 0 || second < 0 || first > second {
		t.Errorf("the corrections log should list both corrections, newest first:\n%s", log)
	}
	if !strings.Contains(log, `<a href="/sub/explainers/chips/#corrections">Chips</a>`) {
		t.Errorf("the log does not link to the corrected page's corrections")
	}

	// JSON-LD: dateModified and the corrections as CorrectionComments.
	m := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(chips)
	if m == nil {
		t.Fatal("no JSON-LD on the corrected page")
	}
	var ld struct {
		DateModified string `json:"dateModified"`
		Correction   []struct {
			Type, Text, DatePublished string
		} `json:"correction"`
	}
	if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
		t.Fatalf("JSON-LD: %v\n%s", err, m[1])
	}
	if ld.DateModified != "2026-12-03" || len(ld.Correction) != 2 || ld.Correction[1].DatePublished != "2026-12-03" {
		t.Errorf("JSON-LD dateModified/correction = %+v", ld)
	}
	if !strings.Contains(m[1], `"@type":"CorrectionComment"`) {
		t.Errorf("JSON-LD corrections are not CorrectionComments: %s", m[1])
	}

	// Atom: a strict parse; the corrected entry's updated is its last correction.
	var atom struct {
		Updated string `xml:"updated"`
		Entries []struct {
			Title     string `xml:"title"`
			Updated   string `xml:"updated"`
			Published string `xml:"published"`
			ID        string `xml:"id"`
		} `xml:"entry"`
	}
	dec := xml.NewDecoder(strings.NewReader(files["feed.xml"]))
	dec.Strict = true
	if err := dec.Decode(&atom); err != nil {
		t.Fatalf("feed.xml: %v", err)
	}
	entries := map[string][2]string{}
	for _, e := range atom.Entries {
		if e.ID == "" || e.Title == "" || e.Updated == "" {
			t.Errorf("an Atom entry lacks a required element: %+v", e)
		}
		entries[e.Title] = [2]string{e.Published, e.Updated}
	}
	if got := entries["Chips"]; got != [2]string{"2026-11-27T00:00:00Z", "2026-12-03T00:00:00Z"} {
		t.Errorf("Atom Chips published/updated = %v", got)
	}
	if got := entries["Land"]; got[1] != "2026-11-25T00:00:00Z" {
		t.Errorf("Atom Land updated = %v", got)
	}
	if atom.Updated != "2026-12-03T00:00:00Z" {
		t.Errorf("the feed's updated = %s, want its newest change", atom.Updated)
	}

	// JSON Feed: the spec's required fields, and date_modified.
	var jf struct {
		Version, Title string
		Items          []map[string]any `json:"items"`
	}
	if err := json.Unmarshal([]byte(files["feed.json"]), &jf); err != nil {
		t.Fatal(err)
	}
	if jf.Version != "https://jsonfeed.org/version/1.1" || jf.Title == "" || len(jf.Items) != 3 {
		t.Fatalf("feed.json lacks required top-level fields: %+v", jf)
	}
	for _, it := range jf.Items {
		if it["id"] == "" || (it["content_html"] == nil && it["content_text"] == nil) {
			t.Errorf("a JSON Feed item lacks id or content: %v", it)
		}
		switch it["title"] {
		case "Chips":
			if it["date_modified"] != "2026-12-03T00:00:00Z" {
				t.Errorf("Chips date_modified = %v", it["date_modified"])
			}
		case "Sea":
			if _, has := it["date_modified"]; has {
				t.Errorf("an unchanged item has date_modified")
			}
		}
	}

	// Sitemap: lastmod is the last change.
	if !strings.Contains(files["sitemap.xml"], "<loc>https://example.org/sub/explainers/chips/</loc>\n    <lastmod>2026-12-03</lastmod>") {
		t.Errorf("sitemap lastmod of the corrected page:\n%s", files["sitemap.xml"])
	}
}

// TestCorrectionsLogWithoutCorrections: the log exists on every site, and
// says so honestly when nothing has been corrected.
func TestCorrectionsLogWithoutCorrections(t *testing.T) {
	dir := siteFrom(t, goodSite)
	if _, err := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin}); err != nil {
		t.Fatal(err)
	}
	log := snapshot(t, filepath.Join(dir, "public"))["corrections/index.html"]
	if !strings.Contains(log, "No page of this site has been corrected yet.") {
		t.Errorf("an empty corrections log should say there are none:\n%s", log)
	}
}
