package pipeline

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/generator/search"
)

// TestTooManyWordsForSearch: a page of more different words than search
// takes (search.MaxPageWords) builds, with a warning at the page that says
// what search leaves out; its search record is still written.
func TestTooManyWordsForSearch(t *testing.T) {
	var body strings.Builder
	for i := range search.MaxPageWords + 1 {
		fmt.Fprintf(&body, "w%x ", i)
	}
	site := map[string]string{
		"gloss.toml":                   "title = \"Words\"\nauto_link_terms = false\n",
		"content/explainers/_index.md": "---\ntitle: Explainers\npage_layout: explainer\n---\nIntro.\n",
		"content/explainers/words.md":  "---\ntitle: \"Words\"\nsummary: \"Many words.\"\n---\n" + body.String() + "\n",
	}
	files, warnings, err := buildFiles(t, site)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("content/explainers/words.md:1:1: warning: more than %d different words on this page: search finds the page by the first %d it meets, not by those after; "+
		"split the page to have it found by all", search.MaxPageWords, search.MaxPageWords)
	if len(warnings) != 1 || warnings[0].String() != want {
		t.Fatalf("warnings %q,\nwant one: %s", warnings, want)
	}
	if _, ok := files["explainers/words/index.html"]; !ok {
		t.Error("the page was not built")
	}
}
