package watch

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		path string
		kind Kind
		ok   bool
	}{
		{"content/explainers/chips.md", Content, true},
		{"content/explainers", Content, true},
		{"templates/briefing/layouts/base.html", Template, true},
		{"templates/briefing/assets/style.css", Template | Style, true},
		{"templates/briefing/assets/gloss.js", Template, true},
		{"static/favicon.svg", Static, true},
		{"gloss.toml", Config, true},
		{"public/index.html", 0, false},
		{"content/.chips.md.swp", 0, false},
		{"content/chips.md~", 0, false},
		{"content/#chips.md#", 0, false},
		{"content/4913", 0, false},
		{"content/chips.md___jb_tmp___", 0, false},
		{".git/index", 0, false},
		{"content/.hidden/x.md", 0, false},
		{"README.md", 0, false},
	}
	for _, tt := range tests {
		kind, ok := Classify(tt.path)
		if kind != tt.kind || ok != tt.ok {
			t.Errorf("Classify(%q) = %v, %v; want %v, %v", tt.path, kind, ok, tt.kind, tt.ok)
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

	// An editor's atomic save: a temp file, a rename over the target, a
	// chmod: one batch with one path, 40 ms after the last event.
	d.Add("content/a.md", Content, at(0))
	d.Add("content/a.md", Content, at(5))
	if _, ok := d.Take(at(30)); ok {
		t.Fatal("delivered before the quiet period")
	}
	b, ok := d.Take(at(45))
	if !ok || !reflect.DeepEqual(b.Paths, []string{"content/a.md"}) || b.Kinds != Content {
		t.Fatalf("got %+v, %v", b, ok)
	}

	// A burst (git checkout of 500 files) that never goes quiet is still
	// delivered after MaxWait, as one batch.
	for i := 0; i < 500; i++ {
		d.Add("content/f"+string(rune('a'+i%26))+".md", Content, at(1000+i))
	}
	d.Add("templates/briefing/layouts/base.html", Template, at(1300))
	if b, ok := d.Take(at(1399)); ok {
		t.Fatalf("delivered too early: due %v, first %v, batch of %d", d.Due(), d.first, len(b.Paths))
	}
	b, ok = d.Take(at(1400))
	if !ok || len(b.Paths) != 27 || b.Kinds != Content|Template {
		t.Fatalf("burst: %d paths, kinds %v, %v", len(b.Paths), b.Kinds, ok)
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

func TestCSSOnly(t *testing.T) {
	for _, tt := range []struct {
		b    Batch
		want bool
	}{
		{Batch{Paths: []string{"templates/briefing/assets/style.css"}, Kinds: Template | Style}, true},
		{Batch{Paths: []string{"templates/briefing/assets/style.css", "templates/briefing/layouts/base.html"}, Kinds: Template | Style}, false},
		{Batch{Paths: []string{"templates/briefing/assets/style.css", "content/a.md"}, Kinds: Template | Style | Content}, false},
		{Batch{Paths: []string{"templates/briefing/assets/style.css"}, Kinds: Template | Style, Overflow: true}, false},
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
	next := func(what string) Batch {
		t.Helper()
		select {
		case b := <-batches:
			return b
		case <-time.After(3 * time.Second):
			t.Fatalf("%s: no batch", what)
		}
		return Batch{}
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
	b := next("atomic save")
	if !reflect.DeepEqual(b.Paths, []string{"content/explainers/chips.md"}) {
		t.Errorf("atomic save: %v", b.Paths)
	}

	// A new folder with a file written at once.
	if err := os.MkdirAll(filepath.Join(site, "content/briefs/deep"), 0o755); err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(filepath.Join(site, "content/briefs/deep/new.md"), []byte("x"), 0o644)
	b = next("new folder")
	found := false
	for _, p := range b.Paths {
		found = found || p == "content/briefs/deep/new.md"
	}
	if !found {
		t.Errorf("new folder: %v", b.Paths)
	}
	// A later edit inside the new folder is seen: the folder is watched.
	time.Sleep(50 * time.Millisecond)
	_ = os.WriteFile(filepath.Join(site, "content/briefs/deep/new.md"), []byte("y"), 0o644)
	b = next("edit in new folder")
	if !reflect.DeepEqual(b.Paths, []string{"content/briefs/deep/new.md"}) {
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
