package search

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func jsonString(s string) string {
	var b bytes.Buffer
	writeJSONString(&b, s)
	return b.String()
}

func TestWriteJSONString(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"plain", `"plain"`},
		{`a "quote" and \ back`, `"a \"quote\" and \\ back"`},
		{"<script>&</script>", `"\u003cscript\u003e\u0026\u003c/script\u003e"`},
		{"line\nend\ttab\x01\x1b", `"line\nend\ttab\u0001\u001b"`},
		{"产业链 China’s", `"产业链 China’s"`},
		{"ends\u2028lines\u2029", `"ends\u2028lines\u2029"`},
		{"bad \xff byte, cut \xe4\xba", `"bad \ufffd byte, cut \ufffd\ufffd"`},
	} {
		if got := jsonString(tt.in); got != tt.want {
			t.Errorf("%q: %s, want %s", tt.in, got, tt.want)
		}
	}
}

// FuzzWriteJSONString holds the hand-written encoder to encoding/json: its
// output is valid UTF-8, valid JSON decoding to what encoding/json's
// encoding of the same string decodes to (invalid UTF-8 replaced), and safe
// in a script (no <, >, &, raw control characters or U+2028/U+2029).
func FuzzWriteJSONString(f *testing.F) {
	for _, s := range []string{"", "a\"b\\c", "<>&", "\x00\x1f\x7f", "\xff\xfe", "\xe4\xba", "\u2028\u2029", "产业链", "a\r\nb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := jsonString(s)
		if !utf8.ValidString(got) {
			t.Fatalf("%q: invalid UTF-8 written: %q", s, got)
		}
		var decoded string
		if err := json.Unmarshal([]byte(got), &decoded); err != nil {
			t.Fatalf("%q: not JSON: %s: %v", s, got, err)
		}
		ref, _ := json.Marshal(s)
		var want string
		if err := json.Unmarshal(ref, &want); err != nil {
			t.Fatal(err)
		}
		if decoded != want {
			t.Fatalf("%q: decodes to %q, encoding/json's to %q", s, decoded, want)
		}
		inner := got[1 : len(got)-1]
		if strings.ContainsAny(inner, "<>&\u2028\u2029") || strings.IndexFunc(inner, func(r rune) bool { return r < 0x20 }) >= 0 {
			t.Fatalf("%q: not safe in a script: %s", s, got)
		}
	})
}
