package build

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gloss/generator/output"
	"gloss/internal/sitetest"
)

func memoryBuild(t *testing.T, b *Builder, m *output.Memory) *Result {
	t.Helper()
	res, err := b.Build(context.Background())
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return res
}

// sameSite compares two in-memory sites file by file.
func sameSite(t *testing.T, step string, got, want *output.Snapshot) {
	t.Helper()
	gp, wp := got.Paths(), want.Paths()
	if strings.Join(gp, "\n") != strings.Join(wp, "\n") {
		t.Fatalf("%s: incremental build has files\n%v\nfull build has\n%v", step, gp, wp)
	}
	for _, p := range wp {
		g, _ := got.File(p)
		w, _ := want.File(p)
		if !bytes.Equal(g, w) {
			t.Errorf("%s: %s differs between the incremental and the full build", step, p)
		}
	}
}

// TestIncrementalEqualsFull applies a series of edits to a copy of the
// example site, rebuilding with one Builder after each, and checks that its
// site equals a fresh full build byte for byte, while rendering only what
// changed when an edit touches one page's body.
func TestIncrementalEqualsFull(t *testing.T) {
	dir := sitetest.CopyExample(t, "../..")
	opts := Options{SiteDir: dir, Builtin: builtin}
	mem := output.NewMemory()
	b := NewBuilder(opts, mem)
	first := memoryBuild(t, b, mem)
	if first.Rendered != first.Pages {
		t.Fatalf("the first build rendered %d of %d pages", first.Rendered, first.Pages)
	}
	write := func(rel, data string) {
		t.Helper()
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit := func(rel, old, new string) {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), old) {
			t.Fatalf("%s has no %q", rel, old)
		}
		write(rel, strings.Replace(string(data), old, new, 1))
	}
	steps := []struct {
		name      string
		change    func()
		maxRender int // 0: no limit
	}{
		{"nothing changed", func() {}, 0 + 1},
		{"a body edit", func() {
			edit("content/explainers/bottlenecks.md", "## Three named bottlenecks", "## Three named bottlenecks\n\nAn added sentence.")
		}, 4},
		{"a new quote", func() {
			edit("content/explainers/digitalization.md", "## What to watch", ":::quote{who=wang-peng cite=report-article#p13}\nChina still faces bottlenecks in major technologies\n:::\n\n## What to watch")
		}, 0},
		{"a title edit", func() { edit("content/explainers/enterprises.md", "title: \"", "title: \"Edited ") }, 0},
		{"a new page in a new folder", func() {
			write("content/briefs/new-brief.md", "---\ntitle: A new brief\nsummary: New.\ntopics: [talent]\n---\nSee :term[R&D]{id=research-and-development} and [the bottlenecks](../explainers/bottlenecks.md).\n")
		}, 0},
		{"a deleted page", func() {
			if err := os.Remove(filepath.Join(dir, "content/briefs/new-brief.md")); err != nil {
				t.Fatal(err)
			}
		}, 0},
		{"a term's definition", func() {
			edit("content/glossary/lithography-machines.md", "definition: \"", "definition: \"Edited. ")
		}, 0},
		{"a partial", func() {
			edit("templates/briefing/partials/footer.html", "Built with gloss.", "Built with gloss, edited.")
		}, 0},
		{"a stylesheet", func() { edit("templates/briefing/assets/style.css", "/* Header and navigation */", "/* Header */") }, 0},
		{"a static file", func() { write("static/notes.txt", "a new static file\n") }, 0},
		{"the configuration", func() { edit("gloss.toml", "title = \"", "title = \"Edited ") }, 0},
	}
	for _, step := range steps {
		step.change()
		time.Sleep(5 * time.Millisecond) // a new modification time
		res := memoryBuild(t, b, mem)
		fullMem := output.NewMemory()
		memoryBuild(t, NewBuilder(opts, fullMem), fullMem)
		sameSite(t, step.name, mem.Current(), fullMem.Current())
		if step.maxRender > 0 && res.Rendered > step.maxRender {
			t.Errorf("%s: rendered %d pages, want at most %d", step.name, res.Rendered, step.maxRender)
		}
		t.Logf("%s: rendered %d of %d pages in %v", step.name, res.Rendered, res.Pages, res.Duration)
	}
}
