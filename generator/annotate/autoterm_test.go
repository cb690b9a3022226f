package annotate

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"

	"github.com/gloss-ssg/gloss/generator/hostile"
	"github.com/gloss-ssg/gloss/generator/markdown"
)

// autoSite is a site that links glossary terms automatically; every term
// id resolves.
type autoSite struct {
	fakeSite
	terms *TermSet
}

func newAutoSite(terms []AutoTerm) *autoSite { return &autoSite{terms: NewTermSet(terms)} }

func (a *autoSite) AutoTerms() *TermSet { return a.terms }

func (a *autoSite) Entity(kind, id string) (Entity, bool) {
	if kind == "term" {
		return Entity{Kind: kind, ID: id, Title: id, Href: "/glossary/" + id + "/"}, true
	}
	return a.fakeSite.Entity(kind, id)
}

// TestAutoTerms: the first use of every term on a page is linked, however
// many share a run of text, and only the first.
func TestAutoTerms(t *testing.T) {
	terms := []AutoTerm{
		{ID: "state-council", Phrases: []string{"State Council"}},
		{ID: "basic-research", Phrases: []string{"basic research"}},
		{ID: "digital-economy", Phrases: []string{"digital economy", "data economy"}},
		{ID: "economy", Phrases: []string{"economy"}},
	}
	span := func(id, text string) string {
		return `<span class="annotation annotation-term" data-id="` + id + `">` + text + `</span>`
	}
	for _, tt := range []struct{ name, src, want string }{
		{"every term in one run of text",
			"About state council, basic research, digital economy here.\n",
			"<p>About " + span("state-council", "state council") + ", " + span("basic-research", "basic research") + ", " + span("digital-economy", "digital economy") + " here.</p>\n"},
		{"only the first use of each",
			"basic research and basic research, State Council and state council.\n",
			"<p>" + span("basic-research", "basic research") + " and basic research, " + span("state-council", "State Council") + " and state council.</p>\n"},
		{"the first use in reading order, across paragraphs",
			"Some economy and basic research.\n\nThe data economy, the economy.\n",
			"<p>Some " + span("economy", "economy") + " and " + span("basic-research", "basic research") + ".</p>\n<p>The " + span("digital-economy", "data economy") + ", the economy.</p>\n"},
		{"a term the author annotated is left alone",
			"The :term[basic research]{id=basic-research} and basic research, State Council.\n",
			"<p>The " + span("basic-research", "basic research") + " and basic research, " + span("state-council", "State Council") + ".</p>\n"},
		{"words, not parts of words",
			"Macroeconomy and economy.\n",
			"<p>Macroeconomy and " + span("economy", "economy") + ".</p>\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			site := newAutoSite(terms)
			conv := markdown.New(markdown.Options{Extensions: []goldmark.Extender{New(Explainers(), nil)}})
			out := conv.Convert(markdown.Input{File: "content/e.md", Source: []byte(tt.src), BodyLine: 1, Values: map[any]any{ResolverKey: site}})
			if len(out.Problems) != 0 {
				t.Fatalf("problems: %v", out.Problems)
			}
			if got := string(out.HTML); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
			if strings.Count(tt.want, "annotation-term") != len(site.refs) {
				t.Errorf("recorded %d references for %s", len(site.refs), tt.want)
			}
		})
	}
}

// convertAuto converts src on a site linking terms automatically, with the
// matcher or, byPhrase, looking for each phrase in turn as gloss did before.
func convertAuto(src string, terms []AutoTerm, byPhrase bool) markdown.Output {
	ext := New(Explainers(), nil)
	if byPhrase {
		ext.referenceTerms = autoTermsByPhrase
	}
	conv := markdown.New(markdown.Options{Extensions: []goldmark.Extender{ext}})
	return conv.Convert(markdown.Input{File: "content/e.md", Source: []byte(src), BodyLine: 1, Values: map[any]any{ResolverKey: newAutoSite(terms)}})
}

// TestAutoTermsAtScale: a big glossary on a long page links what looking
// for each phrase in turn linked, in time linear in the page and the
// glossary (BenchmarkAutoTerms; before the matcher, 1,000 terms on this page
// took 4.3 s and 262 MB).
func TestAutoTermsAtScale(t *testing.T) {
	var terms []AutoTerm
	for i, ph := range hostile.Glossary(1000) {
		terms = append(terms, AutoTerm{ID: fmt.Sprintf("t%d", i), Phrases: []string{ph}})
	}
	terms = append(terms,
		AutoTerm{ID: "report", Phrases: []string{"the report"}},
		AutoTerm{ID: "year", Phrases: []string{"year 2024", "year"}},
		AutoTerm{ID: "glossary", Phrases: []string{"glossary"}})
	src := hostile.Prose(500) + "Glossary term 999 and glossary term 12, in the year 2024.\n"
	out := convertAuto(src, terms, false)
	if len(out.Problems) != 0 {
		t.Fatalf("problems: %v", out.Problems)
	}
	// Longer phrases are looked for first: "year 2024" takes its first use
	// (paragraph 24), so "year" alone links nothing earlier; "glossary term
	// 999" and "glossary term 12" are in the last paragraph, and "glossary"
	// alone in the first, beside "The report".
	for _, want := range []string{
		`<p><span class="annotation annotation-term" data-id="report">The report</span> sets <em>priorities</em> for the year 2000, and the term used in paragraph 0 is <strong>not</strong> in the <span class="annotation annotation-term" data-id="glossary">glossary</span>.</p>`,
		`<p>The report sets <em>priorities</em> for the <span class="annotation annotation-term" data-id="year">year 2024</span>, and the term used in paragraph 24 is`,
		`<p><span class="annotation annotation-term" data-id="t999">Glossary term 999</span> and <span class="annotation annotation-term" data-id="t12">glossary term 12</span>, in the year 2024.</p>`,
	} {
		if !strings.Contains(string(out.HTML), want) {
			t.Errorf("missing:\n%s\nin:\n%s", want, out.HTML[max(0, len(out.HTML)-600):])
		}
	}
	if got := strings.Count(string(out.HTML), "annotation-term"); got != 5 {
		t.Errorf("%d terms linked, want 5", got)
	}
	if ref := convertAuto(src, terms, true); string(ref.HTML) != string(out.HTML) {
		t.Error("the matcher links other words than looking for each phrase did")
	}
}

// FuzzAutoTerms holds the matcher equal to looking for each phrase in turn.
// The glossary is the input's first line, phrases separated by "|".
func FuzzAutoTerms(f *testing.F) {
	for _, s := range []string{
		"state council|basic research|digital economy|data economy|economy\nAbout state council, basic research, digital economy here.",
		"economy|macroeconomy\nMacroeconomy and economy.\n\nThe economy.",
		"a|a a|a a a\na a a a a a *a* a",
		"-x|x-|x\nx-x -x x- x",
		"ab|b|bc|abc\nabc bc ab b, abcbc",
		"İstanbul|i\nİstanbul is i.",
		"t 1|t 12\n" + hostile.Prose(3),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		glossary, src, _ := strings.Cut(in, "\n")
		var terms []AutoTerm
		for i, ph := range strings.Split(glossary, "|") {
			if strings.TrimSpace(ph) != "" {
				terms = append(terms, AutoTerm{ID: fmt.Sprintf("t%d", i%3), Phrases: []string{ph}})
			}
		}
		got, want := convertAuto(src, terms, false), convertAuto(src, terms, true)
		if string(got.HTML) != string(want.HTML) {
			t.Fatalf("matcher:\n%s\nby phrase:\n%s", got.HTML, want.HTML)
		}
	})
}

// autoTermsByPhrase finds what the matcher finds, phrase by phrase: the way
// gloss linked terms before the matcher, kept as the reference it is tested
// against (FuzzAutoTerms).
func autoTermsByPhrase(texts []*ast.Text, set *TermSet, done map[string]bool, src []byte, pc parser.Context) {
	for _, ph := range set.phrases {
		if done[ph.id] {
			continue
		}
		for i, t := range texts {
			if t == nil {
				continue
			}
			val := t.Segment.Value(src)
			at := indexWord(lowerSameLength(val), ph.lower)
			if at < 0 {
				continue
			}
			// The text before and after the phrase stay in the list, in
			// reading order, where the next terms may be found: a run of
			// text can hold the first use of many terms.
			before, after := splitIntoTerm(t, at, len(ph.lower), ph.id)
			texts[i] = before
			texts = slices.Insert(texts, i+1, after)
			pc.Set(seenKey, true) // the checks must now see this directive
			done[ph.id] = true
			break
		}
	}
}

// indexWord finds phrase in s at word boundaries.
func indexWord(s, phrase []byte) int {
	for from := 0; from < len(s); {
		i := bytes.Index(s[from:], phrase)
		if i < 0 {
			return -1
		}
		i += from
		end := i + len(phrase)
		before, _ := utf8.DecodeLastRune(s[:i])
		after, _ := utf8.DecodeRune(s[end:])
		if (i == 0 || !isWordRune(before)) && (end == len(s) || !isWordRune(after)) {
			return i
		}
		from = i + 1
	}
	return -1
}
