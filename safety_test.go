package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// writeSite writes a small site: name → content, under a new folder.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var smallSite = map[string]string{
	"content/_index.md":   "---\ntitle: Home\n---\nWelcome.\n",
	"content/about.md":    "---\ntitle: About\nsummary: About us.\n---\nAbout.\n",
	"static/robots-x.txt": "x\n",
}

// TestGitCheckoutInOutputSurvives: public/ kept as a git checkout for
// GitHub Pages, with a CNAME, survives two builds, and the summary says so.
func TestGitCheckoutInOutputSurvives(t *testing.T) {
	git, err := exec.LookPath("git")
	if err != nil {
		t.Skip("no git")
	}
	site := writeSite(t, smallSite)
	out := filepath.Join(site, "public")
	runGloss(t, nil, "--source", site)
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "x"}} {
		cmd := exec.Command(git, args...)
		cmd.Dir = out
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v %s", args, err, msg)
		}
	}
	if err := os.WriteFile(filepath.Join(out, "CNAME"), []byte("example.org\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		summary := runGloss(t, nil, "--source", site)
		if !strings.Contains(summary, "2 kept that gloss did not write (.git/, CNAME)") {
			t.Errorf("build %d: the summary does not count the kept files:\n%s", i+2, summary)
		}
	}
	cmd := exec.Command(git, "log", "--oneline")
	cmd.Dir = out
	if msg, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(msg), " x") {
		t.Errorf("the checkout's history is gone: %v %s", err, msg)
	}
	if data, err := os.ReadFile(filepath.Join(out, "CNAME")); err != nil || string(data) != "example.org\n" {
		t.Errorf("CNAME: %q %v", data, err)
	}
}

// TestForbiddenOutputFolders: an output folder that is, holds or lies inside
// the site folder's sources is refused, --force or not, symbolic links resolved.
func TestForbiddenOutputFolders(t *testing.T) {
	site := writeSite(t, map[string]string{
		"content/_index.md":            "---\ntitle: Home\n---\nWelcome.\n",
		"static/favicon.svg":           "<svg/>",
		"templates/mine/theme.toml":    "extends = \"briefing\"\n",
		"templates/mine/partials/x.md": "",
	})
	link := filepath.Join(t.TempDir(), "site-link")
	if err := os.Symlink(site, link); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, source, out string
	}{
		{"content/", site, filepath.Join(site, "content")},
		{"inside content/", site, filepath.Join(site, "content", "out")},
		{"static/out", site, filepath.Join(site, "static", "out")},
		{"templates/", site, filepath.Join(site, "templates")},
		{"the site folder", site, site},
		{"the real parent of a linked site", link, filepath.Dir(site)},
		{"the linked site's real folder", link, site},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, force := range []bool{false, true} {
				args := []string{"--source", tt.source, "--out", tt.out}
				if force {
					args = append(args, "--force")
				}
				cmd := exec.Command(glossBin, args...)
				msg, err := cmd.CombinedOutput()
				if code := cmd.ProcessState.ExitCode(); code != 2 || !strings.Contains(string(msg), "refusing to use") || strings.Contains(string(msg), "add --force") {
					t.Errorf("gloss %s: exit %d (%v)\n%s", strings.Join(args, " "), code, err, msg)
				}
			}
			if data, err := os.ReadFile(filepath.Join(site, "content/_index.md")); err != nil || !strings.Contains(string(data), "Welcome") {
				t.Fatalf("the sources were damaged: %q %v", data, err)
			}
			if _, err := os.Stat(filepath.Join(site, "static", "out")); err == nil {
				t.Fatal("the site was written into static/")
			}
		})
	}
}
