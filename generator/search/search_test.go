package search

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gloss-ssg/gloss/generator/site"
)

// words lists a section's words with their counts, sorted.
func words(pi *PageIndex, section int) []string {
	var out []string
	sections, _ := pi.finished()
	for i, id := range sections[section].ids {
		out = append(out, fmt.Sprintf("%s×%d", pi.words.word(id), sections[section].counts[i]))
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
	// Text comes in pieces, as the converter passes it around inline
	// elements: nothing is added between them.
	pi.Text([]byte("China’s R&D spending DOUBLED; China"))
	pi.Text([]byte("'s plan"))
	pi.Section("why-chips", "Why chips matter")
	pi.Text([]byte("Chips and 产业链 in 2023, chips again."))
	pi.Finish()
	if got, want := words(pi, 0), sorted("chinas×2", "spending×1", "doubled×1", "plan×1"); !reflect.DeepEqual(got, want) {
		t.Errorf("first section words %q, want %q (one-letter words dropped)", got, want)
	}
	if got, want := words(pi, 1), sorted("why×4", "chips×6", "matter×4", "and×1", "产业×1", "业链×1", "in×1", "2023×1", "again×1"); !reflect.DeepEqual(got, want) {
		t.Errorf("second section words %q, want %q (a heading's words count %d times)", got, want, headingWeight)
	}
	sections, _ := pi.finished()
	if len(sections) != 2 || sections[1].id != "why-chips" || sections[1].heading != "Why chips matter" || sections[1].length != 8 {
		t.Errorf("sections %+v", sections)
	}
	if sections[0].text != "China’s R&D spending DOUBLED; China's plan" {
		t.Errorf("excerpt %q: no space may be added between the pieces of text", sections[0].text)
	}
}

// TestTokens: how text is cut into the indexed words, stemmed.
func TestTokens(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"industries industry industrial", "industri industri industri"},
		{"Machines, machine’s MACHINED", "machin machin machin"},
		{"self-reliance relying", "self relianc reli"},
		{"China’s plans; the report's", "china plan the report"},
		{"Rhône Zürich café naïve", "rhone zurich cafe naiv"},
		{"ＡＩ chips", "ai chip"}, // full-width letters folded
		{"芯片", "芯片"},
		{"集成电路 and 芯", "集成 成电 电路 and 芯"},
		{"关键核心技术攻关", "关键 键核 核心 心技 技术 术攻 攻关"},
		{"半導体の供給", "半導 導体 体の の供 供給"},
		{"반도체 산업", "반도 도체 산업"},
		{"2023 a 5 x1", "2023 x1"},
		{"e-CNY", "cni"},
	} {
		if got := strings.Join(Terms(c.text), " "); got != c.want {
			t.Errorf("Terms(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// FuzzTokens: any text splits without a panic into non-empty words, valid
// UTF-8 for valid text, and a text written twice with a space between
// splits into its words twice (no word runs across a space).
func FuzzTokens(f *testing.F) {
	for _, s := range []string{"China’s plan", "集成电路 and 芯", "Rhône", "ＡＩ", "\xff\xfe", "a’b'c", "반도체"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var once []string
		Tokens([]byte(text), nil, func(w []byte) {
			if len(w) == 0 || utf8.ValidString(text) && !utf8.Valid(w) {
				t.Fatalf("Tokens(%q) gave the word %q", text, w)
			}
			once = append(once, string(w))
		})
		var twice []string
		Tokens([]byte(text+" "+text), nil, func(w []byte) { twice = append(twice, string(w)) })
		if !reflect.DeepEqual(twice, append(slices.Clone(once), once...)) && len(once)+len(twice) > 0 {
			t.Fatalf("%q splits into %q, twice into %q", text, once, twice)
		}
	})
}

func TestSnippet(t *testing.T) {
	short := "A short text."
	if got := snippet(short); got != short {
		t.Errorf("short text changed: %q", got)
	}
	long := strings.Repeat("word ", 100)
	got := snippet(long)
	if !strings.HasSuffix(got, "…") || len([]rune(got)) > snippetLen+1 || strings.HasSuffix(strings.TrimSuffix(got, "…"), " ") {
		t.Errorf("long text cut to %q", got)
	}
	han := strings.Repeat("产业链", 100)
	if got := snippet(han); len([]rune(got)) != snippetLen+1 {
		t.Errorf("Chinese text cut to %d characters", len([]rune(got)))
	}
}

func TestPutNumber(t *testing.T) {
	for _, c := range []struct {
		v    uint32
		want string
	}{{0, "0"}, {9, "9"}, {10, "G"}, {31, "-"}, {32, "b0"}, {1023, "F-"}, {1024, "ba0"}} {
		if got := string(putNumber(nil, c.v)); got != c.want {
			t.Errorf("putNumber(%d) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestSqueeze(t *testing.T) {
	for _, text := range []string{
		"", "  ", "one", "  two  words  ", "tabs\tand\nnew\r\nlines", "no-break\u00a0space and\u2003em space",
		strings.Repeat("产业链 ", 300), strings.Repeat("word  ", 400), "\xff broken \xfe utf-8",
	} {
		for _, n := range []int{snippetLen, textLen} {
			want := cut(strings.Join(strings.Fields(text), " "), n)
			if got := cut(squeeze([]byte(text), 4*n+8), n); got != want {
				t.Errorf("squeeze(%.40q) cut to %d gives %q, want %q", text, n, got, want)
			}
		}
	}
}

// FuzzSqueeze checks squeeze against what it replaces, on any text.
func FuzzSqueeze(f *testing.F) {
	f.Add("  two  words  ")
	f.Add(strings.Repeat("产业链 ", 300))
	f.Fuzz(func(t *testing.T, text string) {
		for _, n := range []int{snippetLen, textLen} {
			want := cut(strings.Join(strings.Fields(text), " "), n)
			if got := cut(squeeze([]byte(text), 4*n+8), n); got != want {
				t.Errorf("squeeze(%q) cut to %d gives %q, want %q", text, n, got, want)
			}
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

// BenchmarkBuild builds the index of 2,000 generated pages of 8 sections
// each into a folder: the index's own work and the writing of its files,
// what a big site's build spends on search.
func BenchmarkBuild(b *testing.B) {
	vocabulary := make([]string, 3000)
	for i := range vocabulary {
		vocabulary[i] = fmt.Sprintf("%s%sing", []string{"sub", "pro", "con", "re", "de", "in"}[i%6], strings.Repeat(string(rune('a'+i%26)), 1+i%5)) + fmt.Sprint(i/30)
	}
	s := &site.Site{}
	words := NewWords()
	indexes := map[*site.Page]*PageIndex{}
	var text []byte
	for i := range 2000 {
		p := &site.Page{Site: s, Kind: site.KindPage, Layout: "explainer", URL: fmt.Sprintf("/p/%d/", i), Title: "Page " + vocabulary[i%len(vocabulary)], Summary: "A summary of " + vocabulary[(i*7)%len(vocabulary)] + "."}
		pi := NewPageIndex(words)
		for sec := range 8 {
			if sec > 0 {
				pi.Section(fmt.Sprintf("s%d", sec), "About "+vocabulary[(i+sec*31)%len(vocabulary)])
			}
			text = text[:0]
			for j := range 120 {
				text = append(text, vocabulary[(i*j+sec*17+j*j)%len(vocabulary)]...)
				text = append(text, ' ')
			}
			pi.Text(text)
		}
		pi.Finish()
		indexes[p] = pi
		s.Pages = append(s.Pages, p)
	}
	b.ReportAllocs()
	for b.Loop() {
		dir := b.TempDir()
		made := map[string]bool{}
		_, err := Build(s, words, func(p *site.Page) *PageIndex { return indexes[p] }, func(rel string, data []byte) error {
			path := filepath.Join(dir, rel)
			if d := filepath.Dir(path); !made[d] {
				if err := os.MkdirAll(d, 0o755); err != nil {
					return err
				}
				made[d] = true
			}
			return os.WriteFile(path, data, 0o644)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// TestPageWordsBound: a page puts at most MaxPageWords different words in the
// index; past it, new words are left out and Full says so, while words it
// already has go on being counted, in any section.
func TestPageWordsBound(t *testing.T) {
	distinct := func(from, to int) []byte {
		var b []byte
		for i := from; i < to; i++ {
			b = fmt.Appendf(b, "w%x ", i)
		}
		return b
	}
	atBound := NewPageIndex(NewWords())
	atBound.Text(distinct(0, MaxPageWords))
	atBound.Section("again", "w5") // a heading of a word it has
	atBound.Text(distinct(0, 10))
	atBound.Finish()
	if atBound.Full() {
		t.Error("a page of exactly MaxPageWords words is full")
	}

	past := NewPageIndex(NewWords())
	past.Text(distinct(0, MaxPageWords+5))
	past.Section("later", "Later")
	past.Text([]byte("w0 w0 w1 brandnew"))
	past.Finish()
	if !past.Full() {
		t.Error("a page of more words than MaxPageWords is not full")
	}
	if n := len(words(past, 0)); n != MaxPageWords {
		t.Errorf("first section indexes %d words, want %d", n, MaxPageWords)
	}
	// "later" (a heading word) and "brandnew" are new past the bound; w0 and
	// w1 are known.
	if got, want := words(past, 1), sorted("w0×2", "w1×1"); !reflect.DeepEqual(got, want) {
		t.Errorf("second section words %q, want %q", got, want)
	}
}
