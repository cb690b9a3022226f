package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// publishedDate is how a page's meta line states its date: as the day it was
// published, so that a reader does not take it for the source's date.
var publishedDate = regexp.MustCompile(`<p class="page-meta">(<span class="byline">By [^<]+</span> · )?Published <time datetime="\d{4}-\d{2}-\d{2}">[^<]+</time> · `)

// TestExplainersSayPublished builds the example site with each theme: every
// explainer's date is labelled as its publication date, and the source page,
// whose article states no date, shows none.
func TestExplainersSayPublished(t *testing.T) {
	for _, theme := range themes {
		t.Run(theme, func(t *testing.T) {
			out := buildExample(t, "--theme", theme)
			explainers, err := filepath.Glob(filepath.Join(out, "explainers", "*", "index.html"))
			if err != nil || len(explainers) == 0 {
				t.Fatalf("no explainers built (%v)", err)
			}
			for _, file := range explainers {
				page, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				if !publishedDate.Match(page) {
					t.Errorf("%s: the date is not labelled as the publication date", file)
				}
			}
			source, err := os.ReadFile(filepath.Join(out, "sources", "report-article", "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			meta := regexp.MustCompile(`<p class="page-meta">.*?</p>`).Find(source)
			if meta == nil {
				t.Fatalf("the source page has no page-meta line")
			}
			if bytes.Contains(meta, []byte("Published")) {
				t.Errorf("the source page shows a date the article does not state")
			}
		})
	}
}

// TestSourceShowsItsOwnDate: a source page with a date of its own shows it as
// the date the source was published.
func TestSourceShowsItsOwnDate(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"gloss.toml":                   "title = \"Dated\"\n",
		"content/sources/_index.md":    "---\ntitle: Sources\npage_layout: source\n---\n",
		"content/sources/plan.md":      "---\ntitle: A plan\ndate: 2023-03-05\nnumbered: true\n---\n\nThe plan has one paragraph.\n",
		"content/explainers/_index.md": "---\ntitle: Explainers\npage_layout: explainer\n---\n",
		"content/explainers/plan.md":   "---\ntitle: The plan\nsummary: One paragraph.\ndate: 2026-11-27\n---\n\nThe plan is short (:cite[¶1]{src=plan}).\n",
	}
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, theme := range themes {
		t.Run(theme, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), []string{"build", "--source", dir, "--out", out, "--theme", theme}, &stdout, &stderr); code != 0 {
				t.Fatalf("gloss build exited %d:\n%s%s", code, stdout.String(), stderr.String())
			}
			source, err := os.ReadFile(filepath.Join(out, "sources", "plan", "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			if want := `Published <time datetime="2023-03-05">5 March 2023</time>`; !bytes.Contains(source, []byte(want)) {
				t.Errorf("the source page lacks %s", want)
			}
			explainer, err := os.ReadFile(filepath.Join(out, "explainers", "plan", "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			if want := `Published <time datetime="2026-11-27">27 November 2026</time>`; !bytes.Contains(explainer, []byte(want)) {
				t.Errorf("the explainer lacks %s", want)
			}
		})
	}
}

// TestExplainerEndings reads the example explainers: each ends the same way,
// with "What the article leaves open" in an analysis box and then "What to
// watch" in its own box, and no explainer repeats another's watch list.
func TestExplainerEndings(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("content", "explainers", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	ending := regexp.MustCompile(`(?s)\n## What the article leaves open\n\n:::callout\{kind=analysis\}\n[^\n].*?\n:::\n\n## What to watch\n\n:::callout\{kind=what-to-watch\}\n(- .*?)\n:::\n(\n\[\^[^\n]+\n)*$`)
	seenBullet := map[string]string{}
	explainers := 0
	for _, file := range files {
		if filepath.Base(file) == "_index.md" {
			continue
		}
		explainers++
		text, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		m := ending.FindSubmatch(text)
		if m == nil {
			t.Errorf("%s does not end with “What the article leaves open” (analysis) and then “What to watch”", file)
			continue
		}
		if n := bytes.Count(text, []byte("\n## What to watch\n")); n != 1 {
			t.Errorf("%s has %d “What to watch” sections", file, n)
		}
		for _, bullet := range strings.Split(string(m[1]), "\n") {
			if other, ok := seenBullet[bullet]; ok {
				t.Errorf("%s repeats a watch item of %s: %s", file, other, bullet)
			}
			seenBullet[bullet] = file
		}
	}
	if explainers == 0 {
		t.Errorf("no explainers in content/explainers")
	}
}
