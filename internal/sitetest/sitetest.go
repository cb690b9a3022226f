// Package sitetest helps tests and benchmarks that need a copy of a site to
// edit: they never change a site folder they were pointed at.
package sitetest

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// CopyExample copies the example site of the repository at root (its
// content/, templates/, static/ and gloss.toml) into a new folder the test
// may change, and returns that folder.
func CopyExample(t testing.TB, root string) string { return Copy(t, root) }

// Copy copies the site folder src (its content/, templates/, static/ and
// gloss.toml, any of which may be missing or a symbolic link, as
// bench/run.sh links content/ to a generated corpus) into a new folder the
// test may change, and returns that folder.
func Copy(t testing.TB, src string) string {
	t.Helper()
	dst := t.TempDir()
	for _, name := range []string{"content", "templates", "static", "gloss.toml"} {
		from, err := filepath.EvalSymlinks(filepath.Join(src, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		err = filepath.Walk(from, func(p string, fi os.FileInfo, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(from, p)
			to := filepath.Join(dst, name, rel)
			if fi.IsDir() {
				return os.MkdirAll(to, 0o755)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(to, data, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dst
}
