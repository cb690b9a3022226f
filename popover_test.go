package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/gloss-ssg/gloss/internal/browsertest"
)

// TestPopovers checks the one preview mechanism for terms, citations and
// footnotes in headless Chromium: keyboard focus opens a term's definition,
// Escape closes it, a first tap on a citation previews its passage and a
// second follows the link, a footnote previews its note; with JavaScript
// off, the same links simply lead to the glossary and the source.
func TestPopovers(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	runGloss(t, nil, "--out", out)
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()
	ctx := browsertest.New(t)
	page := srv.URL + "/explainers/bottlenecks/"
	eval := func(js string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return v
	}
	// A headless page has no window focus, so focus events would not fire.
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitReady("a.term")); err != nil {
		t.Fatal(err)
	}
	open := `(document.querySelector("#gloss-pop:popover-open") || {innerText: ""}).innerText`

	// Keyboard: focusing a term shows its definition; Escape closes it.
	def := eval(`document.querySelector("a.term").dataset.pop`)
	isOpen := `!!document.querySelector("#gloss-pop:popover-open")`
	if err := chromedp.Do(ctx, chromedp.Focus("a.term")); err != nil {
		t.Fatal(err)
	}
	browsertest.Until(t, ctx, "the popover to open on focus", isOpen)
	if got := eval(open); !strings.Contains(got, def) || !strings.Contains(got, "The glossary entry") {
		t.Errorf("focusing a term shows %q, want its definition %q", got, def)
	}
	if got := eval(`document.querySelector("a.term").getAttribute("aria-describedby")`); got != "gloss-pop" {
		t.Errorf("the focused term is not described by the popover: %q", got)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\x1b")); err != nil {
		t.Fatal(err)
	}
	browsertest.Until(t, ctx, "Escape to close the popover", "!("+isOpen+")")

	// Touch: the first tap on a citation previews the passage, the second
	// follows it.
	if _, err := chromedp.Call(ctx, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: 1}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitReady("a.cite"), chromedp.ScrollIntoView("a.cite")); err != nil {
		t.Fatal(err)
	}
	browsertest.Until(t, ctx, "the citation to be scrolled into view",
		`(r => r.top >= 0 && r.bottom <= innerHeight)(document.querySelector("a.cite").getBoundingClientRect())`)
	if err := chromedp.Do(ctx, chromedp.Tap("a.cite")); err != nil {
		t.Fatal(err)
	}
	browsertest.Until(t, ctx, "the first tap on a citation to open the popover", isOpen)
	if loc := eval(`location.href`); loc != page {
		t.Fatalf("the first tap navigated to %s", loc)
	}
	if got := eval(open); !strings.Contains(got, "Read ¶") {
		t.Errorf("the first tap on a citation shows %q", got)
	}
	if err := chromedp.Do(ctx, chromedp.Tap("a.cite")); err != nil {
		t.Fatal(err)
	}
	browsertest.Until(t, ctx, "the second tap to follow the citation to its paragraph", `location.href.includes("/sources/report-article/#p")`)
	// A mouse click follows the link at once.
	if _, err := chromedp.Call(ctx, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: false}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitReady("a.term"), chromedp.Click("a.term")); err != nil {
		t.Fatal(err)
	}
	browsertest.Until(t, ctx, "a mouse click on a term to lead to the glossary", `location.href.includes("/glossary/")`)

	// On a wide screen a citation's preview sits in the margin, beside the text.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(page), chromedp.WaitReady("#gloss-pop"), chromedp.Focus(".prose a.cite")); err != nil {
		t.Fatal(err)
	}
	browsertest.Until(t, ctx, "focusing a citation to open its preview", isOpen)
	if got := eval(`(() => { const p = document.getElementById("gloss-pop").getBoundingClientRect(), t = document.querySelector(".prose").getBoundingClientRect();
		return p.left >= t.right && p.right <= innerWidth ? "" : "the preview spans " + p.left + "–" + p.right + " px, the text ends at " + t.right; })()`); got != "" {
		t.Errorf("at 1280 px a citation's preview is not in the margin: %s", got)
	}

	// A footnote reference previews its note. The example site uses
	// sidenotes, so a page of its own has the footnote.
	notes := t.TempDir()
	if err := os.MkdirAll(filepath.Join(notes, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(notes, "content", "_index.md"), []byte("---\ntitle: Notes\n---\nA claim.[^1]\n\n[^1]: As Wang Peng put it in the article.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	notesOut := filepath.Join(t.TempDir(), "public")
	runGloss(t, nil, "--source", notes, "--out", notesOut)
	notesSrv := httptest.NewServer(http.FileServer(http.Dir(notesOut)))
	defer notesSrv.Close()
	if err := chromedp.Do(ctx, chromedp.Navigate(notesSrv.URL+"/"), chromedp.WaitReady("a.footnote-ref"), chromedp.Focus("a.footnote-ref")); err != nil {
		t.Fatal(err)
	}
	browsertest.Until(t, ctx, "focusing a footnote reference to open the popover", isOpen)
	if got := eval(open); !strings.Contains(got, "Note 1") || !strings.Contains(got, "Wang Peng") {
		t.Errorf("a footnote reference previews %q", got)
	}

	// JavaScript off: a term is a plain link to its glossary entry.
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitReady("a.term"), chromedp.Click("a.term")); err != nil {
		t.Fatal(err)
	}
	browsertest.Until(t, ctx, "with JavaScript off, a click on a term to lead to the glossary", `location.href.includes("/glossary/")`)
}
