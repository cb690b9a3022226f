package importer

import (
	"testing"
	"unicode/utf8"
)

// FuzzImport: any text or HTML imports without a panic, and the page gloss
// makes of it numbers exactly the paragraphs the importer reported, with
// the same words: escaping never lets the text turn into Markdown or an
// annotation, and never loses a character.
func FuzzImport(f *testing.F) {
	for _, seed := range []struct{ name, src string }{
		{"a.txt", "Hard-wrapped\nlines.\n\nA second paragraph.\n"},
		{"a.txt", "Title\r\n\r\n- one\r\n- two\r\n\r\n1. *x* [y](z) <b> &amp; :term[t]{id=x} 10:30 #5 _u_\r\n"},
		{"a.html", "<main><h1>T</h1><p>One &amp; two.</p><ul><li>a<ul><li>b</li></ul></li></ul><blockquote><p>q</p></blockquote></main>"},
		{"a.html", "<nav>x</nav><div>a<br><br>b<script>c</script></div><pre>code\n```</pre>"},
		{"a.md", "---\ntitle: x\n---\n# H\n\npara\n"},
	} {
		f.Add(seed.name, seed.src)
	}
	f.Fuzz(func(t *testing.T, name, src string) {
		if !utf8.ValidString(src) {
			return
		}
		d, err := Import(name, []byte(src))
		if err != nil {
			return
		}
		_ = d.Page(name)
		Suspicious(d.Paragraphs)
		Attributions(d.Paragraphs)
		if d.Format == Markdown {
			return // kept as the author wrote it
		}
		sameParagraphs(t, d)
	})
}
