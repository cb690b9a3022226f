package pipeline

import (
	"context"
	"html"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const termsInSourceSite = `
-- gloss.toml --
title = "Terms in sources"
auto_link_terms = true
-- content/glossary/_index.md --
---
title: Glossary
page_layout: term
---
-- content/glossary/core-technologies.md --
---
title: core technologies
definition: Technologies at the heart of an industry.
---
-- content/sources/_index.md --
---
title: Sources
page_layout: source
---
-- content/sources/plan.md --
---
title: The plan
---
Breakthroughs in core technologies come first.

The plan says little else about core technologies.
-- content/explainers/_index.md --
---
title: Explainers
page_layout: explainer
---
-- content/explainers/x.md --
---
title: X
summary: X.
---
About core technologies :cite[¶1]{src=plan}.
`

// TestTermsInSourcesOnRequest: a source's text gets term links only when
// the site asks (auto_link_terms_in_sources), and then not a character of
// its text changes.
func TestTermsInSourcesOnRequest(t *testing.T) {
	numbered := regexp.MustCompile(`(?s)<p id="p\d+" class="numbered">(.*?)</p>`)
	text := func(page string) []string {
		var out []string
		for _, m := range numbered.FindAllStringSubmatch(page, -1) {
			out = append(out, html.UnescapeString(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(m[1], "")))
		}
		return out
	}
	build := func(extra string) string {
		dir := siteFrom(t, strings.Replace(termsInSourceSite, "auto_link_terms = true\n", "auto_link_terms = true\n"+extra, 1))
		if _, err := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin}); err != nil {
			t.Fatal(err)
		}
		return snapshot(t, filepath.Join(dir, "public"))["sources/plan/index.html"]
	}
	plain := build("")
	marked := build("auto_link_terms_in_sources = true\n")
	if strings.Contains(plain, `class="term"`) {
		t.Errorf("a source's terms are linked though the site did not ask")
	}
	if !strings.Contains(marked, `href="/glossary/core-technologies/"`) {
		t.Errorf("auto_link_terms_in_sources links no term in the source")
	}
	if a, b := text(plain), text(marked); len(a) != 2 || strings.Join(a, "\n") != strings.Join(b, "\n") {
		t.Errorf("marking terms changed the source's text:\n%q\n%q", a, b)
	}
}
