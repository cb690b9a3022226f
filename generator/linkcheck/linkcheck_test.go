package linkcheck

import (
	"reflect"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	c := New("/sub/")
	c.Add("index.html", []byte(`<a href="/sub/a/">a</a> <a href="/sub/a/#top">top</a> <a href="/sub/a/#nope">x</a>
<a href="/sub/missing/">m</a> <a href="https://example.org/x">ext</a> <a href="mailto:a@b">m</a>
<img src="/sub/assets/s.css"> <a href="#here">here</a> <p id="here">x</p> <a href="#gone">g</a>
<a href="/elsewhere/">outside</a> <a href="a/">relative</a> <a href="/sub/a">no slash</a>
<a href="/sub/a/?q=1&amp;r=2#top">query</a> <code>href="/not/a/link"</code> <a href="/sub/">home</a>`))
	c.Add("a/index.html", []byte(`<h1 id="top">A</h1><a href="../">up</a><a href="../b/">b</a><a href="/sub/%E4%B8%AD/">zh</a>`))
	c.Add("assets/s.css", []byte(`a{}`))
	c.Add("中/index.html", []byte(`x`))
	var got []string
	for _, p := range c.Check(func(out string) string {
		if out == "a/index.html" {
			return "content/a.md"
		}
		return ""
	}) {
		got = append(got, p.String())
	}
	want := []string{
		`content/a.md: broken link "../b/": nothing is published at /b/ (in a/index.html)`,
		`broken link "/sub/a/#nope": a/index.html has no id "nope" (in the page index.html, made by the theme)`,
		`broken link "/sub/missing/": nothing is published at /missing/ (in the page index.html, made by the theme)`,
		`broken link "#gone": index.html has no id "gone" (in the page index.html, made by the theme)`,
		`broken link "/elsewhere/": it is outside the site's base path /sub/ (in the page index.html, made by the theme)`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got:\n%q\nwant:\n%q", got, want)
	}
}

func FuzzScan(f *testing.F) {
	f.Add([]byte(`<a href="x" id="y">`))
	f.Add([]byte(`= ="" id=" href="`))
	f.Fuzz(func(t *testing.T, data []byte) {
		refs := scan(data)
		for _, l := range refs.links {
			if l == "" {
				t.Fatal("empty link recorded")
			}
		}
	})
}

// TestCheckSince: a later check reuses an unchanged page's findings, but
// not once a target lost an id or a file disappeared.
func TestCheckSince(t *testing.T) {
	src := func(string) string { return "" }
	first := New("/")
	first.Add("a/index.html", []byte(`<a href="/b/#x">b</a><a href="/b/#nope">nope</a>`))
	first.Add("b/index.html", []byte(`<h2 id="x">X</h2>`))
	probs, prev := first.CheckSince(nil, src)
	if len(probs) != 1 {
		t.Fatalf("first check: %v", probs)
	}

	// b is read again with the same ids; a is reused as it was.
	second := New("/")
	second.AddScanned("a/index.html", first.Scanned("a/index.html"))
	second.Add("b/index.html", []byte(`<h2 id="x">X, edited</h2>`))
	probs, prev = second.CheckSince(prev, src)
	if len(probs) != 1 || !strings.Contains(probs[0].Msg, "#nope") {
		t.Errorf("second check: %v", probs)
	}

	// b loses the id a links to: a must be checked again.
	third := New("/")
	third.AddScanned("a/index.html", second.Scanned("a/index.html"))
	third.Add("b/index.html", []byte(`<h2 id="y">Y</h2>`))
	probs, _ = third.CheckSince(prev, src)
	if len(probs) != 2 {
		t.Errorf("after b lost #x: %v", probs)
	}
}
