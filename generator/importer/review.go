package importer

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/gloss-ssg/gloss/generator/diag"
)

// Finding is something in the imported text worth a look, at a paragraph.
type Finding struct {
	Paragraph int // ¶ number
	Msg       string
}

// Limits for paragraphs that look wrong: most paragraphs of a report are
// between these; outside them, an import has often split or merged some.
const (
	shortWords = 5
	longWords  = 250
)

// Suspicious lists paragraphs that may have been imported wrongly: very
// short (a caption, a page number, a heading read as text), very long (two
// run together), or one that seems to be cut in two (it stops without a
// full stop and the next goes on in lower case).
func Suspicious(paragraphs []string) []Finding {
	var out []Finding
	for i, p := range paragraphs {
		n := i + 1
		words := len(strings.Fields(p))
		switch {
		case words < shortWords:
			out = append(out, Finding{n, fmt.Sprintf("very short (%d %s): %q: a heading, a caption or a page number read as text?", words, diag.Plural(words, "word"), p)})
		case words > longWords:
			out = append(out, Finding{n, fmt.Sprintf("very long (%d words): two paragraphs run together?", words)})
		}
		if i+1 < len(paragraphs) && !endsSentence(p) && startsLower(paragraphs[i+1]) {
			out = append(out, Finding{n, fmt.Sprintf("ends without a full stop and ¶%d goes on in lower case: one paragraph cut in two?", n+1)})
		}
	}
	return out
}

func endsSentence(p string) bool {
	p = strings.TrimRight(p, " ")
	return p == "" || strings.ContainsRune(".!?…:;\"”’)]", lastRune(p))
}

func startsLower(p string) bool {
	for _, r := range p {
		return unicode.IsLower(r)
	}
	return false
}

// Attribution is a sentence that says who said something: a candidate for
// marking up who said it.
type Attribution struct {
	Paragraph int
	Speaker   string // the name as the text gives it, "" when not found
	Sentence  string
}

// sayingVerb matches the verbs that report speech.
const sayingVerb = `(?:said|says|say|stated|states|state|added|adds|noted|notes|told|tells|explained|explains|argued|argues|warned|warns|announced|announces|declared|declares|stressed|stresses|emphasi[sz]ed|emphasi[sz]es|pointed out|points out|remarked|remarks|insisted|insists|acknowledged|acknowledges|wrote|writes|asserted|asserts|urged|urges|called for|calls for|believes|believed)`

// name is a run of capitalised words, allowing initials and particles
// inside ("Li Keqiang", "Jean-Claude van Berg", "J. Smith").
const name = `(\p{Lu}[\p{L}'’.-]*(?:\s+(?:(?:van|von|de|da|del|der|bin|al|le)\s+)?\p{Lu}[\p{L}'’.-]*)*)`

var (
	// "X said", "X, the minister, said"
	nameThenVerb = regexp.MustCompile(name + `(?:,[^,]{1,80},)?\s+(?:has\s+|had\s+|also\s+)?` + sayingVerb + `\b`)
	// "according to X"
	accordingTo = regexp.MustCompile(`(?i:according to)\s+` + name)
	// "…,” said X / "…," X said
	quoteThenSpeaker = regexp.MustCompile(`[”"’],?\s+(?:` + sayingVerb + `\s+` + name + `|` + name + `\s+` + sayingVerb + `)`)
	sentenceEnd      = regexp.MustCompile(`[.!?…]["”’)]?\s+["“‘(]?\p{Lu}`)
)

// notNames are capitalised words that start a sentence or stand for a
// document rather than a person.
var notNames = map[string]bool{
	"The": true, "This": true, "That": true, "These": true, "Those": true, "It": true, "He": true, "She": true,
	"They": true, "We": true, "I": true, "You": true, "There": true, "A": true, "An": true, "Its": true, "His": true,
	"Her": true, "Their": true, "In": true, "On": true, "As": true, "But": true, "And": true, "Also": true, "However": true,
}

// Attributions lists the sentences that say who said what, with the
// speaker where the sentence names one.
func Attributions(paragraphs []string) []Attribution {
	var out []Attribution
	for i, p := range paragraphs {
		for _, s := range sentences(p) {
			speaker, ok := speakerOf(s)
			if ok {
				out = append(out, Attribution{Paragraph: i + 1, Speaker: speaker, Sentence: s})
			}
		}
	}
	return out
}

func speakerOf(s string) (string, bool) {
	if m := accordingTo.FindStringSubmatch(s); m != nil && isName(m[1]) {
		return trimName(m[1]), true
	}
	if m := quoteThenSpeaker.FindStringSubmatch(s); m != nil {
		for _, g := range m[1:] {
			if g != "" && isName(g) {
				return trimName(g), true
			}
		}
	}
	for _, m := range nameThenVerb.FindAllStringSubmatch(s, -1) {
		if isName(m[1]) {
			return trimName(m[1]), true
		}
	}
	return "", false
}

// isName rejects runs that are only a sentence's first word ("The report
// said" names no one).
func isName(run string) bool {
	words := strings.Fields(run)
	for len(words) > 0 && notNames[words[0]] {
		words = words[1:]
	}
	return len(words) > 0
}

func trimName(run string) string {
	words := strings.Fields(strings.TrimRight(run, ".,’'"))
	for len(words) > 1 && notNames[words[0]] {
		words = words[1:]
	}
	return strings.Join(words, " ")
}

// abbreviations end in a full stop without ending a sentence.
var abbreviations = map[string]bool{"Mr": true, "Mrs": true, "Ms": true, "Dr": true, "Prof": true, "St": true, "No": true,
	"Gen": true, "Sen": true, "Rep": true, "Gov": true, "Col": true, "Lt": true, "Jr": true, "Sr": true, "Vol": true, "Art": true, "Para": true, "e.g": true, "i.e": true, "vs": true, "U.S": true}

// sentences splits a paragraph at the ends of its sentences.
func sentences(p string) []string {
	var out []string
	from := 0
	for from < len(p) {
		loc := sentenceEnd.FindStringIndex(p[from:])
		if loc == nil {
			break
		}
		start, end := from+loc[0], from+loc[1]
		// Split after the space, before the next sentence's first mark.
		cut := start + strings.LastIndexAny(p[start:end], " \t\n") + 1
		word := p[strings.LastIndexAny(p[:start], " (")+1 : start]
		if abbreviations[word] || len([]rune(word)) == 1 && unicode.IsUpper([]rune(word)[0]) {
			from = cut
			continue
		}
		out = append(out, strings.TrimSpace(p[:cut]))
		p, from = p[cut:], 0
	}
	if s := strings.TrimSpace(p); s != "" {
		out = append(out, s)
	}
	return out
}
