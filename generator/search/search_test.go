package search

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// words lists a section's words, sorted.
func words(pi *PageIndex, section int) []string {
	var out []string
	sections, _ := pi.finished()
	for _, id := range sections[section].ids {
		out = append(out, pi.words.word(id))
	}
	sort.Strings(out)
	return out
}

func sorted(ws ...string) []string {
	sort.Strings(ws)
	return ws
}

func TestPageIndex(t *testing.T) {
	pi := NewPageIndex(NewWords())
	pi.Text([]byte("China’s R&D spending DOUBLED; China's plan"))
	pi.Section("why-chips", "Why chips matter")
	pi.Text([]byte("Chips and 产业链 in 2023, chips again."))
	pi.Finish()
	if got, want := words(pi, 0), sorted("chinas", "spending", "doubled", "plan"); !reflect.DeepEqual(got, want) {
		t.Errorf("first section words %q, want %q (one-letter words dropped, each word once)", got, want)
	}
	if got, want := words(pi, 1), sorted("why", "chips", "matter", "and", "产", "业", "链", "in", "2023", "again"); !reflect.DeepEqual(got, want) {
		t.Errorf("second section words %q, want %q", got, want)
	}
	sections, _ := pi.finished()
	if len(sections) != 2 || sections[1].id != "why-chips" || sections[1].heading != "Why chips matter" {
		t.Errorf("sections %+v", sections)
	}
}

func TestSnippet(t *testing.T) {
	short := "A short text."
	if got := snippet(short, "", 1); got != short {
		t.Errorf("short text changed: %q", got)
	}
	long := strings.Repeat("word ", 100)
	got := snippet(long, "", 1)
	if !strings.HasSuffix(got, "…") || len([]rune(got)) > snippetLen+1 || strings.HasSuffix(strings.TrimSuffix(got, "…"), " ") {
		t.Errorf("long text cut to %q", got)
	}
	han := strings.Repeat("产业链", 100)
	if got := snippet(han, "", 1); len([]rune(got)) != snippetLen+1 {
		t.Errorf("Chinese text cut to %d characters", len([]rune(got)))
	}
	if got := snippet("ignored", "The summary.", 0); got != "The summary." {
		t.Errorf("the first section shows %q, want the summary", got)
	}
}

func TestScriptIsJSON(t *testing.T) {
	idx := &Index{
		Docs:  []doc{{"a/", "Title with \"quotes\" & <tags>", "", "line\nbreak"}},
		Words: map[string]string{"b": "1.2", "a": "0"},
	}
	js, err := idx.Script()
	if err != nil {
		t.Fatal(err)
	}
	s := string(js)
	if !strings.HasPrefix(s, "window.glossSearch=") || !strings.HasSuffix(s, ";\n") {
		t.Fatalf("not a script: %q", s)
	}
	if strings.Contains(s, "<tags>") {
		t.Error("< and > must be escaped inside a script")
	}
	var back Index
	if err := json.Unmarshal([]byte(strings.TrimSuffix(strings.TrimPrefix(s, "window.glossSearch="), ";\n")), &back); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
	if !reflect.DeepEqual(back.Docs, idx.Docs) || !reflect.DeepEqual(back.Words, idx.Words) {
		t.Errorf("round trip: %+v", back)
	}
	if !strings.Contains(s, `"w":{"a":"0","b":"1.2"}`) {
		t.Errorf("words not sorted: %s", s)
	}
}

func TestSqueeze(t *testing.T) {
	for _, text := range []string{
		"", "  ", "one", "  two  words  ", "tabs\tand\nnew\r\nlines", "no-break\u00a0space and\u2003em space",
		strings.Repeat("产业链 ", 300), strings.Repeat("word  ", 400), "\xff broken \xfe utf-8",
	} {
		want := snippet(strings.Join(strings.Fields(text), " "), "", 1)
		if got := snippet(squeeze([]byte(text), 4*snippetLen+8), "", 1); got != want {
			t.Errorf("squeeze(%.40q) gives the snippet %q, want %q", text, got, want)
		}
	}
}

// FuzzSqueeze checks squeeze against what it replaces, on any text.
func FuzzSqueeze(f *testing.F) {
	f.Add("  two  words  ")
	f.Add(strings.Repeat("产业链 ", 300))
	f.Fuzz(func(t *testing.T, text string) {
		want := snippet(strings.Join(strings.Fields(text), " "), "", 1)
		if got := snippet(squeeze([]byte(text), 4*snippetLen+8), "", 1); got != want {
			t.Errorf("squeeze(%q) gives the snippet %q, want %q", text, got, want)
		}
	})
}

// TestWordsCollisions: words whose hashes fall in one shard, or are the
// same, still get numbers of their own.
func TestWordsCollisions(t *testing.T) {
	ws := NewWords()
	a := ws.id([]byte("alpha"), 42)
	b := ws.id([]byte("beta"), 42) // as if "beta" hashed like "alpha"
	c := ws.id([]byte("gamma"), 42)
	if a == b || b == c || a == c {
		t.Fatalf("colliding words share numbers: %d %d %d", a, b, c)
	}
	for _, w := range []struct {
		word string
		id   uint32
	}{{"alpha", a}, {"beta", b}, {"gamma", c}} {
		if got := ws.id([]byte(w.word), 42); got != w.id {
			t.Errorf("%s numbered %d, then %d", w.word, w.id, got)
		}
		if got := ws.word(w.id); got != w.word {
			t.Errorf("number %d is %q, want %q", w.id, got, w.word)
		}
	}
}

// BenchmarkPageIndex collects pages of text drawn from a vocabulary of a
// few thousand words, as a site's converter does.
func BenchmarkPageIndex(b *testing.B) {
	vocab := make([]string, 4000)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%dord%c", i*7919%100000, 'a'+rune(i%26))
	}
	var text strings.Builder
	for i := 0; i < 1500; i++ {
		text.WriteString(vocab[(i*i+7*i)%len(vocab)])
		text.WriteString(" ")
	}
	para := []byte(text.String())
	words := NewWords()
	b.SetBytes(int64(len(para)))
	b.ReportAllocs()
	for b.Loop() {
		pi := NewPageIndex(words)
		for s := 0; s < 6; s++ {
			pi.Section(fmt.Sprint("s", s), "Heading")
			pi.Text(para[s*len(para)/6 : (s+1)*len(para)/6])
		}
		pi.Finish()
	}
}
