package site

import (
	"reflect"
	"testing"
)

// TestConnectFillsLinkedFromScratch: Connect alone fills every page's
// Linked group, whole: the backlinks in reading order whatever order pages
// were converted in, and connecting again gives the same lists, not twice
// as many.
func TestConnectFillsLinkedFromScratch(t *testing.T) {
	s, _ := plan(t, map[string]string{
		"e/_index.md": "---\ntitle: E\n---\n",
		"e/a.md":      "---\ntitle: Alpha\nweight: 1\n---\n",
		"e/b.md":      "---\ntitle: Beta\nweight: 2\n---\n",
		"e/t.md":      "---\ntitle: Target\nweight: 3\n---\n",
	}, Options{})
	a, b, target := s.PageByURL("/e/a/"), s.PageByURL("/e/b/"), s.PageByURL("/e/t/")
	for range 2 {
		// Beta is converted before Alpha, as a worker pool may finish them.
		s.Connect([]*Page{b, a}, [][]*Page{{target, a}, {target}})
		if got, want := urls(target.LinkedFrom), []string{"/e/a/", "/e/b/"}; !reflect.DeepEqual(got, want) {
			t.Errorf("backlinks %v, want %v in reading order, each once", got, want)
		}
		if got, want := urls(b.LinksTo), []string{"/e/t/", "/e/a/"}; !reflect.DeepEqual(got, want) {
			t.Errorf("Beta links to %v, want %v in the order first linked", got, want)
		}
		if got, want := urls(a.LinkedFrom), []string{"/e/b/"}; !reflect.DeepEqual(got, want) {
			t.Errorf("Alpha's backlinks %v, want %v", got, want)
		}
	}
}
