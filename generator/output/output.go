// Package output writes a built site. A build is staged in a fresh folder
// beside the output folder and swapped in only when every file is written,
// so a failed or interrupted build leaves the previous site as it was. A
// manifest of content hashes lets the next build keep the modification time
// of every file whose content did not change, so rsync or an S3 sync uploads
// only what changed, and marks the folder as gloss's to replace.
package output

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// ManifestName is the file in an output folder that lists what gloss wrote.
const ManifestName = ".gloss-manifest"

// Sink receives a site's files. Paths are slash-separated and relative to
// the site root ("explainers/chips/index.html"). Implementations are safe
// for concurrent use and do not keep data after WriteFile returns (callers
// reuse their buffers).
type Sink interface {
	WriteFile(rel string, data []byte) error
}

// Stage is an output folder being written.
type Stage struct {
	out    string // the final output folder
	dir    string // the staging folder beside it
	mu     sync.Mutex
	dirs   map[string]bool
	hashes map[string]string // output path → content hash
}

// Begin starts staging a build for the output folder out. It refuses to
// replace a folder that holds files but no manifest (gloss did not make it),
// unless force is set.
func Begin(out string, force bool) (*Stage, error) {
	out = filepath.Clean(out)
	if !force {
		if err := checkOwned(out); err != nil {
			return nil, err
		}
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create %s: %w", parent, err)
	}
	dir := filepath.Join(parent, "."+filepath.Base(out)+".gloss-new-"+randomSuffix())
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create a staging folder beside %s: %w", out, err)
	}
	return &Stage{out: out, dir: dir, dirs: map[string]bool{".": true}, hashes: map[string]string{}}, nil
}

// checkOwned refuses an existing, non-empty folder without a manifest.
func checkOwned(out string) error {
	entries, err := os.ReadDir(out)
	if errors.Is(err, fs.ErrNotExist) || err == nil && len(entries) == 0 {
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(out, ManifestName)); err == nil {
		return nil
	}
	return &NotOwnedError{Dir: out}
}

// NotOwnedError refuses to replace a folder gloss did not create.
type NotOwnedError struct{ Dir string }

func (e *NotOwnedError) Error() string {
	return fmt.Sprintf("refusing to replace %s: it holds files gloss did not write (there is no %s in it); choose another --out, or add --force to replace it", e.Dir, ManifestName)
}

func randomSuffix() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// WriteFile writes one file of the site into the staging folder.
func (s *Stage) WriteFile(rel string, data []byte) error {
	p, err := s.prepare(rel)
	if err != nil {
		return err
	}
	s.record(rel, sha256.Sum256(data))
	return os.WriteFile(p, data, 0o644)
}

// WriteStream writes one file of the site piece by piece, for a file too
// big to hold whole (a big site's search index).
func (s *Stage) WriteStream(rel string, write func(io.Writer) error) error {
	p, err := s.prepare(rel)
	if err != nil {
		return err
	}
	f, err := os.Create(p)
	if err != nil {
		return err
	}
	h := sha256.New()
	bw := bufio.NewWriterSize(io.MultiWriter(f, h), 1<<20)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return err
	}
	var sum [32]byte
	h.Sum(sum[:0])
	s.record(rel, sum)
	return nil
}

// prepare checks an output path and makes its folder.
func (s *Stage) prepare(rel string) (string, error) {
	if !filepath.IsLocal(filepath.FromSlash(rel)) {
		return "", fmt.Errorf("refusing to write %q outside the output folder", rel)
	}
	if rel == ManifestName {
		return "", fmt.Errorf("%s is gloss's own file", rel)
	}
	p := filepath.Join(s.dir, filepath.FromSlash(rel))
	return p, s.mkdirAll(filepath.Dir(p))
}

func (s *Stage) record(rel string, sum [32]byte) {
	s.mu.Lock()
	s.hashes[rel] = hex.EncodeToString(sum[:16])
	s.mu.Unlock()
}

func (s *Stage) mkdirAll(dir string) error {
	s.mu.Lock()
	done := s.dirs[dir]
	s.mu.Unlock()
	if done {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	s.mu.Lock()
	s.dirs[dir] = true
	s.mu.Unlock()
	return nil
}

// Changes says what a build changed in the output folder.
type Changes struct {
	Added, Changed, Removed []string
	Unchanged               int
}

// Commit replaces the output folder with the staged one. Files whose content
// is what the previous build wrote keep their modification time.
func (s *Stage) Commit() (Changes, error) {
	ch, err := s.compare()
	if err != nil {
		s.Abort()
		return ch, err
	}
	return ch, s.swap()
}

// compare sorts files into added, changed and unchanged against the previous
// manifest, carries unchanged files' modification times over, and writes the
// new manifest.
func (s *Stage) compare() (Changes, error) {
	var ch Changes
	old := readManifest(filepath.Join(s.out, ManifestName))
	paths := make([]string, 0, len(s.hashes))
	for p := range s.hashes {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var manifest bytes.Buffer
	for _, p := range paths {
		h := s.hashes[p]
		fmt.Fprintf(&manifest, "%s %s\n", h, p)
		prev, existed := old[p]
		switch {
		case !existed:
			ch.Added = append(ch.Added, p)
		case prev != h:
			ch.Changed = append(ch.Changed, p)
		default:
			ch.Unchanged++
			if fi, err := os.Stat(filepath.Join(s.out, filepath.FromSlash(p))); err == nil {
				_ = os.Chtimes(filepath.Join(s.dir, filepath.FromSlash(p)), fi.ModTime(), fi.ModTime())
			}
		}
	}
	for p := range old {
		if _, still := s.hashes[p]; !still {
			ch.Removed = append(ch.Removed, p)
		}
	}
	sort.Strings(ch.Removed)
	return ch, os.WriteFile(filepath.Join(s.dir, ManifestName), manifest.Bytes(), 0o644)
}

func readManifest(path string) map[string]string {
	out := map[string]string{}
	f, err := os.Open(path)
	if err != nil {
		return out
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if h, p, ok := strings.Cut(sc.Text(), " "); ok {
			out[p] = h
		}
	}
	return out
}

func (s *Stage) swap() error {
	old := ""
	if _, err := os.Lstat(s.out); err == nil {
		old = filepath.Join(filepath.Dir(s.out), "."+filepath.Base(s.out)+".gloss-old-"+randomSuffix())
		if err := os.Rename(s.out, old); err != nil {
			s.Abort()
			return fmt.Errorf("cannot replace %s: %w", s.out, err)
		}
	}
	if err := os.Rename(s.dir, s.out); err != nil {
		if old != "" {
			_ = os.Rename(old, s.out) // put the previous site back
		}
		s.Abort()
		return fmt.Errorf("cannot move the new site into %s: %w", s.out, err)
	}
	if old != "" {
		if err := os.RemoveAll(old); err != nil {
			return fmt.Errorf("the new site is in place, but the old one could not be removed from %s: %w", old, err)
		}
	}
	return nil
}

// Abort throws the staged files away; the output folder is untouched.
func (s *Stage) Abort() { _ = os.RemoveAll(s.dir) }

// CheckDir refuses output folders whose replacement would destroy sources:
// the site folder itself or a folder above it, a folder holding content/ or
// templates/, the home folder and the file system root.
func CheckDir(out, site string) error {
	absOut, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	absSite, err := filepath.Abs(site)
	if err != nil {
		return err
	}
	if fi, err := os.Stat(absOut); err == nil && !fi.IsDir() {
		return fmt.Errorf("cannot use %s as the output folder: it is a file; name a folder (gloss creates it)", out)
	}
	for dir := filepath.Dir(absOut); dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		if fi, err := os.Stat(dir); err == nil {
			if !fi.IsDir() {
				return fmt.Errorf("cannot use %s as the output folder: %s is a file", out, dir)
			}
			break // the nearest existing folder: gloss creates the rest
		}
	}
	if absOut == filepath.Dir(absOut) {
		return fmt.Errorf("refusing to use %s as the output folder: it is the root of the file system", out)
	}
	if home, err := os.UserHomeDir(); err == nil && absOut == filepath.Clean(home) {
		return fmt.Errorf("refusing to use %s as the output folder: it is your home folder", out)
	}
	if absOut == absSite || strings.HasPrefix(absSite+string(filepath.Separator), absOut+string(filepath.Separator)) {
		return fmt.Errorf("refusing to use %s as the output folder: it holds the site's sources, and a build replaces the whole folder", out)
	}
	for _, src := range []string{"content", "templates"} {
		if fi, err := os.Stat(filepath.Join(absOut, src)); err == nil && fi.IsDir() {
			return fmt.Errorf("refusing to use %s as the output folder: it holds a %s/ folder, which looks like a site's sources", out, src)
		} else if err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}
