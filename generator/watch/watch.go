package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Watcher watches a site folder's inputs: content/, templates/ and static/
// with every folder below them (folders created later included), and the
// configuration file.
type Watcher struct {
	site string
	fsw  *fsnotify.Watcher
	deb  Debouncer
	// Warn receives problems worth telling the author (a folder that could
	// not be watched), never fatal.
	Warn func(string)
}

// New starts watching site. Close it, or cancel the context given to Run.
func New(site string) (*Watcher, error) {
	abs, err := filepath.Abs(site)
	if err != nil {
		return nil, err
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, explain(err)
	}
	w := &Watcher{site: abs, fsw: fsw, deb: Debouncer{Quiet: 40 * time.Millisecond, MaxWait: 400 * time.Millisecond}, Warn: func(string) {}}
	// The site folder itself, for gloss.toml and for inputs created later.
	if err := fsw.Add(abs); err != nil {
		fsw.Close()
		return nil, explain(err)
	}
	for _, dir := range []string{"content", "templates", "static"} {
		if err := w.addTree(filepath.Join(abs, dir)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			fsw.Close()
			return nil, err
		}
	}
	return w, nil
}

// Close stops watching.
func (w *Watcher) Close() error { return w.fsw.Close() }

// addTree watches dir and every folder below it that is an input. It returns
// the files found, so that files created with a new folder are not missed.
func (w *Watcher) addTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(w.site, p)
		if !IsInput(rel) {
			return filepath.SkipDir
		}
		if err := w.fsw.Add(p); err != nil {
			return explain(err)
		}
		return nil
	})
}

// explain turns running out of inotify watches into advice.
func explain(err error) error {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE) {
		return fmt.Errorf("%w: the system has run out of inotify watches; raise the limit with `sudo sysctl fs.inotify.max_user_watches=524288` (and fs.inotify.max_user_instances)", err)
	}
	return err
}

// Run delivers batches of changes to changed until ctx is cancelled.
// changed is called from Run's goroutine, one batch at a time.
func (w *Watcher) Run(ctx context.Context, changed func(Batch)) error {
	var timer *time.Timer
	var timerC <-chan time.Time
	schedule := func() {
		if !w.deb.Pending() {
			return
		}
		wait := time.Until(w.deb.Due())
		if timer == nil {
			timer = time.NewTimer(wait)
		} else {
			timer.Reset(wait)
		}
		timerC = timer.C
	}
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return nil
			}
			w.event(ev, time.Now())
			schedule()
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return nil
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				w.deb.Overflowed(time.Now())
				schedule()
			} else {
				w.Warn(explain(err).Error())
			}
		case <-timerC:
			timerC = nil
			if b, ok := w.deb.Take(time.Now()); ok {
				changed(b)
			}
			schedule()
		}
	}
}

// event records one file-system event that happened at now.
func (w *Watcher) event(ev fsnotify.Event, now time.Time) {
	if ev.Op == fsnotify.Chmod {
		return // attribute changes alone change nothing a build reads
	}
	rel, err := filepath.Rel(w.site, ev.Name)
	if err != nil {
		return
	}
	if !IsInput(rel) {
		return
	}
	w.deb.Add(filepath.ToSlash(rel), now)
	if ev.Op&fsnotify.Create != 0 {
		if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
			// A new folder: watch it, and count the files already in it,
			// which may have arrived before the watch did.
			if err := w.addTree(ev.Name); err != nil {
				w.Warn(err.Error())
			}
			_ = filepath.WalkDir(ev.Name, func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					if r, err := filepath.Rel(w.site, p); err == nil && IsInput(r) {
						w.deb.Add(filepath.ToSlash(r), now)
					}
				}
				return nil
			})
		}
	}
}
