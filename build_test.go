package main

import (
	"bytes"
	"context"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// buildExample builds the example site in the repository into a new folder.
func buildExample(t *testing.T, args ...string) string {
	t.Helper()
	return buildExampleInto(t, filepath.Join(t.TempDir(), "public"), args...)
}

func buildExampleInto(t *testing.T, out string, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"build", "--out", out}, args...), &stdout, &stderr)
	if code != 0 {
		t.Fatalf("gloss build exited %d:\n%s%s", code, stdout.String(), stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("the example site builds with warnings:\n%s", stderr.String())
	}
	return out
}

// TestExampleSite builds the shipped example site and checks that the pages a
// reader needs exist and that every link of every page leads somewhere.
func TestExampleSite(t *testing.T) {
	out := buildExample(t)
	pages := map[string]*parsedPage{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		pages[filepath.ToSlash(rel)], err = parsePage(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for rel := range pages {
		counts[strings.SplitN(rel, "/", 2)[0]]++
	}
	for _, want := range []string{
		"index.html", "404.html", "about/index.html",
		"explainers/index.html", "explainers/bottlenecks/index.html",
		"people/index.html", "people/li-keqiang/index.html", "people/wang-zhigang/index.html",
		"people/wang-peng/index.html", "people/zhang-xiaorong/index.html",
		"glossary/index.html", "sources/index.html", "sources/report-article/index.html",
		"topics/index.html", "topics/bottlenecks/index.html",
	} {
		if pages[want] == nil {
			t.Errorf("missing page %s", want)
		}
	}
	if n := counts["explainers"] - 1; n < 8 {
		t.Errorf("%d explainers, want at least 8", n)
	}
	if n := counts["glossary"] - 1; n < 12 {
		t.Errorf("%d glossary terms, want at least 12", n)
	}
	source := pages["sources/report-article/index.html"]
	for i := 1; i <= 24; i++ {
		if !source.ids["p"+itoa(i)] {
			t.Errorf("source paragraph ¶%d has no anchor", i)
		}
	}
	if source.ids["p25"] {
		t.Errorf("the source has a 25th paragraph: the scrape's \"Read More:\" line was kept")
	}

	// Every internal link and asset of every page must lead to a file, and
	// every #fragment to an id in it.
	for from, page := range pages {
		for _, link := range page.links {
			u, err := url.Parse(link)
			if err != nil {
				t.Errorf("%s: malformed link %q", from, link)
				continue
			}
			if u.Scheme != "" || u.Host != "" {
				continue
			}
			target := from
			if u.Path != "" {
				p := u.Path
				if !strings.HasPrefix(p, "/") {
					p = path.Join("/", path.Dir(from), p) + map[bool]string{true: "/"}[strings.HasSuffix(p, "/")]
				}
				target = strings.TrimPrefix(p, "/")
				if target == "" || strings.HasSuffix(target, "/") {
					target += "index.html"
				}
				if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(target))); err != nil {
					t.Errorf("%s links to %q: no such file %s", from, link, target)
					continue
				}
			}
			if u.Fragment != "" && pages[target] != nil && !pages[target].ids[u.Fragment] {
				t.Errorf("%s links to %q: %s has no id %q", from, link, target, u.Fragment)
			}
		}
	}

	// Every explainer has the furniture a reader expects.
	for rel, page := range pages {
		if !strings.HasPrefix(rel, "explainers/") || rel == "explainers/index.html" {
			continue
		}
		for _, id := range []string{"in-brief-title", "toc-title", "refs-title"} {
			if !page.ids[id] {
				t.Errorf("%s: no #%s", rel, id)
			}
		}
		// Related explainers, or at least the previous and next ones: a
		// related list leaves those out, since they have their own links.
		if !page.ids["related-title"] && !strings.Contains(page.text, "Next") && !strings.Contains(page.text, "Previous") {
			t.Errorf("%s: neither related explainers nor a previous or next one", rel)
		}
		if !strings.Contains(page.text, "min read") {
			t.Errorf("%s: no reading time", rel)
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

type parsedPage struct {
	ids   map[string]bool
	links []string
	text  string
}

// parsePage reads a page with a real HTML parser, independently of the
// fast scanner the build's own link checker uses.
func parsePage(file string) (*parsedPage, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		return nil, err
	}
	p := &parsedPage{ids: map[string]bool{}}
	var text strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			text.WriteString(n.Data)
		}
		for _, a := range n.Attr {
			switch a.Key {
			case "id":
				p.ids[a.Val] = true
			case "href", "src":
				p.links = append(p.links, a.Val)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	p.text = text.String()
	return p, nil
}

// TestExampleSiteIsValidHTML runs the Nu Html Checker over every page.
func TestExampleSiteIsValidHTML(t *testing.T) {
	out := t.TempDir()
	for _, theme := range []string{"briefing", "longform"} {
		buildExampleInto(t, filepath.Join(out, theme), "--theme", theme)
	}
	checkHTML(t, 100, out)
}

// TestExitStatus checks the command line's promises: 0 on success, 1 on
// content errors, 2 on usage errors, and errors printed for authors.
func TestExitStatus(t *testing.T) {
	broken := t.TempDir()
	if err := os.MkdirAll(filepath.Join(broken, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(broken, "content/a.md"), []byte("---\ntitle: [A\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"check the example", []string{"check"}, 0, ""},
		{"content error", []string{"--source", broken, "--out", filepath.Join(t.TempDir(), "o")}, 1,
			"content/a.md:2:8: front matter: sequence end token ']' not found\n1 error\nnothing was written:"},
		{"check reports content errors", []string{"check", "--source", broken}, 1, "content/a.md:2:8:"},
		{"unknown flag", []string{"--nope"}, 2, "flag provided but not defined: -nope"},
		{"unknown command", []string{"biuld"}, 2, `unknown command "biuld" (did you mean "build"?)`},
		{"no content folder", []string{"--source", t.TempDir()}, 2, "has no content/ folder"},
		{"output over the sources", []string{"--out", "."}, 2, "refusing to use . as the output folder"},
		{"output folder is a file", []string{"--out", filepath.Join(broken, "content/a.md")}, 2,
			"gloss: cannot use " + filepath.Join(broken, "content/a.md") + " as the output folder: it is a file; name a folder (gloss creates it)\n"},
		{"bad base URL", []string{"check", "--base-url", "ftp://x/"}, 2, "--base-url"},
		{"base URL climbing out", []string{"check", "--base-url", "https://example.org/sub/../../"}, 2,
			`--base-url: "https://example.org/sub/../../": the path must be clean, without "." or ".." parts or empty ones`},
		{"base URL without a host", []string{"check", "--base-url", "https://"}, 2, `--base-url: "https://" has no host: write it as https://example.org/`},
		{"stray argument", []string{"build", "extra"}, 2, `unexpected argument "extra"`},
		{"help", []string{"--help"}, 0, "Usage:"},
		{"new never overwrites", []string{"new", "person", "li-keqiang"}, 1, "content/people/li-keqiang.md already exists"},
		{"new needs a kind and a name", []string{"new", "explainer"}, 2, "want a kind (explainer, person, source, term) and a name"},
		{"new knows its kinds", []string{"new", "essay", "x", "--source", t.TempDir()}, 2, `cannot start a "essay"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit %d, want %d\n%s%s", code, tt.code, stdout.String(), stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr %q does not contain %q", stderr.String(), tt.stderr)
			}
			if strings.Contains(stderr.String(), "goroutine") || strings.Contains(stderr.String(), "panic") {
				t.Errorf("a stack trace reached the author:\n%s", stderr.String())
			}
		})
	}
}

// TestBaseURL builds under a sub-path: every internal link must start with it.
// TestSummaryCounts: the summary line counts in words an author reads:
// "1 page", "1 warning", never "(1 warnings)".
func TestSummaryCounts(t *testing.T) {
	site := t.TempDir()
	for name, data := range map[string]string{
		"content/glossary/_index.md": "---\ntitle: Glossary\npage_layout: term\n---\n",
		"content/glossary/chips.md":  "---\ntitle: Chips\ndefinition: Integrated circuits.\n---\n",
	} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(site, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(site, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"check", "--source", site}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	got := regexp.MustCompile(` in [0-9.]+[µm]?s`).ReplaceAllString(stdout.String(), " in T")
	// 12 files: the theme's assets include search.css and the search
	// engine (search-core.js, beside the page's search.js) since issue 16.
	if want := "checked 7 pages and 12 files: no errors in T (1 warning)\n"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	if !strings.Contains(stderr.String(), `warning: the glossary term "chips" is defined but no page uses it`) {
		t.Errorf("the warning is not shown: %s", stderr.String())
	}
}

func TestBaseURL(t *testing.T) {
	out := buildExample(t, "--base-url", "https://example.org/sub/")
	page, err := parsePage(filepath.Join(out, "explainers/bottlenecks/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range page.links {
		if strings.HasPrefix(l, "/") && !strings.HasPrefix(l, "/sub/") {
			t.Errorf("link %q ignores the base path", l)
		}
	}
	data, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !strings.Contains(string(data), `<link rel="canonical" href="https://example.org/sub/">`) {
		t.Errorf("canonical link not absolute under the base URL")
	}
}

// TestDeveloperFlags: --timings lists the build's steps, --cpuprofile and
// --memprofile write profiles pprof can read.
func TestDeveloperFlags(t *testing.T) {
	dir := t.TempDir()
	cpu, mem := filepath.Join(dir, "cpu.prof"), filepath.Join(dir, "mem.prof")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"--out", filepath.Join(dir, "public"), "--timings", "--cpuprofile", cpu, "--memprofile", mem}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, step := range []string{"load", "plan", "theme", "markdown", "render", "site files", "links", "write"} {
		if !strings.Contains(stdout.String(), "  "+step+" ") {
			t.Errorf("--timings does not list %q:\n%s", step, stdout.String())
		}
	}
	for _, p := range []string{cpu, mem} {
		if fi, err := os.Stat(p); err != nil || fi.Size() == 0 {
			t.Errorf("%s not written: %v", p, err)
		}
	}
	if out, err := exec.Command("go", "tool", "pprof", "-top", mem).CombinedOutput(); err != nil {
		t.Errorf("pprof cannot read the heap profile: %v\n%s", err, out)
	}
}
