// Package golden compares test output with files in testdata/. With the
// -update flag a differing file is rewritten and the test FAILS ("updated:
// review the diff"), so that a green run always means the output matched
// what was committed, never that it was just overwritten.
package golden

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ with what the tests get; the tests then fail, so review the diff and run them again")

// Updating reports whether -update was given.
func Updating() bool { return *update }

// Check compares got with the file. When they differ the test fails; with
// -update the file is rewritten first (and the test still fails).
func Check(t testing.TB, file string, got []byte) {
	t.Helper()
	want, err := os.ReadFile(file)
	if err == nil && bytes.Equal(got, want) {
		return
	}
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Errorf("updated %s: review the diff (git diff -- %s), then run the tests again without -update", file, file)
		return
	}
	if err != nil {
		t.Errorf("%v (run the test with -update to create it, then review it)", err)
		return
	}
	t.Errorf("output differs from %s (run with -update to accept it, then review the diff):\n%s", file, Diff(want, got))
}

// Diff describes the first difference between want and got, by line, with
// a little context: enough to see what changed without the whole file.
func Diff(want, got []byte) string {
	w, g := bytes.Split(want, []byte("\n")), bytes.Split(got, []byte("\n"))
	i := 0
	for i < len(w) && i < len(g) && bytes.Equal(w[i], g[i]) {
		i++
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "first difference at line %d:\n", i+1)
	for j := max(0, i-2); j < i; j++ {
		fmt.Fprintf(&b, "      %s\n", w[j])
	}
	for j := i; j < min(len(w), i+3); j++ {
		fmt.Fprintf(&b, "want: %s\n", w[j])
	}
	for j := i; j < min(len(g), i+3); j++ {
		fmt.Fprintf(&b, " got: %s\n", g[j])
	}
	return b.String()
}
