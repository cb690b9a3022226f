// Command search measures gloss's search index side by side with
// Pagefind's on the same built site, in headless Chromium:
//
//	go run ./bench/search -pages 10000      # after npm ci (Pagefind) and with chromium
//
// It builds the generated corpus (../shared/bench/gencorpus.go) with gloss,
// runs Pagefind on the built folder, serves the folder on 127.0.0.1 (text
// files gzip-compressed, as a static host does), and for each query opens
// each engine's search page with the query, counting at the server the bytes
// it wrote for every request received until the first results show (page
// and Web Worker alike: see bench/internal/wirelog), and the time they took;
// then the time a query takes on a page already open. It prints Markdown
// tables for BENCHMARKS.md.
package main

import (
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/gloss-ssg/gloss/bench/internal/wirelog"
	"github.com/gloss-ssg/gloss/internal/browsertest"
)

func main() {
	pages := flag.Int("pages", 1000, "corpus pages")
	runs := flag.Int("runs", 5, "measurements of each query (the median is shown)")
	work := flag.String("work", "", "work folder (default $TMPDIR/gloss-search-bench-PAGES)")
	shared := flag.String("shared", "../shared/bench", "the folder holding gencorpus.go")
	keep := flag.Bool("keep-pagefind", false, "keep Pagefind's index and build time from the last run (its input, the built HTML, is the same)")
	var opts options
	flag.BoolVar(&opts.pagefindWorker, "pagefind-worker", true, "let Pagefind search in its Web Worker, its default (false: on the page, as this tool did before it counted at the server)")
	flag.BoolVar(&opts.networkLog, "network-log", false, "also count from the page's network log in Chromium (the former method, blind to workers), in a column of its own, to check the server's count")
	flag.Parse()
	if *work == "" {
		*work = filepath.Join(os.TempDir(), fmt.Sprintf("gloss-search-bench-%d", *pages))
	}
	if err := run(*pages, *runs, *work, *shared, *keep, opts); err != nil {
		log.Fatal(err)
	}
}

// options are the ways of measuring that can be changed to check the method.
type options struct {
	pagefindWorker bool // Pagefind searches in its Web Worker
	networkLog     bool // count from the page's network log too
}

// engine is a search to measure: its page, and how to tell it has shown results.
type engine struct {
	name     string
	page     string // path of the search page, given ?q=
	shown    string // a JavaScript expression, true once results for the query are shown
	trigger  string // JavaScript that runs a query q on the open page
	indexDir []string
}

var engines = []engine{
	{
		name:     "gloss",
		page:     "/search/",
		shown:    `document.documentElement.dataset.searchDone === q && document.querySelector("#search-results a") !== null`,
		trigger:  `document.getElementById("search-q").value = q; document.querySelector(".search-form").requestSubmit()`,
		indexDir: []string{"search-index.js", "search-index"},
	},
	{
		name: "Pagefind",
		page: "/pagefind-search/",
		// The Default UI says how many results a query has, and shows a
		// result's link once its fragment is loaded.
		shown:    `(document.querySelector(".pagefind-ui__message") || {textContent: ""}).textContent.includes(q) && document.querySelector(".pagefind-ui__result-link") !== null`,
		trigger:  `window.pagefindQuery = q; window.pagefindUI.triggerSearch(q)`,
		indexDir: []string{"pagefind"},
	},
}

// pagefindPage is Pagefind's search page: its Default UI, sub-results on,
// running the query in ?q=. Pagefind runs in a Web Worker when it can (the
// server counts the worker's requests as it counts the page's); without
// worker, Worker is taken away and it makes the same requests from the page.
func pagefindPage(worker bool) string {
	noWorker := ""
	if !worker {
		noWorker = "\n<script>window.Worker = undefined; // Pagefind then searches on the page</script>"
	}
	return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Search</title>
<link href="/pagefind/pagefind-ui.css" rel="stylesheet">` + noWorker + `
<script src="/pagefind/pagefind-ui.js"></script></head>
<body><div id="search"></div>
<script>
window.addEventListener("DOMContentLoaded", () => {
  window.pagefindUI = new PagefindUI({ element: "#search", showSubResults: true });
  const q = new URLSearchParams(location.search).get("q");
  if (q) { window.pagefindQuery = q; window.pagefindUI.triggerSearch(q); }
});
</script></body></html>
`
}

var queries = []struct{ label, q string }{
	{"one word", "subsidies"},
	{"three words", "local debt restructuring"},
	{"Chinese, three characters", "碳中和"},
}

func run(pages, runs int, work, shared string, keepPagefind bool, opts options) error {
	site, err := prepareSite(pages, work, shared)
	if err != nil {
		return err
	}
	gloss := filepath.Join(work, "gloss")
	if err := command("go", "build", "-o", gloss, ".").Run(); err != nil {
		return err
	}
	out := filepath.Join(work, "out")
	kept := filepath.Join(work, "pagefind-kept")
	_ = os.RemoveAll(kept)
	if keepPagefind {
		if err := os.Rename(filepath.Join(out, "pagefind"), kept); err != nil {
			return fmt.Errorf("no Pagefind index to keep: %w", err)
		}
	}
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	glossBuild, glossIndex, err := buildWithGloss(gloss, site, out)
	if err != nil {
		return err
	}
	pagefindIndex, err := indexWithPagefind(work, out, kept, keepPagefind, opts.pagefindWorker)
	if err != nil {
		return err
	}
	fmt.Printf("### %d pages\n\n", pages)
	if err := printSizes(out, glossBuild, glossIndex, pagefindIndex); err != nil {
		return err
	}
	return printLatencies(out, runs, opts)
}

// prepareSite makes (once) a site folder in work whose content/ is a
// generated corpus of pages.
func prepareSite(pages int, work, shared string) (string, error) {
	// The corpus is the site's own content/: gloss follows no symbolic
	// link out of the site folder.
	site := filepath.Join(work, "site")
	corpus := filepath.Join(site, "content")
	if _, err := os.Stat(corpus); err != nil {
		if err := os.MkdirAll(site, 0o755); err != nil {
			return "", err
		}
		if err := command("go", "run", filepath.Join(shared, "gencorpus.go"), "-n", fmt.Sprint(pages), "-out", corpus).Run(); err != nil {
			return "", fmt.Errorf("gencorpus: %w", err)
		}
	}
	return site, nil
}

// buildWithGloss builds site into out, and returns how long the whole
// build took and, as gloss's --timings said it, its search index.
func buildWithGloss(gloss, site, out string) (time.Duration, string, error) {
	start := time.Now()
	timings, err := exec.Command(gloss, "--source", site, "--out", out, "--timings").CombinedOutput()
	if err != nil {
		return 0, "", fmt.Errorf("gloss: %v\n%s", err, timings)
	}
	glossBuild := time.Since(start)
	glossIndex := "?"
	for _, line := range strings.Split(string(timings), "\n") {
		if f := strings.Fields(line); len(f) >= 3 && f[0] == "(search" {
			glossIndex = f[2] + " " + f[3]
		}
	}
	return glossBuild, glossIndex, nil
}

// indexWithPagefind runs Pagefind over the built site out, or with keep
// puts back its index from the last run (kept), and returns how long it
// took; it also adds the Pagefind search page, its Web Worker on or off.
func indexWithPagefind(work, out, kept string, keep, worker bool) (time.Duration, error) {
	pagefind, err := filepath.Abs("node_modules/@pagefind/linux-x64/bin/pagefind_extended")
	if err != nil {
		return 0, err
	}
	var pagefindIndex time.Duration
	timeFile := filepath.Join(work, "pagefind-time")
	if keep {
		if err := os.Rename(kept, filepath.Join(out, "pagefind")); err != nil {
			return 0, err
		}
		data, err := os.ReadFile(timeFile)
		if err != nil {
			return 0, err
		}
		if pagefindIndex, err = time.ParseDuration(strings.TrimSpace(string(data))); err != nil {
			return 0, err
		}
	} else {
		start := time.Now()
		if msg, err := exec.Command(pagefind, "--site", out, "--quiet").CombinedOutput(); err != nil {
			return 0, fmt.Errorf("pagefind (npm ci installs it): %v\n%s", err, msg)
		}
		pagefindIndex = time.Since(start)
		if err := os.WriteFile(timeFile, []byte(pagefindIndex.String()), 0o644); err != nil {
			return 0, err
		}
	}
	if err := os.MkdirAll(filepath.Join(out, "pagefind-search"), 0o755); err != nil {
		return 0, err
	}
	if err := os.WriteFile(filepath.Join(out, "pagefind-search", "index.html"), []byte(pagefindPage(worker)), 0o644); err != nil {
		return 0, err
	}
	return pagefindIndex, nil
}

// printSizes prints the table of each engine's index: build time, files, size.
func printSizes(out string, glossBuild time.Duration, glossIndex string, pagefindIndex time.Duration) error {
	fmt.Printf("| index | build time | files | size on disk |\n|---|---|---|---|\n")
	for _, e := range engines {
		files, size := 0, int64(0)
		for _, p := range e.indexDir {
			n, s, err := du(filepath.Join(out, p))
			if err != nil {
				return err
			}
			files, size = files+n, size+s
		}
		build := glossIndex + " (whole build " + glossBuild.Round(10*time.Millisecond).String() + ")"
		if e.name == "Pagefind" {
			build = pagefindIndex.Round(10*time.Millisecond).String() + " (its own run over the built HTML)"
		}
		fmt.Printf("| %s | %s | %d | %.1f MB |\n", e.name, build, files, float64(size)/1e6)
	}
	fmt.Println()
	return nil
}

// printLatencies serves out, compressed and not, measures each engine's
// queries in the browser, and prints the tables.
func printLatencies(out string, runs int, opts options) error {
	for _, gz := range []bool{true, false} {
		srv, err := serve(out, gz)
		if err != nil {
			return err
		}
		results, err := measure(srv, runs, opts)
		srv.Close()
		if err != nil {
			return err
		}
		if gz {
			fmt.Printf("Served gzip-compressed (HTML, CSS, JavaScript; Pagefind's index files are compressed already):\n\n")
		} else {
			fmt.Printf("Served uncompressed:\n\n")
		}
		logHeader, logRule := "", ""
		if opts.networkLog {
			logHeader, logRule = " the page's network log (the server, same moments) |", "---|"
		}
		fmt.Printf("| query | engine | loaded to first results | requests |%s first results after opening the page | query on the open page |\n|---|---|---|---|%s---|---|\n", logHeader, logRule)
		for _, q := range queries {
			for _, e := range engines {
				r := results[e.name+" "+q.q]
				logged := ""
				if opts.networkLog {
					// To the byte, both of the same run and up to the moment
					// the tool saw the results, as the log was read before.
					logged = fmt.Sprintf(" %.0f B, %d requests (%.0f B) |", r.logBytes, r.logRequests, r.windowBytes)
				}
				fmt.Printf("| %s “%s” | %s | %.0f KB | %d |%s %s | %s |\n", q.label, q.q, e.name, r.bytes/1000, r.requests, logged, r.open.Round(time.Millisecond), r.query.Round(time.Millisecond))
			}
		}
		fmt.Println()
	}
	return nil
}

func command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Stderr = os.Stderr
	return cmd
}

// du counts the files and bytes under path.
func du(path string) (int, int64, error) {
	files, size := 0, int64(0)
	err := filepath.WalkDir(path, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		files++
		size += info.Size()
		return nil
	})
	return files, size, err
}

// serve serves dir on 127.0.0.1, compressing text files when gz is set,
// and counts the bytes of each answer on the wire.
func serve(dir string, gz bool) (*wirelog.Server, error) {
	files := http.FileServer(http.Dir(dir))
	// Compressed once and kept, as a host or CDN does, so that compressing
	// is not part of what is measured.
	var mu sync.Mutex
	compressed := map[string][]byte{}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ext := filepath.Ext(r.URL.Path)
		text := ext == ".js" || ext == ".css" || ext == ".html" || ext == ".json" || strings.HasSuffix(r.URL.Path, "/")
		if !gz || !text || !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			files.ServeHTTP(w, r)
			return
		}
		name := r.URL.Path
		if strings.HasSuffix(name, "/") {
			name += "index.html"
		}
		mu.Lock()
		body, ok := compressed[name]
		mu.Unlock()
		if !ok {
			data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
			if err != nil {
				http.NotFound(w, r)
				return
			}
			var buf strings.Builder
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			_, _ = zw.Write(data)
			_ = zw.Close()
			body = []byte(buf.String())
			mu.Lock()
			compressed[name] = body
			mu.Unlock()
		}
		types := map[string]string{".js": "text/javascript", ".css": "text/css", ".json": "application/json"}
		ct := types[filepath.Ext(name)]
		if ct == "" {
			ct = "text/html; charset=utf-8"
		}
		w.Header().Set("Content-Type", ct)
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(body)
	})
	return wirelog.Serve(handler)
}

type measurement struct {
	bytes       float64 // on the wire, counted at the server
	requests    int
	windowBytes float64 // on the wire, counted at the server, up to the moment the tool saw the results
	logBytes    float64 // from the page's network log up to that moment too (with -network-log)
	logRequests int
	open        time.Duration // from navigation to first results
	query       time.Duration // from a query on the open page to its first results
}

// measure runs every query on every engine, runs times, each in a tab of
// its own browser context (an empty cache, so that no request is answered
// from a cache, out of the server's sight), and keeps each figure's median.
func measure(srv *wirelog.Server, runs int, opts options) (map[string]measurement, error) {
	path := browsertest.Path()
	if path == "" {
		return nil, fmt.Errorf("no Chromium: apt-get install chromium")
	}
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true))
	defer cancel()
	browser, cancelBrowser := chromedp.NewContext(alloc)
	defer cancelBrowser()
	if err := chromedp.Do(browser); err != nil {
		return nil, err
	}
	out := map[string]measurement{}
	for _, q := range queries {
		for _, e := range engines {
			var all []measurement
			for range runs {
				m, err := once(browser, srv, e, q.q, opts.networkLog)
				if err != nil {
					return nil, fmt.Errorf("%s %q: %w", e.name, q.q, err)
				}
				all = append(all, m)
			}
			out[e.name+" "+q.q] = median(all)
		}
	}
	return out, nil
}

func median(ms []measurement) measurement {
	mid := len(ms) / 2
	var m measurement
	slices.SortFunc(ms, func(a, b measurement) int { return int(a.bytes - b.bytes) })
	m.bytes, m.requests, m.windowBytes, m.logBytes, m.logRequests = ms[mid].bytes, ms[mid].requests, ms[mid].windowBytes, ms[mid].logBytes, ms[mid].logRequests
	slices.SortFunc(ms, func(a, b measurement) int { return int(a.open - b.open) })
	m.open = ms[mid].open
	slices.SortFunc(ms, func(a, b measurement) int { return int(a.query - b.query) })
	m.query = ms[mid].query
	return m
}

// once opens the engine's search page with the query in a new tab and
// measures it, then runs the query again on the open page.
func once(browser context.Context, srv *wirelog.Server, e engine, q string, networkLog bool) (measurement, error) {
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	defer cancelTimeout()
	requests := &requestLog{sent: map[network.RequestID]string{}, done: map[network.RequestID]float64{}}
	if err := requests.listen(ctx); err != nil {
		return measurement{}, err
	}
	if _, err := chromedp.Call(ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: watchShown(e, q)}); err != nil {
		return measurement{}, err
	}
	page := srv.URL + e.page + "?q=" + url.QueryEscape(q)
	shown := fmt.Sprintf(`(() => { const q = %q; return (%s) ? performance.now() : 0 })()`, q, e.shown)
	navigated := time.Now()
	if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
		return measurement{}, err
	}
	at, err := chromedp.Run(ctx, chromedp.Poll[float64](shown, chromedp.WithPollingMutation(), chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil {
		return measurement{}, err
	}
	// What the tool has seen by now: what the former count, from the
	// network log, took as what the page loaded for its first results.
	made, seen := requests.made(), time.Now()
	var m measurement
	m.open = time.Duration(at * float64(time.Millisecond))
	answers, later, shownAt, err := answersUntilShown(ctx, srv, e, navigated, seen)
	if err != nil {
		return measurement{}, err
	}
	m.requests, m.bytes = len(answers), float64(wirelog.Total(answers))
	m.windowBytes = m.bytes + float64(wirelog.Total(later))
	if networkLog {
		m.logRequests, m.logBytes = requests.finished(made, 10*time.Second)
		if os.Getenv("BENCH_DEBUG") != "" {
			requests.print(made, e.name, q)
		}
	}
	if os.Getenv("BENCH_DEBUG") != "" {
		log.Printf("%s %q: the page showed results at %.1f ms, the tool saw them at %.1f ms", e.name, q, shownAt, at)
		for _, a := range answers {
			log.Printf("%s %q: server: %s %d (headers %d) received %.1f ms after the navigation began", e.name, q, a.Path, a.Bytes(), a.Header, float64(a.Received.Sub(navigated).Microseconds())/1000)
		}
		for _, a := range later {
			log.Printf("%s %q: server, after the results, not counted: %s %d", e.name, q, a.Path, a.Bytes())
		}
	}
	m.query, err = queryAgain(ctx, e, q)
	return m, err
}

// watchShown is a script for the page, run before its own, that notes in
// window.benchShownAt the moment (performance.now()) the engine first shows
// results for q: the tool's Poll starts only once the page has loaded, and
// may see them later than they were shown.
func watchShown(e engine, q string) string {
	return fmt.Sprintf(`(() => {
	const q = %q;
	new MutationObserver(function (_, watch) {
		if (!(%s)) return;
		watch.disconnect();
		window.benchShownAt = performance.now();
	}).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})();`, q, e.shown)
}

// answersUntilShown returns the server's answers to the requests received
// from the navigation's start to the moment the open tab ctx showed its
// first results (after watchShown), and those received from then until
// seen, a moment after it; and that moment, on the page's clock.
func answersUntilShown(ctx context.Context, srv *wirelog.Server, e engine, navigated, seen time.Time) (counted, later []wirelog.Response, shownAt float64, err error) {
	all, err := srv.Between(navigated, seen, 10*time.Second)
	if err != nil {
		return nil, nil, 0, err
	}
	if len(all) == 0 || !strings.HasPrefix(all[0].Path, e.page) {
		return nil, nil, 0, fmt.Errorf("the server's first request was not the page %s: %+v", e.page, all)
	}
	times, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`[window.benchShownAt || -1, performance.getEntriesByType("navigation")[0].requestStart]`))
	if err != nil {
		return nil, nil, 0, err
	}
	if times[0] < 0 {
		return nil, nil, 0, fmt.Errorf("the page did not note when it showed its results")
	}
	shown := wirelog.NewPageClock(all[0], times[1]).Moment(times[0])
	for _, a := range all {
		if a.Received.After(shown) {
			later = append(later, a)
		} else {
			counted = append(counted, a)
		}
	}
	return counted, later, times[0], nil
}

// requestLog records a tab's requests and what each transferred.
type requestLog struct {
	mu   sync.Mutex
	sent map[network.RequestID]string
	done map[network.RequestID]float64
}

// listen starts recording the requests of the tab ctx, with the cache off.
// It does so whether or not the log's figures are wanted, so that the page
// runs under the same watch in either case.
func (l *requestLog) listen(ctx context.Context) error {
	if err := chromedp.Listen(ctx, func(ev any) {
		l.mu.Lock()
		defer l.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			l.sent[ev.RequestID] = ev.Request.URL
		case *network.EventLoadingFinished:
			l.done[ev.RequestID] = ev.EncodedDataLength
		case *network.EventLoadingFailed:
			l.done[ev.RequestID] = 0
		}
	}); err != nil {
		return err
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		return err
	}
	_, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})
	return err
}

// made lists the requests made so far.
func (l *requestLog) made() []network.RequestID {
	l.mu.Lock()
	defer l.mu.Unlock()
	ids := make([]network.RequestID, 0, len(l.sent))
	for id := range l.sent {
		ids = append(ids, id)
	}
	return ids
}

// finished waits, at most for patience, until the requests ids have
// finished, and returns how many there are and the bytes they transferred.
func (l *requestLog) finished(ids []network.RequestID, patience time.Duration) (int, float64) {
	deadline := time.Now().Add(patience)
	for {
		l.mu.Lock()
		finished, bytes := 0, 0.0
		for _, id := range ids {
			if n, ok := l.done[id]; ok {
				finished++
				bytes += n
			}
		}
		l.mu.Unlock()
		if finished == len(ids) || time.Now().After(deadline) {
			return len(ids), bytes
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// print logs the requests ids, for BENCH_DEBUG.
func (l *requestLog) print(ids []network.RequestID, engine, q string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, id := range ids {
		log.Printf("%s %q: %s %.0f", engine, q, l.sent[id], l.done[id])
	}
}

// queryAgain runs a second query on the open page and returns how long
// its results took: a different one, so nothing is shown before it is done.
func queryAgain(ctx context.Context, e engine, q string) (time.Duration, error) {
	other := "provincial"
	if q == other {
		other = "subsidies"
	}
	timed := fmt.Sprintf(`(() => { const q = %q; window.benchStart = performance.now(); %s; return true })()`, other, e.trigger)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](timed)); err != nil {
		return 0, err
	}
	until := fmt.Sprintf(`(() => { const q = %q; return (%s) ? performance.now() - window.benchStart : 0 })()`, other, e.shown)
	took, err := chromedp.Run(ctx, chromedp.Poll[float64](until, chromedp.WithPollingMutation(), chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil {
		return 0, err
	}
	return time.Duration(took * float64(time.Millisecond)), nil
}
