package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gloss-ssg/gloss/generator/output"
	"github.com/gloss-ssg/gloss/internal/sitetest"
)

func memoryBuild(t *testing.T, b *Builder, m *output.Memory) *Result {
	t.Helper()
	res, err := b.Build(context.Background())
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return res
}

// readSiteFile, writeSiteFile and editSiteFile change a site copy's files
// as an author would.
func readSiteFile(t testing.TB, dir, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func writeSiteFile(t testing.TB, dir, rel, data string) {
	t.Helper()
	p := filepath.Join(dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// editSiteFile replaces the first old in a file with new.
func editSiteFile(t *testing.T, dir, rel, old, new string) {
	t.Helper()
	data := readSiteFile(t, dir, rel)
	if !strings.Contains(data, old) {
		t.Fatalf("%s has no %q", rel, old)
	}
	writeSiteFile(t, dir, rel, strings.Replace(data, old, new, 1))
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
// example site and rebuilds after each with two Builders, one told nothing
// (Build) and one told the changed files (Update, as the preview does). Both
// sites must equal a fresh full build byte for byte, while rendering only
// what changed when an edit touches one page's body, and Update must apply
// body edits in place and nothing else.
func TestIncrementalEqualsFull(t *testing.T) {
	dir := sitetest.CopyExample(t, "../..")
	opts := Options{SiteDir: dir, Builtin: builtin}
	mem, updMem := output.NewMemory(), output.NewMemory()
	b, upd := NewBuilder(opts, mem), NewBuilder(opts, updMem)
	first := memoryBuild(t, b, mem)
	if first.Rendered != first.Pages {
		t.Fatalf("the first build rendered %d of %d pages", first.Rendered, first.Pages)
	}
	memoryBuild(t, upd, updMem)
	write := func(rel, data string) { t.Helper(); writeSiteFile(t, dir, rel, data) }
	edit := func(rel, old, new string) { t.Helper(); editSiteFile(t, dir, rel, old, new) }
	appendTo := func(rel, text string) { t.Helper(); write(rel, readSiteFile(t, dir, rel)+text) }
	const (
		bottlenecks = "content/explainers/bottlenecks.md"
		research    = "content/explainers/basic-research-talent.md"
	)
	steps := []struct {
		name      string
		paths     []string // what changed, as the watcher says
		change    func()
		maxRender int  // 0: no limit
		inPlace   bool // Update applies it in place
		wantErr   string
	}{
		{"nothing changed", nil, func() {}, 0 + 1, false, ""},
		{"a body edit", []string{bottlenecks}, func() {
			edit(bottlenecks, "## Three named bottlenecks", "## Three named bottlenecks\n\nAn added sentence.")
		}, 1, true, ""},
		{"a body edit above annotations", []string{bottlenecks}, func() {
			edit(bottlenecks, "An added sentence.", "An added sentence,\nnow two lines long, moving every annotation below it.")
		}, 1, true, ""},
		{"a body edit in a page showing a figure", []string{"content/explainers/five-year-record.md"}, func() {
			edit("content/explainers/five-year-record.md", "::stat{ref=basic-research-spending}", "Typed here.\n\n::stat{ref=basic-research-spending}")
		}, 1, true, ""},
		// A reference to a figure no page defines is reported at the
		// reference, in the preview as in a full build.
		{"a figure reference broken", []string{"content/explainers/five-year-record.md"}, func() {
			edit("content/explainers/five-year-record.md", "Typed here.\n\n::stat{ref=basic-research-spending}", "Typed here.\n\n::stat{ref=basic-research-spendin}")
		}, 0, false, `unknown figure "basic-research-spendin"`},
		{"the figure reference mended", []string{"content/explainers/five-year-record.md"}, func() {
			edit("content/explainers/five-year-record.md", "::stat{ref=basic-research-spendin}", "::stat{ref=basic-research-spending}")
		}, 0, false, ""},
		{"a new heading", []string{bottlenecks}, func() {
			edit(bottlenecks, "An added sentence,", "## An added heading\n\nAn added sentence,")
		}, 0, false, ""},
		{"a figure's value", []string{research}, func() {
			edit(research, `value="Doubled"`, `value="Doubled, edited"`)
		}, 0, false, ""},
		{"a source's body", []string{"content/sources/report-article.md"}, func() {
			appendTo("content/sources/report-article.md", "\n\nAn added last paragraph.\n")
		}, 0, false, ""},
		{"an attribution in the source", []string{"content/sources/report-article.md"}, func() {
			// The person's page lists what the source attributes to them.
			edit("content/sources/report-article.md", ":said[China still faces some bottlenecks in major technologies, such as chips, lithography machines, and materials]{who=wang-peng}", "China still faces some bottlenecks in major technologies, such as chips, lithography machines, and materials")
		}, 0, false, ""},
		{"a broken link", []string{bottlenecks}, func() {
			edit(bottlenecks, "An added sentence,", "An added [link](nowhere.md) sentence,")
		}, 0, false, "nowhere.md"},
		{"the link mended", []string{bottlenecks}, func() {
			edit(bottlenecks, "An added [link](nowhere.md) sentence,", "An added sentence,")
		}, 0, false, ""},
		{"a body edit after an error", []string{bottlenecks}, func() {
			edit(bottlenecks, "An added sentence,", "An added sentence, edited again,")
		}, 1, true, ""},
		{"a new quote", []string{"content/explainers/digitalization.md"}, func() {
			edit("content/explainers/digitalization.md", "## What to watch", ":::quote{who=wang-peng cite=report-article#p13}\nChina still faces bottlenecks in major technologies\n:::\n\n## What to watch")
		}, 0, false, ""},
		{"a title edit", []string{"content/explainers/enterprises.md"}, func() { edit("content/explainers/enterprises.md", "title: \"", "title: \"Edited ") }, 0, false, ""},
		{"a new page in a new folder", []string{"content/briefs/new-brief.md"}, func() {
			write("content/briefs/new-brief.md", "---\ntitle: A new brief\nsummary: New.\ntopics: [talent]\n---\nSee :term[R&D]{id=research-and-development} and [the bottlenecks](../explainers/bottlenecks.md).\n")
		}, 0, false, ""},
		{"a deleted page", []string{"content/briefs/new-brief.md"}, func() {
			if err := os.Remove(filepath.Join(dir, "content/briefs/new-brief.md")); err != nil {
				t.Fatal(err)
			}
		}, 0, false, ""},
		{"a term's definition", []string{"content/glossary/lithography-machines.md"}, func() {
			edit("content/glossary/lithography-machines.md", "definition: \"", "definition: \"Edited. ")
		}, 0, false, ""},
		{"a partial", []string{"templates/briefing/partials/footer.html"}, func() {
			edit("templates/briefing/partials/footer.html", "Built with gloss.", "Built with gloss, edited.")
		}, 0, false, ""},
		{"a layout", []string{"templates/briefing/layouts/explainer.html"}, func() {
			appendTo("templates/briefing/layouts/explainer.html", "\n")
		}, 0, false, ""},
		{"an annotation template", []string{"templates/briefing/annotations/term.html"}, func() {
			edit("templates/briefing/annotations/term.html", `<a class="term"`, `<a class="term edited"`)
		}, 0, false, ""},
		{"a stylesheet", []string{"templates/briefing/assets/style.css"}, func() {
			edit("templates/briefing/assets/style.css", "/* Header and navigation */", "/* Header */")
		}, 0, false, ""},
		{"a static file", []string{"static/notes.txt"}, func() { write("static/notes.txt", "a new static file\n") }, 0, false, ""},
		{"the configuration", []string{"gloss.toml"}, func() { edit("gloss.toml", "title = \"", "title = \"Edited ") }, 0, false, ""},
		// A site's card partial showing what comes from each listed page's
		// body: when a page's body grows, every list showing its card
		// changes, so the edit cannot be applied to the page alone.
		{"a card showing reading time, words and contents", []string{"templates/briefing/partials/card.html"}, func() {
			edit("templates/briefing/partials/card.html", "</li>", `<p class="card-length">{{.ReadingTime}} min, {{.Words}} words, {{len .TOC}} sections</p></li>`)
		}, 0, false, ""},
		{"a body growing under that card", []string{bottlenecks}, func() {
			edit(bottlenecks, "## Three named bottlenecks", "## Three named bottlenecks\n\n"+strings.Repeat("Many more words for the card to count. ", 80))
		}, 0, false, ""},
		{"a body shrinking under that card", []string{bottlenecks}, func() {
			edit(bottlenecks, strings.Repeat("Many more words for the card to count. ", 80), "Fewer words.")
		}, 0, false, ""},
		// Templates may show any page's card anywhere (through .Site), so
		// any page's length is part of every page's signature; a word
		// replaced by another changes nothing a card shows.
		{"a body edit the card does not show", []string{bottlenecks}, func() {
			edit(bottlenecks, "Fewer words.", "Other words.")
		}, 1, true, ""},
	}
	// Each step's files get a modification time of their own from a fake
	// clock, as if edited seconds apart: the file cache compares times, and
	// real edits a few milliseconds apart may share one clock tick.
	clock := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, step := range steps {
		step.change()
		for _, p := range step.paths {
			clock = clock.Add(time.Second)
			if err := os.Chtimes(filepath.Join(dir, p), clock, clock); err != nil && !errors.Is(err, fs.ErrNotExist) {
				t.Fatal(err)
			}
		}
		res, err := b.Build(context.Background())
		updRes, updErr := upd.Update(context.Background(), step.paths)
		if step.wantErr != "" {
			for _, err := range []error{err, updErr} {
				if err == nil || !strings.Contains(err.Error(), step.wantErr) {
					t.Errorf("%s: got error %v, want one about %s", step.name, err, step.wantErr)
				}
			}
			continue
		}
		if err != nil || updErr != nil {
			t.Fatalf("%s: Build: %v; Update: %v", step.name, err, updErr)
		}
		fullMem := output.NewMemory()
		memoryBuild(t, NewBuilder(opts, fullMem), fullMem)
		sameSite(t, step.name, mem.Current(), fullMem.Current())
		sameSite(t, step.name+" (Update)", updMem.Current(), fullMem.Current())
		if step.maxRender > 0 && res.Rendered > step.maxRender {
			t.Errorf("%s: rendered %d pages, want at most %d", step.name, res.Rendered, step.maxRender)
		}
		if updRes.InPlace != step.inPlace {
			t.Errorf("%s: Update in place = %v, want %v", step.name, updRes.InPlace, step.inPlace)
		}
		if step.inPlace && updRes.Rendered != 1 {
			t.Errorf("%s: Update rendered %d pages, want 1", step.name, updRes.Rendered)
		}
		t.Logf("%s: rendered %d of %d pages in %v; Update %d in %v (in place: %v)", step.name, res.Rendered, res.Pages, res.Duration, updRes.Rendered, updRes.Duration, updRes.InPlace)
	}
}

// TestUpdateWhileServing reads the site-wide files the preview makes on
// demand (feeds, search index) from published snapshots while body edits are
// applied in place, for the race detector: the edits change pages those
// files are made from.
func TestUpdateWhileServing(t *testing.T) {
	dir := sitetest.CopyExample(t, "../..")
	mem := output.NewMemory()
	b := NewBuilder(Options{SiteDir: dir, Builtin: builtin}, mem)
	memoryBuild(t, b, mem)
	rel := "content/explainers/bottlenecks.md"
	original := readSiteFile(t, dir, rel)
	done := make(chan struct{})
	var readers sync.WaitGroup
	for _, file := range []string{"feed.xml", "feed.json", "search-index.js", "sitemap.xml"} {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				if data, ok := mem.Current().File(file); !ok || len(data) == 0 {
					t.Errorf("%s missing from a published snapshot", file)
					return
				}
			}
		}()
	}
	for i := range 20 {
		writeSiteFile(t, dir, rel, strings.Replace(original, "## Three named bottlenecks", fmt.Sprintf("## Three named bottlenecks\n\nEdit number %d.", i), 1))
		res, err := b.Update(context.Background(), []string{rel})
		if err != nil {
			t.Fatal(err)
		}
		if !res.InPlace {
			t.Fatalf("edit %d was not applied in place", i)
		}
		page, _ := mem.Current().File("explainers/bottlenecks/index.html")
		want := fmt.Sprintf("Edit number %d.", i)
		// The edited section's excerpt is in one of the index's pieces.
		inIndex := false
		for _, p := range mem.Current().Paths() {
			if piece, _ := mem.Current().File(p); strings.HasPrefix(p, "search-index/") && strings.Contains(string(piece), want) {
				inIndex = true
			}
		}
		if !strings.Contains(string(page), want) || !inIndex {
			t.Fatalf("edit %d: the published page or search index lacks %q", i, want)
		}
	}
	close(done)
	readers.Wait()
}

// TestUpdateRereadsChangedFiles: two saves within one tick of the file
// system's clock can leave a file's size and modification time as they
// were. Update reads the files it is told changed whatever their times say.
func TestUpdateRereadsChangedFiles(t *testing.T) {
	dir := sitetest.CopyExample(t, "../..")
	mem := output.NewMemory()
	b := NewBuilder(Options{SiteDir: dir, Builtin: builtin}, mem)
	memoryBuild(t, b, mem)
	for _, c := range []struct{ rel, old, new, want string }{
		{"content/explainers/bottlenecks.md", "## Three named bottlenecks", "## Three named bottlenecks\n\nA sentence, seen.", "A sentence, seen."},
		{"content/explainers/enterprises.md", "title: \"", "title: \"Xyz ", "Xyz "},
	} {
		p := filepath.Join(dir, c.rel)
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(p)
		// The first save, built:
		first := strings.Replace(string(data), c.old, c.new, 1)
		if err := os.WriteFile(p, []byte(first), 0o644); err != nil {
			t.Fatal(err)
		}
		_ = os.Chtimes(p, fi.ModTime(), fi.ModTime())
		if _, err := b.Update(context.Background(), []string{c.rel}); err != nil {
			t.Fatal(err)
		}
		// The second, as long, in the same tick:
		second := strings.Replace(first, c.want, strings.ToUpper(c.want), 1)
		if err := os.WriteFile(p, []byte(second), 0o644); err != nil {
			t.Fatal(err)
		}
		_ = os.Chtimes(p, fi.ModTime(), fi.ModTime())
		if _, err := b.Update(context.Background(), []string{c.rel}); err != nil {
			t.Fatal(err)
		}
		out := strings.TrimSuffix(strings.TrimPrefix(c.rel, "content/"), ".md") + "/index.html"
		page, _ := mem.Current().File(out)
		if !strings.Contains(string(page), strings.ToUpper(c.want)) {
			t.Errorf("%s: the second save (%q) is not in %s", c.rel, strings.ToUpper(c.want), out)
		}
	}
}

// TestUpdateRelativeURLs: a page changed in place is written with links
// relative to itself, as a full build with relative URLs writes it.
func TestUpdateRelativeURLs(t *testing.T) {
	dir := sitetest.CopyExample(t, "../..")
	opts := Options{SiteDir: dir, Builtin: builtin, RelativeURLs: true}
	mem := output.NewMemory()
	b := NewBuilder(opts, mem)
	memoryBuild(t, b, mem)
	rel := "content/explainers/bottlenecks.md"
	editSiteFile(t, dir, rel, "## Three named bottlenecks", "## Three named bottlenecks\n\nA sentence added in place.")
	res, err := b.Update(context.Background(), []string{rel})
	if err != nil {
		t.Fatal(err)
	}
	if !res.InPlace {
		t.Fatal("the body edit was not applied in place")
	}
	full := output.NewMemory()
	memoryBuild(t, NewBuilder(opts, full), full)
	sameSite(t, "relative URLs", mem.Current(), full.Current())
	page, _ := mem.Current().File("explainers/bottlenecks/index.html")
	if !strings.Contains(string(page), "A sentence added in place.") || strings.Contains(string(page), `href="/explainers/`) {
		t.Error("the page changed in place lacks the edit or has root-relative links")
	}
}

// TestPreviewEqualsOneOff: the two kinds of build setUp chooses between, a
// one-off build into a folder and a Builder's into memory (with its lazy
// site files, reused renders and cached conversions), make the same site,
// file for file and byte for byte, in both built-in themes.
func TestPreviewEqualsOneOff(t *testing.T) {
	dir := sitetest.CopyExample(t, "../..")
	for _, theme := range []string{"briefing", "longform"} {
		t.Run(theme, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			opts := Options{SiteDir: dir, OutDir: out, Builtin: builtin, Theme: theme}
			if _, err := Build(context.Background(), opts); err != nil {
				t.Fatal(err)
			}
			mem := output.NewMemory()
			b := NewBuilder(opts, mem)
			memoryBuild(t, b, mem)
			memoryBuild(t, b, mem) // the second reuses every render and conversion
			var onDisk []string
			err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() || d.Name() == output.ManifestName {
					return err
				}
				rel, _ := filepath.Rel(out, p)
				onDisk = append(onDisk, filepath.ToSlash(rel))
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			sort.Strings(onDisk)
			inMemory := mem.Current().Paths()
			if len(onDisk) < 50 {
				t.Fatalf("the one-off build wrote only %d files", len(onDisk))
			}
			if strings.Join(onDisk, "\n") != strings.Join(inMemory, "\n") {
				t.Fatalf("the one-off build wrote\n%v\nthe preview has\n%v", onDisk, inMemory)
			}
			for _, rel := range onDisk {
				want, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(rel)))
				if err != nil {
					t.Fatal(err)
				}
				if got, _ := mem.Current().File(rel); !bytes.Equal(got, want) {
					t.Errorf("%s differs between the preview and the one-off build", rel)
				}
			}
		})
	}
}
