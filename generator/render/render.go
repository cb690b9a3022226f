// Package render executes the theme's layouts for every page and hands the
// HTML to an output sink, page by page, on a bounded pool of workers: the
// site's HTML is never held in memory all at once.
package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/gloss-ssg/gloss/generator/diag"
	"github.com/gloss-ssg/gloss/generator/output"
	"github.com/gloss-ssg/gloss/generator/parallel"
	"github.com/gloss-ssg/gloss/generator/site"
	"github.com/gloss-ssg/gloss/generator/theme"
)

// Pages renders pages with t into sink. Problems come back in page order, so
// a build reports them the same way every time.
// rewrite, if not nil, changes each page's HTML before it is written (see Relative).
func Pages(ctx context.Context, t *theme.Theme, pages []*site.Page, sink output.Sink, workers int, rewrite func(outPath string, html []byte) []byte) *diag.List {
	probs := make([]diag.List, len(pages))
	bufs := make([]bytes.Buffer, max(workers, 1)) // one per worker, reused page after page
	var stopped atomic.Bool
	defer context.AfterFunc(ctx, func() { stopped.Store(true) })()
	parallel.Each(ctx, len(pages), workers, func(w, i int) {
		bufs[w].Reset()
		renderOne(t, pages[i], stopWriter{&bufs[w], &stopped}, sink, rewrite, &probs[i])
	})
	all := &diag.List{}
	all.Add(dedupe(probs)...)
	if err := ctx.Err(); err != nil {
		all.Errorf(diag.Position{}, "build interrupted: %v", err)
	}
	return all
}

// dedupe reports a template error once, however many pages hit it: a typo in
// a partial otherwise repeats on every page of the site.
func dedupe(perPage []diag.List) []diag.Problem {
	type key struct {
		pos diag.Position
		msg string
	}
	var order []key
	pages := map[key][]string{}
	for i := range perPage {
		for _, p := range perPage[i].Sorted() {
			k := key{p.Pos, p.Msg}
			if _, seen := pages[k]; !seen {
				order = append(order, k)
			}
			pages[k] = append(pages[k], p.Context)
		}
	}
	out := make([]diag.Problem, 0, len(order))
	for _, k := range order {
		where := pages[k]
		msg := k.msg
		if where[0] != "" {
			msg += " (while rendering " + where[0]
			if n := len(where) - 1; n == 1 {
				msg += " and 1 more page"
			} else if n > 1 {
				msg += fmt.Sprintf(" and %d more pages", n)
			}
			msg += ")"
		}
		out = append(out, diag.Problem{Pos: k.pos, Msg: msg})
	}
	return out
}

// stopWriter is a page's buffer that fails every write once the build is
// stopped: html/template cannot be interrupted, but it gives up at the first
// write that fails, so Ctrl-C ends a slow template at its next output.
type stopWriter struct {
	buf     *bytes.Buffer
	stopped *atomic.Bool
}

func (w stopWriter) Write(p []byte) (int, error) {
	if w.stopped.Load() {
		return 0, errStopped
	}
	return w.buf.Write(p)
}

var errStopped = errors.New("the build was stopped")

func renderOne(t *theme.Theme, p *site.Page, w stopWriter, sink output.Sink, rewrite func(string, []byte) []byte, probs *diag.List) {
	buf := w.buf
	if err := t.Execute(w, p.Layout, p); err != nil {
		if w.stopped.Load() {
			return // reported once, by Pages
		}
		prob := theme.Problem(err)
		prob.Context = describe(p)
		probs.Add(prob)
		return
	}
	html := buf.Bytes()
	if rewrite != nil {
		html = rewrite(p.OutPath, html)
	}
	if err := sink.WriteFile(p.OutPath, html); err != nil {
		// At the place that gave the page its URL: that is what to change.
		probs.Errorf(p.URLPos(), "cannot write %s: %v", p.OutPath, err)
	}
}

func describe(p *site.Page) string {
	if p.File != nil {
		return p.File.Path
	}
	return p.URL
}
