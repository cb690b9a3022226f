package output

import (
	"errors"
	"io"
	"os"
	"os/exec"
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

// TestCheckDirRefusesSourcesEvenThroughLinks: the site's own source folders,
// and folders reached through symbolic links, are refused whatever --force says.
func TestCheckDirRefusesSourcesEvenThroughLinks(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "real", "site")
	write(t, filepath.Join(site, "content/a.md"), "x")
	write(t, filepath.Join(site, "static/favicon.svg"), "x")
	write(t, filepath.Join(site, "templates/mine/theme.toml"), "")
	link := filepath.Join(root, "linked")
	if err := os.Symlink(site, link); err != nil {
		t.Fatal(err)
	}
	outLink := filepath.Join(root, "out-link")
	if err := os.Symlink(filepath.Join(site, "content"), outLink); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, out, site, want string
	}{
		{"content/", filepath.Join(site, "content"), site, "inside the site's content/ folder"},
		{"a folder in content/", filepath.Join(site, "content/out"), site, "inside the site's content/ folder"},
		{"static/out", filepath.Join(site, "static/out"), site, "inside the site's static/ folder"},
		{"templates/", filepath.Join(site, "templates"), site, "inside the site's templates/ folder"},
		{"the real parent of a linked site", filepath.Join(root, "real"), link, "holds the site folder"},
		{"the real site of a linked site", site, link, "it is the site folder"},
		{"a link to content/", outLink, site, "inside the site's content/ folder"},
		{"the site through its link", link, site, "it is the site folder"},
	}
	for _, tt := range tests {
		err := CheckDir(tt.out, tt.site)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "--force does not change this") {
			t.Errorf("%s: CheckDir(%s, %s) = %v, want a refusal saying %q", tt.name, tt.out, tt.site, err, tt.want)
		}
	}
	if err := CheckDir(filepath.Join(link, "public"), link); err != nil {
		t.Errorf("public/ in a linked site folder: %v", err)
	}
}

// TestFilesGlossDidNotWriteSurvive: a git checkout and a CNAME in the output
// folder are carried into every new output, and the summary names them.
func TestFilesGlossDidNotWriteSurvive(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	site := map[string]string{"index.html": "home", "a/index.html": "a"}
	if _, err := build(t, out, false, site); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(out, ".git/HEAD"), "ref: refs/heads/main\n")
	write(t, filepath.Join(out, ".git/objects/ab/cdef"), "object")
	write(t, filepath.Join(out, "CNAME"), "example.org\n")
	write(t, filepath.Join(out, "a/notes.txt"), "mine")
	for i := range 2 {
		ch, err := build(t, out, false, site)
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{".git/", "CNAME", "a/notes.txt"}; !reflect.DeepEqual(ch.Kept, want) {
			t.Errorf("build %d: kept %q, want %q", i+2, ch.Kept, want)
		}
		for p, want := range map[string]string{".git/HEAD": "ref: refs/heads/main\n", ".git/objects/ab/cdef": "object", "CNAME": "example.org\n", "a/notes.txt": "mine", "index.html": "home"} {
			if data, err := os.ReadFile(filepath.Join(out, p)); err != nil || string(data) != want {
				t.Errorf("build %d: %s = %q, %v; want %q", i+2, p, data, err, want)
			}
		}
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
		t.Errorf("left beside the output: %v", entries)
	}
}

// TestAFileGlossDidNotWriteIsNeverReplaced: when the site starts publishing
// a file the output folder already holds, with other bytes, the build stops.
func TestAFileGlossDidNotWriteIsNeverReplaced(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, out, false, map[string]string{"index.html": "home"}); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(out, "CNAME"), "example.org\n")
	_, err := build(t, out, false, map[string]string{"index.html": "home", "CNAME": "other.example\n"})
	if err == nil || !strings.Contains(err.Error(), `"CNAME", which gloss did not write`) {
		t.Fatalf("got %v, want a refusal naming CNAME", err)
	}
	if data, _ := os.ReadFile(filepath.Join(out, "CNAME")); string(data) != "example.org\n" {
		t.Errorf("CNAME became %q", data)
	}
	// The same bytes: the site takes the file over.
	ch, err := build(t, out, false, map[string]string{"index.html": "home", "CNAME": "example.org\n"})
	if err != nil || len(ch.Kept) != 0 {
		t.Fatalf("same bytes: kept %v, err %v", ch.Kept, err)
	}
}

// TestManifestEncodesNames: a newline in a file's name does not corrupt
// the manifest, so the next build changes nothing.
func TestManifestEncodesNames(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	site := map[string]string{"a\nb.png": "x", "c\\d.txt": "y", `"q".txt`: "z", "index.html": "home"}
	if _, err := build(t, out, false, site); err != nil {
		t.Fatal(err)
	}
	ch, err := build(t, out, false, site)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Changes{Unchanged: 4}); !reflect.DeepEqual(ch, want) {
		t.Errorf("a rebuild of the same site: %+v, want %+v", ch, want)
	}
}

// TestOutputThroughSymlink: public -> elsewhere publishes into elsewhere and
// keeps the link.
func TestOutputThroughSymlink(t *testing.T) {
	root := t.TempDir()
	target := filepath.Join(root, "www")
	if err := os.Mkdir(target, 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "site", "public")
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, out); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		ch, err := build(t, out, false, map[string]string{"index.html": "home"})
		if err != nil {
			t.Fatal(err)
		}
		if ch.Through != out {
			t.Errorf("Through = %q, want %q", ch.Through, out)
		}
	}
	if fi, err := os.Lstat(out); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v %v", fi, err)
	}
	if data, _ := os.ReadFile(filepath.Join(target, "index.html")); string(data) != "home" {
		t.Errorf("the link's target holds %q", data)
	}
	dangling := filepath.Join(root, "dangling")
	if err := os.Symlink(filepath.Join(root, "missing"), dangling); err != nil {
		t.Fatal(err)
	}
	if _, err := Begin(dangling, false); err == nil || !strings.Contains(err.Error(), "does not exist: create that folder") {
		t.Errorf("a dangling link: %v", err)
	}
}

// TestStaleStagingIsSwept: a staging folder whose build was killed goes
// with the next build; one a running build holds stays.
func TestStaleStagingIsSwept(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	if _, err := build(t, out, false, map[string]string{"index.html": "home"}); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(parent, ".public.gloss-new-dead00")
	write(t, filepath.Join(stale, "index.html"), "half a site")
	write(t, stale+".lock", "")
	staleOld := filepath.Join(parent, ".public.gloss-old-dead00")
	write(t, filepath.Join(staleOld, "index.html"), "the previous site")
	running := filepath.Join(parent, ".public.gloss-new-live00")
	write(t, filepath.Join(running, "index.html"), "being written")
	lock, err := lockFile(running + ".lock")
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	lockless := filepath.Join(parent, ".public.gloss-new-old000")
	write(t, filepath.Join(lockless, "index.html"), "from a gloss before lock files")
	longAgo := time.Now().Add(-7 * time.Hour)
	if err := os.Chtimes(lockless, longAgo, longAgo); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(parent, ".other.gloss-new-dead00")
	write(t, filepath.Join(other, "x"), "another output folder's")
	write(t, other+".lock", "")
	if _, err := build(t, out, false, map[string]string{"index.html": "home"}); err != nil {
		t.Fatal(err)
	}
	var names []string
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{".other.gloss-new-dead00", ".other.gloss-new-dead00.lock", ".public.gloss-new-live00", ".public.gloss-new-live00.lock", "public"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("beside the output: %q, want %q", names, want)
	}
}

// TestStaleOldSiteIsPutBack: a build killed between moving the old site
// aside and moving the new one in left no output folder; the next build
// puts the old one back before it starts.
func TestStaleOldSiteIsPutBack(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	write(t, filepath.Join(parent, ".public.gloss-old-dead00", ManifestName), "")
	write(t, filepath.Join(parent, ".public.gloss-old-dead00", "CNAME"), "example.org")
	write(t, filepath.Join(parent, ".public.gloss-new-dead00.lock"), "")
	ch, err := build(t, out, false, map[string]string{"index.html": "home"})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ch.Kept, []string{"CNAME"}) {
		t.Errorf("kept %q, want the old site's CNAME", ch.Kept)
	}
}

// TestParentNotWritable: an output folder the user may write under a
// parent they may not is updated in place.
func TestParentNotWritable(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "www")
	if _, err := build(t, out, false, map[string]string{"index.html": "home", "gone.html": "x"}); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(out, "CNAME"), "example.org")
	lockFolder(t, parent)
	ch, err := build(t, out, false, map[string]string{"index.html": "home2", "a/new.html": "n"})
	if err != nil {
		t.Fatal(err)
	}
	if ch.InPlace == "" || !reflect.DeepEqual(ch.Kept, []string{"CNAME"}) {
		t.Errorf("changes %+v: want an in-place update keeping CNAME", ch)
	}
	got := map[string]string{}
	_ = filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(out, p)
			got[filepath.ToSlash(rel)] = string(data)
		}
		return nil
	})
	delete(got, ManifestName)
	want := map[string]string{"index.html": "home2", "a/new.html": "n", "CNAME": "example.org"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("output %q, want %q", got, want)
	}
}

// lockFolder makes a folder's entries unchangeable until the test ends
// (its subfolders stay writable): by its mode, or for root, who may write
// anywhere, with chattr +i.
func lockFolder(t *testing.T, dir string) {
	t.Helper()
	if os.Geteuid() != 0 {
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		return
	}
	if out, err := exec.Command("chattr", "+i", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot make %s unchangeable: %v %s", dir, err, out)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", dir).Run() })
}

// TestMountPoint: an output folder that is a mount point (a Docker volume)
// cannot be renamed; the new site is moved into it file by file.
func TestMountPoint(t *testing.T) {
	root := t.TempDir()
	out, volume := filepath.Join(root, "public"), filepath.Join(root, "volume")
	for _, d := range []string{out, volume} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if msg, err := exec.Command("mount", "--bind", volume, out).CombinedOutput(); err != nil {
		t.Skipf("cannot bind-mount here: %v %s", err, msg)
	}
	t.Cleanup(func() { exec.Command("umount", out).Run() })
	for i, site := range []map[string]string{{"index.html": "home", "gone.html": "x"}, {"index.html": "home2"}} {
		ch, err := build(t, out, false, site)
		if err != nil {
			t.Fatalf("build %d: %v", i+1, err)
		}
		if i == 1 && !strings.Contains(ch.InPlace, "mount point") {
			t.Errorf("build %d: InPlace = %q", i+1, ch.InPlace)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(volume, "index.html")); string(data) != "home2" {
		t.Errorf("the volume holds %q", data)
	}
	if _, err := os.Stat(filepath.Join(volume, "gone.html")); err == nil {
		t.Error("a stale file stayed")
	}
	if entries, _ := os.ReadDir(root); len(entries) != 2 {
		t.Errorf("left beside the output: %v", entries)
	}
}

// TestWritesAfterAbortFail: a template still running after its build was
// abandoned cannot recreate the staging folder.
func TestWritesAfterAbortFail(t *testing.T) {
	parent := t.TempDir()
	st, err := Begin(filepath.Join(parent, "public"), false)
	if err != nil {
		t.Fatal(err)
	}
	st.Abort()
	if err := st.WriteFile("late/index.html", []byte("x")); err == nil {
		t.Error("a write after Abort succeeded")
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 0 {
		t.Errorf("left %v", entries)
	}
}

// FuzzManifestNames: any file name survives the manifest unchanged, one
// entry per file, whatever bytes it holds.
func FuzzManifestNames(f *testing.F) {
	for _, seed := range []string{"a\nb.png", "index.html", `"q".txt`, "c\\d", "x\r\ny", " lead", "trail ", "\xff\xfe", "a b c"} {
		f.Add(seed, "other.html")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if a == b {
			return
		}
		var manifest strings.Builder
		for _, p := range []string{a, b} {
			manifest.WriteString("0123 " + encodeName(p) + "\n")
		}
		path := filepath.Join(t.TempDir(), ManifestName)
		if err := os.WriteFile(path, []byte(manifest.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		got := readManifest(path)
		if want := map[string]string{a: "0123", b: "0123"}; !reflect.DeepEqual(got, want) {
			t.Errorf("names %q, %q read back as %q", a, b, got)
		}
	})
}

// TestKilledMidSwapLosesNothing: a build killed after carrying the files
// gloss did not write into its staging folder, before the swap, left them
// there; the next build moves them back instead of sweeping them away.
func TestKilledMidSwapLosesNothing(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	if _, err := build(t, out, false, map[string]string{"index.html": "home"}); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(parent, ".public.gloss-new-dead00")
	write(t, filepath.Join(stale, ManifestName), "0123 index.html\n")
	write(t, filepath.Join(stale, "index.html"), "home")
	write(t, filepath.Join(stale, ".git/HEAD"), "ref: refs/heads/main\n")
	write(t, filepath.Join(stale, "CNAME"), "example.org\n")
	write(t, stale+".lock", "")
	ch, err := build(t, out, false, map[string]string{"index.html": "home"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{".git/", "CNAME"}; !reflect.DeepEqual(ch.Kept, want) {
		t.Errorf("kept %q, want %q", ch.Kept, want)
	}
	if data, _ := os.ReadFile(filepath.Join(out, ".git/HEAD")); string(data) != "ref: refs/heads/main\n" {
		t.Errorf(".git/HEAD = %q", data)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("the stale staging folder stayed")
	}
}
