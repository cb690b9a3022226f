// Package sitefs is the site folder as gloss reads it: an fs.FS that follows
// a symbolic link only when it stays inside the site folder. A link that
// leads out of it (a theme partial linked to /etc/passwd, a static/ folder
// linked to the home folder) is never followed: it reads as missing, and a
// warning names the link and where it points. Building a cloned, untrusted
// site or theme therefore never publishes a file from elsewhere on the disk.
package sitefs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/gloss-ssg/gloss/generator/diag"
)

// FS reads a site folder. It is safe for concurrent use.
type FS struct {
	root string // the site folder, absolute, its own links resolved
	mu   sync.Mutex
	dirs map[string]string // site-relative folder → its real path
	// refused names each link not followed, with why, for Problems.
	refused map[string]string
}

// New returns the site folder dir as an FS. dir itself may be a link.
func New(dir string) (*FS, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	root, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, err
	}
	return &FS{root: root, dirs: map[string]string{".": root}, refused: map[string]string{}}, nil
}

// Problems are warnings, one per link not followed, sorted.
func (f *FS) Problems() []diag.Problem {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]diag.Problem, 0, len(f.refused))
	for name, why := range f.refused {
		out = append(out, diag.Problem{Pos: diag.Position{File: name}, Severity: diag.Warning, Msg: why})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Pos.File < out[j].Pos.File })
	return out
}

// errOutside is what a link not followed reads as: missing.
type errOutside struct{ link, target string }

func (e *errOutside) Error() string {
	return fmt.Sprintf("%s is a symbolic link to %s, not followed", e.link, e.target)
}

func (e *errOutside) Is(target error) bool { return target == fs.ErrNotExist }

// real returns the real path of a site-relative name, following links
// only while they stay inside the site; name's last element must exist
// unless mayBeMissing.
func (f *FS) real(name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return f.root, nil
	}
	dir, err := f.realDir(path.Dir(name))
	if err != nil {
		return "", err
	}
	return f.follow(name, filepath.Join(dir, path.Base(name)))
}

// realDir is real for folders, remembered: most names share their folder.
func (f *FS) realDir(name string) (string, error) {
	f.mu.Lock()
	r, ok := f.dirs[name]
	f.mu.Unlock()
	if ok {
		return r, nil
	}
	r, err := f.real(name)
	if err != nil {
		return "", err
	}
	f.mu.Lock()
	f.dirs[name] = r
	f.mu.Unlock()
	return r, nil
}

// follow resolves p (the real folder of name, plus name's last element) if
// it is a link, refusing a link out of the site.
func (f *FS) follow(name, p string) (string, error) {
	fi, err := os.Lstat(p)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return p, nil // a missing file is reported by whoever opens it
	}
	dest, _ := os.Readlink(p)
	target, err := filepath.EvalSymlinks(p)
	if err != nil {
		f.refuse(name, fmt.Sprintf("symbolic link to %s, which does not exist: not followed", dest))
		return "", &fs.PathError{Op: "open", Path: name, Err: &errOutside{name, dest}}
	}
	if !f.inside(target) {
		f.refuse(name, fmt.Sprintf("symbolic link to %s, outside the site folder: not followed, so nothing it points to is published (copy what it points to into the site if it belongs there)", dest))
		return "", &fs.PathError{Op: "open", Path: name, Err: &errOutside{name, dest}}
	}
	// A link to a folder it is in would make the folder endless.
	for d := path.Dir(name); ; d = path.Dir(d) {
		if r, err := f.realDir(d); err == nil && (r == target || strings.HasPrefix(r, target+string(filepath.Separator))) {
			f.refuse(name, fmt.Sprintf("symbolic link to %s, a folder it is inside of: not followed, as it would loop", dest))
			return "", &fs.PathError{Op: "open", Path: name, Err: &errOutside{name, dest}}
		}
		if d == "." {
			break
		}
	}
	return target, nil
}

func (f *FS) inside(p string) bool {
	return p == f.root || strings.HasPrefix(p, f.root+string(filepath.Separator))
}

func (f *FS) refuse(name, why string) {
	f.mu.Lock()
	f.refused[name] = why
	f.mu.Unlock()
}

// Open implements fs.FS.
func (f *FS) Open(name string) (fs.File, error) {
	p, err := f.real(name)
	if err != nil {
		return nil, err
	}
	file, err := os.Open(p)
	if err != nil {
		return nil, rename(err, name)
	}
	return &dirFile{File: file, fsys: f, name: name}, nil
}

// ReadFile implements fs.ReadFileFS.
func (f *FS) ReadFile(name string) ([]byte, error) {
	p, err := f.real(name)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(p)
	return data, rename(err, name)
}

// Stat implements fs.StatFS.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	p, err := f.real(name)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(p)
	return fi, rename(err, name)
}

// ReadDir implements fs.ReadDirFS. A link inside the site reads as what it
// points to (so a walk enters a linked folder); a link out of it is left out,
// with its warning.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	p, err := f.real(name)
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(p)
	if err != nil {
		return nil, rename(err, name)
	}
	out := entries[:0]
	for _, e := range entries {
		if e.Type()&fs.ModeSymlink == 0 {
			out = append(out, e)
			continue
		}
		child := path.Join(name, e.Name())
		target, err := f.follow(child, filepath.Join(p, e.Name()))
		if err != nil {
			continue // follow has said why
		}
		fi, err := os.Stat(target)
		if err != nil {
			continue
		}
		out = append(out, fs.FileInfoToDirEntry(renamed{fi, e.Name()}))
	}
	return out, nil
}

// renamed is a link's target's FileInfo under the link's name.
type renamed struct {
	fs.FileInfo
	name string
}

func (r renamed) Name() string { return r.name }

// dirFile makes ReadDir on an opened folder follow FS's rules too.
type dirFile struct {
	*os.File
	fsys *FS
	name string
	read bool
}

func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	if d.read {
		if n > 0 {
			return nil, io.EOF
		}
		return nil, nil
	}
	d.read = true
	return d.fsys.ReadDir(d.name)
}

// rename makes an error name the site-relative path, not the real one.
func rename(err error, name string) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return &fs.PathError{Op: pe.Op, Path: name, Err: pe.Err}
	}
	return err
}
