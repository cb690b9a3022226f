package pipeline

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestBacklinksListEachPageOnce: a person quoted three times on one page,
// quoted on their own page, and named on a term's page; a term used twice
// on a page and linked from another. Each page that mentions them is listed
// once, under its kind, and never the page itself.
func TestBacklinksListEachPageOnce(t *testing.T) {
	dir := siteFrom(t, `
-- content/people/_index.md --
---
title: People
page_layout: person
---
-- content/people/wang-peng.md --
---
title: Wang Peng
role: research fellow
---
His words, quoted on his own page:

:::quote{who=wang-peng cite=report#p1}
China still faces bottlenecks
:::
-- content/glossary/_index.md --
---
title: Glossary
page_layout: term
---
-- content/glossary/chips.md --
---
title: Chips
definition: Integrated circuits.
---
Named by :person[Wang Peng]{id=wang-peng}.
-- content/sources/_index.md --
---
title: Sources
page_layout: source
---
-- content/sources/report.md --
---
title: The report
---
Wang Peng pointed out that China still faces bottlenecks in major technologies, such as chips.
-- content/explainers/_index.md --
---
title: Explainers
page_layout: explainer
---
-- content/explainers/bottlenecks.md --
---
title: Bottlenecks
summary: Bottlenecks.
---
:::quote{who=wang-peng cite=report#p1}
China still faces bottlenecks
:::

:::quote{who=wang-peng cite=report#p1}
in major technologies
:::

:::quote{who=wang-peng cite=report#p1}
such as chips
:::

:term[Chips]{id=chips} and again :term[chips]{id=chips}, as [Wang Peng](../people/wang-peng.md) says.
-- content/explainers/other.md --
---
title: Other
summary: Other.
---
See [chips](../glossary/chips.md).
`)
	if _, err := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin}); err != nil {
		t.Fatal(err)
	}
	files := snapshot(t, filepath.Join(dir, "public"))
	section := regexp.MustCompile(`(?s)<section class="backlinks".*?</section>`)
	links := regexp.MustCompile(`<h3 class="card-title"><a href="([^"]+)"`)
	groups := regexp.MustCompile(`<h3 class="backlinks-group">([^<]+)</h3>`)
	for _, c := range []struct {
		page   string
		want   []string
		groups []string
	}{
		{"people/wang-peng/index.html", []string{"/explainers/bottlenecks/", "/glossary/chips/"}, []string{"Explainers", "Glossary terms"}},
		{"glossary/chips/index.html", []string{"/explainers/bottlenecks/", "/explainers/other/"}, []string{"Explainers"}},
	} {
		html := section.FindString(files[c.page])
		var got, gotGroups []string
		for _, m := range links.FindAllStringSubmatch(html, -1) {
			got = append(got, m[1])
		}
		for _, m := range groups.FindAllStringSubmatch(html, -1) {
			gotGroups = append(gotGroups, m[1])
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") || strings.Join(gotGroups, " ") != strings.Join(c.groups, " ") {
			t.Errorf("%s lists %v under %v, want %v under %v", c.page, got, gotGroups, c.want, c.groups)
		}
	}
}
