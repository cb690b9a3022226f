package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
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

// TestSourceReadsAsTheArticle: marking who says what (:said) changes no
// word of the source. Each numbered paragraph of the built source page,
// without its paragraph link and the speaker labels, is the article's
// paragraph as ../shared/source/report-article.txt has it.
func TestSourceReadsAsTheArticle(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "shared", "source", "report-article.txt"))
	if err != nil {
		t.Skipf("the article's text is not beside the repository (%v)", err)
	}
	var want []string
	for _, line := range strings.Split(string(raw), "\n") {
		if line = strings.TrimSpace(line); line != "" && line != "Read More:" {
			want = append(want, line)
		}
	}
	out := buildExample(t)
	page, err := os.Open(filepath.Join(out, "sources", "report-article", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	defer page.Close()
	doc, err := html.Parse(page)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int]string{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "p" && strings.HasPrefix(attr(n, "id"), "p") && strings.Contains(attr(n, "class"), "numbered") {
			var b strings.Builder
			var text func(n *html.Node)
			text = func(n *html.Node) {
				if n.Type == html.ElementNode && (strings.Contains(attr(n, "class"), "pnum") || strings.Contains(attr(n, "class"), "said-who")) {
					return
				}
				if n.Type == html.TextNode {
					b.WriteString(n.Data)
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					text(c)
				}
			}
			text(n)
			var num int
			if _, err := fmt.Sscanf(attr(n, "id"), "p%d", &num); err == nil {
				got[num] = strings.Join(strings.Fields(b.String()), " ")
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if len(got) != len(want) {
		t.Errorf("the source page has %d numbered paragraphs, the article %d", len(got), len(want))
	}
	for i, w := range want {
		if got[i+1] != w {
			t.Errorf("¶%d reads\n%s\nnot, as in the article,\n%s", i+1, got[i+1], w)
		}
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// attributionVerbs are the words with which the article gives words to
// someone: "said that", "according to", "the report emphasizes".
var attributionVerbs = regexp.MustCompile(`\b(said|stated|according to|emphasizes|emphasized|recognizes|suggests|suggested|recommends|highlights|pointed out|added)\b`)

// notAttributions are the sentences of the article with such a word that
// give no words to anyone, and why.
var notAttributions = map[string]string{
	"This statement was made in the Government Work Report, which outlines China’s priorities for 2023.": "says where Li’s statement was made, attributes no words",
}

// TestEveryAttributionIsMarked: every sentence of the example source that
// gives words to someone marks them with :said, so that every quote of
// them is checked against the speaker.
func TestEveryAttributionIsMarked(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("content", "sources", "report-article.md"))
	if err != nil {
		t.Fatal(err)
	}
	body := string(raw)
	body = body[strings.Index(body[3:], "---")+6:] // after the front matter
	if i := strings.Index(body, ":::gloss"); i >= 0 {
		body = body[:i] // the editors' notes are not the article
	}
	sentenceEnd := regexp.MustCompile(`[.?!](\s|$)`)
	marked := 0
	for _, para := range strings.Split(body, "\n\n") {
		for _, sentence := range splitAfter(strings.TrimSpace(para), sentenceEnd) {
			if !attributionVerbs.MatchString(sentence) {
				continue
			}
			if strings.Contains(sentence, ":said[") {
				marked++
				continue
			}
			if notAttributions[sentence] == "" {
				t.Errorf("an attribution is not marked with :said: %s", sentence)
			}
		}
	}
	if marked < 25 {
		t.Errorf("only %d sentences with a marked attribution", marked)
	}
}

func splitAfter(s string, sep *regexp.Regexp) []string {
	var out []string
	for s != "" {
		loc := sep.FindStringIndex(s)
		if loc == nil {
			return append(out, s)
		}
		out = append(out, strings.TrimSpace(s[:loc[1]]))
		s = s[loc[1]:]
	}
	return out
}
