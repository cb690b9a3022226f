package annotate

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark"

	"github.com/gloss-ssg/gloss/generator/markdown"
)

// autoSite is a site that links glossary terms automatically; every term
// id resolves.
type autoSite struct {
	fakeSite
	terms []AutoTerm
}

func (a *autoSite) AutoTerms() []AutoTerm { return a.terms }

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
			site := &autoSite{terms: terms}
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
