package scaffold

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/generator/pipeline"
	"github.com/gloss-ssg/gloss/internal/ghworkflow"
	"github.com/gloss-ssg/gloss/internal/version"
)

var release = version.Info{Version: "v1.4.2", Go: "go1.26.8"}

// buildSite builds dir with the repository's themes and fails the test on
// any error or warning: a new site must build clean at once.
func buildSite(t *testing.T, dir string) *pipeline.Result {
	t.Helper()
	res, err := pipeline.Build(context.Background(), pipeline.Options{SiteDir: dir, OutDir: filepath.Join(t.TempDir(), "public"), Builtin: os.DirFS("../..")})
	if err != nil {
		t.Fatalf("the new site does not build:\n%v", err)
	}
	for _, w := range res.Warnings {
		t.Errorf("the new site builds with a warning: %s", w)
	}
	return res
}

func TestInitBuildsAtOnce(t *testing.T) {
	pages := map[bool]int{}
	for _, bare := range []bool{false, true} {
		dir := filepath.Join(t.TempDir(), "budget-2024")
		written, err := Init(dir, InitOptions{Bare: bare, Gloss: release})
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"gloss.toml", ".gitignore", ".github/workflows/publish.yml", "content/_index.md",
			"content/explainers/_index.md", "content/people/_index.md", "content/glossary/_index.md",
			"content/sources/_index.md", "content/topics/_index.md"} {
			if !contains(written, want) {
				t.Errorf("bare=%v: %s not written (wrote %v)", bare, want, written)
			}
		}
		samples := []string{"content/explainers/sample-explainer.md", "content/sources/sample-source.md",
			"content/people/li-keqiang.md", "content/glossary/core-technologies.md", "content/topics/self-reliance.md"}
		for _, s := range samples {
			if contains(written, s) == bare {
				t.Errorf("bare=%v: sample %s written: %v", bare, s, contains(written, s))
			}
		}
		toml, _ := os.ReadFile(filepath.Join(dir, "gloss.toml"))
		if !strings.Contains(string(toml), `title = "Budget 2024"`) {
			t.Errorf("the title is not made from the folder's name:\n%s", toml)
		}
		res := buildSite(t, dir)
		pages[bare] = res.Pages
		if !bare {
			for _, page := range []string{"explainers/sample-explainer/index.html", "people/li-keqiang/index.html",
				"glossary/core-technologies/index.html", "sources/sample-source/index.html", "topics/self-reliance/index.html"} {
				if _, err := os.Stat(filepath.Join(res.OutDir, page)); err != nil {
					t.Errorf("no %s: %v", page, err)
				}
			}
		}
	}
	// The samples add one page of every kind: an explainer, a person, a
	// term, a source and a topic hub.
	if pages[false] != pages[true]+5 {
		t.Errorf("%d pages with the samples, %d without: want 5 more", pages[false], pages[true])
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// snapshot records every file under dir with its content and time.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		data := ""
		if !d.IsDir() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			data = string(b)
		}
		out[p] = info.ModTime().String() + "\n" + data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestInitRefusesAndChangesNothing(t *testing.T) {
	site := t.TempDir()
	if _, err := Init(site, InitOptions{Gloss: release}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, "content/explainers/sample-explainer.md"), []byte("my own words"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, site)
	for _, bare := range []bool{false, true} {
		if _, err := Init(site, InitOptions{Bare: bare, Gloss: release}); !errors.Is(err, ErrSiteExists) {
			t.Errorf("init over a site: %v, want ErrSiteExists", err)
		}
	}
	// A folder with only a content/ folder is a site too.
	contentOnly := t.TempDir()
	if err := os.Mkdir(filepath.Join(contentOnly, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Init(contentOnly, InitOptions{Gloss: release}); !errors.Is(err, ErrSiteExists) {
		t.Errorf("init over a content folder: %v", err)
	}
	// A repository with its own .gitignore: not a site, but init never
	// overwrites, so it refuses before writing anything.
	repo := t.TempDir()
	if err := os.WriteFile(filepath.Join(repo, ".gitignore"), []byte("secrets/\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	repoBefore := snapshot(t, repo)
	if _, err := Init(repo, InitOptions{Gloss: release}); err == nil || !strings.Contains(err.Error(), ".gitignore") {
		t.Errorf("init over a .gitignore: %v", err)
	}
	for name, snap := range map[string]struct{ before, after map[string]string }{
		"site": {before, snapshot(t, site)}, "repository": {repoBefore, snapshot(t, repo)},
	} {
		if len(snap.before) != len(snap.after) {
			t.Errorf("%s: %d files before a refused init, %d after", name, len(snap.before), len(snap.after))
		}
		for p, v := range snap.before {
			if snap.after[p] != v {
				t.Errorf("%s: a refused init changed %s", name, p)
			}
		}
	}
	// A folder with unrelated files (a README, a .git) takes a site.
	readme := t.TempDir()
	if err := os.WriteFile(filepath.Join(readme, "README.md"), []byte("# my report\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Init(readme, InitOptions{Gloss: release}); err != nil {
		t.Errorf("init beside a README: %v", err)
	}
}

// ghworkflow.Workflow is the part of the publishing ghworkflow.Workflow the tests read.

func TestInitWorkflowPinsTheVersion(t *testing.T) {
	for _, tt := range []struct {
		gloss       version.Info
		install     string
		wantComment bool
	}{
		{release, "go install github.com/gloss-ssg/gloss@v1.4.2\n", false},
		{version.Info{Version: "v0.0.0-20261130101500-abcdef123456+dirty", Dirty: true}, "go install github.com/gloss-ssg/gloss@latest\n", true},
		{version.Info{Version: "(devel)"}, "go install github.com/gloss-ssg/gloss@latest\n", true},
	} {
		dir := t.TempDir()
		if _, err := Init(dir, InitOptions{Bare: true, Gloss: tt.gloss}); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, ".github/workflows/publish.yml")
		w, run := ghworkflow.Read(t, path)
		if !strings.Contains(run, tt.install) {
			t.Errorf("%s: the ghworkflow.Workflow does not run %q:\n%s", tt.gloss.Version, tt.install, run)
		}
		if !strings.Contains(run, `gloss build --base-url "${{ steps.pages.outputs.base_url }}/"`) {
			t.Errorf("the ghworkflow.Workflow does not build with the Pages URL:\n%s", run)
		}
		if _, ok := w.Jobs["deploy"]; !ok {
			t.Error("the ghworkflow.Workflow does not deploy")
		}
		if _, ok := w.On["push"]; !ok {
			t.Error("the ghworkflow.Workflow does not run on push")
		}
		data, _ := os.ReadFile(path)
		hasComment := strings.Contains(string(data), "development build of gloss ("+tt.gloss.Version+")")
		if hasComment != tt.wantComment {
			t.Errorf("%s: comment on the development build: %v, want %v", tt.gloss.Version, hasComment, tt.wantComment)
		}
	}
}

func TestTitle(t *testing.T) {
	for _, tt := range []struct{ kind, name, want string }{
		{"person", "li-keqiang", "Li Keqiang"},
		{"person", "li keqiang", "Li Keqiang"},
		{"person", "wang_peng", "Wang Peng"},
		{"term", "core-technologies", "Core technologies"},
		{"term", "core technologies", "Core technologies"},
		{"term", "R&D", "R&D"},
		{"explainer", "Why chips matter", "Why chips matter"},
		{"explainer", "why chips matter", "Why chips matter"},
		{"explainer", "  Why  chips matter ", "Why chips matter"},
		{"source", "report-2023", "Report 2023"},
	} {
		if got := titleFor(tt.kind, tt.name); got != tt.want {
			t.Errorf("titleFor(%q, %q) = %q, want %q", tt.kind, tt.name, got, tt.want)
		}
	}
}
