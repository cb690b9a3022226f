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
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
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
	out  string // the final output folder, symbolic links resolved
	link string // the symbolic link the output folder was named by, or ""
	dir  string // the staging folder, beside out (or inside it, see inside)
	// inside says the staging folder is inside out, because out's parent
	// cannot be written: the new site is then moved in file by file.
	inside bool
	lock   *os.File // held while the build runs (see sweepStale)
	// live guards the staging folder from writes after Abort: a build that
	// is abandoned (see pipeline) may still be running a template.
	live      sync.RWMutex
	aborted   bool
	committed bool
	mu        sync.Mutex
	dirs      map[string]bool
	hashes    map[string]string // output path → content hash
}

// Staging folder names: ".public.gloss-new-1a2b3c" beside public/, or
// ".gloss-new-1a2b3c" inside it; each has a lock file of the same name
// plus ".lock" while its build runs.
const (
	newMark = ".gloss-new-"
	oldMark = ".gloss-old-"
	lockExt = ".lock"
)

// Begin starts staging a build for the output folder out. It refuses to
// replace a folder that holds files but no manifest (gloss did not make it),
// unless force is set. An output folder named by a symbolic link is
// published into where the link points; the link stays.
func Begin(out string, force bool) (*Stage, error) {
	out = filepath.Clean(out)
	s := &Stage{out: out, dirs: map[string]bool{".": true}, hashes: map[string]string{}}
	if fi, err := os.Lstat(out); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		target, err := filepath.EvalSymlinks(out)
		if err != nil {
			dest, _ := os.Readlink(out)
			return nil, fmt.Errorf("the output folder %s is a symbolic link to %s, which does not exist: create that folder, or remove the link", out, dest)
		}
		if fi, err := os.Stat(target); err != nil || !fi.IsDir() {
			return nil, fmt.Errorf("the output folder %s is a symbolic link to %s, which is not a folder: point --out at a folder", out, target)
		}
		s.out, s.link = target, out
	}
	if !force {
		if err := checkOwned(s.out); err != nil {
			return nil, err
		}
	}
	parent := filepath.Dir(s.out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create %s: %w", parent, err)
	}
	sweepStale(parent, "."+filepath.Base(s.out)+newMark, s.out)
	err := s.makeStaging(filepath.Join(parent, "."+filepath.Base(s.out)+newMark+randomSuffix()))
	if err != nil && isDir(s.out) {
		// out's parent is not ours to write (a folder under /var/www, a
		// volume mounted into a container): stage inside out instead.
		sweepStale(s.out, newMark, "")
		if insideErr := s.makeStaging(filepath.Join(s.out, newMark+randomSuffix())); insideErr == nil {
			s.inside = true
			err = nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("cannot create a staging folder beside %s: %w (create the output folder yourself, writable, or choose another --out)", s.out, err)
	}
	return s, nil
}

// makeStaging takes the lock, then creates the staging folder dir.
func (s *Stage) makeStaging(dir string) error {
	lock, err := lockFile(dir + lockExt)
	if err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		lock.Close()
		_ = os.Remove(dir + lockExt)
		return err
	}
	s.dir, s.lock = dir, lock
	return nil
}

// sweepStale removes the staging folders that builds killed before they
// could clean up (SIGKILL from an OOM killer or a CI timeout) left in
// folder: only folders named as gloss names them (prefix), and only when
// no process holds their lock, so a build running beside this one keeps
// its own. The old site a build killed mid-swap had set aside
// (".gloss-old-", same suffix) is put back when the output folder out is
// missing, and removed otherwise.
func sweepStale(folder, prefix, out string) {
	entries, err := os.ReadDir(folder)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, prefix) && e.IsDir() && !exists(filepath.Join(folder, name+lockExt)) {
			// Made by a gloss from before the lock files: stale once old.
			if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > lockless {
				_ = os.RemoveAll(filepath.Join(folder, name))
			}
			continue
		}
		if !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, lockExt) || !abandoned(filepath.Join(folder, name)) {
			continue
		}
		staging := filepath.Join(folder, strings.TrimSuffix(name, lockExt))
		old := strings.Replace(staging, newMark, oldMark, 1)
		if exists(old) {
			if out != "" && !exists(out) {
				if os.Rename(old, out) != nil {
					continue // keep the lock file: the old site is still there
				}
			} else if os.RemoveAll(old) != nil {
				continue
			}
		}
		if out != "" && !rescue(staging, out) || os.RemoveAll(staging) != nil {
			continue
		}
		_ = os.Remove(filepath.Join(folder, name))
	}
}

// lockless is the age after which a staging folder without a lock file,
// left by a gloss from before the lock files, counts as abandoned: no build
// runs that long.
const lockless = 6 * time.Hour

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
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
	return fmt.Sprintf("refusing to write into %s: it holds files gloss did not write (there is no %s in it); choose another --out, or add --force to publish into it (its files are kept)", e.Dir, ManifestName)
}

func randomSuffix() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Dir is the staging folder.
func (s *Stage) Dir() string { return s.dir }

// Cleanup knows the stages of the builds under way, so that a process told
// to stop at once can remove their staging folders before it exits. The
// zero value is ready; a nil *Cleanup ignores everything.
type Cleanup struct {
	mu     sync.Mutex
	stages map[*Stage]bool
}

// Add remembers a stage.
func (c *Cleanup) Add(s *Stage) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stages == nil {
		c.stages = map[*Stage]bool{}
	}
	c.stages[s] = true
}

// Remove forgets a stage, committed or aborted.
func (c *Cleanup) Remove(s *Stage) {
	if c == nil {
		return
	}
	c.mu.Lock()
	delete(c.stages, s)
	c.mu.Unlock()
}

// Run aborts every stage still remembered. A stage being committed
// finishes its swap first, so the output folder is never left half-replaced.
func (c *Cleanup) Run() {
	if c == nil {
		return
	}
	c.mu.Lock()
	stages := make([]*Stage, 0, len(c.stages))
	for s := range c.stages {
		stages = append(stages, s)
	}
	c.mu.Unlock()
	for _, s := range stages {
		s.Abort()
	}
}

// errAborted is returned to writes that come after Abort.
var errAborted = errors.New("the build was stopped")

// WriteFile writes one file of the site into the staging folder.
func (s *Stage) WriteFile(rel string, data []byte) error {
	s.live.RLock()
	defer s.live.RUnlock()
	if s.aborted {
		return errAborted
	}
	p, err := s.prepare(rel)
	if err != nil {
		return err
	}
	s.record(rel, sha256.Sum256(data))
	return s.hideStaging(os.WriteFile(p, data, 0o644))
}

// WriteStream writes one file of the site piece by piece, for a file too
// big to hold whole (a big site's search index).
func (s *Stage) WriteStream(rel string, write func(io.Writer) error) error {
	s.live.RLock()
	defer s.live.RUnlock()
	if s.aborted {
		return errAborted
	}
	p, err := s.prepare(rel)
	if err != nil {
		return err
	}
	f, err := os.Create(p)
	if err != nil {
		return s.hideStaging(err)
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
	if err := s.mkdirAll(filepath.Dir(p)); err != nil {
		return "", s.hideStaging(err)
	}
	return p, nil
}

// hideStaging rewrites a file system error to name the output folder rather
// than the staging folder, which an author never sees.
func (s *Stage) hideStaging(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if rel, rerr := filepath.Rel(s.dir, pe.Path); rerr == nil && filepath.IsLocal(rel) {
			return fmt.Errorf("%s %s: %w", pe.Op, filepath.ToSlash(rel), pe.Err)
		}
	}
	return err
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
	// Kept lists what the output folder held that gloss did not write
	// (.git/, CNAME), carried into the new output as it was: files, and
	// folders holding no file of gloss's, with a trailing slash.
	Kept []string
	// Through is the symbolic link the output folder was named by; the
	// site was written where it points.
	Through string
	// InPlace says why the new site was moved into the output folder file
	// by file rather than swapped in whole, or is "".
	InPlace string
}

// Commit replaces the output folder with the staged one. Files whose content
// is what the previous build wrote keep their modification time; files and
// folders gloss did not write stay (see Changes.Kept).
func (s *Stage) Commit() (Changes, error) {
	s.live.Lock() // a concurrent Abort waits for the swap to finish
	defer s.live.Unlock()
	if s.aborted {
		return Changes{}, errAborted
	}
	ch, old, err := s.compare()
	if err == nil {
		ch.Kept, err = s.unmanaged(old)
	}
	if err != nil {
		s.abortLocked()
		return ch, err
	}
	if s.link != "" {
		ch.Through = s.link
	}
	if s.inside {
		ch.InPlace = "its parent folder cannot be written"
		return ch, s.moveIn(ch, old)
	}
	return ch, s.swap(&ch, old)
}

// compare sorts files into added, changed and unchanged against the previous
// manifest, carries unchanged files' modification times over, and writes the
// new manifest. It returns the previous manifest.
func (s *Stage) compare() (Changes, map[string]string, error) {
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
		fmt.Fprintf(&manifest, "%s %s\n", h, encodeName(p))
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
	return ch, old, os.WriteFile(filepath.Join(s.dir, ManifestName), manifest.Bytes(), 0o644)
}

// encodeName writes a path into the manifest, one line per file: a name
// holding a line break, a backslash or a leading quote is written quoted,
// as Go quotes strings.
func encodeName(p string) string {
	if strings.ContainsAny(p, "\n\r\\") || strings.HasPrefix(p, `"`) {
		return strconv.Quote(p)
	}
	return p
}

func readManifest(path string) map[string]string {
	out := map[string]string{}
	f, err := os.Open(path)
	if err != nil {
		return out
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		h, p, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		if strings.HasPrefix(p, `"`) {
			if q, err := strconv.Unquote(p); err == nil {
				p = q
			}
		}
		out[p] = h
	}
	return out
}

// unmanaged lists what the output folder holds that no build of gloss
// wrote (not in the previous manifest): a folder with none of gloss's files
// in it counts once, as "name/". A file gloss now writes at the same path
// is an error unless it holds the same bytes: the new site would silently
// replace it.
func (s *Stage) unmanaged(old map[string]string) ([]string, error) {
	ours := folders(old, s.hashes)
	units, err := foreign(s.out, old, ours)
	if err != nil {
		return nil, err
	}
	var kept, clashes []string
	for _, u := range units {
		p := strings.TrimSuffix(u, "/")
		if h, writes := s.hashes[p]; writes || ours[p] {
			if !writes || !sameContent(filepath.Join(s.out, filepath.FromSlash(p)), h) {
				clashes = append(clashes, p)
			}
			continue
		}
		kept = append(kept, u)
	}
	if len(clashes) > 0 {
		return nil, fmt.Errorf("%s holds %s, which gloss did not write and this build would replace: move %s out of the output folder (into static/, if the site should publish it)", s.out, quoteList(clashes), plural(len(clashes), "it", "them"))
	}
	return kept, nil
}

// folders lists every folder holding a file of the manifests.
func folders(manifests ...map[string]string) map[string]bool {
	ours := map[string]bool{}
	for _, set := range manifests {
		for p := range set {
			for d := path.Dir(p); d != "."; d = path.Dir(d) {
				if ours[d] {
					break
				}
				ours[d] = true
			}
		}
	}
	return ours
}

// foreign lists what dir holds that is not a file of manifest, gloss's
// own files (the manifest, staging folders) aside: whole folders ("x/")
// where ours has no files in them, else the files and folders inside.
func foreign(dir string, manifest map[string]string, ours map[string]bool) ([]string, error) {
	var units []string
	var walk func(rel string) error
	walk = func(rel string) error {
		entries, err := os.ReadDir(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			if rel == "" && errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		for _, e := range entries {
			p := path.Join(rel, e.Name())
			if rel == "" && (p == ManifestName || strings.HasPrefix(p, newMark)) {
				continue
			}
			if _, wrote := manifest[p]; wrote {
				continue
			}
			if e.IsDir() && ours[p] {
				if err := walk(p); err != nil {
					return err
				}
				continue
			}
			if e.IsDir() {
				p += "/"
			}
			units = append(units, p)
		}
		return nil
	}
	return units, walk("")
}

// rescue moves back into out what a build killed mid-swap had carried into
// its staging folder (files gloss did not write: not in the staging
// folder's manifest), before the staging folder is removed. It reports
// whether staging holds nothing of the user's any more.
func rescue(staging, out string) bool {
	manifest := readManifest(filepath.Join(staging, ManifestName))
	if len(manifest) == 0 {
		return true // killed before its manifest: nothing was carried yet
	}
	units, err := foreign(staging, manifest, folders(manifest))
	if err != nil {
		return false
	}
	safe := true
	for _, u := range units {
		p := filepath.FromSlash(strings.TrimSuffix(u, "/"))
		dst := filepath.Join(out, p)
		if exists(dst) || os.MkdirAll(filepath.Dir(dst), 0o755) != nil || os.Rename(filepath.Join(staging, p), dst) != nil {
			safe = false // keep the staging folder rather than lose the file
		}
	}
	return safe
}

func quoteList(ps []string) string {
	q := make([]string, len(ps))
	for i, p := range ps {
		q[i] = strconv.Quote(p)
	}
	return strings.Join(q, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// sameContent reports whether the file at p has the content hash h.
func sameContent(p, h string) bool {
	fi, err := os.Lstat(p)
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return false
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:16]) == h
}

// swap replaces the output folder with the staging folder, carrying what
// gloss did not write across first. Where the folder cannot be renamed (a
// mount point, a parent folder the user may not write), the new site is
// moved into it file by file instead.
func (s *Stage) swap(ch *Changes, old map[string]string) error {
	var carried []string
	undoCarry := func() {
		for _, p := range carried {
			_ = os.Rename(filepath.Join(s.dir, p), filepath.Join(s.out, p))
		}
	}
	for _, k := range ch.Kept {
		p := filepath.FromSlash(strings.TrimSuffix(k, "/"))
		if err := s.mkdirAll(filepath.Dir(filepath.Join(s.dir, p))); err != nil {
			undoCarry()
			s.abortLocked()
			return err
		}
		if err := os.Rename(filepath.Join(s.out, p), filepath.Join(s.dir, p)); err != nil {
			undoCarry()
			if replaceImpossible(err) {
				ch.InPlace = "what it holds cannot be moved (" + errors.Unwrap(err).Error() + ")"
				return s.moveIn(*ch, old)
			}
			s.abortLocked()
			return fmt.Errorf("cannot keep %s in the new output: %w", filepath.Join(s.out, p), err)
		}
		carried = append(carried, p)
	}
	prev := ""
	if _, err := os.Lstat(s.out); err == nil {
		prev = strings.Replace(s.dir, newMark, oldMark, 1)
		if err := os.Rename(s.out, prev); err != nil {
			undoCarry()
			if replaceImpossible(err) {
				ch.InPlace = "it cannot be renamed (" + errors.Unwrap(err).Error() + "), as a mount point cannot"
				return s.moveIn(*ch, old)
			}
			s.abortLocked()
			return fmt.Errorf("cannot replace %s: %w", s.out, err)
		}
	}
	if err := os.Rename(s.dir, s.out); err != nil {
		if prev != "" {
			_ = os.Rename(prev, s.out) // put the previous site back
			undoCarry()
		}
		s.abortLocked()
		return fmt.Errorf("cannot move the new site into %s: %w", s.out, err)
	}
	s.committed = true // s.dir is the output folder now: Abort must not remove it
	defer s.release()
	if prev != "" {
		if err := os.RemoveAll(prev); err != nil {
			return fmt.Errorf("the new site is in place, but the old one could not be removed from %s: %w", prev, err)
		}
	}
	return nil
}

// moveIn updates the output folder in place: every new or changed file is
// renamed (or, across file systems, copied) over the old one, files the
// previous build wrote and this one did not are removed, and the manifest
// comes last. A reader may see a mix of old and new pages for a moment,
// never a half-written file.
func (s *Stage) moveIn(ch Changes, old map[string]string) error {
	defer s.abortLocked()
	if err := os.MkdirAll(s.out, 0o755); err != nil {
		return err
	}
	for _, list := range [][]string{ch.Added, ch.Changed, {ManifestName}} {
		for _, rel := range list {
			dst := filepath.Join(s.out, filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				return err
			}
			if err := moveFile(filepath.Join(s.dir, filepath.FromSlash(rel)), dst); err != nil {
				return fmt.Errorf("cannot write %s: %w", dst, err)
			}
		}
	}
	for _, rel := range ch.Removed {
		p := filepath.Join(s.out, filepath.FromSlash(rel))
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		// Remove the folders this leaves empty, and no others.
		for d := filepath.Dir(p); d != s.out && len(d) > len(s.out); d = filepath.Dir(d) {
			if os.Remove(d) != nil {
				break
			}
		}
	}
	return nil
}

// moveFile renames src over dst, or copies it where a rename cannot cross
// file systems; dst is replaced at once either way.
func moveFile(src, dst string) error {
	err := os.Rename(src, dst)
	if err == nil || !crossDevice(err) {
		return err
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	fi, err := os.Stat(src)
	if err != nil {
		return err
	}
	tmp := filepath.Join(filepath.Dir(dst), "."+filepath.Base(dst)+newMark+randomSuffix())
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	_ = os.Chtimes(tmp, fi.ModTime(), fi.ModTime())
	if err := os.Rename(tmp, dst); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	return nil
}

// Abort throws the staged files away; the output folder is untouched.
// Writes still under way (from a build abandoned mid-template) fail.
func (s *Stage) Abort() {
	s.live.Lock()
	defer s.live.Unlock()
	s.abortLocked()
}

func (s *Stage) abortLocked() {
	s.aborted = true
	if !s.committed {
		_ = os.RemoveAll(s.dir)
	}
	s.release()
}

// release drops the staging folder's lock and its lock file.
func (s *Stage) release() {
	if s.lock != nil {
		_ = os.Remove(s.lock.Name())
		s.lock.Close()
		s.lock = nil
	}
}

// CheckDir refuses output folders whose replacement would destroy sources,
// --force or not: the site folder itself or a folder above it; the site's
// content/, static/ or templates/, a folder inside them, or a folder
// holding them; any folder holding content/ or templates/; the home folder
// and the file system root. Symbolic links are resolved first, so a
// linked --source or --out cannot hide the site.
func CheckDir(out, site string) error {
	absOut, err := resolve(out)
	if err != nil {
		return err
	}
	absSite, err := resolve(site)
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
	refuse := func(why string) error {
		return fmt.Errorf("refusing to use %s as the output folder: %s; choose another --out, such as public/ in the site folder (--force does not change this)", out, why)
	}
	if absOut == filepath.Dir(absOut) {
		return refuse("it is the root of the file system")
	}
	if home, err := os.UserHomeDir(); err == nil {
		if h, err := resolve(home); err == nil && absOut == h {
			return refuse("it is your home folder")
		}
	}
	if absOut == absSite {
		return refuse("it is the site folder, and a build replaces the whole folder")
	}
	if within(absSite, absOut) {
		return refuse("it holds the site folder, and a build replaces the whole folder")
	}
	for _, src := range []string{"content", "static", "templates"} {
		dir, err := resolve(filepath.Join(absSite, src))
		if err != nil {
			return err
		}
		if absOut == dir || within(absOut, dir) {
			return refuse(fmt.Sprintf("it is inside the site's %s/ folder, and the built site would be written into its own sources", src))
		}
		if within(dir, absOut) {
			return refuse(fmt.Sprintf("it holds the site's %s/ folder", src))
		}
	}
	for _, src := range []string{"content", "templates"} {
		if fi, err := os.Stat(filepath.Join(absOut, src)); err == nil && fi.IsDir() {
			return refuse(fmt.Sprintf("it holds a %s/ folder, which looks like a site's sources", src))
		} else if err != nil && !errors.Is(err, os.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
			return err
		}
	}
	return nil
}

// within reports whether path p lies strictly inside folder dir.
func within(p, dir string) bool {
	return strings.HasPrefix(p, dir+string(filepath.Separator)) || dir == filepath.Dir(dir) && p != dir && strings.HasPrefix(p, dir)
}

// resolve makes p absolute with every symbolic link resolved, for paths that
// do not exist yet too: the longest part that exists is resolved and the
// rest appended.
func resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for cur := abs; ; cur = filepath.Dir(cur) {
		if r, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(r, rest), nil
		}
		if cur == filepath.Dir(cur) {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
	}
}
