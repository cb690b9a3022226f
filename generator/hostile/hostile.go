// Package hostile generates the input shapes that once made gloss slow,
// memory-hungry or careless (issue 12): deep nesting, long runs of
// annotations, repeated headings, huge front matter, broken encodings. Tests,
// benchmarks and fuzz seeds build them here, at any size, so no megabyte
// file lives in the repository.
package hostile

import (
	"fmt"
	"strings"
)

// NestedLists is one line of n list markers, each item holding the next list.
func NestedLists(n int) string { return strings.Repeat("- ", n) + "x\n" }

// NestedQuotes is one line of n block quote markers.
func NestedQuotes(n int) string { return strings.Repeat("> ", n) + "x\n" }

// NestedIndentedLists nests n lists by indentation, one item a line.
func NestedIndentedLists(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(strings.Repeat("  ", i))
		b.WriteString("- x\n")
	}
	return b.String()
}

// NestedContainers opens n callouts, one inside the other, and closes them.
// A closing fence closes the innermost open container with as few colons or
// fewer, so every level needs one colon more than the level inside it;
// openOnly leaves them all open (one line a level) instead.
func NestedContainers(n int, openOnly bool) string {
	var b strings.Builder
	if openOnly {
		for i := 0; i < n; i++ {
			b.WriteString(":::callout{kind=note}\n")
		}
		b.WriteString("x\n")
		return b.String()
	}
	for i := 0; i < n; i++ {
		b.WriteString(strings.Repeat(":", 3+n-i) + "callout{kind=note}\n")
	}
	b.WriteString("x\n")
	for i := n - 1; i >= 0; i-- {
		b.WriteString(strings.Repeat(":", 3+n-i) + "\n")
	}
	return b.String()
}

// CitesInOneParagraph is one paragraph of n citations of source#p1.
func CitesInOneParagraph(n int, source string) string {
	return strings.Repeat(":cite[¶1]{src="+source+"} ", n) + "\n"
}

// SameHeadings is n headings with the same text.
func SameHeadings(n int) string { return strings.Repeat("## Overview\n\n", n) }

// TOMLFrontMatter is a page whose TOML front matter has n keys.
func TOMLFrontMatter(n int) string {
	var b strings.Builder
	b.WriteString("+++\ntitle = \"Many keys\"\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "key_%d = %d\n", i, i)
	}
	b.WriteString("+++\nBody.\n")
	return b.String()
}

// SourceParagraphs is the body of a numbered source of n paragraphs, each
// two sentences of different words.
func SourceParagraphs(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "Paragraph %d says that policy number %d raises output in region %d. Its second sentence names year %d and sector %d.\n\n", i, i, i%97, 2000+i%25, i%13)
	}
	return b.String()
}

// Misquotes is n quotes of wang-peng citing source#p1, none of which is in it.
func Misquotes(n int, source string) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, ":::quote{who=wang-peng cite=%s#p1}\nPolicy number %d lowers output in region %d\n:::\n\n", source, i, i%89)
	}
	return b.String()
}

// UnclosedLabels is one line of n inline openers ":name[a " whose labels
// never close.
func UnclosedLabels(n int, name string) string { return strings.Repeat(":"+name+"[a ", n) + "\n" }

// Glossary is n glossary phrases of two words each ("term 0 phrase" …),
// none of which a page of Prose holds.
func Glossary(n int) []string {
	phrases := make([]string, n)
	for i := range phrases {
		phrases[i] = fmt.Sprintf("glossary term %d", i)
	}
	return phrases
}

// Prose is n paragraphs of plain words broken by emphasis, so each holds
// several runs of text, as a long explainer does.
func Prose(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "The report sets *priorities* for the year %d, and the term used in paragraph %d is **not** in the glossary.\n\n", 2000+i%25, i)
	}
	return b.String()
}

// UnclosedQuotations is one paragraph of n opening quotation marks “ that
// nothing closes, each before a word.
func UnclosedQuotations(n int) string { return strings.Repeat("“a ", n) }

// Brackets is one line of n "[" that nothing closes.
func Brackets(n int) string { return strings.Repeat("[", n) + "\n" }

// Emphasis is one paragraph of n emphasised one-letter words, "_a_ ".
func Emphasis(n int) string { return strings.Repeat("_a_ ", n) + "\n" }

// BacktrackingCode is n code blocks that chroma's JSONata lexer backtracks
// on for minutes each: a string rule tries 2^64 ways to read an unclosed
// quote and 64 backslashes.
func BacktrackingCode(n int) string {
	return strings.Repeat("```jsonata\n'"+strings.Repeat(`\`, 64)+"\n```\n\n", n)
}

// CodeBlocks is n small code blocks, each tagged with tag(i) ("" for none).
func CodeBlocks(n int, tag func(i int) string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString("```" + tag(i) + "\nx := 1\n```\n\n")
	}
	return b.String()
}

// LinkDefinitions is n link reference definitions in a row, [r0]: /x0 and on,
// one paragraph to goldmark.
func LinkDefinitions(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "[r%d]: /x%d\n", i, i)
	}
	return b.String()
}

// Footnotes is refs references, each to one of defs footnotes in turn,
// then the footnotes' definitions.
func Footnotes(defs, refs int) string {
	var b strings.Builder
	for i := range refs {
		fmt.Fprintf(&b, "x[^%d] ", i%defs)
	}
	b.WriteString("\n\n")
	for i := range defs {
		fmt.Fprintf(&b, "[^%d]: note %d\n", i, i)
	}
	return b.String()
}

// RandomHan is n Chinese characters drawn from the CJK block with a fixed
// seed: two-character words that are nearly all different, the most a
// search index can be asked to hold.
func RandomHan(n int) string {
	var b strings.Builder
	state := uint32(1)
	for range n {
		state = state*1664525 + 1013904223 // a linear congruential generator: the same text every time
		b.WriteRune(rune(0x4e00 + int(state>>8)%(0x9fa5-0x4e00)))
	}
	return b.String()
}
