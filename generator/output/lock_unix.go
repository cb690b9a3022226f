//go:build unix

package output

import (
	"errors"
	"os"
	"syscall"
)

// lockFile creates path and holds an exclusive lock on it for as long as
// the returned file stays open. The kernel drops the lock when the process
// ends, however it ends, which is how a later build tells a staging folder
// of a killed build from one a running build is still writing.
func lockFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// abandoned reports whether the lock file at path is held by no process:
// the build that made it has ended without cleaning up.
func abandoned(path string) bool {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if err == nil {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		return true
	}
	return !errors.Is(err, syscall.EWOULDBLOCK)
}

// replaceImpossible reports whether a rename of the output folder failed
// because the folder cannot be renamed at all (a mount point: EBUSY; a
// parent folder the user may not write: EACCES, EPERM; another file system:
// EXDEV), so the new site must be moved into it file by file.
func replaceImpossible(err error) bool {
	return errors.Is(err, syscall.EBUSY) || errors.Is(err, syscall.EXDEV) ||
		errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.EPERM)
}

// crossDevice reports whether a rename failed because source and target are
// on different file systems.
func crossDevice(err error) bool { return errors.Is(err, syscall.EXDEV) }
