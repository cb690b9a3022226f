package main

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gloss-ssg/gloss/internal/browsertest"
)

// TestSearchInBrowser types a query on the search page of the example site
// in headless Chromium, follows the first result, and checks that it lands
// on the heading the result names.
func TestSearchInBrowser(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	runGloss(t, nil, "--out", out)
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()
	ctx := browsertest.New(t)

	err := chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/search/"),
		chromedp.WaitVisible("#search-q"),
		chromedp.SendKeys("#search-q", "lithography machines"),
		chromedp.WaitVisible("#search-results li a"),
	)
	if err != nil {
		t.Fatal(err)
	}
	status, _ := chromedp.Run(ctx, chromedp.Text("#search-status"))
	if !strings.Contains(status, "results for “lithography machines”") {
		t.Errorf("status %q", status)
	}
	first, err := chromedp.Run(ctx, chromedp.Text("#search-results li a"))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click("#search-results li a"), chromedp.Sleep(300*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	u, _ := url.Parse(loc)
	if u.Path == "/search/" {
		t.Fatalf("the result %q did not navigate", first)
	}
	if _, heading, ok := strings.Cut(first, " › "); ok {
		if u.Fragment == "" {
			t.Fatalf("the result %q links to %s, not to its heading", first, loc)
		}
		text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById(decodeURIComponent(location.hash.slice(1))).textContent`))
		if err != nil || strings.TrimSpace(text) != heading {
			t.Errorf("landed on #%s reading %q, want the heading %q (%v)", u.Fragment, text, heading, err)
		}
	}
	// A query from the address bar runs too, and one with no match says so.
	err = chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/search/?q=zzzzqqq"), chromedp.WaitVisible("#search-status"))
	if err != nil {
		t.Fatal(err)
	}
	status, _ = chromedp.Run(ctx, chromedp.Text("#search-status"))
	if !strings.Contains(status, "Nothing found") {
		t.Errorf("a query with no match says %q", status)
	}
}

// TestSearchFromFile opens a site built with --relative-urls straight from
// the disk (file://): the search page loads its index with a script tag, and
// a result leads to the right heading.
func TestSearchFromFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	runGloss(t, nil, "--out", out, "--relative-urls")
	ctx := browsertest.New(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate("file://"+out+"/search/index.html?q=lithography"),
		chromedp.WaitVisible("#search-results li a"),
	)
	if err != nil {
		t.Fatal(err)
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("#search-results li a").href`))
	if err != nil || !strings.HasPrefix(href, "file://"+out+"/") || !strings.Contains(href, "index.html") {
		t.Fatalf("first result links to %q (%v)", href, err)
	}
	if err := chromedp.Do(ctx, chromedp.Click("#search-results li a"), chromedp.Sleep(300*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	// The page it lands on has its styles: the stylesheet link is relative.
	styled, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.styleSheets.length > 0 && [...document.styleSheets].every(s => { try { return s.cssRules.length > 0 } catch (e) { return true } })`))
	if err != nil || !styled {
		t.Errorf("the page opened from the disk has no styles (%v)", err)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if !strings.HasPrefix(loc, "file://"+out+"/") || strings.Contains(loc, "/search/") {
		t.Errorf("landed on %s", loc)
	}
}
