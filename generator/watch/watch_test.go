package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

func TestIsInput(t *testing.T) {
	tests := []struct {
		path              string
		input, stylesheet bool
	}{
		{"content/explainers/chips.md", true, false},
		{"content/explainers", true, false},
		{"templates/briefing/layouts/base.html", true, false},
		{"templates/briefing/assets/style.css", true, true},
		{"templates/briefing/assets/gloss.js", true, false},
		{"static/favicon.svg", true, false},
		{"static/assets/site.css", true, false},
		{"gloss.toml", true, false},
		{"contents/x.md", false, false},
		{"public/index.html", false, false},
		{"content/.chips.md.swp", false, false},
		{"content/chips.md~", false, false},
		{"content/#chips.md#", false, false},
		{"content/4913", false, false},
		{"content/chips.md___jb_tmp___", false, false},
		{"templates/briefing/assets/.style.css.swp", false, false},
		{".git/index", false, false},
		{"content/.hidden/x.md", false, false},
		{"README.md", false, false},
	}
	for _, tt := range tests {
		if got := IsInput(tt.path); got != tt.input {
			t.Errorf("IsInput(%q) = %v, want %v", tt.path, got, tt.input)
		}
		if got := IsStylesheet(tt.path); got != tt.stylesheet {
			t.Errorf("IsStylesheet(%q) = %v, want %v", tt.path, got, tt.stylesheet)
		}
	}
}

// TestDebouncer drives the debouncer with a fake clock.
func TestDebouncer(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	d := Debouncer{Quiet: 40 * time.Millisecond, MaxWait: 400 * time.Millisecond}
	if _, ok := d.Take(at(0)); ok {
		t.Fatal("a batch with nothing in it")
	}

	// Two events for one file: one batch with one path, 40 ms after the
	// last event.
	d.Add("content/a.md", at(0))
	d.Add("content/a.md", at(5))
	if _, ok := d.Take(at(44)); ok {
		t.Fatal("delivered before the quiet period")
	}
	b, ok := d.Take(at(45))
	if !ok || !reflect.DeepEqual(b.Paths, []string{"content/a.md"}) {
		t.Fatalf("got %+v, %v", b, ok)
	}

	// A burst (git checkout of 500 files) that never goes quiet is still
	// delivered after MaxWait, as one batch.
	var want []string
	for i := 0; i < 500; i++ {
		p := fmt.Sprintf("content/f%03d.md", i)
		d.Add(p, at(1000+i))
		d.Add(p, at(1000+i)) // written, then renamed: each once
		want = append(want, p)
	}
	d.Add("templates/briefing/layouts/base.html", at(1300))
	want = append(want, "templates/briefing/layouts/base.html")
	if b, ok := d.Take(at(1399)); ok {
		t.Fatalf("delivered too early: due %v, first %v, batch of %d", d.Due(), d.first, len(b.Paths))
	}
	b, ok = d.Take(at(1400))
	if !ok || !reflect.DeepEqual(b.Paths, want) {
		t.Fatalf("burst: %d paths, %v", len(b.Paths), ok)
	}
	if d.Pending() {
		t.Fatal("the batch was not forgotten")
	}

	// Lost events ask for everything to be rebuilt.
	d.Overflowed(at(2000))
	b, ok = d.Take(at(2040))
	if !ok || !b.Overflow {
		t.Fatalf("overflow: %+v", b)
	}
}

// TestAtomicSave feeds the watcher the events of an editor's atomic save,
// at times from a fake clock: a swap file written, a temporary file written
// and renamed over the page, a chmod, the swap file removed. They are one
// batch naming the page alone, delivered 40 ms after the last event that
// counts.
func TestAtomicSave(t *testing.T) {
	site := t.TempDir()
	if err := os.MkdirAll(filepath.Join(site, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	w, err := New(site)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	in := func(rel string) string { return filepath.Join(site, filepath.FromSlash(rel)) }
	for i, ev := range []fsnotify.Event{
		{Name: in("content/.chips.md.swp"), Op: fsnotify.Create},
		{Name: in("content/.chips.md.swp"), Op: fsnotify.Write},
		{Name: in("content/chips.md.tmp"), Op: fsnotify.Create},
		{Name: in("content/chips.md.tmp"), Op: fsnotify.Write},
		{Name: in("content/chips.md.tmp"), Op: fsnotify.Rename},
		{Name: in("content/chips.md"), Op: fsnotify.Create},
		{Name: in("content/chips.md"), Op: fsnotify.Chmod},
		{Name: in("content/.chips.md.swp"), Op: fsnotify.Remove},
	} {
		w.event(ev, at(3*i))
	}
	last := at(3 * 5) // the page's creation: the events after it are ignored
	if b, ok := w.deb.Take(last.Add(39 * time.Millisecond)); ok {
		t.Fatalf("delivered before the quiet period: %+v", b)
	}
	b, ok := w.deb.Take(last.Add(40 * time.Millisecond))
	if !ok || !reflect.DeepEqual(b.Paths, []string{"content/chips.md"}) {
		t.Fatalf("atomic save: %+v, %v", b, ok)
	}
	if w.deb.Pending() {
		t.Fatal("a second batch")
	}
}

func TestMerge(t *testing.T) {
	a := Batch{Paths: []string{"content/b.md", "content/d.md"}}
	b := Batch{Paths: []string{"content/a.md", "content/d.md", "gloss.toml"}}
	got := a.Merge(b)
	if want := []string{"content/a.md", "content/b.md", "content/d.md", "gloss.toml"}; !reflect.DeepEqual(got.Paths, want) || got.Overflow {
		t.Errorf("merge: %+v, want %v", got, want)
	}
	if !a.Merge(Batch{Overflow: true}).Overflow || !(Batch{Overflow: true}).Merge(a).Overflow {
		t.Error("an overflow was lost in a merge")
	}
	if len(a.Paths) != 2 || a.Paths[0] != "content/b.md" {
		t.Errorf("merge changed its receiver: %v", a.Paths)
	}
}

func TestCSSOnly(t *testing.T) {
	for _, tt := range []struct {
		b    Batch
		want bool
	}{
		{Batch{Paths: []string{"templates/briefing/assets/style.css"}}, true},
		{Batch{Paths: []string{"templates/briefing/assets/print.css", "templates/longform/assets/style.css"}}, true},
		{Batch{Paths: []string{"templates/briefing/assets/style.css", "templates/briefing/layouts/base.html"}}, false},
		{Batch{Paths: []string{"templates/briefing/assets/style.css", "content/a.md"}}, false},
		{Batch{Paths: []string{"templates/briefing/assets/style.css"}, Overflow: true}, false},
		{Batch{}, false},
	} {
		if got := tt.b.CSSOnly(); got != tt.want {
			t.Errorf("%+v: CSSOnly = %v", tt.b, got)
		}
	}
}

// TestWatcher runs the real watcher on a temporary site: an atomic save, a
// new folder with a file, editor droppings and a chmod.
func TestWatcher(t *testing.T) {
	site := t.TempDir()
	for _, d := range []string{"content/explainers", "templates", "static"} {
		if err := os.MkdirAll(filepath.Join(site, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	page := filepath.Join(site, "content/explainers/chips.md")
	if err := os.WriteFile(page, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := New(site)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	batches := make(chan Batch, 10)
	done := make(chan struct{})
	go func() {
		_ = w.Run(ctx, func(b Batch) { batches <- b })
		close(done)
	}()
	// seen merges batches until one names want: how a burst of real events
	// splits into batches depends on the machine's timing (the batching
	// itself is tested with a fake clock above); what must hold is that
	// every change arrives, and nothing but changes to inputs.
	seen := func(what, want string) Batch {
		t.Helper()
		var all Batch
		deadline := time.After(5 * time.Second)
		for !slices.Contains(all.Paths, want) {
			select {
			case b := <-batches:
				all = all.Merge(b)
			case <-deadline:
				t.Fatalf("%s: %s never reported; got %v", what, want, all.Paths)
			}
		}
		return all
	}

	// vim-style atomic save: write a swap file, write a temp file, rename it
	// over the page.
	tmp := filepath.Join(site, "content/explainers/.chips.md.swp")
	_ = os.WriteFile(tmp, []byte("swap"), 0o644)
	tmp2 := filepath.Join(site, "content/explainers/chips.md.tmp")
	_ = os.WriteFile(tmp2, []byte("new"), 0o644)
	if err := os.Rename(tmp2, page); err != nil {
		t.Fatal(err)
	}
	_ = os.Remove(tmp)
	if b := seen("atomic save", "content/explainers/chips.md"); !reflect.DeepEqual(b.Paths, []string{"content/explainers/chips.md"}) {
		t.Errorf("atomic save: %v", b.Paths)
	}

	// A new folder with a file written at once.
	if err := os.MkdirAll(filepath.Join(site, "content/briefs/deep"), 0o755); err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(filepath.Join(site, "content/briefs/deep/new.md"), []byte("x"), 0o644)
	seen("new folder", "content/briefs/deep/new.md")
	// A later edit inside the new folder is seen: the folder is watched
	// (before the batch that named it was delivered).
	_ = os.WriteFile(filepath.Join(site, "content/briefs/deep/new.md"), []byte("y"), 0o644)
	if b := seen("edit in new folder", "content/briefs/deep/new.md"); !reflect.DeepEqual(b.Paths, []string{"content/briefs/deep/new.md"}) {
		t.Errorf("edit in new folder: %v", b.Paths)
	}

	// A chmod alone and a file outside the inputs bring nothing.
	_ = os.Chmod(page, 0o600)
	_ = os.WriteFile(filepath.Join(site, "notes.txt"), []byte("x"), 0o644)
	select {
	case b := <-batches:
		t.Errorf("unexpected batch %+v", b)
	case <-time.After(300 * time.Millisecond):
	}
	cancel()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("Run did not return after cancel")
	}
}
