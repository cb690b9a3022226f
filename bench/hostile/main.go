// Command hostile writes one small site per hostile shape of issue 12, each
// with a content file of about -size bytes, for whole-process measurements:
//
//	go run ./bench/hostile -out /tmp/hostile -size 2000000
//	for s in /tmp/hostile/*/; do /usr/bin/time -f "$s %e s %U+%S cpu %M KB" gloss check --source $s; done
//
// The shapes themselves live in generator/hostile, where the tests and
// benchmarks build them too.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gloss-ssg/gloss/generator/annotate"
	"github.com/gloss-ssg/gloss/generator/hostile"
	"github.com/gloss-ssg/gloss/generator/markdown"
)

func main() {
	out := flag.String("out", "", "the folder to write the sites into")
	size := flag.Int("size", 2000000, "about how many bytes the hostile file has")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: hostile -out DIR [-size BYTES]")
		os.Exit(2)
	}
	n := *size
	page := func(body string) string { return "---\ntitle: Hostile\nsummary: A hostile page.\n---\n" + body }
	fill := func(prefix, line string) string {
		return prefix + strings.Repeat(line, max(0, (n-len(prefix))/len(line)))
	}
	sources := "---\ntitle: Sources\npage_layout: source\n---\n"
	sites := map[string]map[string]string{
		"lists-one-line":      {"content/a.md": page(hostile.NestedLists(n / 2))},
		"quotes-one-line":     {"content/a.md": page(hostile.NestedQuotes(n / 2))},
		"containers-open":     {"content/a.md": page(hostile.NestedContainers(n/22, true))},
		"containers-max-deep": {"content/a.md": page(fill(hostile.NestedContainers(markdown.MaxDepth, true), "a\n"))},
		"lists-blank-lines":   {"content/a.md": page(fill(hostile.NestedLists(markdown.MaxDepth-1), "\n"))},
		"lists-max-deep-lazy": {"content/a.md": page(fill(hostile.NestedLists(100), "a\n"))},
		"headings":            {"content/a.md": page(hostile.SameHeadings(n / 12))},
		"cites-one-paragraph": {"content/a.md": page(hostile.CitesInOneParagraph(n/19, "s")), "content/sources/_index.md": sources, "content/sources/s.md": "---\ntitle: S\n---\nOne paragraph.\n"},
		"headings-at-bound":   {"content/a.md": page(fill(hostile.SameHeadings(markdown.MaxHeadings), "a\n"))},
		"cites-at-bound":      {"content/a.md": page(fill(hostile.CitesInOneParagraph(annotate.MaxAnnotations, "s")+"\n", "a\n")), "content/sources/_index.md": sources, "content/sources/s.md": "---\ntitle: S\n---\nOne paragraph.\n"},
		"toml-keys":           {"content/a.md": hostile.TOMLFrontMatter(n / 16)},
		"misquotes": {
			"content/a.md":                page(hostile.Misquotes(500, "s")),
			"content/sources/_index.md":   sources,
			"content/sources/s.md":        "---\ntitle: S\n---\n" + hostile.SourceParagraphs(min(10000, n/110)),
			"content/people/_index.md":    "---\ntitle: People\npage_layout: person\n---\n",
			"content/people/wang-peng.md": "---\ntitle: Wang Peng\n---\n",
		},
		"open-links":            {"content/a.md": page(strings.Repeat("[a](", n/4) + "\n")},
		"brackets":              {"content/a.md": page(strings.Repeat("[", n) + "\n")},
		"brackets-at-bound":     {"content/a.md": page(fill(hostile.Brackets(markdown.MaxInlineMarks)+"\n", "a\n"))},
		"link-openers-at-bound": {"content/a.md": page(fill(strings.Repeat("[a", markdown.MaxInlineMarks)+"\n\n", "a\n"))},
		"emphasis-at-bound":     {"content/a.md": page(fill(hostile.Emphasis(markdown.MaxInlineMarks/2)+"\n", "a\n"))},
		"quote-marks":           {"content/a.md": page(strings.Repeat("'", n) + "\n")},
		"unclosed-quotations":   {"content/a.md": page(hostile.UnclosedQuotations(n/5) + ":cite[¶1]{src=s}\n"), "content/sources/_index.md": sources, "content/sources/s.md": "---\ntitle: S\n---\nOne paragraph.\n"},
		"unclosed-labels-prose": {"content/a.md": page(hostile.UnclosedLabels(n/5, "x"))},
		"unclosed-labels-cite":  {"content/a.md": page(hostile.UnclosedLabels(n/8, "cite"))},
		"code-backtracks":       {"content/a.md": page(fill(hostile.BacktrackingCode(1), "a\n"))},
		"code-backtracks-many":  {"content/a.md": page(hostile.BacktrackingCode(n / 80))},
		"code-one-huge-block":   {"content/a.md": page("```go\n" + fill("", "func f(x int) int { return x * 2 } // doubled\n") + "```\n")},
		// Fourth round: shapes of every Markdown construct and of text.
		"list-items":              {"content/a.md": page(strings.Repeat("- a\n", n/4))},
		"setext-headings":         {"content/a.md": page(strings.Repeat("a\n=\n", n/4))},
		"table-rows":              {"content/a.md": page("|a|b|\n|-|-|\n" + strings.Repeat("|x|y|\n", n/6))},
		"table-columns":           {"content/a.md": page("|" + strings.Repeat("a|", n/4) + "\n|" + strings.Repeat("-|", n/4) + "\n")},
		"link-definitions":        {"content/a.md": page(hostile.LinkDefinitions(n / 14))},
		"link-definitions-lines":  {"content/a.md": page(hostile.LinkDefinitions(2000) + strings.Repeat("a\n", (n-30000)/2))},
		"code-blocks-no-language": {"content/a.md": page(hostile.CodeBlocks(n/14, func(int) string { return "" }))},
		"footnotes":               {"content/a.md": page(hostile.Footnotes(n/30, n/30))},
		"chinese":                 {"content/a.md": page(hostile.RandomHan(n/3) + "\n")},
		"toml-nested":             {"content/a.md": "+++\ntitle = \"T\"\nx = " + strings.Repeat("[", n/2) + strings.Repeat("]", n/2) + "\n+++\nx\n"},
		"yaml-nested":             {"content/a.md": "---\ntitle: T\nx: " + strings.Repeat("[", n/2) + strings.Repeat("]", n/2) + "\n---\nx\n"},
		"crlf-plain":              {"content/a.md": strings.ReplaceAll(page(fill("", "Plain text over many lines, saved on Windows.\n")), "\n", "\r\n")},
	}
	for name, files := range sites {
		for rel, data := range files {
			p := filepath.Join(*out, name, filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
	}
}
