// Command searchtrace shows where the time of a search goes: it serves a
// built site on 127.0.0.1, opens its search page with a query in headless
// Chromium, and prints each request the page made (from the Resource Timing
// API: when it started and ended, from navigation) and when the first
// results were on the screen; then the same for a query on the open page.
//
//	go run ./bench/searchtrace -out /tmp/gloss-search-bench-10000/out -q subsidies
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/tracing"

	"github.com/chromedp/chromedp"

	"github.com/gloss-ssg/gloss/internal/browsertest"
)

func main() {
	out := flag.String("out", "", "the built site")
	q := flag.String("q", "subsidies", "the query in the address")
	then := flag.String("then", "provincial", "a query on the open page")
	runs := flag.Int("runs", 3, "times to open the page")
	traceFile := flag.String("trace", "", "write Chromium's timeline of the first opening to this file (JSON, for chrome://tracing or Perfetto)")
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
	// painted notes, in the page, when the first frame with the results
	// has been drawn: the next task after the frame that follows the
	// results being put in the page. "results at" is when the tool sees
	// them, after Navigate has waited for the page's load event; the two
	// differ by that wait and a round trip to the browser.
	painted := fmt.Sprintf(`new MutationObserver(function (_, watch) {
	if (document.documentElement.dataset.searchDone !== %q) return;
	watch.disconnect();
	requestAnimationFrame(function () { setTimeout(function () { window.glossPainted = performance.now(); }); });
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-search-done"] });`, *q)
	var atAll, paintedAll, openAll []float64
	for run := range *runs {
		ctx, cancelTab := chromedp.NewContext(browser)
		address := "http://" + ln.Addr().String() + "/search/?q=" + url.QueryEscape(*q)
		if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: painted}); err != nil {
			log.Fatal(err)
		}
		var stopTrace func() error
		if run == 0 && *traceFile != "" {
			if err := chromedp.Do(ctx); err != nil { // the tab, before tracing starts in it
				log.Fatal(err)
			}
			if stopTrace, err = startTrace(ctx, *traceFile); err != nil {
				log.Fatal(err)
			}
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(address)); err != nil {
			log.Fatal(err)
		}
		done := fmt.Sprintf(`document.documentElement.dataset.searchDone === %q ? performance.now() : 0`, *q)
		at, err := chromedp.Run(ctx, chromedp.Poll[float64](done, chromedp.WithPollingMutation(), chromedp.WithPollingTimeout(30*time.Second)))
		if err != nil {
			log.Fatal(err)
		}
		if stopTrace != nil {
			if err := stopTrace(); err != nil {
				log.Fatal(err)
			}
		}
		timeline := `performance.getEntriesByType("resource").map(e => e.name.replace(/^.*\//, "").slice(0, 24).padEnd(26) + e.startTime.toFixed(1).padStart(8) + e.responseEnd.toFixed(1).padStart(8) + (e.encodedBodySize / 1000).toFixed(1).padStart(8) + " KB").join("\n")`
		lines, _ := chromedp.Run(ctx, chromedp.Evaluate[string](timeline))
		dcl, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](`performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd`))
		marks, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`performance.getEntriesByType("mark").map(m => m.name.padEnd(26) + m.startTime.toFixed(1).padStart(8)).join("\n")`))
		// transferSize: headers and body as they came over the wire, the
		// page itself included, for the requests made before the results.
		loaded, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](fmt.Sprintf(`performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource")).filter(e => e.startTime <= %f).reduce((s, e) => s + e.transferSize, 0)`, at)))
		drawn, err := chromedp.Run(ctx, chromedp.Poll[float64](`window.glossPainted || 0`, chromedp.WithPollingTimeout(30*time.Second)))
		if err != nil {
			log.Fatal(err)
		}
		atAll, paintedAll = append(atAll, at), append(paintedAll, drawn)
		fmt.Printf("%q from the address: results at %.1f ms, painted at %.1f ms (DOMContentLoaded %.1f), %.1f KB loaded\n%s\n%s\n", *q, at, drawn, dcl, loaded/1000, lines, marks)
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
		openAll = append(openAll, took)
		fmt.Printf("%q on the open page: results after %.1f ms\n%s\n%s\n\n", *then, took, lines, marks)
		cancelTab()
	}
	fmt.Printf("medians of %d: %q from the address, results at %.1f ms, painted at %.1f ms; %q on the open page %.1f ms\n",
		*runs, *q, median(atAll), median(paintedAll), *then, median(openAll))
}

// startTrace records Chromium's timeline (the main thread's tasks: parsing,
// style, layout, scripts) in the tab of ctx; the returned function stops
// it and writes the events to file as a JSON trace.
func startTrace(ctx context.Context, file string) (func() error, error) {
	var mu sync.Mutex
	var events [][]byte
	done := make(chan struct{})
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *tracing.EventDataCollected:
			mu.Lock()
			for _, v := range ev.Value {
				events = append(events, slices.Clone(v))
			}
			mu.Unlock()
		case *tracing.EventTracingComplete:
			close(done)
		}
	})
	if err != nil {
		return nil, err
	}
	categories := []string{"devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing", "loading", "v8.execute", "disabled-by-default-v8.cpu_profiler"}
	_, err = chromedp.Call(ctx, tracing.Start, tracing.StartParams{TraceConfig: &tracing.TraceConfig{IncludedCategories: categories}, TransferMode: tracing.StartTransferModeReportEvents})
	if err != nil {
		return nil, err
	}
	return func() error {
		if _, err := chromedp.Call(ctx, tracing.End, cdp.Empty{}); err != nil {
			return err
		}
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			return fmt.Errorf("the trace did not end within 30 s")
		}
		mu.Lock()
		defer mu.Unlock()
		var out bytes.Buffer
		out.WriteString(`{"traceEvents":[`)
		for i, e := range events {
			if i > 0 {
				out.WriteString(",\n")
			}
			out.Write(e)
		}
		out.WriteString("]}\n")
		return os.WriteFile(file, out.Bytes(), 0o644)
	}, nil
}

// median is the middle of xs (the mean of the two middle ones for an even count).
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
