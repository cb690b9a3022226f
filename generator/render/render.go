// Package render executes the theme's layouts for every page and hands the
// HTML to an output sink, page by page, on a bounded pool of workers: the
// site's HTML is never held in memory all at once.
package render

import (
	"bytes"
	"context"
	"sync"

	"gloss/generator/diag"
	"gloss/generator/output"
	"gloss/generator/site"
	"gloss/generator/theme"
)

// Pages renders pages with t into sink. Problems come back in page order, so
// a build reports them the same way every time.
func Pages(ctx context.Context, t *theme.Theme, pages []*site.Page, sink output.Sink, workers int) *diag.List {
	probs := make([]diag.List, len(pages))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for i := range jobs {
				buf.Reset()
				renderOne(t, pages[i], &buf, sink, &probs[i])
			}
		}()
	}
	for i := range pages {
		if ctx.Err() != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	all := &diag.List{}
	for i := range probs {
		all.Merge(&probs[i])
	}
	if err := ctx.Err(); err != nil {
		all.Errorf(diag.Position{}, "build interrupted: %v", err)
	}
	return all
}

func renderOne(t *theme.Theme, p *site.Page, buf *bytes.Buffer, sink output.Sink, probs *diag.List) {
	if err := t.Execute(buf, p.Layout, p); err != nil {
		prob := theme.Problem(err)
		prob.Msg += " (while rendering " + describe(p) + ")"
		probs.Add(prob)
		return
	}
	if err := sink.WriteFile(p.OutPath, buf.Bytes()); err != nil {
		probs.Errorf(diag.Position{}, "cannot write %s: %v", p.OutPath, err)
	}
}

func describe(p *site.Page) string {
	if p.File != nil {
		return p.File.Path
	}
	return p.URL
}
