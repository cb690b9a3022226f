// Package sitetest helps tests that need a copy of the example site to edit.
package sitetest

import (
	"os"
	"path/filepath"
	"testing"
)

// CopyExample copies the example site of the repository at root (its
// content/, templates/, static/ and gloss.toml) into a new folder the test
// may change, and returns that folder.
func CopyExample(t testing.TB, root string) string {
	t.Helper()
	dst := t.TempDir()
	for _, name := range []string{"content", "templates", "static", "gloss.toml"} {
		err := filepath.Walk(filepath.Join(root, name), func(p string, fi os.FileInfo, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			if fi.IsDir() {
				return os.MkdirAll(filepath.Join(dst, rel), 0o755)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dst
}
