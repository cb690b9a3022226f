package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLinksInsideFollowedOutsideRefused(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("SECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	site := t.TempDir()
	for name, data := range map[string]string{"content/a.md": "a", "shared/img/x.png": "png", "static/real.txt": "real"} {
		p := filepath.Join(site, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range map[string]string{
		"content/img":       "../shared/img",
		"content/leak.txt":  filepath.Join(outside, "secret"),
		"content/out":       outside,
		"content/loop":      "..",
		"static/dangling":   "nowhere",
		"static/linked.txt": "real.txt",
		"static/twice.txt":  "linked.txt",
		"templates":         outside,
	} {
		if err := os.Symlink(target, filepath.Join(site, link)); err != nil {
			t.Fatal(err)
		}
	}
	fsys, err := New(site)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			if strings.Contains(string(data), "SECRET") {
				t.Errorf("%s reads a file outside the site", p)
			}
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"content/a.md", "content/img/x.png", "shared/img/x.png", "static/linked.txt", "static/real.txt", "static/twice.txt"}
	if !reflect.DeepEqual(files, want) {
		t.Errorf("walked %q\nwant %q", files, want)
	}
	if _, err := fs.ReadFile(fsys, "content/leak.txt"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("opening a link out of the site: %v, want it missing", err)
	}
	if _, err := fs.Stat(fsys, "templates/secret"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a file under a folder linked out of the site: %v", err)
	}
	var warned []string
	for _, p := range fsys.Problems() {
		warned = append(warned, p.Pos.File)
		if !strings.Contains(p.Msg, "not followed") {
			t.Errorf("%s: %s", p.Pos.File, p.Msg)
		}
	}
	if want := []string{"content/leak.txt", "content/loop", "content/out", "static/dangling", "templates"}; !reflect.DeepEqual(warned, want) {
		t.Errorf("warned about %q, want %q", warned, want)
	}
}

// TestPlainFolder: without links, FS reads as os.DirFS does.
func TestPlainFolder(t *testing.T) {
	site := t.TempDir()
	if err := os.MkdirAll(filepath.Join(site, "a/b"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, "a/b/c.txt"), []byte("c"), 0o644); err != nil {
		t.Fatal(err)
	}
	fsys, err := New(site)
	if err != nil {
		t.Fatal(err)
	}
	if err := fstest.TestFS(fsys, "a/b/c.txt"); err != nil {
		t.Error(err)
	}
}
