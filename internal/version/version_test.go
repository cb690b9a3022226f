package version

import (
	"runtime/debug"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	settings := func(rev, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified}}
	}
	for _, tt := range []struct {
		name             string
		bi               *debug.BuildInfo
		ldVersion, ldRev string
		want             string
		release          bool
	}{
		{"go install of a tag", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: Module, Version: "v1.2.0"}},
			"", "", "gloss v1.2.0 built with go1.26.8", true},
		{"release build with ldflags", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			"v1.3.0", "0123456789abcdef0123", "gloss v1.3.0 (commit 0123456789ab) built with go1.26.8", true},
		{"a local build of a commit", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261130101500-abcdef123456"}, Settings: settings("abcdef1234567890", "false")},
			"", "", "gloss v0.0.0-20261130101500-abcdef123456 (commit abcdef123456) built with go1.26.8", false},
		{"a local build with changes", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261130101500-abcdef123456+dirty"}, Settings: settings("abcdef1234567890", "true")},
			"", "", "gloss v0.0.0-20261130101500-abcdef123456+dirty (commit abcdef123456, with uncommitted changes) built with go1.26.8", false},
		{"a prerelease tag", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.0.0-rc.1"}},
			"", "", "gloss v1.0.0-rc.1 built with go1.26.8", true},
		{"no build information", nil, "", "", "gloss (devel)", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			info := FromBuildInfo(tt.bi, tt.ldVersion, tt.ldRev)
			if got := info.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			if got := info.IsRelease(); got != tt.release {
				t.Errorf("IsRelease() = %v, want %v", got, tt.release)
			}
		})
	}
}
