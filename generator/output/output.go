// Package output writes a built site. A build is staged in a fresh folder
// beside the output folder and swapped in only when every file is written,
// so a failed or interrupted build leaves the previous site as it was.
package output

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Sink receives a site's files. Paths are slash-separated and relative to
// the site root ("explainers/chips/index.html"). Implementations are safe
// for concurrent use and do not keep data after WriteFile returns (callers
// reuse their buffers).
type Sink interface {
	WriteFile(rel string, data []byte) error
}

// Stage is an output folder being written.
type Stage struct {
	out  string // the final output folder
	dir  string // the staging folder beside it
	mu   sync.Mutex
	dirs map[string]bool
}

// Begin starts staging a build for the output folder out.
func Begin(out string) (*Stage, error) {
	out = filepath.Clean(out)
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create %s: %w", parent, err)
	}
	dir := filepath.Join(parent, "."+filepath.Base(out)+".gloss-new-"+randomSuffix())
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create a staging folder beside %s: %w", out, err)
	}
	return &Stage{out: out, dir: dir, dirs: map[string]bool{".": true}}, nil
}

func randomSuffix() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// WriteFile writes one file of the site into the staging folder.
func (s *Stage) WriteFile(rel string, data []byte) error {
	if !filepath.IsLocal(filepath.FromSlash(rel)) {
		return fmt.Errorf("refusing to write %q outside the output folder", rel)
	}
	p := filepath.Join(s.dir, filepath.FromSlash(rel))
	if err := s.mkdirAll(filepath.Dir(p)); err != nil {
		return err
	}
	return os.WriteFile(p, data, 0o644)
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

// Commit replaces the output folder with the staged one.
func (s *Stage) Commit() error {
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
