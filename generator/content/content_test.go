package content

import (
	"testing"
	"testing/fstest"

	"github.com/gloss-ssg/gloss/generator/diag"
)

func TestPagePath(t *testing.T) {
	for _, tt := range []struct {
		sitePath, rel string
		ok            bool
	}{
		{"content/explainers/chips.md", "explainers/chips.md", true},
		{"content/_index.md", "_index.md", true},
		{"content/explainers/chart.png", "", false},
		{"content/.drafts/x.md", "", false},
		{"content/x.md~", "", false},
		{"templates/x.md", "", false},
		{"contentx/x.md", "", false},
	} {
		rel, ok := PagePath(tt.sitePath)
		if rel != tt.rel || ok != tt.ok {
			t.Errorf("PagePath(%q) = %q, %v; want %q, %v", tt.sitePath, rel, ok, tt.rel, tt.ok)
		}
	}
}

// TestReadPage reads a page from the fs.FS it is given, as a load does.
func TestReadPage(t *testing.T) {
	site := fstest.MapFS{"content/a/b.md": {Data: []byte("---\ntitle: B\n---\nBody.\n")}}
	f, info, ok := ReadPage(site, "content/a/b.md", &diag.List{})
	if !ok || f.Rel != "a/b.md" || f.Path != "content/a/b.md" || f.Meta.Title != "B" || string(f.Body) != "Body.\n" || info.Size() != 23 {
		t.Fatalf("ReadPage: %+v, %v", f, ok)
	}
	tree, _ := Load(site)
	if got := tree.Files[0]; got.Rel != f.Rel || got.Path != f.Path || string(got.Body) != string(f.Body) || got.BodyLine != f.BodyLine {
		t.Errorf("ReadPage and Load disagree: %+v and %+v", f, got)
	}
	if _, _, ok := ReadPage(site, "content/a/missing.md", &diag.List{}); ok {
		t.Error("a missing page was read")
	}
}
