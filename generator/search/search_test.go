package search

import (
	"encoding/json"
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
