package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"golang.org/x/tools/txtar"

	"github.com/gloss-ssg/gloss/internal/browsertest"

	"github.com/gloss-ssg/gloss/internal/toolcheck"
)

// attributedSite has, on one page, a quote the source gives directly (in
// quotation marks) and one it only reports.
const attributedSite = `
-- gloss.toml --
title = "Hearing notes"
-- content/_index.md --
---
title: Home
summary: Notes on a hearing.
---
Notes on [the hearing](notes/both.md).
-- content/people/_index.md --
---
title: People
page_layout: person
---
-- content/people/okafor.md --
---
title: Ada Okafor
role: Minister for Housing
---
-- content/people/lindqvist.md --
---
title: Erik Lindqvist
role: Professor of planning
---
-- content/organisations/_index.md --
---
title: Organisations
page_layout: organisation
---
-- content/organisations/ministry.md --
---
title: Ministry of Housing
---
-- content/sources/_index.md --
---
title: Sources
page_layout: source
---
-- content/sources/hearing.md --
---
title: Committee hearing on housing
publisher: The Parliamentary Gazette
unnamed_speakers: ["tenant groups"]
---
The committee heard twelve witnesses over two days.

The minister said the plan would cost 4.2 billion euros. She added that :said[the ministry would publish a progress report every year]{who=okafor}.

“:said[Planning permission is the bottleneck, not money]{who=lindqvist},” Professor Lindqvist told the committee.

The ministry replied that :said[the plan is funded until 2030]{who=ministry}. :said[Rents will keep rising]{who=tenant-groups}, according to tenant groups.
-- content/notes/_index.md --
---
title: Notes
---
-- content/notes/others.md --
---
title: An organisation and an unnamed speaker
summary: Both reported.
---
:::quote{who=ministry cite=hearing#p4}
the plan is funded until 2030
:::

:::quote{who=tenant-groups cite=hearing#p4}
Rents will keep rising
:::
-- content/notes/both.md --
---
title: Two quotes
summary: One quoted, one reported.
---
The professor was quoted in his own words :cite[¶3]{src=hearing}.

:::quote{who=lindqvist cite=hearing#p3}
Planning permission is the bottleneck, not money.
:::

The minister's words are only reported :cite[¶2]{src=hearing}.

:::quote{who=okafor cite=hearing#p2}
the ministry would publish a progress report every year
:::
`

func buildAttributedSite(t *testing.T, theme string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range txtar.Parse([]byte(attributedSite)).Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "public-"+theme)
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"build", "--source", dir, "--out", out, "--theme", theme}, &stdout, &stderr); code != 0 || stderr.Len() > 0 {
		t.Fatalf("gloss build exited %d:\n%s%s", code, stdout.String(), stderr.String())
	}
	return out
}

// quoteLook is how a quote's figure looks in the browser.
type quoteLook struct {
	Border, FontStyle, FontSize, Caption string
	LabelShown                           bool
}

// TestReportedQuotesLookDifferent: in both themes, with and without
// JavaScript, a reported quote does not look like a direct one, and says
// in words what it is; a source's attributed words show their speaker on
// focus; axe-core finds nothing on the pages involved.
func TestReportedQuotesLookDifferent(t *testing.T) {
	axeJS := toolcheck.ReadFile(t, "node_modules/axe-core/axe.min.js", "axe-core: npm ci")
	ctx := browsertest.New(t)
	for _, theme := range themes {
		t.Run(theme, func(t *testing.T) {
			srv := httptest.NewServer(http.FileServer(http.Dir(buildAttributedSite(t, theme))))
			defer srv.Close()
			for _, js := range []bool{true, false} {
				if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !js}); err != nil {
					t.Fatal(err)
				}
				if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/notes/both/"), chromedp.WaitReady("body")); err != nil {
					t.Fatal(err)
				}
				looks, err := chromedp.Run(ctx,
					chromedp.Evaluate[[]quoteLook](`[...document.querySelectorAll("figure.quote")].map(f => {
						const s = getComputedStyle(f.querySelector("blockquote")), p = getComputedStyle(f.querySelector("blockquote p"));
						const label = f.querySelector(".quote-form");
						return {Border: s.borderLeftStyle, FontStyle: p.fontStyle, FontSize: p.fontSize,
							Caption: f.querySelector("figcaption").innerText, LabelShown: !!label && label.offsetHeight > 0};
					})`))
				if err != nil {
					t.Fatal(err)
				}
				if len(looks) != 2 {
					t.Fatalf("js=%v: want 2 quotes, got %+v", js, looks)
				}
				direct, reported := looks[0], looks[1]
				if direct.Border == reported.Border && direct.FontStyle == reported.FontStyle && direct.FontSize == reported.FontSize {
					t.Errorf("js=%v: a reported quote looks like a direct one: %+v", js, direct)
				}
				if direct.LabelShown || !reported.LabelShown {
					t.Errorf("js=%v: only the reported quote must say it is reported speech: %+v %+v", js, direct, reported)
				}
				if direct.Caption == reported.Caption {
					t.Errorf("js=%v: both captions read %q", js, direct.Caption)
				}
				if js {
					checkAxe(t, ctx, theme+"-quotes", string(axeJS))
				}
			}
			// In the source, the speaker shows when the words get focus
			// (a tap focuses them too).
			type said struct{ Before, After float64 }
			if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false}); err != nil {
				t.Fatal(err)
			}
			// A headless tab is never the focused window: emulate one, so
			// that :focus applies as it does for a reader.
			if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/sources/hearing/"), chromedp.WaitReady("body")); err != nil {
				t.Fatal(err)
			}
			widths, err := chromedp.Run(ctx,
				chromedp.Evaluate[said](`(() => {
					const s = document.querySelector(".said"), who = s.querySelector(".said-who");
					const before = who.getBoundingClientRect().width;
					s.focus();
					return {Before: before, After: who.getBoundingClientRect().width};
				})()`))
			if err != nil {
				t.Fatal(err)
			}
			if widths.Before > 1 || widths.After < 20 {
				t.Errorf("the speaker of a source's words must show on focus only: %+v", widths)
			}
			checkAxe(t, ctx, theme+"-source", string(axeJS))
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/people/okafor/"), chromedp.WaitReady("body")); err != nil {
				t.Fatal(err)
			}
			checkAxe(t, ctx, theme+"-person", string(axeJS))
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/organisations/ministry/"), chromedp.WaitReady("body")); err != nil {
				t.Fatal(err)
			}
			checkAxe(t, ctx, theme+"-organisation", string(axeJS))
			// An organisation and a speaker the source leaves unnamed are
			// reported like people: labelled, and captioned as reported.
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/notes/others/"), chromedp.WaitReady("body")); err != nil {
				t.Fatal(err)
			}
			others, err := chromedp.Run(ctx,
				chromedp.Evaluate[[]quoteLook](`[...document.querySelectorAll("figure.quote")].map(f => {
					const label = f.querySelector(".quote-form");
					return {Caption: f.querySelector("figcaption").innerText, LabelShown: !!label && label.offsetHeight > 0};
				})`))
			if err != nil {
				t.Fatal(err)
			}
			if len(others) != 2 || !others[0].LabelShown || !others[1].LabelShown ||
				!strings.Contains(others[0].Caption, "reporting Ministry of Housing") ||
				!strings.Contains(others[1].Caption, "reporting tenant groups (unnamed in the source)") {
				t.Errorf("the organisation's and the unnamed speaker's quotes are not shown as reported: %+v", others)
			}
			checkAxe(t, ctx, theme+"-others", string(axeJS))
		})
	}
}

// TestAttributedSiteIsValidHTML runs the Nu Html Checker on the small
// attributed site, built with each theme.
func TestAttributedSiteIsValidHTML(t *testing.T) {
	var dirs []string
	for _, theme := range themes {
		dirs = append(dirs, buildAttributedSite(t, theme))
	}
	checkHTML(t, 2, dirs...)
}
