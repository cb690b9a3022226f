package golden

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that remembers failures instead of failing.
type recorder struct {
	testing.TB
	failures []string
}

func (r *recorder) Helper()                      {}
func (r *recorder) Errorf(f string, args ...any) { r.failures = append(r.failures, f) }
func (r *recorder) Fatal(args ...any)            { r.failures = append(r.failures, "fatal") }

func TestCheck(t *testing.T) {
	file := filepath.Join(t.TempDir(), "case.golden")
	if err := os.WriteFile(file, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	defer func(was bool) { *update = was }(*update)
	for _, tt := range []struct {
		name     string
		updating bool
		got      string
		fails    string // "" if the check passes
		after    string // the file afterwards
	}{
		{"differs", false, "new\n", "output differs", "old\n"},
		{"same", false, "old\n", "", "old\n"},
		{"update rewrites and fails", true, "new\n", "updated ", "new\n"},
		{"update of an equal file passes", true, "new\n", "", "new\n"},
	} {
		*update = tt.updating
		r := &recorder{TB: t}
		Check(r, file, []byte(tt.got))
		got := strings.Join(r.failures, "; ")
		if (tt.fails == "") != (got == "") || !strings.Contains(got, tt.fails) {
			t.Errorf("%s: failures %q, want %q", tt.name, got, tt.fails)
		}
		if data, _ := os.ReadFile(file); string(data) != tt.after {
			t.Errorf("%s: the file holds %q, want %q", tt.name, data, tt.after)
		}
	}
}
