// Package toolcheck holds the one policy for tests that need a real tool
// (Java and the Nu Html Checker, Chromium, xmllint, npm modules): on a
// laptop without the tool the test skips, saying what to install; when the
// environment variable CI is set it fails instead, because CI (.ci/run)
// installs every tool and a skip there would hide a check that never ran.
package toolcheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// InCI reports whether the tests run in CI, where a missing tool fails.
func InCI() bool { return os.Getenv("CI") != "" }

// Missing ends the test because a tool it needs is missing: a skip, or a
// failure in CI. why says what is missing and how to install it.
func Missing(t testing.TB, why string) {
	t.Helper()
	if InCI() {
		t.Fatalf("%s (CI is set, so this is a failure, not a skip: .ci/run must install it)", why)
	}
	t.Skip(why)
}

// Command returns the path of the program name, or ends the test through
// Missing; install says how to get it.
func Command(t testing.TB, name, install string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(t, name+" is not installed ("+install+")")
	}
	return p
}

// File returns the absolute path of a file a test needs (an npm module's
// file, say), or ends the test through Missing; install says how to get it.
func File(t testing.TB, path, install string) string {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err == nil {
		_, err = os.Stat(abs)
	}
	if err != nil {
		Missing(t, path+" is not installed ("+install+")")
	}
	return abs
}

// ReadFile is File, read.
func ReadFile(t testing.TB, path, install string) []byte {
	t.Helper()
	data, err := os.ReadFile(File(t, path, install))
	if err != nil {
		t.Fatal(err)
	}
	return data
}
