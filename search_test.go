package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/gloss-ssg/gloss/internal/browsertest"
	"github.com/gloss-ssg/gloss/internal/sitetest"
	"github.com/gloss-ssg/gloss/internal/toolcheck"
	"github.com/gloss-ssg/gloss/internal/wait"
)

// waitResults waits until the search page has shown the results of query q
// (search.js marks <html data-search-done> when it has).
func waitResults(q string) chromedp.Action[chromedp.Void] {
	return waitInPage(fmt.Sprintf(`document.documentElement.dataset.searchDone === %q`, q))
}

// waitInPage waits until expression is true in the page, across navigations
// (which make a single poll fail).
func waitInPage(expression string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		deadline := time.Now().Add(20 * time.Second)
		for {
			try, cancel := context.WithTimeout(ctx, 2*time.Second)
			ok, err := chromedp.Evaluate[bool](expression)(try, tg)
			cancel()
			if err == nil && ok {
				return chromedp.Void{}, nil
			}
			if time.Now().After(deadline) {
				return chromedp.Void{}, fmt.Errorf("waiting for %s: %v", expression, err)
			}
			select {
			case <-ctx.Done():
				return chromedp.Void{}, ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
}

// TestSearchInBrowser types a query on the search page of the example site
// in headless Chromium, checks that an inflected form finds the page, and
// follows a result's section to the heading it names.
func TestSearchInBrowser(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	runGloss(t, nil, "--out", out)
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()
	ctx := browsertest.New(t)

	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/search/"),
		chromedp.WaitVisible("#search-q"),
		chromedp.SendKeys("#search-q", "lithography machine"), // the page says "machines"
		waitResults("lithography machine"),
	)
	if err != nil {
		t.Fatal(err)
	}
	status, _ := chromedp.Run(ctx, chromedp.Text("#search-status"))
	if !strings.Contains(status, "results for “lithography machine”") {
		t.Errorf("status %q", status)
	}
	titles, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#search-results > li > a.search-page")].map(a => a.textContent)`))
	if err != nil || len(titles) == 0 {
		t.Fatalf("no results (%v)", err)
	}
	found := false
	for _, title := range titles {
		found = found || title == "Lithography machines"
	}
	if !found {
		t.Errorf("the term page is not among the results %q", titles)
	}
	// One entry per page.
	seen := map[string]bool{}
	for _, title := range titles {
		if seen[title] {
			t.Errorf("%q is listed twice", title)
		}
		seen[title] = true
	}
	marks, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#search-results mark")].map(m => m.textContent.toLowerCase())`))
	if len(marks) == 0 || !strings.HasPrefix(marks[0], "lithograph") && !strings.HasPrefix(marks[0], "machin") {
		t.Errorf("matched words marked %q", marks)
	}

	// A section beneath a result leads to its heading.
	heading, err := chromedp.Run(ctx, chromedp.Text(".search-sections a"))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(".search-sections a"), waitInPage(`location.pathname !== "/search/"`)); err != nil {
		t.Fatal(err)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	u, _ := url.Parse(loc)
	if u.Fragment == "" {
		t.Fatalf("the section %q links to %s, not to its heading", heading, loc)
	}
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById(decodeURIComponent(location.hash.slice(1))).textContent`))
	if err != nil || !strings.Contains(strings.TrimSpace(text), strings.TrimPrefix(heading, "¶")) {
		t.Errorf("landed on #%s reading %q, want %q (%v)", u.Fragment, text, heading, err)
	}

	// A source paragraph is a result of its own, labelled as one.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/search/?q=bottlenecks+chips"), waitResults("bottlenecks chips")); err != nil {
		t.Fatal(err)
	}
	labels, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".search-sections li")].filter(li => li.querySelector(".search-kind")).map(li => li.textContent)`))
	if len(labels) == 0 || !strings.Contains(labels[0], "Source paragraph") || !strings.Contains(labels[0], "¶") {
		t.Errorf("no source paragraph among the results: %q", labels)
	}

	// A query from the address bar runs too, and one with no match says so.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/search/?q=zzzzqqq"), waitResults("zzzzqqq")); err != nil {
		t.Fatal(err)
	}
	browsertest.Until(t, ctx, "a query with no match to say so", `document.getElementById("search-status").textContent.includes("Nothing found")`)
}

// TestSearchFromFile opens a site of a few hundred pages built with
// --relative-urls straight from the disk (file://): the search page loads
// some of its index's pieces with script tags, and a result leads to its
// page.
func TestSearchFromFile(t *testing.T) {
	out := generatedSite(t, 300, "--relative-urls")
	entries, err := os.ReadDir(filepath.Join(out, "search-index"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.New(t)
	err = chromedp.Do(ctx,
		chromedp.Navigate("file://"+out+"/search/index.html?q=harvested"),
		waitResults("harvested"),
	)
	if err != nil {
		t.Fatal(err)
	}
	loaded, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('script[src*="search-index/"]').length`))
	if loaded == 0 || loaded > len(entries)/3 {
		t.Errorf("loaded %d of the index's %d pieces", loaded, len(entries))
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#search-results a.search-page").href`))
	if err != nil || !strings.HasPrefix(href, "file://"+out+"/") || !strings.Contains(href, "index.html") {
		t.Fatalf("first result links to %q (%v)", href, err)
	}
	if err := chromedp.Do(ctx, chromedp.Click("#search-results a.search-page"), waitInPage(`!location.pathname.includes("/search/") && document.readyState === "complete"`)); err != nil {
		t.Fatal(err)
	}
	// The page it lands on has its styles: the stylesheet link is relative.
	styled, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.styleSheets.length > 0 && [...document.styleSheets].every(s => { try { return s.cssRules.length > 0 } catch (e) { return true } })`))
	if err != nil || !styled {
		t.Errorf("the page opened from the disk has no styles (%v)", err)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if !strings.HasPrefix(loc, "file://"+out+"/explainers/") {
		t.Errorf("landed on %s", loc)
	}
}

// generatedSite is the example site with n generated explainers, drawn
// from a small vocabulary in several inflected forms, and built into out.
func generatedSite(t *testing.T, n int, args ...string) string {
	t.Helper()
	dir := sitetest.CopyExample(t, ".")
	words := strings.Fields("harvest river canal bridge factory turbine harbour railway orchard vaccine satellite reactor glacier forest copper lithium cotton wheat salmon tunnel pipeline reservoir highway airport warehouse laboratory refinery quarry vineyard dairy")
	forms := []string{"", "s", "ing", "ed"}
	for i := range n {
		var b strings.Builder
		w := func(k int) string { return words[k%len(words)] }
		fmt.Fprintf(&b, "---\ntitle: \"Notes on the %s and the %s, number %d\"\nsummary: \"A generated page about %s.\"\n---\n\n", w(i), w(i*7+3), i, w(i))
		for s := range 3 {
			fmt.Fprintf(&b, "## The %s question\n\n", w(i+s*11))
			for j := range 40 {
				fmt.Fprintf(&b, "%s%s ", w(i*j+j*j+s), forms[(i+j)%len(forms)])
			}
			fmt.Fprintf(&b, "and marker%d.\n\n", i*3+s)
		}
		if err := os.WriteFile(filepath.Join(dir, "content", "explainers", fmt.Sprintf("gen-%03d.md", i)), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	runGloss(t, nil, append([]string{"--source", dir, "--out", out}, args...)...)
	return out
}

// requestLog serves a folder and remembers the paths asked for.
type requestLog struct {
	mu    sync.Mutex
	paths []string
}

func (l *requestLog) handler(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		l.paths = append(l.paths, r.URL.Path)
		l.mu.Unlock()
		files.ServeHTTP(w, r)
	})
}

func (l *requestLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.paths
	l.paths = nil
	return out
}

// TestSearchInPieces searches a site of a few hundred generated pages in
// Chromium: a query loads the entry and only some of the index's pieces,
// an inflected form finds its word, the keyboard moves through the results,
// ?q= follows the search through the history, and axe-core finds nothing
// wrong with the page showing results, in both themes.
func TestSearchInPieces(t *testing.T) {
	out := generatedSite(t, 300)
	entries, err := os.ReadDir(filepath.Join(out, "search-index"))
	if err != nil {
		t.Fatal(err)
	}
	pieces := len(entries)
	var log requestLog
	srv := httptest.NewServer(log.handler(out))
	defer srv.Close()
	ctx := browsertest.New(t)

	err = chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/search/?q=harvested"), waitResults("harvested"))
	if err != nil {
		t.Fatal(err)
	}
	loaded := 0
	for _, p := range log.take() {
		if strings.HasPrefix(p, "/search-index/") {
			loaded++
		}
	}
	if loaded == 0 || loaded > pieces/3 {
		t.Errorf("a one-word query loaded %d of the index's %d pieces", loaded, pieces)
	}
	t.Logf("a one-word query loaded %d of %d pieces", loaded, pieces)
	// Over HTTP the engine runs in a Web Worker: the page itself loads no
	// piece of the index (the server's log above counts the worker's).
	inWorker, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!glossSearchStart.worker && document.querySelectorAll('script[src*="search-index"], script[src*="search-core"]').length === 0`))
	if !inWorker {
		t.Error("the search ran on the page, not in a worker")
	}
	status, _ := chromedp.Run(ctx, chromedp.Text("#search-status"))
	shown, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#search-results > li").length`))
	if !strings.Contains(status, "results for “harvested”") || shown != 5 {
		t.Fatalf("status %q with %d results shown, want the first screen's 5 of many (harvest, harvests, harvesting)", status, shown)
	}
	more, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!document.getElementById("search-more").hidden`))
	if !more {
		t.Fatal("no button for more results")
	}
	// "More results" adds the next ten, loading their records then.
	if err := chromedp.Do(ctx, chromedp.Click("#search-more")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll("#search-results > li").length === 15`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#search-results > li").length`))
		t.Fatalf("after More results %d results shown, want 15: %v", n, err)
	}
	if more := log.take(); !slices.ContainsFunc(more, func(p string) bool { return strings.HasPrefix(p, "/search-index/") }) {
		t.Errorf("More results loaded no record piece: %v", more)
	}

	// The keyboard: down into the results, up back to the box, Escape to
	// the box and then clears it.
	focused := func() string {
		s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id || document.activeElement.getAttribute("href") || document.activeElement.tagName`))
		return s
	}
	first, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelectorAll("#search-results a")[0].getAttribute("href")`))
	second, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelectorAll("#search-results a")[1].getAttribute("href")`))
	steps := []struct {
		key, want string
	}{{kb.ArrowDown, first}, {kb.ArrowDown, second}, {kb.ArrowUp, first}, {kb.ArrowUp, "search-q"}, {kb.ArrowDown, first}, {kb.Escape, "search-q"}}
	if err := chromedp.Do(ctx, chromedp.Focus("#search-q")); err != nil {
		t.Fatal(err)
	}
	for i, s := range steps {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(s.key)); err != nil {
			t.Fatal(err)
		}
		if got := focused(); got != s.want {
			t.Errorf("key %d: focus on %q, want %q", i, got, s.want)
		}
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Escape), waitResults("")); err != nil {
		t.Fatal(err)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#search-results > li").length + document.getElementById("search-q").value.length`)); n != 0 {
		t.Error("Escape in the box did not clear the search")
	}

	// Typing: results as you type, ?q= in the address; Enter on a result
	// follows it, and Back returns to the search with its results.
	err = chromedp.Do(ctx,
		chromedp.SendKeys("#search-q", "marker42"),
		waitResults("marker42"),
		chromedp.Poll[chromedp.Void](`location.search === "?q=marker42"`),
	)
	if err != nil {
		t.Fatal(err)
	}
	// The excerpt is the passage around the matched word, marked: marker42
	// ends its section, past the 160 characters of its opening.
	excerpt, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => { const m = document.querySelector("#search-results .search-excerpt mark"); return m ? [m.textContent, m.parentElement.textContent] : [] })()`))
	if err != nil || len(excerpt) != 2 || excerpt[0] != "marker42" || !strings.HasPrefix(excerpt[1], "…") || len([]rune(excerpt[1])) > 170 {
		t.Errorf("the excerpt for marker42 is %q (%v), want the passage ending its section with the word marked", excerpt, err)
	}
	target, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#search-results a").pathname`))
	err = chromedp.Do(ctx,
		chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter),
		waitInPage(fmt.Sprintf(`location.pathname === %q`, target)),
		chromedp.Evaluate[chromedp.Void](`history.back()`),
		waitInPage(`location.pathname === "/search/" && location.search === "?q=marker42"`),
		waitResults("marker42"),
	)
	if err != nil {
		t.Fatalf("Enter, then Back: %v", err)
	}
	value, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("search-q").value`))
	if value != "marker42" || target != "/explainers/gen-014/" {
		t.Errorf("back on the search page, the box says %q (the result was %s)", value, target)
	}

	// axe-core, with results shown, in both themes, light and dark.
	axeJS := toolcheck.ReadFile(t, "node_modules/axe-core/axe.min.js", "axe-core: npm ci")
	for _, theme := range themes {
		themed := srv.URL
		if theme != "briefing" {
			themedOut := filepath.Join(t.TempDir(), theme)
			runGloss(t, nil, "--out", themedOut, "--theme", theme)
			ts := httptest.NewServer(http.FileServer(http.Dir(themedOut)))
			defer ts.Close()
			themed = ts.URL
		}
		for _, scheme := range []string{"light", "dark"} {
			_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
			})
			if err != nil {
				t.Fatal(err)
			}
			q := "marker42"
			if theme != "briefing" {
				q = "lithography"
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(themed+"/search/?q="+q), waitResults(q)); err != nil {
				t.Fatal(err)
			}
			checkAxe(t, ctx, "search-"+theme+"-"+scheme, string(axeJS))
		}
	}
}

// TestSearchWithoutWorker: where a Web Worker cannot start, or starts and
// breaks, the search page runs the engine itself and still shows results,
// with nothing said of the failure to the reader.
func TestSearchWithoutWorker(t *testing.T) {
	out := generatedSite(t, 30)
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()
	for _, c := range []struct{ name, script string }{
		{"no Worker", `window.Worker = undefined;`},
		{"a Worker that throws", `window.Worker = function () { throw new Error("workers are off"); };`},
		// The worker's script fails as it starts: its error event reaches the
		// page, before or after search.js has run.
		{"a worker that breaks", `{ const W = window.Worker; window.Worker = function () { return new W(URL.createObjectURL(new Blob(["throw new Error('broken')"], { type: "text/javascript" }))); }; }`},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := browsertest.New(t)
			if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: c.script}); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/search/?q=harvested"), waitResults("harvested")); err != nil {
				status, _ := chromedp.Run(ctx, chromedp.Text("#search-status"))
				t.Fatalf("%v (the page says %q)", err, status)
			}
			got, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.getElementById("search-status").textContent, String(document.querySelectorAll("#search-results > li").length), String(document.querySelectorAll('script[src*="search-index/"]').length)]`))
			if len(got) != 3 || !strings.Contains(got[0], "results for “harvested”") || got[1] != "5" || got[2] == "0" {
				t.Errorf("status, results shown, pieces loaded by the page: %q", got)
			}
			// A second query on the page works too.
			if err := chromedp.Do(ctx, chromedp.SendKeys("#search-q", " canal"), waitResults("harvested canal")); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestSearchInPreview searches the example site in the real preview
// server, whose index is built when first asked for, in the engine's
// worker: results come, and after an edit the same page finds the new word
// (the worker's requests get the rebuilt index, not a cached one).
func TestSearchInPreview(t *testing.T) {
	site := sitetest.CopyExample(t, ".")
	preview := startPreview(t, site)
	base := preview.url
	ctx := browsertest.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"search/?q=industries"), waitResults("industries")); err != nil {
		t.Fatalf("%v\n%s", err, preview.logged())
	}
	inWorker, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!glossSearchStart.worker && !glossSearchStart.failed`))
	shown, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#search-results > li").length`))
	if !inWorker || shown == 0 {
		t.Fatalf("in a worker: %v, results shown: %d", inWorker, shown)
	}

	page := filepath.Join(site, "content", "explainers", "bottlenecks.md")
	text, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, append(text, []byte("\n\nA zebrafinch note, added while previewing.\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	// The preview rebuilds; the search page, opened again, finds the word.
	wait.Until(t, "the search to find the edit", 30*time.Second, func() bool {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"search/?q=zebrafinch"), waitResults("zebrafinch")); err != nil {
			return false
		}
		n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#search-results > li").length`))
		return n == 1
	})
}

// TestSearchWithOldSearchLayout: a site whose theme keeps its own
// layouts/search.html from before the engine was started in the page's
// head gets a search page that says why it cannot search, not one that
// waits for ever.
func TestSearchWithOldSearchLayout(t *testing.T) {
	dir := sitetest.CopyExample(t, ".")
	old := `{{define "main"}}
<form class="search-form" action="{{.Href}}" method="get" role="search">
<label for="search-q">Words to find</label>
<input id="search-q" name="q" type="search"><button type="submit">Search</button>
</form>
<p id="search-status" class="search-status" role="status" aria-live="polite"></p>
<ol id="search-results" class="search-results"></ol>
<script src="{{url "/search-index.js"}}" async></script>
<script src="{{asset "search.js"}}" async></script>
{{end}}
`
	if err := os.WriteFile(filepath.Join(dir, "templates", "briefing", "layouts", "search.html"), []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	runGloss(t, nil, "--source", dir, "--out", out)
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()
	ctx := browsertest.New(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/search/?q=chips")); err != nil {
		t.Fatal(err)
	}
	browsertest.Until(t, ctx, "the page to say why it cannot search", `document.getElementById("search-status").textContent.includes("layouts/search.html is older than its search.js")`)
}
