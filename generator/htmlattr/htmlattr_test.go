package htmlattr

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestEach(t *testing.T) {
	names := []string{"href", "src", "srcset", "id"}
	for _, tt := range []struct{ page, want string }{
		{`<a href="/x/">`, `href=/x/`},
		{`<a href='/x/'>`, `href=/x/`},
		{`<a href=/x/>`, `href=/x/`},
		{`<A HREF="/x/">`, `href=/x/`},
		{`<a hReF = "/x/" >`, `href=/x/`},
		{`<img src=/a.png srcset="/a.png 1x, /b.png 2x">`, `src=/a.png srcset=/a.png 1x, /b.png 2x`},
		{`<a href="/first/" href="/second/">`, `href=/first/`},
		{`<a title=' href="/no/"' data-x='src="/no/"'>`, ``},
		{`<p>text href="/no/" and <code>src="/no/"</code></p>`, ``},
		{`<!-- <a href="/no/"> --><a href="/yes/">`, `href=/yes/`},
		{`<script>var a = '<a href="/no/">';</script><a href=/yes/>`, `href=/yes/`},
		{`<style>a[href="/no/"]{}</style>`, ``},
		{`<textarea><a href="/no/"></textarea>`, ``},
		{`<noscript><a href="/yes/"></noscript>`, `href=/yes/`},
		{`<NoScript id=n><a href="/yes/"></noscript>`, `id=n href=/yes/`},
		{`<a href>`, `href=`},
		{`<a href="">`, `href=`},
		{`<a id=x/>`, `id=x/`},
		{`<a/href=/x/>`, `href=/x/`},
		{`<a =href=/x/>`, ``},
		{`</a href="/no/">`, ``},
		{`<a href="/unclosed`, ``},
	} {
		var got []string
		Each([]byte(tt.page), names, func(v Value) {
			if string(v.Raw) != tt.page[v.Start:v.End] {
				t.Errorf("%s: value %q at %d:%d", tt.page, v.Raw, v.Start, v.End)
			}
			got = append(got, names[v.Name]+"="+string(v.Raw))
		})
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.page, g, tt.want)
		}
	}
}

func TestSrcset(t *testing.T) {
	for v, want := range map[string]string{
		"/a.png 1x, /b.png 2x":         "/a.png|/b.png",
		"/a.png":                       "/a.png",
		" /a.png ,/b.png":              "/a.png|/b.png",
		"/a.png,/b.png 2x":             "/a.png,/b.png", // one URL: the comma does not end it
		"/a.png 100w (x,y), /b.png":    "/a.png|/b.png",
		"data:image/png;base64,AAA 1x": "data:image/png;base64,AAA",
		"":                             "",
	} {
		var got []string
		Srcset([]byte(v), func(s, e int) { got = append(got, v[s:e]) })
		if g := strings.Join(got, "|"); g != want {
			t.Errorf("Srcset(%q) = %s, want %s", v, g, want)
		}
	}
}

// FuzzTagAttrs holds the attribute lexer to x/net/html's tokenizer: for any
// input, the tokens cover the page, and each start tag's attributes (name,
// and value where the comparison is exact) are the tokenizer's.
func FuzzTagAttrs(f *testing.F) {
	for _, s := range []string{
		`<a href="/x/" id=y>`, `<a href='/x/'>`, `<A HREF=/x/ SRC = "b">`, `<a title=' href="/no/"'>`,
		`<a href="1" href="2">`, `<a/b=c>`, `<a =b=c>`, `<a b= >`, `<img srcset="/a 1x, /b 2x">`,
		`<!-- <a href=x> --><script><a href=y></script><a href=z>`, `<a href="unclosed`, `<a b='c'd=e>`,
		"<a\fhref=x\n\tid='y'/>", `<a href=x/>`, `<p>href="x"</p>`, `<a b c d=>`, `<a ==x>`, `<a ''=x>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, page []byte) {
		z := html.NewTokenizer(bytes.NewReader(page))
		var all bytes.Buffer
		for {
			tt := z.Next()
			raw := z.Raw()
			all.Write(raw)
			if tt == html.ErrorToken {
				break
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			type kv struct{ k, v string }
			var want, got []kv
			var exact []bool
			for {
				k, v, more := z.TagAttr()
				want = append(want, kv{string(k), string(v)})
				if !more {
					break
				}
			}
			if len(want) == 1 && want[0].k == "" {
				want = nil
			}
			seen := map[string]bool{}
			rawCopy := append([]byte(nil), raw...)
			tagAttrs(rawCopy, func(ks, ke, vs, ve int) {
				// The tokenizer shows NUL as U+FFFD; the lexing is the same.
				k := strings.ReplaceAll(asciiLower(rawCopy[ks:ke]), "\x00", "\uFFFD")
				if seen[k] {
					return // the tokenizer keeps the first of repeated names
				}
				seen[k] = true
				v := ""
				if vs >= 0 {
					v = string(rawCopy[vs:ve])
				}
				got = append(got, kv{k, v})
				exact = append(exact, !strings.ContainsAny(v, "&\r\x00"))
			})
			if len(got) != len(want) {
				t.Fatalf("%q: attributes %q, tokenizer %q", rawCopy, got, want)
			}
			for i := range got {
				if got[i].k != want[i].k {
					t.Fatalf("%q: attribute %d is %q, tokenizer %q", rawCopy, i, got[i].k, want[i].k)
				}
				if exact[i] && got[i].v != want[i].v {
					t.Fatalf("%q: %s=%q, tokenizer %q", rawCopy, got[i].k, got[i].v, want[i].v)
				}
			}
		}
		if !bytes.Equal(all.Bytes(), page) {
			t.Fatalf("tokens cover %q of %q", all.Bytes(), page)
		}
		// Every value Each reports stands where it says.
		Each(page, []string{"href", "src", "id"}, func(v Value) {
			if !bytes.Equal(page[v.Start:v.End], v.Raw) {
				t.Fatalf("value %q at %d:%d", v.Raw, v.Start, v.End)
			}
		})
	})
}

// asciiLower lower-cases A-Z only, as HTML and the tokenizer do.
func asciiLower(b []byte) string {
	out := []byte(string(b))
	for i, c := range out {
		if 'A' <= c && c <= 'Z' {
			out[i] = c + 'a' - 'A'
		}
	}
	return string(out)
}

// FuzzFastTags holds the fast path to the tokenizer: the start tags Each
// visits (found by fastTags, and by the tokenizer from where fastTags
// stops) are exactly those the tokenizer finds, bounds included.
func FuzzFastTags(f *testing.F) {
	for _, s := range []string{
		`<a href=x>t</a>`, `<!-- <a> --><a>`, `<!--><a>`, `<!---><a>`, `<!-- --!><a>`, `<!-- --!-><a> -->`,
		`<script>"</script x>"<a></script><b>`, `<script><!--<script></script><a>--></script><b>`,
		`<style>a</STYLE ><a>`, `<textarea><a></textarea/><b>`, `<title><a></titlex></title><b>`,
		`<plaintext><a>`, `<noscript><a></noscript>`, `<xmp><a></xmp><b>`, `<iframe><a></iframe><b>`,
		`</a title=">"><b>`, `</ x><a>`, `</><a>`, `<!DOCTYPE html><a>`, `<!x><a>`, `<?xml ?><a>`,
		`<a title='>'><b>`, `<a "b>`, `<a b='c`, `<a`, `<`, `<!`, `<!-`, `</`, `a < b <c`, `<a/><b/>`,
		`<!--a--!b-->`, `<!--a--!!>-->`, `<scrIPT src=x></SCRIPT><a>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, page []byte) {
		type span struct{ start, end int }
		var want, got []span
		tokenizerTags(page, 0, func(s, e int) { want = append(want, span{s, e}) })
		done, ok := fastTags(page, func(int, int, int, int) {}, func(s, e int) { got = append(got, span{s, e}) })
		if !ok {
			tokenizerTags(page, done, func(s, e int) { got = append(got, span{s, e}) })
		}
		if len(got) != len(want) {
			t.Fatalf("%q: fast %v, tokenizer %v", page, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%q: tag %d at %v, tokenizer %v", page, i, got[i], want[i])
			}
		}
	})
}

func ExampleEach() {
	page := []byte(`<a HREF='/x/'>x</a> <img src=/y.png> <p title='href="/no/"'>`)
	Each(page, []string{"href", "src"}, func(v Value) { fmt.Printf("%d %s\n", v.Name, v.Raw) })
	// Output:
	// 0 /x/
	// 1 /y.png
}

// tagAttrs reads the attributes of one start tag, tag being the tag as
// the tokenizer found it ("<a href='x' id=y>"), and calls fn with the
// offsets of each name and value in tag (vs and ve are -1 for a name
// without a value; an empty value has vs == ve). Repeats are reported; names
// the tokenizer drops (empty ones) are not.
func tagAttrs(tag []byte, fn func(ks, ke, vs, ve int)) {
	lexTag(tag, 1, fn)
}
