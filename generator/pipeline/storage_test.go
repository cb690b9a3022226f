package pipeline

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/generator/search"
	"github.com/gloss-ssg/gloss/generator/site"
	"github.com/gloss-ssg/gloss/generator/spill"
)

// TestSpilledReadFailureIsKeptForTheBuild: a body kept in the spill file
// reads back as written; when the file fails, the reader gets "" and the
// failure is kept, once, for the step that owns storage to report (see
// run.reportReadFailure), rather than handed to every template and feed.
func TestSpilledReadFailureIsKeptForTheBuild(t *testing.T) {
	store, err := spill.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s := newSpilled(store)
	get, err := s.Put("<p>A body.</p>")
	if err != nil {
		t.Fatal(err)
	}
	if got := get(); got != "<p>A body.</p>" {
		t.Fatalf("read back %q", got)
	}
	if err := s.readFailure(); err != nil {
		t.Fatalf("a read that worked left the failure %v", err)
	}
	s.close() // the file fails from now on
	if got := get(); got != "" {
		t.Errorf("a failed read gave %q, want nothing", got)
	}
	get() // a second failure is the same one
	err = s.readFailure()
	if err == nil || !strings.Contains(err.Error(), "cannot read") {
		t.Fatalf("readFailure = %v, want the spill file's error", err)
	}
	if again := s.readFailure(); again != nil {
		t.Errorf("the failure was reported twice: %v", again)
	}
}

// unreadable is storage whose every read of a body fails, as a spill file
// on a failing disk would.
type unreadable struct{ failed *firstFailure }

func (u unreadable) keepBodies(s *site.Site)         { s.KeepBodiesIn(u) }
func (unreadable) keepIndex(*search.PageIndex) error { return nil }
func (u unreadable) readFailure() error              { return u.failed.take() }
func (unreadable) close()                            {}
func (u unreadable) Put(string) (func() string, error) {
	return func() string { u.failed.keep(errors.New("cannot read .gloss-spill-1: input/output error")); return "" }, nil
}

// TestUnreadableBodiesFailTheBuild: when pages' bodies cannot be read back
// from storage, the build fails with the reason and publishes nothing: the
// pages and feeds made meanwhile hold empty bodies.
func TestUnreadableBodiesFailTheBuild(t *testing.T) {
	dir := siteFrom(t, figureSite)
	opts := Options{SiteDir: dir, Builtin: builtin}
	if _, err := Build(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, filepath.Join(dir, "public"))
	r, err := setUp(context.Background(), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	r.storage.close()
	r.storage = unreadable{&firstFailure{}}
	_, err = r.runSteps()
	if err == nil || !strings.Contains(err.Error(), "cannot read the pages' bodies back") || !strings.Contains(err.Error(), "input/output error") {
		t.Fatalf("build error %v, want the storage's", err)
	}
	if n := strings.Count(err.Error(), "input/output error"); n != 1 {
		t.Errorf("the failure is reported %d times, want once per step that read bodies, so once here:\n%v", n, err)
	}
	after := snapshot(t, filepath.Join(dir, "public"))
	if !reflect.DeepEqual(before, after) {
		t.Errorf("a failed build changed the published site")
	}
}
