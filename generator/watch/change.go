// Package watch turns file-system events in a site folder into batches of
// changes, one batch per burst: editors' atomic saves, a git checkout of many
// files or a folder created with files in it each become one rebuild.
//
// A batch names the changed files and nothing more: what a change means to
// the build (a page whose body alone changed, a template, the configuration)
// is decided by the builder from the paths, in one place, not guessed here.
package watch

import (
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gloss-ssg/gloss/generator/content"
)

// IsInput reports whether a path relative to the site folder is something a
// build reads: gloss.toml, or anything under content/, templates/ or
// static/. Editors' temporary, swap and backup files and dotfiles are not,
// nor is anything else (the output folder among them).
func IsInput(rel string) bool {
	rel = filepath.ToSlash(rel)
	for _, part := range strings.Split(rel, "/") {
		if content.Ignored(part) {
			return false
		}
	}
	if rel == "gloss.toml" {
		return true
	}
	for _, dir := range []string{"content", "templates", "static"} {
		if rel == dir || strings.HasPrefix(rel, dir+"/") {
			return true
		}
	}
	return false
}

// IsStylesheet reports whether rel is a theme's stylesheet, which the
// browser can swap without reloading the page.
func IsStylesheet(rel string) bool {
	rel = filepath.ToSlash(rel)
	return IsInput(rel) && strings.HasPrefix(rel, "templates/") && strings.Contains(rel, "/assets/") && strings.HasSuffix(rel, ".css")
}

// Batch is one burst of changes.
type Batch struct {
	Paths []string // relative to the site folder, sorted, each once
	// Overflow means events were lost: everything must be rebuilt.
	Overflow bool
}

// Merge is the batch of both b's and later's changes, its Paths sorted and
// each once. It is the one way to join batches: changes that arrive while a
// build runs are merged into the next.
func (b Batch) Merge(later Batch) Batch {
	paths := make([]string, 0, len(b.Paths)+len(later.Paths))
	paths = append(append(paths, b.Paths...), later.Paths...)
	slices.Sort(paths)
	return Batch{Paths: slices.Compact(paths), Overflow: b.Overflow || later.Overflow}
}

// CSSOnly reports whether every change was to a theme stylesheet, so the
// browser can swap stylesheets instead of reloading.
func (b Batch) CSSOnly() bool {
	return !b.Overflow && len(b.Paths) > 0 && !slices.ContainsFunc(b.Paths, func(p string) bool { return !IsStylesheet(p) })
}

// Debouncer gathers changes until none has come for Quiet, or until MaxWait
// since the first, whichever is sooner. It is a plain state machine driven
// by the times it is given, so tests need no real clock.
type Debouncer struct {
	Quiet   time.Duration
	MaxWait time.Duration

	paths    map[string]bool
	overflow bool
	first    time.Time
	last     time.Time
}

// Add records a change at time now.
func (d *Debouncer) Add(rel string, now time.Time) {
	if d.paths == nil {
		d.paths = map[string]bool{}
	}
	d.started(now)
	d.paths[rel] = true
}

// Overflowed records that events were lost.
func (d *Debouncer) Overflowed(now time.Time) {
	d.started(now)
	d.overflow = true
}

// started notes a change at now: the first of a batch starts the MaxWait.
func (d *Debouncer) started(now time.Time) {
	if !d.Pending() {
		d.first, d.last = now, now
	}
	if now.After(d.last) {
		d.last = now
	}
}

// Pending reports whether changes wait to be delivered.
func (d *Debouncer) Pending() bool { return len(d.paths) > 0 || d.overflow }

// Due is when the pending batch should be delivered.
func (d *Debouncer) Due() time.Time {
	due := d.last.Add(d.Quiet)
	if limit := d.first.Add(d.MaxWait); d.MaxWait > 0 && limit.Before(due) {
		due = limit
	}
	return due
}

// Take returns the pending batch if it is due at now, and forgets it.
func (d *Debouncer) Take(now time.Time) (Batch, bool) {
	if !d.Pending() || now.Before(d.Due()) {
		return Batch{}, false
	}
	b := Batch{Overflow: d.overflow}
	for p := range d.paths {
		b.Paths = append(b.Paths, p)
	}
	slices.Sort(b.Paths)
	d.paths, d.overflow = nil, false
	return b, true
}
