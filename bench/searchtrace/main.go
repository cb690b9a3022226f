// Command searchtrace shows where the time of a search goes: it serves a
// built site on 127.0.0.1, opens its search page with a query in headless
// Chromium, and prints each request the page made (from the Resource Timing
// API: when it started and ended, from navigation) and when the first
// results were on the screen; then the same for a query on the open page.
//
//	go run ./bench/searchtrace -out /tmp/gloss-search-bench-10000/out -q subsidies
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gloss-ssg/gloss/internal/browsertest"
)

func main() {
	out := flag.String("out", "", "the built site")
	q := flag.String("q", "subsidies", "the query in the address")
	then := flag.String("then", "provincial", "a query on the open page")
	runs := flag.Int("runs", 3, "times to open the page")
	flag.Parse()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go func() { _ = http.Serve(ln, http.FileServer(http.Dir(*out))) }()
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(browsertest.Path()), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU)
	defer cancel()
	browser, cancelBrowser := chromedp.NewContext(alloc)
	defer cancelBrowser()
	for range *runs {
		ctx, cancelTab := chromedp.NewContext(browser)
		page := "http://" + ln.Addr().String() + "/search/?q=" + url.QueryEscape(*q)
		if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
			log.Fatal(err)
		}
		done := fmt.Sprintf(`document.documentElement.dataset.searchDone === %q ? performance.now() : 0`, *q)
		at, err := chromedp.Run(ctx, chromedp.Poll[float64](done, chromedp.WithPollingMutation(), chromedp.WithPollingTimeout(30*time.Second)))
		if err != nil {
			log.Fatal(err)
		}
		timeline := `performance.getEntriesByType("resource").map(e => e.name.replace(/^.*\//, "").slice(0, 24).padEnd(26) + e.startTime.toFixed(1).padStart(8) + e.responseEnd.toFixed(1).padStart(8) + (e.encodedBodySize / 1000).toFixed(1).padStart(8) + " KB").join("\n")`
		lines, _ := chromedp.Run(ctx, chromedp.Evaluate[string](timeline))
		dcl, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](`performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd`))
		marks, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`performance.getEntriesByType("mark").map(m => m.name.padEnd(26) + m.startTime.toFixed(1).padStart(8)).join("\n")`))
		// transferSize: headers and body as they came over the wire, the
		// page itself included, for the requests made before the results.
		loaded, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](fmt.Sprintf(`performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource")).filter(e => e.startTime <= %f).reduce((s, e) => s + e.transferSize, 0)`, at)))
		fmt.Printf("%q from the address: results at %.1f ms (DOMContentLoaded %.1f), %.1f KB loaded\n%s\n%s\n", *q, at, dcl, loaded/1000, lines, marks)
		mark, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](`performance.getEntriesByType("resource").length`))
		start := fmt.Sprintf(`window.t0 = performance.now(); document.getElementById("search-q").value = %q; document.querySelector(".search-form").requestSubmit(); true`, *then)
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](start)); err != nil {
			log.Fatal(err)
		}
		took, err := chromedp.Run(ctx, chromedp.Poll[float64](fmt.Sprintf(`document.documentElement.dataset.searchDone === %q ? performance.now() - window.t0 : 0`, *then), chromedp.WithPollingMutation(), chromedp.WithPollingTimeout(30*time.Second)))
		if err != nil {
			log.Fatal(err)
		}
		lines, _ = chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`performance.getEntriesByType("resource").slice(%d).map(e => e.name.replace(/^.*\//, "").slice(0, 24).padEnd(26) + (e.startTime - window.t0).toFixed(1).padStart(8) + (e.responseEnd - window.t0).toFixed(1).padStart(8) + (e.encodedBodySize / 1000).toFixed(1).padStart(8) + " KB").join("\n")`, int(mark))))
		marks, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`performance.getEntriesByType("mark").filter(m => m.startTime >= window.t0).map(m => m.name.padEnd(26) + (m.startTime - window.t0).toFixed(1).padStart(8)).join("\n")`))
		fmt.Printf("%q on the open page: results after %.1f ms\n%s\n%s\n\n", *then, took, lines, marks)
		cancelTab()
	}
}
