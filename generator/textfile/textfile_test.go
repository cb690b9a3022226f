package textfile

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gloss-ssg/gloss/generator/diag"
)

func TestClean(t *testing.T) {
	for _, c := range []struct {
		name, in, want string
		probs          []string // exactly, as printed
	}{
		{name: "clean text is kept", in: "---\ntitle: x\n---\nBody ¶ 中文\ttab\n", want: "---\ntitle: x\n---\nBody ¶ 中文\ttab\n"},
		{name: "empty", in: "", want: ""},
		{name: "byte-order mark", in: "\xEF\xBB\xBF---\ntitle: x\n---\n", want: "---\ntitle: x\n---\n"},
		{name: "only a byte-order mark is dropped", in: "\xEF\xBB\xBFa\xEF\xBB\xBFb", want: "a\uFEFFb"},
		{name: "CRLF", in: "a\r\nb\r\n\r\n```\ncode\r\n```\r\n", want: "a\nb\n\n```\ncode\n```\n"},
		{name: "lone CR", in: "a\rb\r\rc", want: "a\nb\n\nc"},
		{name: "CR at the end", in: "a\r", want: "a\n"},
		{name: "mixed endings", in: "a\r\nb\nc\rd", want: "a\nb\nc\nd"},
		{
			name: "invalid UTF-8 is an error at the first bad byte", in: "one\r\ntwo ¶ \xff\xfe three\n\xc3(\n",
			want:  "one\ntwo ¶ \uFFFD\uFFFD three\n\uFFFD(\n",
			probs: []string{"content/x.md:2:7: invalid UTF-8: save the file as UTF-8"},
		},
		{
			name: "a truncated sequence at the end", in: "ok\n中\xe6\x96",
			want:  "ok\n中\uFFFD\uFFFD",
			probs: []string{"content/x.md:2:2: invalid UTF-8: save the file as UTF-8"},
		},
		{
			name: "Latin-1 file", in: "caf\xe9\n",
			want:  "caf\uFFFD\n",
			probs: []string{"content/x.md:1:4: invalid UTF-8: save the file as UTF-8"},
		},
		{
			name: "an escape character", in: "title\n\x1b[31mred\x1b[0m\n",
			want:  "title\n\uFFFD[31mred\uFFFD[0m\n",
			probs: []string{"content/x.md:2:1: warning: control character U+001B replaced by U+FFFD (and 1 more in this file)"},
		},
		{
			name: "NUL, form feed, DEL and a C1 control", in: "a\x00b\fc\x7fd\u0085e",
			want:  "a\uFFFDb\uFFFDc\uFFFDd\uFFFDe",
			probs: []string{"content/x.md:1:2: warning: control character U+0000 replaced by U+FFFD (and 3 more in this file)"},
		},
		{
			name: "one control character", in: "---\ntitle: \"a\x01b\"\n---\n",
			want:  "---\ntitle: \"a\uFFFDb\"\n---\n",
			probs: []string{"content/x.md:2:10: warning: control character U+0001 replaced by U+FFFD"},
		},
		{
			name: "column after a byte-order mark and CRLF", in: "\xEF\xBB\xBFab\x02\r\n",
			want:  "ab\uFFFD\n",
			probs: []string{"content/x.md:1:3: warning: control character U+0002 replaced by U+FFFD"},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, probs := Clean("content/x.md", []byte(c.in))
			if string(got) != c.want {
				t.Errorf("text %q, want %q", got, c.want)
			}
			var ps []string
			for _, p := range probs {
				ps = append(ps, p.String())
			}
			if strings.Join(ps, "\n") != strings.Join(c.probs, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(ps, "\n"), strings.Join(c.probs, "\n"))
			}
		})
	}
}

// TestCleanDoesNotCopy: a file that needs nothing is returned as it is.
func TestCleanDoesNotCopy(t *testing.T) {
	src := []byte("plain text ¶ 中文\n")
	got, _ := Clean("x", src)
	if &got[0] != &src[0] {
		t.Error("a clean file was copied")
	}
}

// FuzzClean: whatever the bytes, the result is valid UTF-8 with no "\r" and
// no control character but tab and newline, keeps the number of lines, and
// is reported as invalid exactly when the input (without a BOM) is.
func FuzzClean(f *testing.F) {
	for _, s := range []string{"a\r\nb", "\xEF\xBB\xBF---\n", "\xff", "\x1b[0m", "a\rb", "\u0085", "中\xe6\x96", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		out, probs := Clean("f", src)
		if !utf8Valid(out) || bytes.ContainsRune(out, '\r') {
			t.Fatalf("Clean(%q) = %q", src, out)
		}
		for _, r := range string(out) {
			if isControl(r) {
				t.Fatalf("Clean(%q) kept control %U", src, r)
			}
		}
		wantLines := bytes.Count(bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n")), []byte("\n")) + bytes.Count(bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n")), []byte("\r"))
		if got := bytes.Count(out, []byte("\n")); got != wantLines {
			t.Fatalf("Clean(%q) has %d lines, want %d", src, got, wantLines)
		}
		invalid := false
		for _, p := range probs {
			if p.Severity == diag.Error {
				invalid = true
			}
		}
		if invalid == utf8Valid(bytes.TrimPrefix(src, bom)) {
			t.Fatalf("Clean(%q): invalid=%v", src, invalid)
		}
	})
}

func utf8Valid(b []byte) bool { return utf8.Valid(b) }
