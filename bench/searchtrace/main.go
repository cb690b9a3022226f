// Command searchtrace shows where the time of a search goes: it serves a
// built site on 127.0.0.1, opens its search page with a query in headless
// Chromium, and prints each request the server answered for it, whether the
// page or a Web Worker made it (when it was received and its answer
// written, on the page's clock; its body's bytes on the wire), and when the
// first results were on the screen; then the same for a query on the open
// page. The bytes loaded are counted at the server (bench/internal/wirelog):
// the page's Resource Timing does not see a worker's requests.
//
//	go run ./bench/searchtrace -out /tmp/gloss-search-bench-10000/out -q subsidies
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/tracing"

	"github.com/chromedp/chromedp"

	"github.com/gloss-ssg/gloss/bench/internal/wirelog"
	"github.com/gloss-ssg/gloss/internal/browsertest"
)

func main() {
	outs := flag.String("out", "", "the built site; or several, comma-separated, whose reader's openings alternate (to compare builds in the same minutes)")
	q := flag.String("q", "subsidies", "the query in the address")
	then := flag.String("then", "provincial", "a query on the open page")
	runs := flag.Int("runs", 3, "times to open the page (of each site)")
	watched := flag.Bool("watched", true, "after the reader's openings, open the page as many times in tabs DevTools watches: the requests, the bytes, a query on the open page (the first site only)")
	traceFile := flag.String("trace", "", "write Chromium's timeline of the first watched opening to this file (JSON, for chrome://tracing or Perfetto)")
	flag.Parse()
	sites := strings.Split(*outs, ",")
	out := sites[0]
	reports := make(chan readerReport, 1)
	var servers []*wirelog.Server
	for _, dir := range sites {
		searchPage := func() ([]byte, error) { return os.ReadFile(filepath.Join(dir, "search", "index.html")) }
		srv, err := wirelog.Serve(withProbe(http.FileServer(http.Dir(dir)), searchPage, reports))
		if err != nil {
			log.Fatal(err)
		}
		defer srv.Close()
		servers = append(servers, srv)
	}
	srv := servers[0]
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(browsertest.Path()), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU)
	defer cancel()
	browser, cancelBrowser := chromedp.NewContext(alloc)
	defer cancelBrowser()
	if err := chromedp.Do(browser); err != nil { // the browser, started before its contexts
		log.Fatal(err)
	}
	// In the watched tabs the page notes when the results were put in it
	// (glossShown) and drawn (glossPainted). "results at" is when the tool
	// sees them, after Navigate has waited for the page's load event; the
	// two differ by that wait and a round trip to the browser.
	painted := onShown(*q, "window.glossPainted = painted;")
	readerShown, readerPainted := make([][]float64, len(sites)), make([][]float64, len(sites))
	for run := range *runs * len(sites) {
		site := run % len(sites)
		rep, err := openAsReader(browser, servers[site].URL, *q, reports)
		if err != nil {
			log.Fatal(err)
		}
		readerShown[site], readerPainted[site] = append(readerShown[site], rep.Shown), append(readerPainted[site], rep.Painted)
		fmt.Printf("%s: %q from the address, as a reader's browser opens it: results shown at %.1f ms, painted at %.1f ms\n%s\n\n", sites[site], *q, rep.Shown, rep.Painted, rep.marksText())
	}
	for site, dir := range sites {
		fmt.Printf("%s: medians of %d: %q from the address, as a reader's browser opens it: shown at %.1f ms, painted at %.1f ms\n", dir, *runs, *q, median(readerShown[site]), median(readerPainted[site]))
	}
	if !*watched {
		return
	}
	var atAll, paintedAll, openAll []float64
	for run := range *runs {
		// A browser context of its own: an empty cache, and the cache off,
		// so that every request reaches the server and is counted.
		ctx, cancelTab := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
		address := srv.URL + "/search/?q=" + url.QueryEscape(*q)
		if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: painted}); err != nil {
			log.Fatal(err)
		}
		if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
			log.Fatal(err)
		}
		if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
			log.Fatal(err)
		}
		var stopTrace func() error
		if run == 0 && *traceFile != "" {
			if err := chromedp.Do(ctx); err != nil { // the tab, before tracing starts in it
				log.Fatal(err)
			}
			var err error
			if stopTrace, err = startTrace(ctx, *traceFile); err != nil {
				log.Fatal(err)
			}
		}
		navigated := time.Now()
		if err := chromedp.Do(ctx, chromedp.Navigate(address)); err != nil {
			log.Fatal(err)
		}
		done := fmt.Sprintf(`document.documentElement.dataset.searchDone === %q ? performance.now() : 0`, *q)
		at, err := chromedp.Run(ctx, chromedp.Poll[float64](done, chromedp.WithPollingMutation(), chromedp.WithPollingTimeout(30*time.Second)))
		if err != nil {
			log.Fatal(err)
		}
		seen := time.Now()
		clock, shown, err := pageClock(ctx, srv, navigated, seen)
		if err != nil {
			log.Fatal(err)
		}
		if stopTrace != nil {
			if err := stopTrace(); err != nil {
				log.Fatal(err)
			}
		}
		// The answers to the requests received until the results were in
		// the page: headers and body as they went on the wire, the page
		// itself included, a worker's requests too.
		answers, err := srv.Between(navigated, clock.Moment(shown), 10*time.Second)
		if err != nil {
			log.Fatal(err)
		}
		lines := timeline(answers, clock, 0)
		dcl, _ := chromedp.Run(ctx, chromedp.Evaluate[float64](`performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd`))
		marks, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`performance.getEntriesByType("mark").map(m => m.name.padEnd(26) + m.startTime.toFixed(1).padStart(8)).join("\n")`))
		loaded := float64(wirelog.Total(answers))
		drawn, err := chromedp.Run(ctx, chromedp.Poll[float64](`window.glossPainted || 0`, chromedp.WithPollingTimeout(30*time.Second)))
		if err != nil {
			log.Fatal(err)
		}
		atAll, paintedAll = append(atAll, at), append(paintedAll, drawn)
		fmt.Printf("%q from the address: results at %.1f ms, painted at %.1f ms (DOMContentLoaded %.1f), %.1f KB loaded\n%s\n%s\n", *q, at, drawn, dcl, loaded/1000, lines, marks)
		asked := time.Now()
		start := fmt.Sprintf(`window.t0 = performance.now(); document.getElementById("search-q").value = %q; document.querySelector(".search-form").requestSubmit(); true`, *then)
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](start)); err != nil {
			log.Fatal(err)
		}
		took, err := chromedp.Run(ctx, chromedp.Poll[float64](fmt.Sprintf(`document.documentElement.dataset.searchDone === %q ? performance.now() - window.t0 : 0`, *then), chromedp.WithPollingMutation(), chromedp.WithPollingTimeout(30*time.Second)))
		if err != nil {
			log.Fatal(err)
		}
		answers, err = srv.Between(asked, time.Now(), 10*time.Second)
		if err != nil {
			log.Fatal(err)
		}
		t0, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.t0`))
		if err != nil {
			log.Fatal(err)
		}
		lines = timeline(answers, clock, t0)
		marks, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`performance.getEntriesByType("mark").filter(m => m.startTime >= window.t0).map(m => m.name.padEnd(26) + (m.startTime - window.t0).toFixed(1).padStart(8)).join("\n")`))
		openAll = append(openAll, took)
		fmt.Printf("%q on the open page: results after %.1f ms\n%s\n%s\n\n", *then, took, lines, marks)
		cancelTab()
	}
	fmt.Printf("%s: medians of %d: %q from the address, in a tab DevTools watches: results at %.1f ms, painted at %.1f ms; %q on the open page %.1f ms\n",
		out, *runs, *q, median(atAll), median(paintedAll), *then, median(openAll))
}

// pageClock sets the clock of the page open in ctx by its navigation
// request, the first the server received after navigated and before seen,
// and returns it with the moment the results were put in the page.
func pageClock(ctx context.Context, srv *wirelog.Server, navigated, seen time.Time) (wirelog.PageClock, float64, error) {
	all, err := srv.Between(navigated, seen, 10*time.Second)
	if err != nil {
		return wirelog.PageClock{}, 0, err
	}
	if len(all) == 0 || !strings.HasPrefix(all[0].Path, "/search/") {
		return wirelog.PageClock{}, 0, fmt.Errorf("the server's first request was not the search page: %+v", all)
	}
	times, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`[window.glossShown || -1, performance.getEntriesByType("navigation")[0].requestStart]`))
	if err != nil {
		return wirelog.PageClock{}, 0, err
	}
	if times[0] < 0 {
		return wirelog.PageClock{}, 0, fmt.Errorf("the page did not note when it showed its results")
	}
	return wirelog.NewPageClock(all[0], times[1]), times[0], nil
}

// timeline is a line for each answer: the last part of its path, when its
// request was received and when its last byte was written, on the page's
// clock in milliseconds from from, and its body's bytes on the wire.
func timeline(answers []wirelog.Response, clock wirelog.PageClock, from float64) string {
	ms := func(t time.Time) float64 { return clock.Millis(t) - from }
	var lines []string
	for _, a := range answers {
		name := a.Path[strings.LastIndex(a.Path, "/")+1:]
		if len(name) > 24 {
			name = name[:24]
		}
		lines = append(lines, fmt.Sprintf("%-26s%8.1f%8.1f%8.1f KB", name, ms(a.Received), ms(a.Written), float64(a.Body)/1000))
	}
	return strings.Join(lines, "\n")
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
