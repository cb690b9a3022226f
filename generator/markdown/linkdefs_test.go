package markdown

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/generator/hostile"
)

// TestLinkDefinitionBound: a paragraph's possible link reference definitions
// times its lines may be at most MaxLinkDefinitionWork; within it every
// definition is found as goldmark finds it, past it the paragraph is an error
// at its first line and gloss still reads it in linear time.
func TestLinkDefinitionBound(t *testing.T) {
	tooMuch := func(lines, head int) string {
		return fmt.Sprintf("e.md:1:1: this paragraph has %d lines, and the first %d may be link reference definitions: "+
			"finding them would take more than %d steps; put a blank line after the definitions, and between every few hundred of them",
			lines, head, MaxLinkDefinitionWork)
	}
	for _, c := range []struct {
		name, src, want, html string
	}{
		{"4,472 definitions in a row, at the bound", hostile.LinkDefinitions(4472) + "\n[r4471] and [r0]\n", "",
			"<p><a href=\"/x4471\">r4471</a> and <a href=\"/x0\">r0</a></p>\n"},
		{"4,473 in a row", hostile.LinkDefinitions(4473) + "\n[r4472] and [r0]\n", tooMuch(4473, 4473),
			"<p><a href=\"/x4472\">r4472</a> and <a href=\"/x0\">r0</a></p>\n"},
		{"20 definitions heading a paragraph of a million lines", hostile.LinkDefinitions(20) + strings.Repeat("a\n", 999980) + "\n[r19]\n", "",
			"a</p>\n<p><a href=\"/x19\">r19</a></p>\n"},
		{"21 definitions heading it", hostile.LinkDefinitions(21) + strings.Repeat("a\n", 999980) + "\n[r20]\n", tooMuch(1000001, 21),
			"a</p>\n<p><a href=\"/x20\">r20</a></p>\n"},
		{"a title on the next line, within the bound", "[a]: /x\n\"T\"\n[b]: /y\n\n[a] [b]\n", "",
			"<p><a href=\"/x\" title=\"T\">a</a> <a href=\"/y\">b</a></p>\n"},
		{"lines that only look like definitions", strings.Repeat("[a] b\n", 20000) + "\n", tooMuch(20000, 20000),
			"[a] b</p>\n"},
	} {
		t.Run(c.name, func(t *testing.T) { convertsTo(t, c.src, c.want, c.html) })
	}
}

// convertsTo converts src as e.md and checks its problems, one a line, and
// the end of its HTML.
func convertsTo(t *testing.T, src, wantProblems, htmlEnd string) {
	t.Helper()
	out := New(Options{}).Convert(Input{File: "e.md", Source: []byte(src), BodyLine: 1, Links: fakeLinks{}})
	if got := problemsOf(out); got != wantProblems {
		t.Errorf("problems:\n%.2000s\nwant:\n%s", got, wantProblems)
	}
	if !strings.HasSuffix(string(out.HTML), htmlEnd) {
		t.Errorf("HTML ends %q, want %q", string(out.HTML)[max(0, len(out.HTML)-100):], htmlEnd)
	}
}
