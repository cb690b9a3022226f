package markdown

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/generator/hostile"
)

func benchConvert(b *testing.B, src string) {
	b.Helper()
	conv := New(Options{})
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		conv.Convert(Input{File: "content/e.md", Source: []byte(src), BodyLine: 1, Links: fakeLinks{}})
	}
}

// BenchmarkSameHeadings: many headings with the same text, each given the
// next free id (overview, overview-1, overview-2 …).
//
//	go test ./generator/markdown -run XXX -bench SameHeadings -benchmem
func BenchmarkSameHeadings(b *testing.B) {
	for _, n := range []int{5000, 10000} {
		b.Run(fmt.Sprintf("headings=%d", n), func(b *testing.B) { benchConvert(b, hostile.SameHeadings(n)) })
	}
}

// BenchmarkNestedLists: one line of list markers, each item holding the next
// list. Beyond MaxDepth the line is an error and the rest a paragraph, so
// goldmark never holds more than MaxDepth levels open.
//
//	go test ./generator/markdown -run XXX -bench NestedLists -benchmem
func BenchmarkNestedLists(b *testing.B) {
	for _, n := range []int{16000, 32000} {
		b.Run(fmt.Sprintf("markers=%d", n), func(b *testing.B) { benchConvert(b, hostile.NestedLists(n)) })
	}
}

// BenchmarkQuoteRun: one line of straight single quotation marks, taken
// whole by quoteRunGuard instead of measured again at every mark.
//
//	go test ./generator/markdown -run XXX -bench QuoteRun -benchmem
func BenchmarkQuoteRun(b *testing.B) {
	for _, n := range []int{1000000, 2000000} {
		b.Run(fmt.Sprintf("marks=%d", n), func(b *testing.B) { benchConvert(b, strings.Repeat("'", n)+"\n") })
	}
}

// BenchmarkCodeBlocks: many small code blocks with no language, with one
// language, and each with a name of its own. A language chroma does not
// know by name costs a match against every lexer's file patterns (about
// 6 ms) once a build; no language costs nothing, and a page names at most
// MaxLanguages.
//
//	go test ./generator/markdown -run XXX -bench CodeBlocks -benchmem
func BenchmarkCodeBlocks(b *testing.B) {
	tags := map[string]func(int) string{
		"none":      func(int) string { return "" },
		"go":        func(int) string { return "go" },
		"extension": func(int) string { return "py" },
		"each-own":  func(i int) string { return fmt.Sprintf("lang%d", i) },
	}
	for _, name := range []string{"none", "go", "extension", "each-own"} {
		for _, n := range []int{1000, 2000} {
			b.Run(fmt.Sprintf("%s/blocks=%d", name, n), func(b *testing.B) { benchConvert(b, hostile.CodeBlocks(n, tags[name])) })
		}
	}
}

// BenchmarkLinkDefinitions: link reference definitions in a row, and a few
// heading a paragraph of many lines; past MaxLinkDefinitionWork both are
// read in parts, in time linear in the lines.
//
//	go test ./generator/markdown -run XXX -bench LinkDefinitions -benchmem
func BenchmarkLinkDefinitions(b *testing.B) {
	for _, n := range []int{20000, 40000} {
		b.Run(fmt.Sprintf("in-a-row=%d", n), func(b *testing.B) { benchConvert(b, hostile.LinkDefinitions(n)) })
	}
	for _, n := range []int{200000, 400000} {
		b.Run(fmt.Sprintf("500-heading-lines=%d", n), func(b *testing.B) {
			benchConvert(b, hostile.LinkDefinitions(500)+strings.Repeat("a\n", n))
		})
	}
}

// BenchmarkFootnotes: as many references as footnotes. goldmark reads the
// footnotes one by one for each reference; past MaxFootnoteWork the rest
// are text.
//
//	go test ./generator/markdown -run XXX -bench Footnotes -benchmem
func BenchmarkFootnotes(b *testing.B) {
	for _, n := range []int{20000, 40000} {
		b.Run(fmt.Sprintf("each=%d", n), func(b *testing.B) { benchConvert(b, hostile.Footnotes(n, n)) })
	}
}
