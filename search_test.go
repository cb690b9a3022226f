package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

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
	// The results follow the typing: wait for those of the whole query.
	browsertest.Until(t, ctx, "the results for the whole query",
		`document.getElementById("search-status").textContent.includes("results for “lithography machines”")`)
	// Every result that names a heading ("Page › Heading") links to it,
	// and one that does not links to the page itself. The query matches
	// headings of the example site, so some result must name one.
	type result struct{ Text, Href string }
	results, err := chromedp.Run(ctx, chromedp.Evaluate[[]result](`[...document.querySelectorAll("#search-results li a")].map(a => ({Text: a.textContent, Href: a.href}))`))
	if err != nil {
		t.Fatal(err)
	}
	withHeading := -1
	for i, r := range results {
		u, err := url.Parse(r.Href)
		if err != nil {
			t.Fatalf("result %q links to %q: %v", r.Text, r.Href, err)
		}
		_, _, named := strings.Cut(r.Text, " › ")
		if named != (u.Fragment != "") {
			t.Errorf("the result %q links to %s: a result names a heading exactly when it links to one", r.Text, r.Href)
		}
		if named && withHeading < 0 {
			withHeading = i
		}
	}
	if withHeading < 0 {
		t.Fatalf("no result for “lithography machines” names a heading: %+v", results)
	}
	_, heading, _ := strings.Cut(results[withHeading].Text, " › ")
	if err := chromedp.Do(ctx, chromedp.Click(fmt.Sprintf("#search-results li:nth-child(%d) a", withHeading+1))); err != nil {
		t.Fatal(err)
	}
	browsertest.Until(t, ctx, "the result "+results[withHeading].Text+" to navigate", `location.pathname != "/search/"`)
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if loc != results[withHeading].Href {
		t.Errorf("the result %q led to %s, not %s", results[withHeading].Text, loc, results[withHeading].Href)
	}
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById(decodeURIComponent(location.hash.slice(1))).textContent`))
	if err != nil || strings.TrimSpace(text) != heading {
		t.Errorf("landed on %s reading %q, want the heading %q (%v)", loc, text, heading, err)
	}
	// A query from the address bar runs too, and one with no match says so.
	err = chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/search/?q=zzzzqqq"), chromedp.WaitVisible("#search-status"))
	if err != nil {
		t.Fatal(err)
	}
	browsertest.Until(t, ctx, "a query with no match to say so", `document.getElementById("search-status").textContent.includes("Nothing found")`)
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
	if err := chromedp.Do(ctx, chromedp.Click("#search-results li a")); err != nil {
		t.Fatal(err)
	}
	browsertest.Until(t, ctx, "the first result to navigate", `!location.href.includes("/search/")`)
	browsertest.Until(t, ctx, "the page to load", `document.readyState == "complete"`)
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
