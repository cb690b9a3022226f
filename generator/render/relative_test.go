package render

import (
	"os"
	"testing"
)

func TestRelative(t *testing.T) {
	page := `<a href="/">home</a><a href="/explainers/chips/#why">why</a><link href="/assets/style.1.css">` +
		`<img src="/explainers/chart.png"><form action="/search/"><a href="https://example.org/x">x</a><a href="#top">t</a>` +
		`<a href="/explainers/">list</a><a href="/feed.xml">feed</a>`
	tests := []struct{ out, want string }{
		{"index.html", `<a href="index.html">home</a><a href="explainers/chips/index.html#why">why</a><link href="assets/style.1.css">` +
			`<img src="explainers/chart.png"><form action="search/index.html"><a href="https://example.org/x">x</a><a href="#top">t</a>` +
			`<a href="explainers/index.html">list</a><a href="feed.xml">feed</a>`},
		{"explainers/chips/index.html", `<a href="../../index.html">home</a><a href="index.html#why">why</a><link href="../../assets/style.1.css">` +
			`<img src="../chart.png"><form action="../../search/index.html"><a href="https://example.org/x">x</a><a href="#top">t</a>` +
			`<a href="../index.html">list</a><a href="../../feed.xml">feed</a>`},
		{"404.html", `<a href="index.html">home</a><a href="explainers/chips/index.html#why">why</a><link href="assets/style.1.css">` +
			`<img src="explainers/chart.png"><form action="search/index.html"><a href="https://example.org/x">x</a><a href="#top">t</a>` +
			`<a href="explainers/index.html">list</a><a href="feed.xml">feed</a>`},
	}
	for _, tt := range tests {
		if got := string(Relative([]byte(page), tt.out, "/")); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.out, got, tt.want)
		}
	}
	sub := string(Relative([]byte(`<a href="/sub/topics/">t</a><a href="/other/">o</a>`), "topics/x/index.html", "/sub/"))
	if sub != `<a href="../index.html">t</a><a href="/other/">o</a>` {
		t.Errorf("sub-path: %s", sub)
	}
}

// TestRelativeReadsHTMLAsABrowserDoes: raw HTML (unsafe_html) and a site's
// own templates may quote attributes in any way and any case; a link is
// rewritten however it is written, and text that only contains href="…"
// is left alone.
func TestRelativeReadsHTMLAsABrowserDoes(t *testing.T) {
	for _, tt := range []struct{ name, page, want string }{
		{"single quotes", `<a href='/x/'>x</a>`, `<a href='x/index.html'>x</a>`},
		{"no quotes", `<a href=/x/>x</a>`, `<a href=x/index.html>x</a>`},
		{"upper case", `<A HREF="/x/">x</A><IMG SRC='/i.png'>`, `<A HREF="x/index.html">x</A><IMG SRC='i.png'>`},
		{"spaces around =", `<a href = "/x/" >x</a>`, `<a href = "x/index.html" >x</a>`},
		{"srcset", `<img srcset="/a.png 1x, /b.png 2x, https://e.org/c.png 3x" src=/a.png>`, `<img srcset="a.png 1x, b.png 2x, https://e.org/c.png 3x" src=a.png>`},
		{"href text inside another attribute", `<p title=' href="/x/"' data-src='x src="/y/"'>t</p>`, `<p title=' href="/x/"' data-src='x src="/y/"'>t</p>`},
		{"href text in text", `<p>write href="/x/" in a link</p>`, `<p>write href="/x/" in a link</p>`},
		{"in a comment or a script", `<!-- <a href="/x/"> --><script>s = ' href="/x/"'</script>`, `<!-- <a href="/x/"> --><script>s = ' href="/x/"'</script>`},
		{"the first of repeated attributes", `<a href="/x/" href="/y/">`, `<a href="x/index.html" href="/y/">`},
		{"data-href is not href", `<a data-href="/x/">`, `<a data-href="/x/">`},
		{"in noscript, for readers without scripts", `<noscript><a href="/x/">x</a></noscript>`, `<noscript><a href="x/index.html">x</a></noscript>`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(Relative([]byte(tt.page), "index.html", "/")); got != tt.want {
				t.Errorf("\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// BenchmarkRelative rewrites a page of the example site (35 kB, 240 links).
func BenchmarkRelative(b *testing.B) {
	page, err := os.ReadFile("../htmlattr/testdata/page.html")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		Relative(page, "explainers/self-reliance/index.html", "/")
	}
}
