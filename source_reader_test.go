package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/gloss-ssg/gloss/internal/browsertest"

	"github.com/gloss-ssg/gloss/internal/toolcheck"
)

// TestSourceReaderInBrowser reads the example site's glossed source in
// headless Chromium, in both themes: at 1280 px each paragraph's notes sit
// in the margin beside it; at 375 px they are folded behind a button that
// opens them, and nothing scrolls sideways; a link to #p13 marks ¶13; the
// plain-text control hides every margin; print shows the notes as endnotes;
// axe finds nothing with the margins open.
func TestSourceReaderInBrowser(t *testing.T) {
	axeJS := toolcheck.ReadFile(t, "node_modules/axe-core/axe.min.js", "axe-core: npm ci")
	ctx := browsertest.New(t)
	for _, theme := range themes {
		t.Run(theme, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			runGloss(t, nil, "--out", out, "--theme", theme)
			srv := httptest.NewServer(http.FileServer(http.Dir(out)))
			defer srv.Close()
			page := srv.URL + "/sources/report-article/"

			type box struct{ Left, Right, Top, Bottom, Height float64 }
			type wide struct {
				Para, Margin box
				Notes        int
				Speakers     string
				Marked       bool
			}
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(page+"#p13"), chromedp.WaitReady("body")); err != nil {
				t.Fatal(err)
			}
			w, err := chromedp.Run(ctx, chromedp.Evaluate[wide](`(() => {
				const b = e => { const r = e.getBoundingClientRect(); return {Left: r.left, Right: r.right, Top: r.top, Bottom: r.bottom, Height: r.height}; };
				const p = document.getElementById("p13"), m = document.getElementById("p13-margin");
				const bg = e => getComputedStyle(e).backgroundColor;
				return {Para: b(p), Margin: b(m), Notes: m.querySelectorAll(".gloss-note").length,
					Speakers: (m.querySelector(".para-speakers") || {innerText: ""}).innerText,
					Marked: bg(p) !== bg(document.getElementById("p12"))};
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			if w.Notes == 0 {
				t.Fatalf("¶13 of the example source has no editors' note")
			}
			if !strings.Contains(w.Speakers, "Wang Peng (reported)") {
				t.Errorf("the margin of ¶13 does not say whom it reports: %q", w.Speakers)
			}
			if w.Margin.Height == 0 || w.Margin.Left < w.Para.Right {
				t.Errorf("at 1280 px the notes on ¶13 are not in the margin beside it: paragraph %+v, notes %+v", w.Para, w.Margin)
			}
			if w.Margin.Top > w.Para.Bottom || w.Margin.Bottom < w.Para.Top {
				t.Errorf("at 1280 px the notes on ¶13 are not level with it: paragraph %+v, notes %+v", w.Para, w.Margin)
			}
			if !w.Marked {
				t.Errorf("following a link to #p13 does not mark ¶13")
			}
			if *updateScreenshots && theme == "briefing" {
				saveScreenshot(t, ctx, page+"#p13", "docs/screenshots/source-glossed-1280.png", 1280)
			}

			// Narrow: folded behind a button that opens them.
			type narrow struct {
				Shown, Expanded bool
				ScrollWidth     float64
				InnerWidth      float64
			}
			state := func() narrow {
				n, err := chromedp.Run(ctx, chromedp.Evaluate[narrow](`(() => {
					const m = document.getElementById("p13-margin"), b = document.querySelector('[aria-controls="p13-margin"]');
					return {Shown: m.getBoundingClientRect().height > 0, Expanded: b.getAttribute("aria-expanded") === "true",
						ScrollWidth: document.documentElement.scrollWidth, InnerWidth: innerWidth};
				})()`))
				if err != nil {
					t.Fatal(err)
				}
				return n
			}
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 812), chromedp.Navigate(page), chromedp.WaitReady(`[aria-controls="p13-margin"]`)); err != nil {
				t.Fatal(err)
			}
			if n := state(); n.Shown || n.Expanded {
				t.Errorf("at 375 px the notes on ¶13 are not folded: %+v", n)
			}
			if err := chromedp.Do(ctx, chromedp.Click(`[aria-controls="p13-margin"]`)); err != nil {
				t.Fatal(err)
			}
			if n := state(); !n.Shown || !n.Expanded || n.ScrollWidth > n.InnerWidth+1 {
				t.Errorf("at 375 px the button does not open the notes on ¶13, or the page scrolls sideways: %+v", n)
			}
			checkAxe(t, ctx, theme+"-source-375-open", string(axeJS))
			if *updateScreenshots && theme == "briefing" {
				if err := chromedp.Do(ctx, chromedp.ScrollIntoView("#p13")); err != nil {
					t.Fatal(err)
				}
				shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile("docs/screenshots/source-glossed-375.png", shot, 0o644); err != nil {
					t.Fatal(err)
				}
			}

			// The plain text: every margin hidden.
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Click(`label[for="plain-text"]`)); err != nil {
				t.Fatal(err)
			}
			visible, err := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll(".para-margin")].filter(m => m.getBoundingClientRect().height > 0).length`))
			if err != nil {
				t.Fatal(err)
			}
			if visible != 0 {
				t.Errorf("the plain-text control leaves %d margins showing", visible)
			}

			// Print: endnotes instead of margins.
			if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
				t.Fatal(err)
			}
			printed, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
				const e = document.querySelector(".print-endnotes");
				const margins = [...document.querySelectorAll(".para-margin")].filter(m => m.getBoundingClientRect().height > 0).length;
				return (e && e.getBoundingClientRect().height > 0 ? e.querySelectorAll("li").length : 0) + " endnotes, " + margins + " margins";
			})()`))
			if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
				t.Fatal(err)
			}
			if err != nil {
				t.Fatal(err)
			}
			var endnotes, margins int
			fmt.Sscanf(printed, "%d endnotes, %d margins", &endnotes, &margins)
			if endnotes < 8 || margins != 0 {
				t.Errorf("printed, the source shows %s; want its notes (at least 8) as endnotes and no margins", printed)
			}
		})
	}
}

func saveScreenshot(t *testing.T, ctx context.Context, url, file string, width int64) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(url), chromedp.WaitReady("body")); err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, shot, 0o644); err != nil {
		t.Fatal(err)
	}
}
