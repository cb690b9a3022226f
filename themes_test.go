package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image/png"
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

var updateScreenshots = flag.Bool("screenshots", false, "write the screenshots of TestThemesInBrowser to docs/screenshots/")

var themes = []string{"briefing", "longform"}

// layoutPages is one page of the example site for every layout kind.
var layoutPages = []struct{ layout, path string }{
	{"home", "/"},
	{"list", "/explainers/"},
	{"explainer", "/explainers/bottlenecks/"},
	{"page", "/about/"},
	{"topics", "/topics/"},
	{"topic", "/topics/basic-research/"},
	{"person", "/people/wang-peng/"},
	{"organisation", "/organisations/government-work-report/"},
	{"term", "/glossary/lithography-machines/"},
	{"source", "/sources/report-article/"},
	{"search", "/search/?q=chips"},
	{"404", "/404.html"},
}

// axeResult is what axe.run reports.
type axeResult struct {
	Violations []struct {
		ID, Impact, Help string
		Nodes            []struct {
			Target []any  `json:"target"`
			HTML   string `json:"html"`
		} `json:"nodes"`
	} `json:"violations"`
	Passes []struct{ ID string } `json:"passes"`
}

// TestThemesInBrowser opens a page of every layout kind of the example
// site, built with each theme, in headless Chromium: axe-core must report no
// WCAG 2.2 A or AA violation (target size included) in light and dark mode, and at 375 and 1280
// pixels wide the page must show its heading above the fold, not be blank,
// and never scroll sideways.
func TestThemesInBrowser(t *testing.T) {
	axeJS := toolcheck.ReadFile(t, "node_modules/axe-core/axe.min.js", "axe-core: npm ci")
	for _, theme := range themes {
		t.Run(theme, func(t *testing.T) {
			// A browser per theme: its deadline covers one theme's 44 pages
			// and their axe runs, not both themes on a loaded machine.
			ctx := browsertest.New(t)
			out := filepath.Join(t.TempDir(), "public")
			runGloss(t, nil, "--out", out, "--theme", theme)
			srv := httptest.NewServer(http.FileServer(http.Dir(out)))
			defer srv.Close()
			for _, scheme := range []string{"light", "dark"} {
				_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
					Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
				})
				if err != nil {
					t.Fatal(err)
				}
				for _, lp := range layoutPages {
					for _, width := range []int64{375, 1280} {
						name := fmt.Sprintf("%s-%s-%d-%s", theme, lp.layout, width, scheme)
						if err := chromedp.Do(ctx,
							chromedp.EmulateViewport(width, 800),
							chromedp.Navigate(srv.URL+lp.path),
							chromedp.WaitReady("body"),
						); err != nil {
							t.Fatalf("%s: %v", name, err)
						}
						dark, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`matchMedia("(prefers-color-scheme: dark)").matches`))
						if dark != (scheme == "dark") {
							t.Fatalf("%s: the browser is not in %s mode", name, scheme)
						}
						// Two layouts' screenshots are kept in docs/ for the README.
						keep := scheme == "light" && (lp.layout == "home" || lp.layout == "explainer")
						checkLayout(t, ctx, name, width, keep)
						checkAxe(t, ctx, name, string(axeJS))
					}
				}
			}
		})
	}
}

func checkLayout(t *testing.T, ctx context.Context, name string, width int64, save bool) {
	t.Helper()
	type layout struct {
		ScrollWidth, InnerWidth, InnerHeight float64
		H1Top, H1Height                      float64
		MainText                             int
	}
	l, err := chromedp.Run(ctx, chromedp.Evaluate[layout](`(() => {
		const h1 = document.querySelector("h1"), r = h1 ? h1.getBoundingClientRect() : {top: -1, height: 0};
		return {ScrollWidth: document.documentElement.scrollWidth, InnerWidth: innerWidth, InnerHeight: innerHeight,
			H1Top: r.top, H1Height: r.height, MainText: (document.querySelector("main") || {}).innerText?.length || 0};
	})()`))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if l.ScrollWidth > l.InnerWidth+1 {
		t.Errorf("%s: scrolls sideways (%v px of content in %v px)", name, l.ScrollWidth, l.InnerWidth)
	}
	if l.H1Height <= 0 || l.H1Top < 0 || l.H1Top+l.H1Height > l.InnerHeight {
		t.Errorf("%s: the page heading is not visible above the fold (top %v, height %v)", name, l.H1Top, l.H1Height)
	}
	if l.MainText < 40 {
		t.Errorf("%s: the main content is nearly empty (%d characters)", name, l.MainText)
	}
	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if colors := distinctColors(t, shot); colors < 8 {
		t.Errorf("%s: the screenshot is nearly blank (%d colours)", name, colors)
	}
	if *updateScreenshots && save {
		dir := "docs/screenshots"
		_ = os.MkdirAll(dir, 0o755)
		if err := os.WriteFile(filepath.Join(dir, strings.TrimSuffix(name, "-light")+".png"), shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func checkAxe(t *testing.T, ctx context.Context, name, axeJS string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axeJS+";true")); err != nil {
		t.Fatalf("%s: injecting axe-core: %v", name, err)
	}
	res, err := chromedp.Run(ctx, chromedp.Evaluate[axeResult](
		`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}).then(r => ({violations: r.violations, passes: r.passes}))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: running axe-core: %v", name, err)
	}
	if len(res.Passes) == 0 {
		t.Errorf("%s: axe-core checked nothing", name)
	}
	for _, v := range res.Violations {
		var where []string
		for _, n := range v.Nodes {
			where = append(where, fmt.Sprint(n.Target)+" "+n.HTML)
			if len(where) == 3 {
				break
			}
		}
		t.Errorf("%s: axe %s (%s): %s\n    %s", name, v.ID, v.Impact, v.Help, strings.Join(where, "\n    "))
	}
}

func distinctColors(t *testing.T, shot []byte) int {
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[[3]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 7 {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[[3]uint32{r >> 12, g >> 12, bl >> 12}] = true
		}
	}
	return len(seen)
}

// TestAxeHarnessFindsViolations makes sure the accessibility check above can
// fail: a page with faint text and an image without alt text must not pass.
func TestAxeHarnessFindsViolations(t *testing.T) {
	axeJS := toolcheck.ReadFile(t, "node_modules/axe-core/axe.min.js", "axe-core: npm ci")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<!DOCTYPE html><html lang="en"><title>bad</title><main><h1>Bad</h1><p style="color:#ccc;background:#fff">faint text</p><img src="x.png"></main></html>`)
	}))
	defer srv.Close()
	ctx := browsertest.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(axeJS)+";true")); err != nil {
		t.Fatal(err)
	}
	res, err := chromedp.Run(ctx, chromedp.Evaluate[axeResult](
		`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa"]}}).then(r => ({violations: r.violations, passes: r.passes}))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, v := range res.Violations {
		ids[v.ID] = true
	}
	if !ids["color-contrast"] || !ids["image-alt"] {
		t.Errorf("axe found %v, want color-contrast and image-alt", ids)
	}
}
