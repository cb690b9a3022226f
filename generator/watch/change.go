// Package watch turns file-system events in a site folder into batches of
// changes, one batch per burst: editors' atomic saves, a git checkout of many
// files or a folder created with files in it each become one rebuild.
package watch

import (
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/gloss-ssg/gloss/generator/content"
)

// Kind is what a changed file is to the build.
type Kind int

const (
	Content  Kind = 1 << iota // under content/: re-read and re-render what depends on it
	Template                  // under templates/: reload the theme
	Static                    // under static/: copy
	Config                    // gloss.toml: rebuild everything
	Style                     // a theme stylesheet: as Template, and the browser can swap it without a reload
)

func (k Kind) String() string {
	var parts []string
	for _, c := range []struct {
		k    Kind
		name string
	}{{Content, "content"}, {Template, "template"}, {Static, "static"}, {Config, "config"}, {Style, "style"}} {
		if k&c.k != 0 {
			parts = append(parts, c.name)
		}
	}
	return strings.Join(parts, "+")
}

// Classify says what a path relative to the site folder is, and whether it
// matters at all: editors' temporary, swap and backup files and dotfiles do
// not, nor anything outside the inputs (the output folder among them).
func Classify(rel string) (Kind, bool) {
	rel = filepath.ToSlash(rel)
	for _, part := range strings.Split(rel, "/") {
		if content.Ignored(part) {
			return 0, false
		}
	}
	switch {
	case rel == "gloss.toml":
		return Config, true
	case strings.HasPrefix(rel, "content/") || rel == "content":
		return Content, true
	case strings.HasPrefix(rel, "templates/") || rel == "templates":
		if strings.Contains(rel, "/assets/") && strings.HasSuffix(rel, ".css") {
			return Template | Style, true
		}
		return Template, true
	case strings.HasPrefix(rel, "static/") || rel == "static":
		return Static, true
	}
	return 0, false
}

// Batch is one burst of changes.
type Batch struct {
	Paths []string // relative to the site folder, sorted, each once
	Kinds Kind
	// Overflow means events were lost: everything must be rebuilt.
	Overflow bool
}

// CSSOnly reports whether every change was to a theme stylesheet, so the
// browser can swap stylesheets instead of reloading.
func (b Batch) CSSOnly() bool {
	return !b.Overflow && b.Kinds != 0 && b.Kinds&^(Template|Style) == 0 && b.Kinds&Style != 0 && b.allStyles()
}

func (b Batch) allStyles() bool {
	for _, p := range b.Paths {
		if k, _ := Classify(p); k&Style == 0 {
			return false
		}
	}
	return true
}

// Debouncer gathers changes until none has come for Quiet, or until MaxWait
// since the first, whichever is sooner. It is a plain state machine driven
// by the times it is given, so tests need no real clock.
type Debouncer struct {
	Quiet   time.Duration
	MaxWait time.Duration

	paths    map[string]bool
	kinds    Kind
	overflow bool
	first    time.Time
	last     time.Time
}

// Add records a change at time now.
func (d *Debouncer) Add(rel string, kind Kind, now time.Time) {
	if d.paths == nil {
		d.paths = map[string]bool{}
	}
	if len(d.paths) == 0 && !d.overflow {
		d.first, d.last = now, now
	}
	d.paths[rel] = true
	d.kinds |= kind
	if now.After(d.last) {
		d.last = now
	}
}

// Overflowed records that events were lost.
func (d *Debouncer) Overflowed(now time.Time) {
	if len(d.paths) == 0 && !d.overflow {
		d.first, d.last = now, now
	}
	d.overflow = true
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
	b := Batch{Kinds: d.kinds, Overflow: d.overflow}
	for p := range d.paths {
		b.Paths = append(b.Paths, p)
	}
	sort.Strings(b.Paths)
	d.paths, d.kinds, d.overflow = nil, 0, false
	return b, true
}
