package scaffold

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gloss-ssg/gloss/generator/pipeline"
)

func TestNew(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct{ kind, name, path, title string }{
		{"explainer", "Why chips matter", "content/explainers/why-chips-matter.md", `title: "Why chips matter"`},
		{"person", "wang-peng", "content/people/wang-peng.md", `title: "Wang Peng"`},
		{"term", "core technologies", "content/glossary/core-technologies.md", `title: "Core technologies"`},
		{"source", "report", "content/sources/report.md", `title: "Report"`},
	} {
		path, err := New(dir, tt.kind, tt.name, now)
		if err != nil {
			t.Fatal(err)
		}
		if rel, _ := filepath.Rel(dir, path); rel != tt.path {
			t.Errorf("%s %q written to %s, want %s", tt.kind, tt.name, rel, tt.path)
		}
		data, _ := os.ReadFile(path)
		if !strings.Contains(string(data), tt.title) {
			t.Errorf("%s: no %s in\n%s", tt.path, tt.title, data)
		}
		if _, err := os.Stat(filepath.Join(filepath.Dir(path), "_index.md")); err != nil {
			t.Errorf("no section index beside %s", tt.path)
		}
	}
	// The started files build: the explainer is a draft, so it needs --drafts.
	if _, err := New(dir, "explainer", "Why chips matter", now); !errors.Is(err, ErrExists) {
		t.Errorf("overwrote a file: %v", err)
	}
	if _, err := New(dir, "essay", "x", now); err == nil || !strings.Contains(err.Error(), "explainer, person, source, term") {
		t.Errorf("unknown kind: %v", err)
	}
	res, err := pipeline.Build(context.Background(), pipeline.Options{SiteDir: dir, Builtin: os.DirFS("../.."), Drafts: true, CheckOnly: true})
	if err != nil {
		t.Fatalf("a new site from gloss new does not build: %v", err)
	}
	if res.Pages == 0 {
		t.Error("no pages")
	}
}
