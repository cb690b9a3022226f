package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/gloss-ssg/gloss/internal/browsertest"
	"github.com/gloss-ssg/gloss/internal/wait"
)

// TestReaderOnAPhone reads the example site as a phone does (375 × 812,
// touch) in both themes: the home page's first explainer link is within the
// first screen and a half; no table of any explainer cuts off a heading;
// the header is one line; a tapped term's or citation's preview never
// covers the link the reader taps next.
func TestReaderOnAPhone(t *testing.T) {
	for _, theme := range themes {
		t.Run(theme, func(t *testing.T) {
			// A browser per theme: one deadline each, on a loaded CI machine.
			ctx := browsertest.New(t)
			if _, err := chromedp.Call(ctx, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: 1}); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "public")
			runGloss(t, nil, "--out", out, "--theme", theme)
			srv := httptest.NewServer(http.FileServer(http.Dir(out)))
			defer srv.Close()
			eval := func(js string) string {
				t.Helper()
				v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
				if err != nil {
					t.Fatalf("%v\n%s", err, js)
				}
				return v
			}
			open := func(path, ready string) {
				t.Helper()
				if err := chromedp.Do(ctx, chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile), chromedp.Navigate(srv.URL+path), chromedp.WaitReady(ready)); err != nil {
					t.Fatal(err)
				}
			}

			open("/", "body")
			if got := eval(`(() => {
				const a = [...document.querySelectorAll("main a")].find(a => new URL(a.href).pathname.match(/^\/explainers\/[^/]+\/$/));
				if (!a) return "no link to an explainer";
				const top = a.getBoundingClientRect().top + scrollY;
				return top <= 1.5 * innerHeight ? "" : "the first explainer link is " + Math.round(top) + " px down, more than 1.5 screens (" + 1.5 * innerHeight + " px)";
			})()`); got != "" {
				t.Error(got)
			}
			if got := eval(`(() => { const h = document.querySelector(".site-header"); const b = document.querySelector(".brand");
				return b.getBoundingClientRect().height > 40 ? "the header takes " + Math.round(h.getBoundingClientRect().height) + " px: the title wraps" : ""; })()`); got != "" {
				t.Error(got)
			}

			explainers := eval(`[...document.querySelectorAll(".reading-order a")].map(a => new URL(a.href).pathname).join(" ")`)
			paths := strings.Fields(explainers)
			if len(paths) < 8 {
				t.Fatalf("the home page's reading order lists %d explainers", len(paths))
			}
			tables, previews := 0, 0
			for i, p := range paths {
				// Wait for the script too: a tap before it runs follows the link.
				open(p, "#gloss-pop")
				res := eval(`(() => {
					const out = [];
					for (const table of document.querySelectorAll("main table")) {
						const scrolls = table.scrollWidth > table.clientWidth + 1;
						const canScroll = ["auto", "scroll"].includes(getComputedStyle(table).overflowX);
						if (scrolls && !canScroll) out.push("a table is cut off without scrolling");
						for (const th of table.querySelectorAll("th")) {
							if (th.scrollWidth > th.clientWidth + 1 || th.scrollHeight > th.clientHeight + 1) out.push("the heading " + JSON.stringify(th.innerText) + " is cut off");
						}
					}
					return document.querySelectorAll("main table").length + "|" + out.join("; ");
				})()`)
				var n int
				var problems string
				fmt.Sscanf(res, "%d|", &n)
				if i := strings.IndexByte(res, '|'); i >= 0 {
					problems = res[i+1:]
				}
				tables += n
				if problems != "" {
					t.Errorf("%s: %s", p, problems)
				}
				if i < 4 { // previews on four pages: each tap can wait seconds under -race
					checkPreviewsLeaveNextLinkFree(t, ctx, p, &previews)
				}
			}
			if previews < 6 {
				t.Errorf("only %d tapped previews opened to be checked, of up to 12", previews)
			}
			if tables == 0 {
				t.Errorf("no explainer has a table: the table check checked nothing")
			}
		})
	}
}

// checkPreviewsLeaveNextLinkFree taps the first few terms and citations of
// the page, each scrolled to the middle of the screen, and checks that the
// preview does not cover the next link in reading order.
func checkPreviewsLeaveNextLinkFree(t *testing.T, ctx context.Context, page string, checked *int) {
	t.Helper()
	for i := 0; i < 3; i++ {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(() => {
			document.documentElement.style.scrollBehavior = "auto";
			const triggers = [...document.querySelectorAll("main .prose a[data-pop-title]")];
			const a = triggers[%d];
			if (!a) return "none";
			a.scrollIntoView({block: "center"});
			document.querySelectorAll("[data-probe]").forEach(e => e.removeAttribute("data-probe"));
			a.setAttribute("data-probe", "");
			return "ok";
		})()`, i*4)))
		if err != nil {
			t.Fatal(err)
		}
		if got == "none" {
			return
		}
		if err := chromedp.Do(ctx, chromedp.Tap("[data-probe]")); err != nil {
			t.Fatal(err)
		}
		var verdict string
		wait.For(5*time.Second, func() bool {
			verdict, err = chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(() => {
				const pop = document.querySelector("#gloss-pop:popover-open");
				if (!pop) return "wait";
				const triggers = [...document.querySelectorAll("main .prose a[data-pop-title]")];
				const a = triggers[%d];
				const links = [...document.querySelectorAll("main a")].filter(l => !pop.contains(l));
				const next = links[links.indexOf(a) + 1];
				if (!next) return "";
				const p = pop.getBoundingClientRect();
				const covered = [...next.getClientRects()].some(n => n.right > p.left && n.left < p.right && n.bottom > p.top && n.top < p.bottom);
				return covered ? "the preview of " + JSON.stringify(a.innerText) + " covers the next link, " + JSON.stringify(next.innerText) : "";
			})()`, i*4)))
			return err != nil || verdict != "wait"
		})
		if err != nil {
			t.Fatal(err)
		}
		if verdict == "wait" {
			// Some synthetic taps in a row open no preview in headless
			// Chromium though a reader's do (every one opens when tapped with
			// a pause between); count the ones checked, below.
			where, _ := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`location.pathname + ": trigger " + %d + " " + JSON.stringify(([...document.querySelectorAll("main .prose a[data-pop-title]")][%d] || {}).innerText)`, i*4, i*4)))
			t.Logf("%s: tapping a trigger showed no preview (now at %s)", page, where)
		} else {
			*checked++
		}
		if verdict != "" && verdict != "wait" {
			t.Errorf("%s: %s", page, verdict)
		}
		// Close it as a reader does, with a tap elsewhere, and wait until it is closed.
		if err := chromedp.Do(ctx, chromedp.Tap("main h1")); err != nil {
			t.Fatal(err)
		}
		browsertest.Until(t, ctx, "the preview to close after a tap elsewhere", `!document.querySelector("#gloss-pop:popover-open")`)
	}
}
