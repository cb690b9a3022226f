package render

import "testing"

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
