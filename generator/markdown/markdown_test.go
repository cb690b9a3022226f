package markdown

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/generator/diag"
	"github.com/gloss-ssg/gloss/generator/hostile"
	"github.com/gloss-ssg/gloss/internal/golden"
)

// fakeLinks resolves links the way a site would, for a page in explainers/.
type fakeLinks struct{}

func (fakeLinks) ResolveLink(dest string, pos diag.Position) (string, string) {
	switch {
	case strings.HasPrefix(dest, "../people/li-keqiang.md"):
		return "/people/li-keqiang/" + strings.TrimPrefix(dest, "../people/li-keqiang.md"), ""
	case strings.HasPrefix(dest, "#"):
		return dest, ""
	case strings.HasPrefix(dest, "/"):
		return dest, ""
	}
	return "", "link to missing file " + dest
}

// TestGolden renders every testdata/*.md and compares it with the .html beside
// it. Run `go test ./generator/markdown -update` to accept new output.
func TestGolden(t *testing.T) {
	conv := New(Options{})
	files, _ := filepath.Glob("testdata/*.md")
	if len(files) == 0 {
		t.Fatal("no golden cases")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			out := conv.Convert(Input{File: f, Source: src, BodyLine: 1, Links: fakeLinks{}, Numbered: strings.Contains(f, "numbered")})
			got := string(out.HTML)
			for _, p := range out.Problems {
				got += "<!-- problem: " + p.String() + " -->\n"
			}
			golden.Check(t, strings.TrimSuffix(f, ".md")+".html", []byte(got))
		})
	}
}

func TestTOCAndIDs(t *testing.T) {
	src := "# Title\n\n## Why chips matter\n\n### Lithography *machines*\n\n## Why chips matter\n\n## 产业链\n\n## P1\n\n#### Deep\n"
	out := New(Options{}).Convert(Input{Source: []byte(src)})
	want := []Heading{
		{2, "why-chips-matter", "Why chips matter"},
		{3, "lithography-machines", "Lithography machines"},
		{2, "why-chips-matter-1", "Why chips matter"},
		{2, "产业链", "产业链"},
		{2, "p1-1", "P1"},
	}
	if !reflect.DeepEqual(out.TOC, want) {
		t.Errorf("TOC = %+v\nwant %+v", out.TOC, want)
	}
	for _, id := range []string{"title", "deep", "why-chips-matter-1"} {
		if !out.IDs[id] {
			t.Errorf("id %q not collected", id)
		}
	}
}

// TestParagraphTextAsRead: a source paragraph's text, which quotes are
// checked against and citation previews show, is what the reader sees:
// backslash escapes and entities resolved, code spans as written.
func TestParagraphTextAsRead(t *testing.T) {
	src := "R\\&D rose \\*5%\\*, \\[sic\\] &amp; &ldquo;more&rdquo; than `a\\*b`.\n\n## Costs \\& benefits\n"
	out := New(Options{}).Convert(Input{Source: []byte(src), Numbered: true})
	if want := []string{"R&D rose *5%*, [sic] & “more” than a\\*b."}; !reflect.DeepEqual(out.Paragraphs, want) {
		t.Errorf("paragraphs %q, want %q", out.Paragraphs, want)
	}
	if len(out.TOC) != 1 || out.TOC[0].Text != "Costs & benefits" {
		t.Errorf("TOC %+v", out.TOC)
	}
}

func TestReadingTime(t *testing.T) {
	tests := []struct {
		src   string
		wpm   int
		words int
		mins  int
	}{
		{"", 220, 0, 1},
		{"one two three", 220, 3, 1},
		{strings.Repeat("word ", 440), 220, 440, 2},
		{strings.Repeat("word ", 441), 220, 441, 3},
		{strings.Repeat("word ", 300), 100, 300, 3},
		{"China’s self-reliance, R&D.", 220, 3, 1},
		{"产业链供应链", 220, 3, 1},
		{"```go\nnot counted\n```\n\n`code` words -- ¶", 220, 2, 1},
	}
	for _, tt := range tests {
		out := New(Options{}).Convert(Input{Source: []byte(tt.src), WordsPerMinute: tt.wpm})
		if out.Words != tt.words || out.ReadingTime != tt.mins {
			t.Errorf("%.30q: %d words, %d min; want %d words, %d min", tt.src, out.Words, out.ReadingTime, tt.words, tt.mins)
		}
	}
}

func TestUnsafeLinks(t *testing.T) {
	for _, dest := range []string{
		"javascript:alert(1)", "JAVASCRIPT:alert(1)", "&#106;avascript:alert(1)", "java&#x09;script:alert(1)",
		"<java\tscript:alert(1)>", " javascript:alert(1)", "vbscript:x", "data:text/html;base64,PHNjcmlwdD4=",
		"file:///etc/passwd", "javascript&colon;alert(1)",
	} {
		src := "[x](" + dest + ")\n"
		out := New(Options{}).Convert(Input{File: "f.md", Source: []byte(src), BodyLine: 3, Links: fakeLinks{}})
		html := strings.ToLower(string(out.HTML))
		if strings.Contains(html, "script:") || strings.Contains(html, "data:text") || strings.Contains(html, "file:") {
			t.Errorf("%q reached the HTML: %s", dest, out.HTML)
		}
		if len(out.Problems) != 1 || out.Problems[0].Pos != (diag.Position{File: "f.md", Line: 3, Col: 1}) {
			t.Errorf("%q: problems %v, want one at f.md:3:1", dest, out.Problems)
		}
	}
	ok := "[a](https://example.org) [b](mailto:x@example.org) ![c](data:image/png;base64,iVBOR)"
	if out := New(Options{}).Convert(Input{Source: []byte(ok), Links: fakeLinks{}}); len(out.Problems) != 0 {
		t.Errorf("safe links refused: %v", out.Problems)
	}
}

func TestRawHTML(t *testing.T) {
	src := "<script>alert(1)</script>\n\nText <b onclick=\"x\">bold</b>\n"
	out := New(Options{}).Convert(Input{Source: []byte(src)})
	if strings.Contains(string(out.HTML), "<script") || strings.Contains(string(out.HTML), "onclick") {
		t.Errorf("raw HTML passed through by default: %s", out.HTML)
	}
	out = New(Options{UnsafeHTML: true}).Convert(Input{Source: []byte(src)})
	if !strings.Contains(string(out.HTML), "<b onclick") {
		t.Errorf("raw HTML omitted with unsafe_html: %s", out.HTML)
	}
}

func TestLinkPositions(t *testing.T) {
	src := "Intro line\n\nSee [the Premier](../people/li-keqiang.md) and\n  the [missing one](../people/nobody.md) or ![img](/none.png \"t\") [](nowhere.md).\n"
	out := New(Options{}).Convert(Input{File: "content/e/a.md", Source: []byte(src), BodyLine: 5, Links: fakeLinks{}})
	var got []string
	for _, p := range out.Problems {
		got = append(got, p.String())
	}
	want := []string{
		"content/e/a.md:8:7: link to missing file ../people/nobody.md",
		"content/e/a.md:7:1: link to missing file nowhere.md",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if !strings.Contains(string(out.HTML), `href="/people/li-keqiang/"`) {
		t.Errorf("link not rewritten: %s", out.HTML)
	}
}

// FuzzConvert checks that no Markdown, however odd, crashes the converter or
// yields a problem positioned outside the page.
func FuzzConvert(f *testing.F) {
	for _, s := range []string{
		"# T\n\n[a](b.md#c) ![i](x.png)\n",
		"```go\nfunc main() {}\n```\n",
		"| a | b |\n|---|:-:|\n| 1 | 2 |\n",
		"Term\n: Definition\n\n[^1]\n\n[^1]: Note\n",
		"- [ ] task\n- [x] done\n",
		"[x](javascript:alert(1)) <b>raw</b>",
		"\x00\r\n[\n](",
		// Issue 12's hostile shapes, small: nesting past MaxDepth by markers,
		// quotes, indentation and footnotes, repeated headings, open links.
		hostile.NestedLists(MaxDepth + 20),
		hostile.NestedQuotes(MaxDepth + 20),
		hostile.NestedIndentedLists(MaxDepth + 5),
		strings.Repeat("[^a]: ", MaxDepth+5) + "x\n",
		hostile.SameHeadings(30) + "## P\n\n## P\n\n## P 1\n",
		hostile.LinkDefinitions(120) + "text\n\n[r7] [r119]\n",
		strings.Repeat("[a](", 50),
		"[a](" + strings.Repeat("(", 40) + "x" + strings.Repeat(")", 40) + ")",
		strings.Repeat("> - ", 60) + "x\r\n",
		hostile.NestedLists(MaxDepth-1) + strings.Repeat("\n", 50) + strings.Repeat("  ", MaxDepth-1) + "y\n",
		strings.Repeat("'", maxQuoteRun+5) + " " + strings.Repeat(`"`, maxQuoteRun) + "a'" + strings.Repeat(`"`, 2*maxQuoteRun),
		strings.Repeat("[", 300) + "]" + strings.Repeat("[a", 100),
		// Code its highlighter cannot finish, positioned at the language tag.
		"```jsonata\n'\n```\n",
		"> ```JSONata {x}\n> '" + strings.Repeat(`\`, 16) + "\n",
		// Many code blocks, each in a language of its own, and tables
		// (their delimiter rows as goldmark finds them).
		hostile.CodeBlocks(MaxLanguages+3, func(i int) string { return fmt.Sprintf("l%d", i) }),
		"text\n| a |\n| :-: |\n|-|\n| x |\n",
		"|a|b|\n -|-:\n" + strings.Repeat("|x|y|z|\n", 40),
		hostile.Footnotes(5, 40) + "![^1] [^nope] [^",
	} {
		f.Add(s)
	}
	conv := New(Options{})
	f.Fuzz(func(t *testing.T, src string) {
		out := conv.Convert(Input{File: "f.md", Source: []byte(src), BodyLine: 1, Links: fakeLinks{}, Numbered: len(src)%2 == 0})
		lines := strings.Count(src, "\n") + 1
		for _, p := range out.Problems {
			if p.Pos.Line < 1 || p.Pos.Line > lines || p.Pos.Col < 1 {
				t.Fatalf("problem %q outside a %d-line input", p, lines)
			}
		}
	})
}

// problemsOf is a conversion's problems, one a line, as an author reads them.
func problemsOf(out Output) string {
	var lines []string
	for _, p := range out.Problems {
		lines = append(lines, p.String())
	}
	return strings.Join(lines, "\n")
}
