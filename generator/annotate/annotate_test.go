package annotate

import (
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/testutil"
)

// TestCaseFiles runs testdata/*.txt the way goldmark runs its own extension
// tests: number, Markdown, expected HTML.
func TestCaseFiles(t *testing.T) {
	md := goldmark.New(goldmark.WithExtensions(New(Explainers(), nil)))
	testutil.DoTestCaseFile(md, "testdata/directives.txt", t, testutil.ParseCliCaseArg()...)
}
