package output

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestCheckDirRefuses(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	write(t, filepath.Join(site, "content/a.md"), "x")
	other := filepath.Join(root, "other")
	write(t, filepath.Join(other, "templates/x/theme.toml"), "")
	home, _ := os.UserHomeDir()
	tests := []struct {
		name string
		out  string
		ok   bool
	}{
		{"the site folder", site, false},
		{"an ancestor of the site", root, false},
		{"the file system root", "/", false},
		{"the home folder", home, false},
		{"a folder holding templates/", other, false},
		{"a folder holding content/", site, false},
		{"public inside the site", filepath.Join(site, "public"), true},
		{"a sibling folder", filepath.Join(root, "out"), true},
		{"a new nested folder", filepath.Join(root, "a/b/c"), true},
	}
	for _, tt := range tests {
		err := CheckDir(tt.out, site)
		if (err == nil) != tt.ok {
			t.Errorf("%s (%s): err = %v, want ok=%v", tt.name, tt.out, err, tt.ok)
		}
	}
}

// TestCheckDirNamesAFile: --out naming a file (or a folder under one) says
// so, rather than "stat F/content: not a directory".
func TestCheckDirNamesAFile(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	write(t, filepath.Join(site, "content/a.md"), "x")
	file := filepath.Join(root, "notes.txt")
	write(t, file, "x")
	for out, want := range map[string]string{
		file:                          "cannot use " + file + " as the output folder: it is a file; name a folder (gloss creates it)",
		filepath.Join(file, "public"): "cannot use " + filepath.Join(file, "public") + " as the output folder: " + file + " is a file",
	} {
		if err := CheckDir(out, site); err == nil || err.Error() != want {
			t.Errorf("CheckDir(%s) = %v\nwant %s", out, err, want)
		}
	}
}

func build(t *testing.T, out string, force bool, files map[string]string) (Changes, error) {
	t.Helper()
	st, err := Begin(out, force)
	if err != nil {
		return Changes{}, err
	}
	for p, d := range files {
		if err := st.WriteFile(p, []byte(d)); err != nil {
			t.Fatal(err)
		}
	}
	return st.Commit()
}

func TestRebuildKeepsUnchangedFilesAndRemovesStaleOnes(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, out, false, map[string]string{"index.html": "home", "a/index.html": "a", "gone.html": "x"}); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	for _, p := range []string{"index.html", "a/index.html"} {
		if err := os.Chtimes(filepath.Join(out, p), old, old); err != nil {
			t.Fatal(err)
		}
	}
	ch, err := build(t, out, false, map[string]string{"index.html": "home", "a/index.html": "a changed", "new.html": "n"})
	if err != nil {
		t.Fatal(err)
	}
	want := Changes{Added: []string{"new.html"}, Changed: []string{"a/index.html"}, Removed: []string{"gone.html"}, Unchanged: 1}
	if !reflect.DeepEqual(ch, want) {
		t.Errorf("changes %+v, want %+v", ch, want)
	}
	if fi, _ := os.Stat(filepath.Join(out, "index.html")); !fi.ModTime().Equal(old) {
		t.Errorf("an unchanged file got a new modification time %v (want %v)", fi.ModTime(), old)
	}
	if fi, _ := os.Stat(filepath.Join(out, "a/index.html")); fi.ModTime().Equal(old) {
		t.Errorf("a changed file kept its old modification time")
	}
	if _, err := os.Stat(filepath.Join(out, "gone.html")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a stale file survived the rebuild")
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("staging or old folders left beside the output: %v", entries)
	}
}

func TestRefusesFoldersGlossDidNotWrite(t *testing.T) {
	out := t.TempDir()
	write(t, filepath.Join(out, "precious.txt"), "keep me")
	_, err := build(t, out, false, map[string]string{"index.html": "x"})
	var notOwned *NotOwnedError
	if !errors.As(err, &notOwned) {
		t.Fatalf("got %v, want a refusal", err)
	}
	if data, _ := os.ReadFile(filepath.Join(out, "precious.txt")); string(data) != "keep me" {
		t.Fatal("a refused folder was changed")
	}
	if _, err := build(t, out, true, map[string]string{"index.html": "x"}); err != nil {
		t.Fatalf("--force: %v", err)
	}
	if _, err := build(t, out, false, map[string]string{"index.html": "y"}); err != nil {
		t.Fatalf("a folder gloss wrote must be replaceable without --force: %v", err)
	}
}

func TestAbortLeavesNothing(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	st, err := Begin(out, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.WriteFile("x.html", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if err := st.WriteFile("../escape.html", []byte("x")); err == nil {
		t.Error("wrote outside the output folder")
	}
	st.Abort()
	if entries, _ := os.ReadDir(parent); len(entries) != 0 {
		t.Errorf("abort left %v", entries)
	}
}

// TestWriteStreamEqualsWriteFile: a file written piece by piece lands with
// the same bytes and the same manifest hash as one written whole, so an
// unchanged streamed file keeps its modification time.
func TestWriteStreamEqualsWriteFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	data := strings.Repeat("window.glossSearch={};\n", 100000) // more than the writer's buffer
	if _, err := build(t, out, false, map[string]string{"search-index.js": data}); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(filepath.Join(out, "search-index.js"), old, old); err != nil {
		t.Fatal(err)
	}
	s, err := Begin(out, false)
	if err != nil {
		t.Fatal(err)
	}
	err = s.WriteStream("search-index.js", func(w io.Writer) error {
		for i := 0; i < len(data); i += 1000 {
			if _, err := io.WriteString(w, data[i:min(i+1000, len(data))]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ch, err := s.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if ch.Unchanged != 1 || len(ch.Changed) != 0 {
		t.Errorf("changes %+v, want the streamed file unchanged", ch)
	}
	got, _ := os.ReadFile(filepath.Join(out, "search-index.js"))
	if string(got) != data {
		t.Errorf("streamed file has %d bytes, want %d", len(got), len(data))
	}
	if fi, _ := os.Stat(filepath.Join(out, "search-index.js")); !fi.ModTime().Equal(old) {
		t.Errorf("an unchanged streamed file got a new modification time")
	}
	if err := s.WriteStream("../outside", func(io.Writer) error { return nil }); err == nil {
		t.Error("WriteStream wrote outside the output folder")
	}
}
