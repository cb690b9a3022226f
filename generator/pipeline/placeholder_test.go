package pipeline

import (
	"strings"
	"testing"
)

// figureSite defines a key figure on one page and shows it on another and
// on the source it cites, and the other page's raw HTML (unsafe_html) then writes what looks like gloss's own
// figure placeholder: once left open, once closed.
const figureSite = `
-- gloss.toml --
title = "Site"
unsafe_html = true
-- content/sources/_index.md --
---
title: Sources
page_layout: source
---
-- content/sources/report.md --
---
title: The report
---
Spending on basic research doubled over the past five years.

::stat{ref=basic}
-- content/explainers/_index.md --
---
title: Explainers
page_layout: explainer
---
-- content/explainers/defines.md --
---
title: Defines
summary: Defines the figure.
---
::stat[Spending on basic research]{#basic value=Doubled cite=report#p1}
-- content/explainers/shows.md --
---
title: Shows
summary: Shows the figure.
---
::stat{ref=basic}

<div><!--gloss:stat:basic--></div>

<!--gloss:stat:basic
`

// TestRawHTMLLooksLikeAFigurePlaceholder: an author's raw HTML is kept as
// written, even when it spells gloss's placeholder for a figure shown from
// another page, closed or not; the figure referenced with ::stat{ref=…} is
// still shown. The unclosed one made the build panic.
func TestRawHTMLLooksLikeAFigurePlaceholder(t *testing.T) {
	files := buildClean(t, siteFrom(t, figureSite))
	page := files["explainers/shows/index.html"]
	for _, want := range []string{
		`<p class="stat-value">Doubled</p>`,
		"<div><!--gloss:stat:basic--></div>",
		"<!--gloss:stat:basic\n",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("explainers/shows/index.html lacks %q", want)
		}
	}
	if n := strings.Count(page, `<p class="stat-value">`); n != 1 {
		t.Errorf("explainers/shows/index.html shows %d figure cards, want 1 (raw HTML is not a placeholder)", n)
	}
	// A source shows a figure too, though it is converted twice.
	if source := files["sources/report/index.html"]; !strings.Contains(source, `<p class="stat-value">Doubled</p>`) {
		t.Errorf("sources/report/index.html lacks the figure it references:\n%s", source)
	}
}
