package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gloss-ssg/gloss/internal/toolcheck"
)

// glossBin is the command built once for the end-to-end tests.
var glossBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gloss-bin-")
	if err != nil {
		panic(err)
	}
	glossBin = filepath.Join(dir, "gloss")
	if out, err := exec.Command("go", "build", "-o", glossBin, ".").CombinedOutput(); err != nil {
		os.Stderr.Write(out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// runGloss runs the built binary and fails the test on a non-zero exit.
func runGloss(t *testing.T, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(glossBin, args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("gloss %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[rel], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestDeterministic builds the example site twice, with one and with eight
// threads, a second apart: the outputs must be byte-identical.
func TestDeterministic(t *testing.T) {
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	runGloss(t, []string{"GOMAXPROCS=1"}, "--out", a, "--base-url", "https://example.org/sub/")
	time.Sleep(time.Second)
	runGloss(t, []string{"GOMAXPROCS=8"}, "--out", b, "--base-url", "https://example.org/sub/")
	ta, tb := readTree(t, a), readTree(t, b)
	if len(ta) != len(tb) {
		t.Fatalf("%d files, then %d", len(ta), len(tb))
	}
	for name, data := range ta {
		if !bytes.Equal(data, tb[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

// TestSubPath serves a build made for https://example.org/sub/ under /sub/
// and follows every link from the home page: nothing may be missing.
func TestSubPath(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	runGloss(t, nil, "--out", out, "--base-url", "https://example.org/sub/")
	mux := http.NewServeMux()
	mux.Handle("/sub/", http.StripPrefix("/sub/", http.FileServer(http.Dir(out))))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	seen := map[string]bool{}
	queue := []string{"/sub/"}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		if seen[u] {
			continue
		}
		seen[u] = true
		resp, err := http.Get(srv.URL + u)
		if err != nil {
			t.Fatal(err)
		}
		body := new(bytes.Buffer)
		_, _ = body.ReadFrom(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %s", u, resp.Status)
			continue
		}
		if !strings.Contains(resp.Header.Get("Content-Type"), "text/html") {
			continue
		}
		for _, link := range hrefs(body.String()) {
			l, err := url.Parse(link)
			if err != nil {
				t.Errorf("%s: bad link %q", u, link)
				continue
			}
			if l.Host == "example.org" {
				l.Scheme, l.Host = "", "" // absolute links to the site itself
			}
			if l.Scheme != "" || l.Host != "" {
				continue
			}
			next := (&url.URL{Path: u}).ResolveReference(&url.URL{Path: l.Path}).Path
			if !strings.HasPrefix(next, "/sub/") {
				t.Errorf("%s links to %q, outside /sub/", u, link)
				continue
			}
			queue = append(queue, next)
		}
	}
	if len(seen) < 60 {
		t.Errorf("crawled only %d URLs from the home page", len(seen))
	}
}

// hrefs finds href and src values; the HTML is gloss's own, always double-quoted.
func hrefs(html string) []string {
	var out []string
	for _, attr := range []string{` href="`, ` src="`} {
		rest := html
		for {
			i := strings.Index(rest, attr)
			if i < 0 {
				break
			}
			rest = rest[i+len(attr):]
			j := strings.IndexByte(rest, '"')
			out = append(out, strings.ReplaceAll(rest[:j], "&amp;", "&"))
			rest = rest[j:]
		}
	}
	return out
}

// TestFeedsAndSitemap parses the feeds and the sitemap, and validates the
// sitemap against the sitemaps.org schema with xmllint.
func TestFeedsAndSitemap(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	runGloss(t, nil, "--out", out, "--base-url", "https://example.org/sub/")

	var atom struct {
		ID      string `xml:"id"`
		Entries []struct {
			Title string `xml:"title"`
			ID    string `xml:"id"`
			Link  struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Content string `xml:"content"`
		} `xml:"entry"`
	}
	data, _ := os.ReadFile(filepath.Join(out, "feed.xml"))
	if err := xml.Unmarshal(data, &atom); err != nil {
		t.Fatalf("feed.xml: %v", err)
	}
	if len(atom.Entries) < 8 {
		t.Errorf("Atom feed has %d entries, want every explainer", len(atom.Entries))
	}
	for _, e := range atom.Entries {
		if !strings.HasPrefix(e.ID, "https://example.org/sub/explainers/") || e.Link.Href != e.ID || e.Content == "" {
			t.Errorf("Atom entry %q: id %q link %q", e.Title, e.ID, e.Link.Href)
		}
	}

	var jf struct {
		Version string `json:"version"`
		FeedURL string `json:"feed_url"`
		Items   []struct {
			URL         string `json:"url"`
			Title       string `json:"title"`
			ContentHTML string `json:"content_html"`
		} `json:"items"`
	}
	data, _ = os.ReadFile(filepath.Join(out, "feed.json"))
	if err := json.Unmarshal(data, &jf); err != nil {
		t.Fatalf("feed.json: %v", err)
	}
	if jf.Version != "https://jsonfeed.org/version/1.1" || jf.FeedURL != "https://example.org/sub/feed.json" || len(jf.Items) != len(atom.Entries) {
		t.Errorf("JSON Feed: %+v", jf)
	}

	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	data, _ = os.ReadFile(filepath.Join(out, "sitemap.xml"))
	if err := xml.Unmarshal(data, &sm); err != nil {
		t.Fatalf("sitemap.xml: %v", err)
	}
	// The sitemap lists exactly the pages written, as absolute URLs under
	// the base URL: every index.html but the search page's, and not 404.html.
	var want, got []string
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != "index.html" {
			return err
		}
		rel, _ := filepath.Rel(out, filepath.Dir(p))
		if rel == "search" {
			return nil
		}
		loc := "https://example.org/sub/"
		if rel != "." {
			loc += filepath.ToSlash(rel) + "/"
		}
		want = append(want, loc)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range sm.URLs {
		got = append(got, u.Loc)
	}
	sort.Strings(want)
	sort.Strings(got)
	if len(want) < 40 || !slices.Equal(got, want) {
		t.Errorf("the sitemap lists %d URLs:\n%s\nwant the %d pages written:\n%s", len(got), strings.Join(got, "\n"), len(want), strings.Join(want, "\n"))
	}
	robots, _ := os.ReadFile(filepath.Join(out, "robots.txt"))
	if !strings.Contains(string(robots), "Sitemap: https://example.org/sub/sitemap.xml") {
		t.Errorf("robots.txt does not point at the sitemap:\n%s", robots)
	}

	xmllint := toolcheck.Command(t, "xmllint", "Debian libxml2-utils")
	xsd := toolcheck.File(t, "node_modules/sitemap/schema/sitemap.xsd", "the sitemap schema: npm ci")
	if msg, err := exec.Command(xmllint, "--noout", "--schema", xsd, filepath.Join(out, "sitemap.xml")).CombinedOutput(); err != nil {
		t.Errorf("sitemap.xml does not validate: %v\n%s", err, msg)
	}
}

func TestOpenGraph(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	runGloss(t, nil, "--out", out, "--base-url", "https://example.org/sub/")
	page, _ := os.ReadFile(filepath.Join(out, "explainers/bottlenecks/index.html"))
	for _, want := range []string{
		`<link rel="canonical" href="https://example.org/sub/explainers/bottlenecks/">`,
		`<meta property="og:url" content="https://example.org/sub/explainers/bottlenecks/">`,
		`<meta property="og:type" content="article">`,
		`<meta name="twitter:card" content="summary">`,
		`<script type="application/ld+json">{"@context":"https://schema.org","@type":"Article"`,
	} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("the explainer page lacks %s", want)
		}
	}
}

// TestBinaryFromAnyFolder runs the built binary in a folder holding only
// content/: the themes and static files embedded in the binary are enough.
func TestBinaryFromAnyFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "content/explainers"), 0o755); err != nil {
		t.Fatal(err)
	}
	page := "---\ntitle: A note\nsummary: Just content.\n---\nHello from a bare folder.\n"
	if err := os.WriteFile(filepath.Join(dir, "content/explainers/note.md"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(glossBin)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gloss in a bare folder: %v\n%s", err, out)
	}
	html, err := os.ReadFile(filepath.Join(dir, "public/explainers/note/index.html"))
	if err != nil || !strings.Contains(string(html), "Hello from a bare folder.") || !strings.Contains(string(html), "/assets/style.") {
		t.Errorf("the page was not built with the embedded theme: %v", err)
	}
}

// TestSourceDateEpoch: the command reads SOURCE_DATE_EPOCH (the feed
// package does not read the environment) and the Atom feed carries that
// time; a value that is no time is a usage error, not ignored.
func TestSourceDateEpoch(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	runGloss(t, []string{"SOURCE_DATE_EPOCH=1700000000"}, "--out", out)
	atom, err := os.ReadFile(filepath.Join(out, "feed.xml"))
	if err != nil || !strings.Contains(string(atom), "<updated>2023-11-14T22:13:20Z</updated>") {
		t.Errorf("the feed does not carry SOURCE_DATE_EPOCH's time (%v)", err)
	}
	cmd := exec.Command(glossBin, "--out", filepath.Join(t.TempDir(), "public"))
	cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=yesterday")
	msg, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(msg), `SOURCE_DATE_EPOCH="yesterday" is not a time`) {
		t.Errorf("SOURCE_DATE_EPOCH=yesterday: %v\n%s", err, msg)
	}
}
