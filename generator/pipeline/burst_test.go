package pipeline

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/generator/output"
	"github.com/gloss-ssg/gloss/internal/sitetest"
)

// burstSite is a copy of the example site with n more pages in
// content/notes/ of parts parts each (see noteText), and the site paths of
// those pages.
func burstSite(t testing.TB, n, parts int) (string, []string) {
	t.Helper()
	dir := sitetest.CopyExample(t, "../..")
	writeSiteFile(t, dir, "content/notes/_index.md", "---\ntitle: Notes\nsummary: Many notes.\n---\n")
	var paths []string
	for i := range n {
		rel := fmt.Sprintf("content/notes/note-%03d.md", i)
		writeSiteFile(t, dir, rel, noteText(i, "first", parts))
		paths = append(paths, rel)
	}
	return dir, paths
}

// noteText is a page with a link and parts headed sections of about 700
// bytes each, with a list.
func noteText(i int, version string, parts int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: Note %d\nsummary: Note %d of many.\n---\nThe %s version of note %d, linking to [the bottlenecks](../explainers/bottlenecks.md).\n\n", i, i, version, i)
	for s := range parts {
		fmt.Fprintf(&b, "## Part %d\n\n%s\n\n- a first point\n- a *second* point\n\n", s, strings.Repeat("The measures are expected to raise output and employment over the coming years. ", 6))
	}
	return b.String()
}

// TestUpdateBurst: a burst of changes, as a git checkout or a formatter run
// over the folder makes, costs one full build: every page of a 320-page
// change named twice (as a watcher's merged batches might) is rendered at
// most once, not in place page after page, and the result is what a full
// build gives. A few pages named twice are still applied in place, once each.
func TestUpdateBurst(t *testing.T) {
	dir, notes := burstSite(t, 320, 0) // short pages: the test counts, it does not time
	opts := Options{SiteDir: dir, Builtin: builtin}
	mem := output.NewMemory()
	b := NewBuilder(opts, mem)
	first := memoryBuild(t, b, mem)

	for i, rel := range notes {
		writeSiteFile(t, dir, rel, noteText(i, "second", 0))
	}
	res, err := b.Update(context.Background(), append(append([]string(nil), notes...), notes...))
	if err != nil {
		t.Fatal(err)
	}
	if res.InPlace || res.Pages != first.Pages || res.Rendered > res.Pages || res.Rendered < len(notes) {
		t.Errorf("a burst of %d changes: %d of %d pages rendered (in place: %v), want one build rendering at most every page once", len(notes), res.Rendered, res.Pages, res.InPlace)
	}
	if steps := len(res.Timings); steps < 5 {
		t.Errorf("the burst was not one whole build: steps %v", res.Timings)
	}
	full := output.NewMemory()
	memoryBuild(t, NewBuilder(opts, full), full)
	sameSite(t, "burst", mem.Current(), full.Current())
	if page, _ := mem.Current().File("notes/note-319/index.html"); !strings.Contains(string(page), "The second version of note 319") {
		t.Error("the last note of the burst is not in the published site")
	}

	few := notes[:3]
	for i, rel := range few {
		writeSiteFile(t, dir, rel, noteText(i, "third", 0))
	}
	res, err = b.Update(context.Background(), append(append([]string(nil), few...), few...))
	if err != nil {
		t.Fatal(err)
	}
	if !res.InPlace || res.Rendered != len(few) {
		t.Errorf("%d body edits named twice: %d pages rendered (in place: %v), want %d in place", len(few), res.Rendered, res.InPlace, len(few))
	}
}

// BenchmarkBurst times the preview's rebuild after a burst of 320 changed
// pages in a 376-page site (the example site and 320 notes of about 3 KB):
// as Update does it (build: one Build), and as 320 edits in place would be
// (in-place). It reports the pages rendered and the heap in use after the
// bursts, beside the heap after the first build: memory comes back.
//
//	go test ./generator/pipeline -run XXX -bench Burst -benchtime 5x -count 3
func BenchmarkBurst(b *testing.B) {
	for _, mode := range []struct {
		name       string
		maxInPlace int
	}{{"build", maxInPlace}, {"in-place", 1 << 30}} {
		b.Run(mode.name, func(b *testing.B) {
			dir, notes := burstSite(b, 320, 4)
			builder := NewBuilder(Options{SiteDir: dir, Builtin: builtin}, output.NewMemory())
			builder.maxInPlace = mode.maxInPlace
			if _, err := builder.Build(context.Background()); err != nil {
				b.Fatal(err)
			}
			heapBefore := heapInUse()
			b.ResetTimer()
			rendered := 0
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				for j, rel := range notes {
					writeSiteFile(b, dir, rel, noteText(j, fmt.Sprint("edit ", i), 4))
				}
				b.StartTimer()
				res, err := builder.Update(context.Background(), notes)
				if err != nil {
					b.Fatal(err)
				}
				rendered += res.Rendered
			}
			b.StopTimer()
			b.ReportMetric(float64(rendered)/float64(b.N), "pages-rendered/op")
			b.ReportMetric(heapBefore, "MB-heap-first-build")
			b.ReportMetric(heapInUse(), "MB-heap-after-bursts")
		})
	}
}

// heapInUse is the live heap after a collection, in MB.
func heapInUse() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapInuse) / (1 << 20)
}
