package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// The reader's openings: the search page opened with the query in the
// address in a tab that DevTools does not watch. chromedp turns on the
// protocol's DOM, CSS, Network, Page, Runtime and Log domains in every tab
// it attaches to, and with them on Chromium reports every node, style sheet
// and request as the page loads: on this machine that added 60–80 ms to the
// first results (BENCHMARKS.md). A reader's browser does none of that. So
// the tab is made by the browser itself (Target.createTarget), nothing
// attaches to it, and
// the page reports its own times: the server adds a probe to the page's
// head that, once the results are in the page, waits for the next frame and
// sends when they were put in, when that frame was drawn, and the page's
// performance marks to /__probe.

// probeParam marks the openings whose page gets the probe.
const probeParam = "searchtrace-probe"

// onShown is a script that waits until the results of the query q are in
// the page (search.js sets data-search-done to it), notes that moment in
// window.glossShown, waits for the next frame to be drawn (the next task
// after the frame that follows) and runs report, with shown and painted
// (both performance.now()) in scope.
func onShown(q, report string) string {
	quoted, _ := json.Marshal(q) // escapes <, > and &: safe in a script
	return fmt.Sprintf(`new MutationObserver(function (_, watch) {
	if (document.documentElement.dataset.searchDone !== %s) return;
	watch.disconnect();
	var shown = window.glossShown = performance.now();
	requestAnimationFrame(function () { setTimeout(function () { var painted = performance.now(); %s }); });
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-search-done"] });`, quoted, report)
}

// probe reports to /__probe: the script the server adds to the page.
const probe = `navigator.sendBeacon("/__probe", JSON.stringify({ shown: shown, painted: painted,
	marks: performance.getEntriesByType("mark").map(function (m) { return [m.name, m.startTime]; }) }));`

// readerReport is what the probe sends.
type readerReport struct {
	Shown, Painted float64
	Marks          [][2]any
}

// withProbe serves files, adding the probe to the search page's head when
// its address has probeParam, and passes the probe's reports to reports.
func withProbe(files http.Handler, searchPage func() ([]byte, error), reports chan<- readerReport) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Nothing kept for the next opening: each is a first visit.
		w.Header().Set("Cache-Control", "no-store")
		switch {
		case r.URL.Path == "/__probe":
			var rep readerReport
			if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&rep); err == nil {
				select {
				case reports <- rep:
				default:
				}
			}
		case r.URL.Path == "/search/" && r.URL.Query().Has(probeParam):
			page, err := searchPage()
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			script := "<script>" + onShown(r.URL.Query().Get("q"), probe) + "</script>"
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write(bytes.Replace(page, []byte("<head>"), []byte("<head>"+script), 1))
		default:
			files.ServeHTTP(w, r)
		}
	})
}

// openAsReader opens the search page with q in the address in a new tab,
// attached to by nothing, and returns the probe's report. The tab is in the
// browser's own context, as a link opened by a reader is, where Chromium
// keeps a renderer process started for the next page (in a browser context
// of its own each opening waited for a process to start: 200–300 ms more);
// the server's no-store keeps each opening a first visit.
func openAsReader(browser context.Context, base, q string, reports <-chan readerReport) (readerReport, error) {
	address := base + "/search/?q=" + url.QueryEscape(q) + "&" + probeParam
	tab, err := chromedp.CallBrowser(browser, target.CreateTarget, target.CreateTargetParams{URL: address})
	if err != nil {
		return readerReport{}, err
	}
	defer func() {
		_, _ = chromedp.CallBrowser(browser, target.CloseTarget, target.CloseTargetParams{TargetID: tab.TargetID})
	}()
	select {
	case rep := <-reports:
		return rep, nil
	case <-time.After(30 * time.Second):
		return readerReport{}, fmt.Errorf("no results from %s within 30 s", address)
	}
}

// marks lists a report's performance marks, one a line.
func (r readerReport) marksText() string {
	var lines []string
	for _, m := range r.Marks {
		name, _ := m[0].(string)
		at, _ := m[1].(float64)
		lines = append(lines, fmt.Sprintf("%-26s%8.1f", name, at))
	}
	return strings.Join(lines, "\n")
}
