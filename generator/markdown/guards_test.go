package markdown

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/util"

	"github.com/gloss-ssg/gloss/internal/toolcheck"
)

// TestGuardsKeepCommonMark renders every example of the CommonMark spec
// with goldmark alone and with gloss's nesting, link and link definition
// guards and its open lines budget: none is deep or long enough for a guard
// to act, so all must render the same.
func TestGuardsKeepCommonMark(t *testing.T) {
	data := toolcheck.ReadFile(t, "../../node_modules/commonmark-spec/spec.txt", "the CommonMark spec: npm ci")
	const fence = "````````````````````````````````"
	var examples []string
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		if lines[i] != fence+" example" {
			continue
		}
		var md []string
		for i++; i < len(lines) && lines[i] != "."; i++ {
			md = append(md, strings.ReplaceAll(lines[i], "→", "\t"))
		}
		examples = append(examples, strings.Join(md, "\n")+"\n")
	}
	if len(examples) < 600 {
		t.Fatalf("read only %d examples", len(examples))
	}
	plain := goldmark.New()
	guarded := goldmark.New(goldmark.WithParser(newBudgetParser()), goldmark.WithParserOptions(
		parser.WithBlockParsers(util.Prioritized(depthGuard{}, 1)),
		parser.WithInlineParsers(util.Prioritized(linkGuard{}, 199), util.Prioritized(quoteRunGuard{}, 9998)),
	))
	for i, md := range examples {
		var want, got bytes.Buffer
		if err := plain.Convert([]byte(md), &want); err != nil {
			t.Fatal(err)
		}
		if err := guarded.Convert([]byte(md), &got); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("example %d renders differently with the guards:\n%s\nwithout: %q\nwith:    %q", i+1, md, want.String(), got.String())
		}
	}
}

// TestLinkGuard: a destination nesting parentheses more than 32 deep is
// text (as in cmark); the others are links as goldmark makes them.
func TestLinkGuard(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"[a](b (title))", `<p><a href="b" title="title">a</a></p>` + "\n"},
		{"[a](b(c)d)", `<p><a href="b(c)d">a</a></p>` + "\n"},
		{"[a](" + strings.Repeat("(", 32) + strings.Repeat(")", 32) + ")", `<p><a href="` + strings.Repeat("(", 32) + strings.Repeat(")", 32) + `">a</a></p>` + "\n"},
		{"[a](" + strings.Repeat("(", 33) + strings.Repeat(")", 33) + ")", "<p>[a](" + strings.Repeat("(", 33) + strings.Repeat(")", 34) + "</p>\n"},
		{"[a](b \"title\")", `<p><a href="b" title="title">a</a></p>` + "\n"},
		{"[a](b \"x\ny\")", `<p><a href="b" title="x` + "\n" + `y">a</a></p>` + "\n"},
	} {
		out := New(Options{}).Convert(Input{File: "e.md", Source: []byte(c.src), BodyLine: 1, Links: fakeLinks{}})
		if string(out.HTML) != c.want {
			t.Errorf("%q:\n got %q\nwant %q", c.src, out.HTML, c.want)
		}
	}
}

// BenchmarkOpenLinks: a line of "[a](", each "](" once scanning the rest of
// the line; and of "[a](b (", which goldmark reads in linear time.
//
//	go test ./generator/markdown -run XXX -bench OpenLinks -benchmem
func BenchmarkOpenLinks(b *testing.B) {
	for _, unit := range []string{"[a](", "[a](b ("} {
		for _, n := range []int{5000, 10000} {
			b.Run(fmt.Sprintf("%q×%d", unit, n), func(b *testing.B) { benchConvert(b, strings.Repeat(unit, n)+"\n") })
		}
	}
}

// TestQuoteRunGuard: a run of up to 32 straight quotation marks is made
// typographic as goldmark's typographer alone makes it; a longer run is
// kept as written, at once, however long (the typographer measured the
// rest of the run again at every mark: a 2 MB line of "'" took over ten
// minutes).
func TestQuoteRunGuard(t *testing.T) {
	plain := goldmark.New(goldmark.WithExtensions(extension.Typographer))
	guarded := goldmark.New(goldmark.WithExtensions(extension.Typographer), goldmark.WithParserOptions(
		parser.WithInlineParsers(util.Prioritized(quoteRunGuard{}, 9998)),
	))
	render := func(md goldmark.Markdown, src string) string {
		var b bytes.Buffer
		if err := md.Convert([]byte(src), &b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	for _, mark := range []string{"'", `"`} {
		for _, n := range []int{1, 2, 3, 31, 32} {
			for _, src := range []string{strings.Repeat(mark, n), "a" + strings.Repeat(mark, n) + "b", "He said " + strings.Repeat(mark, n) + "no" + strings.Repeat(mark, n) + "."} {
				if got, want := render(guarded, src), render(plain, src); got != want {
					t.Errorf("%q: %q, the typographer alone gives %q", src, got, want)
				}
			}
		}
	}
	escaped := map[string]string{"'": "'", `"`: "&quot;"}
	for _, c := range []struct {
		mark string
		n    int
	}{{"'", 33}, {`"`, 33}, {"'", 200000}, {`"`, 200000}} {
		src := "a " + strings.Repeat(c.mark, c.n) + " b"
		want := "<p>a " + strings.Repeat(escaped[c.mark], c.n) + " b</p>\n"
		if got := render(guarded, src); got != want {
			t.Errorf("%d %s: %.80q…, want %.80q…", c.n, c.mark, got, want)
		}
	}
}
