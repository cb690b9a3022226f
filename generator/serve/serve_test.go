package serve

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/chromedp"

	"github.com/gloss-ssg/gloss/generator/pipeline"
	"github.com/gloss-ssg/gloss/generator/watch"
	"github.com/gloss-ssg/gloss/internal/browsertest"
	"github.com/gloss-ssg/gloss/internal/sitetest"
	"github.com/gloss-ssg/gloss/internal/wait"
)

func copyExample(t testing.TB) string { return sitetest.CopyExample(t, "../..") }

// preview runs the server on a free port until the test ends, and returns
// its URL and a way to read what it logged.
type preview struct {
	url  string
	site string
	mu   sync.Mutex
	log  strings.Builder
}

func (p *preview) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.log.Write(b)
}

func (p *preview) logged() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.log.String()
}

func start(t testing.TB, site string) *preview { return startWith(t, site, nil) }

// startWith is start with options changed by change.
func startWith(t testing.TB, site string, change func(*Options)) *preview {
	t.Helper()
	p := &preview{site: site}
	ready := make(chan string, 1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	opts := Options{
		Build: pipeline.Options{SiteDir: site, Builtin: os.DirFS("../..")},
		Port:  0, Log: p,
		Ready: func(url string) { ready <- url },
	}
	if change != nil {
		change(&opts)
	}
	go func() { done <- Run(ctx, opts) }()
	select {
	case p.url = <-ready:
	case err := <-done:
		t.Fatalf("serve: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not start")
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("serve did not stop after cancel")
		}
		// Every goroutine serve started has ended: none is left running the
		// server, the watcher, a rebuild or an event stream.
		http.DefaultClient.CloseIdleConnections()
		deadline := time.Now().Add(5 * time.Second)
		for {
			left := serveGoroutines()
			if len(left) == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Errorf("%d goroutines outlived serve:\n%s", len(left), strings.Join(left, "\n\n"))
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
	return p
}

// serveGoroutines returns the stacks of goroutines running serve's or the
// watcher's code (the tests' own goroutines aside).
func serveGoroutines() []string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "_test.go") {
			continue
		}
		if strings.Contains(g, "github.com/gloss-ssg/gloss/generator/serve.") || strings.Contains(g, "github.com/gloss-ssg/gloss/generator/watch.") || strings.Contains(g, "fsnotify") {
			out = append(out, g)
		}
	}
	return out
}

func get(t *testing.T, url string, header map[string]string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for k, v := range header {
		if k == "Host" {
			req.Host = v
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// raw sends a request line exactly as written, so no client cleans the path.
func raw(t *testing.T, base, target, host string) int {
	t.Helper()
	addr := strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/")
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if host == "" {
		host = addr
	}
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, host)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestSecurity(t *testing.T) {
	site := copyExample(t)
	if err := os.WriteFile(filepath.Join(site, "secret.txt"), []byte("outside the site"), 0o644); err != nil {
		t.Fatal(err)
	}
	p := start(t, site)
	for _, target := range []string{
		"/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt",
		"/%252e%252e/secret.txt", "/..%5csecret.txt", "/..\\secret.txt", "//secret.txt",
		"/explainers/../../secret.txt", "/.gloss-manifest", "/.git/config", "/explainers/.hidden",
		"/gloss.toml", "/content/explainers/bottlenecks.md", "/%00",
	} {
		if code := raw(t, p.url, target, ""); code != http.StatusNotFound && code != http.StatusBadRequest {
			t.Errorf("GET %s: %d, want 404", target, code)
		}
	}
	// No directory listings: a folder without index.html is a 404.
	if code := raw(t, p.url, "/assets/", ""); code != http.StatusNotFound {
		t.Errorf("GET /assets/: %d, want 404", code)
	}
	if code, _ := get(t, p.url+"explainers/bottlenecks/", nil); code != 200 {
		t.Errorf("a page: %d", code)
	}
	// DNS rebinding: a foreign Host is refused; localhost names are served.
	port := p.url[strings.LastIndex(p.url, ":")+1 : len(p.url)-1]
	if code := raw(t, p.url, "/", "evil.example:"+port); code != http.StatusForbidden {
		t.Errorf("foreign Host: %d, want 403", code)
	}
	if code := raw(t, p.url, "/", "localhost:"+port); code != http.StatusOK {
		t.Errorf("Host localhost: %d, want 200", code)
	}
	// The event stream refuses foreign origins.
	if code, _ := get(t, p.url+"__gloss/events", map[string]string{"Origin": "http://evil.example"}); code != http.StatusForbidden {
		t.Errorf("foreign Origin on the event stream: %d, want 403", code)
	}
	// The reload script is in served pages, never in built files.
	_, page := get(t, p.url, nil)
	if !regexp.MustCompile(`<script src="/__gloss/live.js" data-build="\d+" data-server="\w+"></script></body>`).MatchString(page) {
		t.Error("the live reload script is not injected into HTML")
	}
	if _, err := os.Stat(filepath.Join(site, "public")); err == nil {
		t.Error("serve wrote public/")
	}
}

// TestLiveInBrowser edits the site while headless Chromium shows it.
func TestLiveInBrowser(t *testing.T) {
	site := copyExample(t)
	p := start(t, site)
	ctx := browsertest.New(t)
	page := filepath.Join(site, "content/explainers/bottlenecks.md")
	original, _ := os.ReadFile(page)

	visible := func(what, js string) {
		t.Helper()
		if !wait.For(10*time.Second, func() bool {
			ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
			return err == nil && ok
		}) {
			t.Fatalf("%s: never true: %s\nserver log:\n%s", what, js, p.logged())
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(p.url+"explainers/bottlenecks/")); err != nil {
		t.Fatal(err)
	}
	visible("the page", `!!document.querySelector("h1")`)

	// A content edit appears, at the same scroll position.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.scrollTo({top: 600, behavior: "instant"}); window.scrollY === 600`)); err != nil {
		t.Fatal(err)
	}
	write(t, page, strings.Replace(string(original), "## Three named bottlenecks", "## Three named bottlenecks\n\nEdited-in-the-editor sentence.", 1))
	visible("the edit", `document.body.innerText.includes("Edited-in-the-editor sentence.")`)
	visible("the scroll position", `Math.abs(window.scrollY - 600) < 5`)

	// A stylesheet edit applies without navigating: a marker on window survives.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.glossMarker = 42; true`)); err != nil {
		t.Fatal(err)
	}
	css := filepath.Join(site, "templates/briefing/assets/style.css")
	cssData, _ := os.ReadFile(css)
	write(t, css, string(cssData)+"\nh1 { outline: 7px solid rgb(1, 2, 3); }\n")
	visible("the CSS change", `getComputedStyle(document.querySelector("h1")).outlineWidth === "7px"`)
	if ok, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.glossMarker === 42`)); !ok {
		t.Error("a stylesheet change reloaded the page")
	}

	// Broken front matter shows the overlay with the error's place; the page
	// stays; fixing the file removes the overlay.
	write(t, page, strings.Replace(string(original), "title: ", "title: [", 1))
	visible("the overlay", `!!document.getElementById("gloss-overlay") && document.getElementById("gloss-overlay").innerText.includes("content/explainers/bottlenecks.md:3:1: front matter")`)
	if ok, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector("h1")`)); !ok {
		t.Error("the last good page was not kept under the overlay")
	}
	write(t, page, string(original))
	visible("the overlay gone", `!document.getElementById("gloss-overlay") && !document.body.innerText.includes("Edited-in-the-editor")`)

	// A vim-style atomic save: write a temporary file, rename it over the page.
	tmp := page + ".tmp"
	write(t, tmp, strings.Replace(string(original), "## Three named bottlenecks", "## Three named bottlenecks\n\nSaved-atomically sentence.", 1))
	if err := os.Rename(tmp, page); err != nil {
		t.Fatal(err)
	}
	visible("the atomic save", `document.body.innerText.includes("Saved-atomically sentence.")`)

	// A new folder with a new page.
	if err := os.MkdirAll(filepath.Join(site, "content/briefs"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(site, "content/briefs/fresh.md"), "---\ntitle: A fresh brief\n---\nBrand-new-page text.\n")
	if !wait.For(10*time.Second, func() bool {
		code, body := get(t, p.url+"briefs/fresh/", nil)
		return code == 200 && strings.Contains(body, "Brand-new-page text.")
	}) {
		t.Fatalf("the new page never appeared\n%s", p.logged())
	}
	// The open tab may be about to reload for the same build, which would
	// cancel a navigation from it: leave it for a blank page first, where no
	// live-reload script runs, then open the new page.
	for i := 0; ; i++ {
		err := chromedp.Do(ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(p.url+"briefs/fresh/"))
		if err == nil {
			break
		}
		if i == 5 {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	visible("the new page in the browser", `document.body.innerText.includes("Brand-new-page text.")`)
	if !strings.Contains(p.logged(), "pages rendered in") {
		t.Errorf("the terminal shows no rebuild lines:\n%s", p.logged())
	}
}

func write(t testing.TB, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkSaveToVisible measures, in headless Chromium, the time from
// writing a file to the browser showing the edit: the watcher's debounce,
// the rebuild, the event and the reload. It reports the median.
func BenchmarkSaveToVisible(b *testing.B) {
	site := copyExample(b)
	p := start(b, site)
	ctx := browsertest.New(b)
	page := filepath.Join(site, "content/explainers/bottlenecks.md")
	original, _ := os.ReadFile(page)
	if err := chromedp.Do(ctx, chromedp.Navigate(p.url+"explainers/bottlenecks/")); err != nil {
		b.Fatal(err)
	}
	var times []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		marker := fmt.Sprintf("Benchmark-edit-%d", i)
		start := time.Now()
		write(b, page, strings.Replace(string(original), "## Three named bottlenecks", "## Three named bottlenecks\n\n"+marker+".", 1))
		for {
			ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.body && document.body.innerText.includes("`+marker+`")`))
			if err == nil && ok {
				break
			}
			if time.Since(start) > 10*time.Second {
				b.Fatalf("edit %d never shown", i)
			}
			time.Sleep(2 * time.Millisecond)
		}
		times = append(times, time.Since(start))
		time.Sleep(100 * time.Millisecond) // let the page settle before the next save
	}
	b.StopTimer()
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(times[0].Microseconds())/1000, "min-ms")
	b.ReportMetric(float64(times[len(times)-1].Microseconds())/1000, "max-ms")
}

// TestReconnectAfterRestart: a tab left open while the preview is stopped,
// the site edited and the preview started again on the same port picks the
// server up again by itself and shows the new site.
func TestReconnectAfterRestart(t *testing.T) {
	site := copyExample(t)
	ctx := browsertest.New(t)
	run := func(port int) (string, func()) {
		ready := make(chan string, 1)
		runCtx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			done <- Run(runCtx, Options{Build: pipeline.Options{SiteDir: site, Builtin: os.DirFS("../..")}, Port: port, Log: io.Discard, Ready: func(u string) { ready <- u }})
		}()
		select {
		case u := <-ready:
			return u, func() { cancel(); <-done }
		case err := <-done:
			t.Fatalf("serve: %v", err)
		case <-time.After(20 * time.Second):
			t.Fatal("serve did not start")
		}
		return "", nil
	}
	url, stop := run(0)
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"about/"), chromedp.WaitReady("h1")); err != nil {
		t.Fatal(err)
	}
	stop()
	page := filepath.Join(site, "content/about.md")
	data, _ := os.ReadFile(page)
	write(t, page, string(data)+"\n\nWritten-while-the-preview-was-down.\n")
	port := 0
	fmt.Sscanf(url[strings.LastIndex(url, ":")+1:], "%d", &port)
	_, stop = run(port)
	defer stop()
	if !wait.For(15*time.Second, func() bool {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.body && document.body.innerText.includes("Written-while-the-preview-was-down.")`))
		return err == nil && ok
	}) {
		t.Fatal("the open tab never showed the site of the restarted preview")
	}
}

// TestFirstBuildFails: a preview started on a broken site still starts,
// shows the errors in the browser, and shows the site once it is fixed.
func TestFirstBuildFails(t *testing.T) {
	site := copyExample(t)
	page := filepath.Join(site, "content/about.md")
	original, _ := os.ReadFile(page)
	write(t, page, strings.Replace(string(original), "title: ", "title: [", 1))
	p := start(t, site)
	ctx := browsertest.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(p.url)); err != nil {
		t.Fatal(err)
	}
	until := func(what, js string) {
		t.Helper()
		if !wait.For(10*time.Second, func() bool {
			ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
			return err == nil && ok
		}) {
			t.Fatalf("%s: never true\n%s", what, p.logged())
		}
	}
	until("the overlay", `!!document.getElementById("gloss-overlay") && document.getElementById("gloss-overlay").innerText.includes("content/about.md:")`)
	write(t, page, string(original))
	until("the site", `!document.getElementById("gloss-overlay") && !!document.querySelector("main h1")`)
}

// TestBatchQueue: batches that arrive while a build runs are merged into
// one, each path once and sorted, so a burst split into many batches still
// costs one more build.
func TestBatchQueue(t *testing.T) {
	q := newBatchQueue()
	if _, ok := q.take(); ok {
		t.Fatal("an empty queue gave a batch")
	}
	var want []string
	for i := 299; i >= 0; i-- {
		p := fmt.Sprintf("content/notes/n%03d.md", i)
		q.add(watch.Batch{Paths: []string{p}})
		q.add(watch.Batch{Paths: []string{p, "gloss.toml"}})
		want = append([]string{p}, want...)
	}
	want = append(want, "gloss.toml")
	select {
	case <-q.signal:
	default:
		t.Fatal("no signal for queued changes")
	}
	b, ok := q.take()
	if !ok || !slices.Equal(b.Paths, want) || b.Overflow {
		t.Fatalf("600 batches merged into %d paths (first %v), want the %d distinct ones, sorted", len(b.Paths), b.Paths[:min(3, len(b.Paths))], len(want))
	}
	if _, ok := q.take(); ok {
		t.Fatal("the merged batch was taken twice")
	}
	select {
	case <-q.signal:
		t.Fatal("a signal left with nothing queued")
	default:
	}
}

// TestBuildWhileThePageLoads: a build that finishes after a page was served
// but before its live-reload script listens (the page still loading, say)
// must still reload the page. The browser holds the page's event stream
// back until the build is done, so the reload notice is never seen: only
// the build number the page was served with can tell it is stale.
func TestBuildWhileThePageLoads(t *testing.T) {
	site := copyExample(t)
	p := start(t, site)
	ctx := browsertest.New(t)
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*/__gloss/events*"}}}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(p.url+"explainers/bottlenecks/")); err != nil {
		t.Fatal(err)
	}
	var held fetch.RequestID
	for ev, err := range paused {
		if err != nil {
			t.Fatal(err)
		}
		held = ev.RequestID
		break
	}
	page := filepath.Join(site, "content/explainers/bottlenecks.md")
	original, _ := os.ReadFile(page)
	write(t, page, strings.Replace(string(original), "## Three named bottlenecks", "## Three named bottlenecks\n\nBuilt-while-loading sentence.", 1))
	if !wait.For(10*time.Second, func() bool {
		_, state := get(t, p.url+"__gloss/state", nil)
		return strings.Contains(state, `"build":2`)
	}) {
		t.Fatalf("the edit was never built\n%s", p.logged())
	}
	if _, err := chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: held}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, fetch.Disable, struct{}{}); err != nil {
		t.Fatal(err)
	}
	browsertest.Until(t, ctx, "the page served before the build to reload with the edit", `document.body.innerText.includes("Built-while-loading sentence.")`)
}

// TestBurstIsOneBuild: a burst of 320 changed pages (a folder replaced at
// once, as a git checkout of a branch does) is one rebuild, counted by the
// preview's build number and its log, not timed: each page is rendered
// once, and every page shows its new text.
func TestBurstIsOneBuild(t *testing.T) {
	site := copyExample(t)
	note := func(i int, version string) string {
		return fmt.Sprintf("---\ntitle: Note %d\nsummary: Note %d.\n---\nThe %s text of note %d.\n", i, i, version, i)
	}
	for _, dir := range []string{"content/notes", "notes-next"} {
		if err := os.MkdirAll(filepath.Join(site, dir), 0o755); err != nil {
			t.Fatal(err)
		}
		version := map[string]string{"content/notes": "first", "notes-next": "second"}[dir]
		write(t, filepath.Join(site, dir, "_index.md"), "---\ntitle: Notes\n---\n")
		for i := range 320 {
			write(t, filepath.Join(site, dir, fmt.Sprintf("n%03d.md", i)), note(i, version))
		}
	}
	p := start(t, site)
	if err := os.Rename(filepath.Join(site, "content/notes"), filepath.Join(site, "notes-before")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(site, "notes-next"), filepath.Join(site, "content/notes")); err != nil {
		t.Fatal(err)
	}
	var state string
	built := wait.For(20*time.Second, func() bool {
		_, state = get(t, p.url+"__gloss/state", nil)
		return strings.Contains(state, `"build":2`) || strings.Contains(state, `"build":3`)
	})
	if !built || !strings.Contains(state, `"build":2`) {
		t.Fatalf("state %s, want exactly one build after the burst\n%s", state, p.logged())
	}
	for _, i := range []int{0, 157, 319} {
		if _, body := get(t, fmt.Sprintf("%snotes/n%03d/", p.url, i), nil); !strings.Contains(body, fmt.Sprintf("The second text of note %d.", i)) {
			t.Errorf("note %d does not show its new text after the one rebuild", i)
		}
	}
	var rebuilds []string
	for _, line := range strings.Split(p.logged(), "\n") {
		if strings.Contains(line, "pages rendered") && !strings.Contains(line, "first build") {
			rebuilds = append(rebuilds, line)
		}
	}
	if len(rebuilds) != 1 {
		t.Fatalf("the burst gave %d rebuilds, want one:\n%s", len(rebuilds), strings.Join(rebuilds, "\n"))
	}
	// "… changed: 320 of 378 pages rendered in …": the 320 notes, each once.
	var rendered, pages int
	_, after, _ := strings.Cut(rebuilds[0], "changed: ")
	if _, err := fmt.Sscanf(after, "%d of %d pages", &rendered, &pages); err != nil || rendered < 320 || rendered > pages {
		t.Errorf("the burst's build: %s", rebuilds[0])
	}
}

// TestSlowBuildInBrowser: a build running far longer than usual shows as
// such over the page, and the overlay goes once the build is in.
func TestSlowBuildInBrowser(t *testing.T) {
	site := copyExample(t)
	p := startWith(t, site, func(o *Options) { o.SlowAfter = 50 * time.Millisecond })
	ctx := browsertest.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(p.url)); err != nil {
		t.Fatal(err)
	}
	until := func(what, js string) {
		t.Helper()
		if !wait.For(60*time.Second, func() bool {
			ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
			return err == nil && ok
		}) {
			t.Fatalf("%s: never true\n%s", what, p.logged())
		}
	}
	until("the page", `!!document.querySelector("main h1")`)
	// A footer that takes many seconds on the home page (but ends, so the
	// abandoned build's goroutine ends too, after the test).
	footer := filepath.Join(site, "templates/briefing/partials/footer.html")
	data, err := os.ReadFile(footer)
	if err != nil {
		t.Fatal(err)
	}
	write(t, footer, `{{if eq .URL "/"}}{{range 100000000}}{{end}}{{end}}`+string(data))
	until("the slow notice", `!!document.getElementById("gloss-overlay") && document.getElementById("gloss-overlay").innerText.includes("taking far longer than usual")`)
	if !strings.Contains(p.logged(), "far longer than usual") {
		t.Errorf("the terminal did not say so:\n%s", p.logged())
	}
	// The fix is built at once, without waiting for the slow build.
	write(t, footer, strings.Replace(string(data), "</footer>", "<p>Fixed-footer.</p></footer>", 1))
	until("the fix", `!document.getElementById("gloss-overlay") && document.body.innerText.includes("Fixed-footer.")`)
	if !strings.Contains(p.logged(), "stopped the build that was taking too long") {
		t.Errorf("the terminal did not say the slow build was stopped:\n%s", p.logged())
	}
}

// TestPageDuringFirstBuild: a tab that asks for a page while the first build
// is still running (a preview restarted under an open tab, on a site that
// takes a while) gets a page that says so and carries the live-reload
// script, so the tab shows the site by itself once the build ends. A bare
// 404 without the script left the tab stuck for good.
func TestPageDuringFirstBuild(t *testing.T) {
	s := newServer(withDefaults(Options{Build: pipeline.Options{SiteDir: t.TempDir()}}))
	s.allowHosts("127.0.0.1", 1313)
	req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1:1313/about/", nil)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	body := rec.Body.String()
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("status %d, want %d (the site is not built yet)", rec.Code, http.StatusServiceUnavailable)
	}
	if !strings.Contains(body, scriptPath) {
		t.Errorf("the page has no live-reload script, so the tab would never update:\n%s", body)
	}
	if !strings.Contains(body, "building") {
		t.Errorf("the page does not say the site is building:\n%s", body)
	}
	if rec.Header().Get("Retry-After") == "" {
		t.Error("no Retry-After header for a client without the script")
	}
}

// TestPageAfterFailedFirstBuild: when the first build failed, a page asked
// for says the site has not built, with the live script (which shows the
// errors and reloads the page when a build succeeds).
func TestPageAfterFailedFirstBuild(t *testing.T) {
	s := newServer(withDefaults(Options{Build: pipeline.Options{SiteDir: t.TempDir()}}))
	s.allowHosts("127.0.0.1", 1313)
	s.errs.Store(&[]string{`content/explainers/chips.md:3:1: unknown person "li-keqaing"`})
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://127.0.0.1:1313/about/", nil))
	body := rec.Body.String()
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(body, "has not built yet") || !strings.Contains(body, scriptPath) {
		t.Errorf("status %d, page:\n%s\nwant 503, saying the site has not built, with the live script", rec.Code, body)
	}
}
