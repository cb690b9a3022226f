package linkcheck

import (
	"bytes"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/gloss-ssg/gloss/generator/htmlattr"
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

// TestScanReadsHTMLAsABrowserDoes: links written in single quotes, without
// quotes, in upper case or in a srcset are checked; text that merely
// contains href="…" is not a link.
func TestScanReadsHTMLAsABrowserDoes(t *testing.T) {
	c := New("/")
	c.Add("index.html", []byte(`<a href='/single/'>s</a> <a href=/bare/>b</a> <A HREF="/upper/">u</A>
<img srcset="/one.png 1x, /two.png 2x"> <img SRC='/three.png'> <p title=' href="/in-attribute/"'>t</p>
<p>text href="/in-text/"</p> <!-- <a href="/in-comment/"> --> <script>x = '<a href="/in-script/">'</script>
<h2 ID='Here'>h</h2> <a href="#Here">here</a> <a href='#nowhere'>n</a> <noscript><a href="/no-js/">n</a></noscript>`))
	var got []string
	for _, p := range c.Check(func(string) string { return "" }) {
		got = append(got, p.Msg)
	}
	want := []string{
		`broken link "#nowhere": index.html has no id "nowhere" (in the page index.html, made by the theme)`,
		`broken link "/bare/": nothing is published at /bare/ (in the page index.html, made by the theme)`,
		`broken link "/no-js/": nothing is published at /no-js/ (in the page index.html, made by the theme)`,
		`broken link "/one.png": nothing is published at /one.png (in the page index.html, made by the theme)`,
		`broken link "/single/": nothing is published at /single/ (in the page index.html, made by the theme)`,
		`broken link "/three.png": nothing is published at /three.png (in the page index.html, made by the theme)`,
		`broken link "/two.png": nothing is published at /two.png (in the page index.html, made by the theme)`,
		`broken link "/upper/": nothing is published at /upper/ (in the page index.html, made by the theme)`,
	}
	slices.Sort(got)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// FuzzScan holds scan to x/net/html's tokenizer: the ids and links it finds
// in any page are those of every start tag the tokenizer reads, in order.
func FuzzScan(f *testing.F) {
	for _, s := range []string{
		`<a href="x" id="y">`, `= ="" id=" href="`, `<a href='/x/'>`, `<A HREF=/x/ ID=y>`,
		`<p title=' href="/no/"'>`, `<img srcset="/a 1x, /b 2x">`, `<!-- <a href=/no/> --><script><a href=/no/></script>`,
		`<a href="/1/" href="/2/">`, `<a href="mailto:x">`, `<noscript><a href=/x/></noscript>`, `<NOSCRIPT/><a href=/x/>`, `<a href="">`, `<a id="">`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got := scan(data)
		// The tokenizer decodes character references and line endings its
		// own way in values; compare where that cannot differ.
		if bytes.ContainsAny(data, "&\r\x00") {
			return
		}
		want := &Scan{}
		z := html.NewTokenizer(bytes.NewReader(data))
		for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			if tok.Data == "noscript" {
				z.NextIsNotRawText() // read as markup: see htmlattr.Each
			}
			for _, a := range tok.Attr {
				switch a.Key {
				case "id":
					want.ids = append(want.ids, a.Val)
				case "href", "src":
					if a.Val != "" && !external([]byte(a.Val)) {
						want.links = append(want.links, a.Val)
					}
				case "srcset":
					htmlattr.Srcset([]byte(a.Val), func(s, e int) {
						if u := a.Val[s:e]; !external([]byte(u)) {
							want.links = append(want.links, u)
						}
					})
				}
			}
		}
		slices.Sort(want.ids)
		want.ids = slices.Compact(want.ids)
		if !slices.Equal(got.ids, want.ids) || !slices.Equal(got.links, want.links) {
			t.Fatalf("%q:\nscan      ids %q links %q\ntokenizer ids %q links %q", data, got.ids, got.links, want.ids, want.links)
		}
		for _, l := range got.links {
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

// BenchmarkScan reads a page of the example site (35 kB, 240 links).
func BenchmarkScan(b *testing.B) {
	page, err := os.ReadFile("../htmlattr/testdata/page.html")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		scan(page)
	}
}

// BenchmarkScanManyIDs: a page of many headings, each with an id and a
// link to it from the contents list (180,000 equal headings fill 2 MB).
//
//	go test ./generator/linkcheck -run XXX -bench ScanManyIDs -benchmem
func BenchmarkScanManyIDs(b *testing.B) {
	for _, n := range []int{90000, 180000} {
		b.Run(fmt.Sprintf("headings=%d", n), func(b *testing.B) {
			var page strings.Builder
			for i := 0; i < n; i++ {
				fmt.Fprintf(&page, "<li><a href=\"#overview-%d\">Overview</a></li>\n", i)
			}
			for i := 0; i < n; i++ {
				fmt.Fprintf(&page, "<h2 id=\"overview-%d\">Overview</h2>\n", i)
			}
			data := []byte(page.String())
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if s := scan(data); len(s.ids) != n {
					b.Fatalf("%d ids, want %d", len(s.ids), n)
				}
			}
		})
	}
}
