package importer

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// bullet matches the marker of a list item in plain text.
var bullet = regexp.MustCompile(`^\s*([-*•◦▪–]|\d{1,3}[.)]|\(?[a-z][.)])\s+`)

// parseText reads plain text: blank lines separate paragraphs, and the
// lines of a paragraph, hard-wrapped at some width, are joined. A block of
// lines that all start with a bullet or a number is a list; a single short
// line without final punctuation is a heading.
func parseText(src string) parsed {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	src = strings.ReplaceAll(src, "\r", "\n")
	var p parsed
	unwrapped := 0
	for _, chunk := range splitBlank(src) {
		lines := strings.Split(chunk, "\n")
		if b, ok := textList(lines); ok {
			p.blocks = append(p.blocks, b)
			continue
		}
		// "Priorities:" and its list, with no blank line between.
		if k := firstBullet(lines); k > 0 {
			if b, ok := textList(lines[k:]); ok {
				p.blocks = append(p.blocks, block{kind: paragraph, text: joinLines(lines[:k])}, b)
				continue
			}
		}
		groups := [][]string{lines}
		if !hardWrapped(lines) {
			// Text saved from a word processor or a web page has one
			// paragraph per line, and maybe no blank lines at all.
			groups = groups[:0]
			for _, l := range lines {
				groups = append(groups, []string{l})
			}
			unwrapped++
		}
		for _, g := range groups {
			text := joinLines(g)
			if text == "" {
				continue
			}
			if len(g) == 1 && looksLikeHeading(text) {
				p.blocks = append(p.blocks, block{kind: heading, level: 2, text: text})
				continue
			}
			p.blocks = append(p.blocks, block{kind: paragraph, text: text})
		}
	}
	if unwrapped > 0 {
		p.notes = append(p.notes, fmt.Sprintf("lines longer than %d characters: read each line as a paragraph, not as a line wrapped inside one", wrapWidth))
	}
	// A first line that is a heading is the document's title.
	if len(p.blocks) > 0 && p.blocks[0].kind == heading {
		p.blocks[0].level = 1
	}
	return p
}

// wrapWidth is the longest line a hard-wrapped text has: 72 to 80 is usual.
const wrapWidth = 100

// hardWrapped reports whether lines are one paragraph wrapped at a width:
// no line but the last is longer than wrapWidth.
func hardWrapped(lines []string) bool {
	for _, l := range lines[:len(lines)-1] {
		if utf8.RuneCountInString(strings.TrimSpace(l)) > wrapWidth {
			return false
		}
	}
	return true
}

// splitBlank splits text at lines that hold only white space.
func splitBlank(src string) []string {
	var chunks []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			chunks = append(chunks, strings.Join(cur, "\n"))
			cur = nil
		}
	}
	for _, l := range strings.Split(src, "\n") {
		if strings.TrimSpace(l) == "" {
			flush()
			continue
		}
		cur = append(cur, l)
	}
	flush()
	return chunks
}

// joinLines joins hard-wrapped lines into one: with a space, except after a
// hyphen that ends a line inside a word ("eco-" + "friendly").
func joinLines(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		l = clean(l)
		if l == "" {
			continue
		}
		if b.Len() > 0 {
			prev := b.String()
			if !(strings.HasSuffix(prev, "-") && len(prev) > 1 && unicode.IsLetter(lastRune(prev[:len(prev)-1]))) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(l)
	}
	return b.String()
}

func lastRune(s string) rune {
	r := []rune(s)
	if len(r) == 0 {
		return 0
	}
	return r[len(r)-1]
}

// textList reads a block whose first line starts with a bullet and whose
// other lines either do too or continue the item above.
func textList(lines []string) (block, bool) {
	if !bullet.MatchString(lines[0]) {
		return block{}, false
	}
	first := bullet.FindStringSubmatch(lines[0])[1]
	b := block{kind: list, ordered: first[0] >= '0' && first[0] <= '9'}
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			b.items = append(b.items, item{text: joinLines(cur)})
			cur = nil
		}
	}
	for _, l := range lines {
		if m := bullet.FindStringIndex(l); m != nil {
			flush()
			l = l[m[1]:]
		}
		cur = append(cur, l)
	}
	flush()
	// One bulleted line followed by wrapped text is a paragraph that starts
	// with a number ("2023 was…" is no list, "1. The report" might be):
	// a list needs two items.
	if len(b.items) < 2 {
		return block{}, false
	}
	return b, true
}

// looksLikeHeading reports whether a paragraph of one line reads as a
// heading: short, starting with a capital or a number, and not ending as a
// sentence does.
func looksLikeHeading(text string) bool {
	words := strings.Fields(text)
	if len(words) == 0 || len(words) > 12 || len(text) > 90 {
		return false
	}
	first := []rune(text)[0]
	if !unicode.IsUpper(first) && !unicode.IsDigit(first) {
		return false
	}
	last := lastRune(text)
	return !strings.ContainsRune(".,;:!?\"”’)…", last)
}

// firstBullet is the index of the first line that starts a list item, or -1.
func firstBullet(lines []string) int {
	for i, l := range lines {
		if bullet.MatchString(l) {
			return i
		}
	}
	return -1
}
