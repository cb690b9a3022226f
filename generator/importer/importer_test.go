package importer

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/generator/annotate"
	"github.com/gloss-ssg/gloss/generator/markdown"
	"github.com/yuin/goldmark"
)

// numberedByGloss converts a body as gloss converts a source page and
// returns its numbered paragraphs: what the importer reports must be what
// readers get, ¶ for ¶.
func numberedByGloss(t testing.TB, body string) []string {
	t.Helper()
	conv := markdown.New(markdown.Options{Extensions: []goldmark.Extender{annotate.New(annotate.Explainers(), nil)}})
	out := conv.Convert(markdown.Input{File: "content/sources/x.md", Source: []byte(body), Numbered: true})
	for _, p := range out.Problems {
		t.Errorf("the imported body has a problem: %s\n%s", p, body)
	}
	return out.Paragraphs
}

// fold undoes what smart punctuation changes, as the quote check does:
// quotes, runs of dashes, ellipses, guillemets.
func fold(s string) string {
	s = strings.NewReplacer("“", "'", "”", "'", "‘", "'", "’", "'", `"`, "'", "…", "...", "«", "<<", "»", ">>").Replace(s)
	return dashes.ReplaceAllString(s, "-")
}

var dashes = regexp.MustCompile(`[-–—]+`)

func sameParagraphs(t testing.TB, d *Document) {
	t.Helper()
	got := numberedByGloss(t, d.Body)
	if len(got) != len(d.Paragraphs) {
		t.Fatalf("gloss numbers %d paragraphs, the importer reported %d\nbody:\n%s", len(got), len(d.Paragraphs), d.Body)
	}
	for i := range got {
		if a, b := fold(got[i]), fold(clean(d.Paragraphs[i])); a != b {
			t.Errorf("¶%d reads %q on the page, reported as %q\nbody:\n%s", i+1, a, b, d.Body)
		}
	}
}

func TestImport(t *testing.T) {
	for _, tt := range []struct {
		name, file, src string
		meta            Meta
		body            string // the Markdown body, exactly
		dropped         []string
	}{
		{
			name: "hard-wrapped text",
			file: "report.txt",
			src:  "The report sets out the year's\npriorities for science and\ntechnology.\n\nIt names   chips and\nlithography machines as eco-\nfriendly bottlenecks.\n",
			body: "The report sets out the year's priorities for science and technology.\n\nIt names chips and lithography machines as eco-friendly bottlenecks.\n",
		},
		{
			name: "CRLF text with a title",
			file: "report.txt",
			src:  "Government Work Report\r\n\r\nFirst paragraph, wrapped\r\nacross two lines.\r\n\r\n\r\nSecond paragraph.\r\n",
			meta: Meta{Title: "Government Work Report"},
			body: "First paragraph, wrapped across two lines.\n\nSecond paragraph.\n",
		},
		{
			name: "one paragraph per line, no blank lines",
			file: "report.txt",
			src:  strings.Repeat("word ", 30) + "one.\n" + strings.Repeat("word ", 30) + "two.\n",
			body: strings.Repeat("word ", 30) + "one.\n\n" + strings.Repeat("word ", 30) + "two.\n",
		},
		{
			name: "text lists and Markdown look-alikes",
			file: "notes.txt",
			src:  "Priorities:\n- chips\n- lithography\n  machines\n\n2023. A year of *stars*, [brackets], <b>tags</b>, R&D, &amp; and :term[x]{id=y} at 10:30.\n\n# not a heading, + not a list, > not a quote\n",
			body: "Priorities:\n\n- chips\n- lithography machines\n\n2023\\. A year of \\*stars\\*, \\[brackets\\], \\<b>tags\\</b>, R&D, \\&amp; and \\:term\\[x\\]\\{id=y\\} at 10:30.\n\n\\# not a heading, + not a list, > not a quote\n",
		},
		{
			name: "HTML with navigation and scripts",
			file: "report.html",
			src: `<!doctype html><html><head><title>Report | Ministry</title><script>var x = "<p>no</p>";</script><style>p{}</style>
<meta property="og:site_name" content="Ministry"><link rel="canonical" href="https://example.gov/report"></head>
<body><header class="site-header"><a href="/">Ministry home</a></header><nav><ul><li><a href="/">Home</a></li><li>News</li></ul></nav>
<main><h1>Report</h1><p>The first paragraph,
  wrapped in the HTML.</p><script>track()</script><div class="share-buttons">Share on social media</div>
<h2>Industry</h2><p>Second <em>emphasised</em> paragraph.</p><aside>Related: other news</aside></main>
<footer>Copyright 2023 Ministry. All rights reserved.</footer></body></html>`,
			meta:    Meta{Title: "Report", Publisher: "Ministry", URL: "https://example.gov/report"},
			body:    "The first paragraph, wrapped in the HTML.\n\n## Industry\n\nSecond emphasised paragraph.\n",
			dropped: []string{"asides: 3 words", "footers: 6 words", "navigation: 2 words", "page headers: 2 words", "scripts (2)", "sharing, related-link and other boxes around the text: 4 words", "styles"},
		},
		{
			name: "HTML entities",
			file: "e.html",
			src:  `<html><head><meta property="og:title" content="R&amp;D &ldquo;spending&rdquo;"><meta name="date" content="2023-03-05T09:00:00+08:00"></head><body><article><p>Spending on R&amp;D rose &gt; 10&nbsp;% &mdash; &ldquo;a record&rdquo; &#x2014; &lt;b&gt; is not a tag; &amp;amp; stays.</p></article></body></html>`,
			meta: Meta{Title: "R&D “spending”", Date: "2023-03-05"},
			body: "Spending on R&D rose > 10 % — “a record” — \\<b> is not a tag; \\&amp; stays.\n",
		},
		{
			name: "HTML nested lists and a block quote",
			file: "l.html",
			src:  `<body><main><p>Intro.</p><ul><li>One<ul><li>One A</li><li>One B<ol><li>deep</li></ol></li></ul></li><li>Two</li></ul><blockquote><p>Quoted one.</p><p>Quoted two.</p></blockquote><p>After.</p></main></body>`,
			body: "Intro.\n\n- One\n  - One A\n  - One B\n    1. deep\n- Two\n\n> Quoted one.\n>\n> Quoted two.\n\nAfter.\n",
		},
		{
			name: "HTML without a title",
			file: "untitled.html",
			src:  `<p>Only a paragraph.</p><p>And <a href="x">a link</a>.<br><br>After a double break.</p>`,
			body: "Only a paragraph.\n\nAnd a link. After a double break.\n",
		},
		{
			name:    "HTML with one article among other text",
			file:    "a.html",
			src:     `<body><div class="ticker">Markets rally today</div><article><h2>Story</h2><p>Text.</p></article><p>Unrelated text.</p></body>`,
			meta:    Meta{Title: "Story"},
			body:    "Text.\n",
			dropped: []string{"other text outside the <article>: 5 words"},
		},
		{
			name: "text in a div, split at a double break",
			file: "d.html",
			src:  `<div>First run of text<br><br>Second run, <b>bold</b>.</div>`,
			body: "First run of text\n\nSecond run, bold.\n",
		},
		{
			name: "Markdown is kept as written",
			file: "r.md",
			src:  "---\ntitle: From front matter\npublisher: Ministry\ndate: 2023-03-05\n---\n\nA *first* paragraph\nwrapped.\n\n## A heading\n\nSecond [linked](https://example.org) one.\n",
			meta: Meta{Title: "From front matter", Publisher: "Ministry", Date: "2023-03-05"},
			body: "A *first* paragraph\nwrapped.\n\n## A heading\n\nSecond [linked](https://example.org) one.\n",
		},
		{
			name: "Markdown titled by its heading",
			file: "r.md",
			src:  "# The Report\r\n\r\nOne.\r\n",
			meta: Meta{Title: "The Report"},
			body: "One.\n",
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Import(tt.file, []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if d.Meta != tt.meta {
				t.Errorf("meta %+v, want %+v", d.Meta, tt.meta)
			}
			if d.Body != tt.body {
				t.Errorf("body:\n%s\nwant:\n%s", d.Body, tt.body)
			}
			if !reflect.DeepEqual(d.Dropped, tt.dropped) {
				t.Errorf("dropped %q, want %q", d.Dropped, tt.dropped)
			}
			sameParagraphs(t, d)
		})
	}
}

func TestImportRefusesWhatItCannotRead(t *testing.T) {
	for _, tt := range []struct{ file, src, want string }{
		{"report.pdf", "%PDF-1.7", "gloss does not import PDF"},
		{"report.docx", "PK", "not .docx files"},
		{"latin1.txt", "caf\xe9", "is not UTF-8 text"},
	} {
		if _, err := Import(tt.file, []byte(tt.src)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.file, err, tt.want)
		}
	}
}

func TestSuspicious(t *testing.T) {
	long := strings.Repeat("word ", 300) + "end."
	got := Suspicious([]string{"Page 3", "A normal paragraph of some length that ends well.", "This sentence was cut in the middle of", "the page, by a page break.", long})
	want := []Finding{
		{1, `very short (2 words): "Page 3": a heading, a caption or a page number read as text?`},
		{3, "ends without a full stop and ¶4 goes on in lower case: one paragraph cut in two?"},
		{5, "very long (301 words): two paragraphs run together?"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestAttributions(t *testing.T) {
	got := Attributions([]string{
		"The report said the economy grew. Premier Li Keqiang stated that resources would be pooled.",
		"According to Zhang Xiaorong, the director of an institute, innovation is key.",
		"Wang Peng, a research fellow at the Academy, pointed out that bottlenecks remain.",
		"“We will act,” said Dr. Jane Smith. It rained.",
		"\"Targets matter,\" Wang Zhigang told reporters.",
		"Nothing here is attributed to anyone.",
	})
	want := []Attribution{
		{1, "Premier Li Keqiang", "Premier Li Keqiang stated that resources would be pooled."},
		{2, "Zhang Xiaorong", "According to Zhang Xiaorong, the director of an institute, innovation is key."},
		{3, "Wang Peng", "Wang Peng, a research fellow at the Academy, pointed out that bottlenecks remain."},
		{4, "Dr. Jane Smith", "“We will act,” said Dr. Jane Smith."},
		{5, "Wang Zhigang", "\"Targets matter,\" Wang Zhigang told reporters."},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got:\n%+v\nwant:\n%+v", got, want)
	}
}

func TestPage(t *testing.T) {
	d, err := Import("budget-2024.txt", []byte("One paragraph, \"quoted\".\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := `---
title: "Budget 2024"
# publisher: ""   # the document does not say: add it
# date: 2006-01-02   # the document does not say: add it
# source_url: ""   # where readers can find the original: add it
summary: "The full text of “Budget 2024”, in 1 numbered paragraph."
numbered: true
---

One paragraph, "quoted".
`
	if got := string(d.Page("budget-2024.txt")); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
