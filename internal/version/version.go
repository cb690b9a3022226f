// Package version says which gloss is running: the release it was built as,
// the commit, and the Go that compiled it. A release build sets the version
// with -ldflags -X; `go install module@vX.Y.Z` records it in the binary's
// build information, which is read when no release version was set.
package version

import (
	"fmt"
	"regexp"
	"runtime/debug"
	"strings"
)

// Module is gloss's module path: what `go install` takes.
const Module = "github.com/gloss-ssg/gloss"

// Info describes one gloss binary.
type Info struct {
	// Version is a release ("v1.2.0"), a Go pseudo-version for a build of a
	// commit ("v0.0.0-20261130101500-abcdef123456", "+dirty" when the work
	// tree had changes), or "(devel)" when nothing says.
	Version string
	Commit  string // the VCS revision, "" when unknown
	Dirty   bool   // built from a work tree with uncommitted changes
	Go      string // the Go version that compiled it
}

// Read combines what a release build set with -ldflags (ldVersion,
// ldCommit; empty for any other build) with the build information Go
// records in every binary.
func Read(ldVersion, ldCommit string) Info {
	bi, _ := debug.ReadBuildInfo()
	return FromBuildInfo(bi, ldVersion, ldCommit)
}

// FromBuildInfo is Read with the build information given (nil when the
// binary has none).
func FromBuildInfo(bi *debug.BuildInfo, ldVersion, ldCommit string) Info {
	info := Info{Version: ldVersion, Commit: ldCommit}
	if bi != nil {
		info.Go = bi.GoVersion
		if info.Version == "" && bi.Main.Version != "" {
			info.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if info.Commit == "" {
					info.Commit = s.Value
				}
			case "vcs.modified":
				info.Dirty = s.Value == "true"
			}
		}
	}
	if info.Version == "" {
		info.Version = "(devel)"
	}
	if strings.HasSuffix(info.Version, "+dirty") {
		info.Dirty = true
	}
	return info
}

// String is what `gloss version` prints.
func (i Info) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "gloss %s", i.Version)
	if i.Commit != "" {
		commit := i.Commit
		if len(commit) > 12 {
			commit = commit[:12]
		}
		fmt.Fprintf(&b, " (commit %s", commit)
		if i.Dirty {
			b.WriteString(", with uncommitted changes")
		}
		b.WriteString(")")
	}
	if i.Go != "" {
		fmt.Fprintf(&b, " built with %s", i.Go)
	}
	return b.String()
}

// release matches a semantic version a tag names: v1.2.3, v1.2.3-rc.1.
var release = regexp.MustCompile(`^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$`)

// pseudo matches the tail of a Go pseudo-version (a timestamp and a commit).
var pseudo = regexp.MustCompile(`\d{14}-[0-9a-f]{12}$`)

// IsRelease reports whether the version names a tagged release, one that
// `go install Module@Version` can fetch on any machine. Pseudo-versions of
// local commits, builds with uncommitted changes and "(devel)" are not.
func (i Info) IsRelease() bool {
	return release.MatchString(i.Version) && !pseudo.MatchString(i.Version) && !i.Dirty
}
