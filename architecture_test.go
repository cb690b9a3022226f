package main

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// houseLayers is the house drawn from the imports: data flows one way,
// load → parse → resolve → render → write/check, and a package may import
// only packages of its own layer or below it. A new package under generator/
// must be given a layer here, so where it sits is a decision, not an accident.
var houseLayers = [][]string{
	// Foundations every step may use: positioned problems, reading text,
	// bounded parallelism, storage, output folders, the site's file system.
	{"diag", "textfile", "parallel", "spill", "htmlattr", "hostile", "output", "sitefs"},
	// Load: configuration, front matter, the content tree, files changing.
	{"frontmatter", "config", "content", "watch"},
	// Parse: Markdown and the annotations; the importer, which reads a
	// report's Markdown as the build will.
	{"markdown", "annotate", "importer"},
	// Resolve: the site's plan and what pages say about each other.
	{"site"},
	// Render and write: templates, pages, feeds, sitemaps, search, new sites.
	{"theme", "render", "feed", "sitemap", "search", "scaffold"},
	// Check what was written.
	{"linkcheck"},
	// Orchestrate one build.
	{"pipeline"},
	// Serve the preview, rebuilding as files change.
	{"serve"},
}

// TestImportsRunOneWay fails when a package under generator/ imports one from
// a later step, the arrow running back up that the house forbids.
func TestImportsRunOneWay(t *testing.T) {
	const module = "github.com/gloss-ssg/gloss/generator/"
	layer := map[string]int{}
	for i, names := range houseLayers {
		for _, name := range names {
			layer[name] = i
		}
	}
	entries, err := os.ReadDir("generator")
	if err != nil {
		t.Fatal(err)
	}
	var backwards []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		from := e.Name()
		fromLayer, ok := layer[from]
		if !ok {
			t.Errorf("generator/%s has no layer in houseLayers: add it where its step sits", from)
			continue
		}
		for _, imp := range packageImports(t, filepath.Join("generator", from)) {
			to, ok := strings.CutPrefix(imp, module)
			if !ok {
				continue
			}
			to, _, _ = strings.Cut(to, "/")
			toLayer, known := layer[to]
			if known && toLayer > fromLayer {
				backwards = append(backwards, "generator/"+from+" imports generator/"+to)
			}
		}
	}
	sort.Strings(backwards)
	for _, b := range backwards {
		t.Errorf("an arrow runs back up: %s (a later step)", b)
	}
}

// packageImports lists the imports of a folder's non-test Go files.
func packageImports(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var imports []string
	fset := token.NewFileSet()
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, spec := range f.Imports {
			path, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				t.Fatal(err)
			}
			if !seen[path] {
				seen[path] = true
				imports = append(imports, path)
			}
		}
	}
	return imports
}
