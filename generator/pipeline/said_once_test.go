package pipeline

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestBoxLabelNotSaidTwice: a box right under a heading that already says
// its label does not repeat it; elsewhere the label shows.
func TestBoxLabelNotSaidTwice(t *testing.T) {
	dir := siteFrom(t, `
-- content/page.md --
---
title: Page
---
## What to watch

:::callout{kind=what-to-watch}
- One thing.
:::

## Elsewhere

:::callout{kind=what-to-watch}
- Another thing.
:::
`)
	if _, err := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin}); err != nil {
		t.Fatal(err)
	}
	page := snapshot(t, filepath.Join(dir, "public"))["page/index.html"]
	if n := strings.Count(page, `<p class="callout-title">What to watch</p>`); n != 1 {
		t.Errorf("the box label shows %d times, want once (under \"Elsewhere\" only):\n%s", n, page)
	}
	if !strings.Contains(page, `<div class="callout callout-what-to-watch" role="note" aria-label="What to watch">`) {
		t.Errorf("the box under its own heading lost its accessible name")
	}
}
