package pipeline

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gloss-ssg/gloss/generator/annotate"
	"github.com/gloss-ssg/gloss/generator/output"
	"github.com/gloss-ssg/gloss/internal/sitetest"
)

// TestUpdateInPlaceReportsFinishProblems: finishing a page's placeholders
// (a figure shown from another page) can report problems, a template's
// error say. When a body edit applied in place meets one, the preview must
// report it as a full build does, not publish the page without a word. The
// stat kind's Finish is made to fail after the first build, as a template
// failing on the figure would.
func TestUpdateInPlaceReportsFinishProblems(t *testing.T) {
	dir := sitetest.CopyExample(t, "../..")
	var failing atomic.Bool
	vocab := annotate.Explainers()
	stat := *vocab["stat"]
	finish := stat.Finish
	stat.Finish = func(w io.Writer, arg string, site annotate.Lookup, tm annotate.Templates) error {
		if failing.Load() {
			return errors.New("the figure card could not be rendered: injected failure")
		}
		return finish(w, arg, site, tm)
	}
	vocab["stat"] = &stat
	opts := Options{SiteDir: dir, Builtin: builtin, Vocabulary: vocab}
	mem := output.NewMemory()
	b := NewBuilder(opts, mem)
	memoryBuild(t, b, mem)
	before, _ := mem.Current().File("explainers/five-year-record/index.html")

	// A body edit Update applies in place (see TestIncrementalEqualsFull).
	const page = "content/explainers/five-year-record.md"
	editSiteFile(t, dir, page, "::stat{ref=basic-research-spending}", "Typed here.\n\n::stat{ref=basic-research-spending}")
	failing.Store(true)

	_, fullErr := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin, Vocabulary: vocab, OutDir: t.TempDir()})
	if fullErr == nil || !strings.Contains(fullErr.Error(), "injected failure") {
		t.Fatalf("a full build: error %v, want the figure's", fullErr)
	}
	res, err := b.Update(context.Background(), []string{page})
	if err == nil || !strings.Contains(err.Error(), "injected failure") {
		t.Fatalf("Update (in place: %v): error %v, want the figure's, as the full build's %q", res != nil && res.InPlace, err, fullErr)
	}
	if !strings.Contains(err.Error(), "content/explainers/five-year-record.md") {
		t.Errorf("Update's error %q does not name the page", err)
	}
	// A failed build leaves the previous output in place.
	if after, _ := mem.Current().File("explainers/five-year-record/index.html"); string(after) != string(before) {
		t.Errorf("the failed update changed the published page")
	}
}
