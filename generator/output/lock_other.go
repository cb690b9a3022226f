//go:build !unix

package output

import (
	"errors"
	"os"
)

// lockFile creates path; without flock there is no lock, and abandoned
// folders are never taken for stale (see abandoned).
func lockFile(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
}

// abandoned cannot tell a killed build from a running one here, so it
// never removes anything.
func abandoned(string) bool { return false }

func replaceImpossible(err error) bool {
	return errors.Is(err, os.ErrPermission) || errors.Is(err, os.ErrExist)
}

func crossDevice(error) bool { return false }
