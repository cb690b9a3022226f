package diag

import (
	"fmt"
	"testing"
)

func TestSuggest(t *testing.T) {
	people := []string{"li-keqiang", "wang-peng", "wang-zhigang", "zhang-xiaorong"}
	tests := []struct {
		word string
		want string
	}{
		{"li-keqaing", "li-keqiang"}, // swapped letters count as one typo
		{"wang-pen", "wang-peng"},
		{"Wang-Peng", "wang-peng"},
		{"zhang", ""}, // too far from anything to be a typo
		{"x", ""},
		{"wang-zhigan", "wang-zhigang"},
	}
	for _, tt := range tests {
		if got := Suggest(tt.word, people); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

func TestListSortsAndCounts(t *testing.T) {
	var l List
	l.Errorf(Position{File: "b.md", Line: 2, Col: 1}, "second file")
	l.Warnf(Position{File: "a.md", Line: 9}, "a warning")
	l.Errorf(Position{File: "a.md", Line: 10, Col: 3}, "later line")
	l.Errorf(Position{File: "a.md", Line: 2, Col: 7}, "earlier line")
	l.Errorf(Position{File: "a.md", Line: 2, Col: 7}, "earlier line") // exact duplicates collapse
	err := l.Err()
	if err == nil {
		t.Fatal("errors but no error")
	}
	want := "a.md:2:7: earlier line\na.md:9: warning: a warning\na.md:10:3: later line\nb.md:2:1: second file\n3 errors"
	if err.Error() != want {
		t.Errorf("got:\n%s\nwant:\n%s", err, want)
	}
	var warnOnly List
	warnOnly.Warnf(Position{}, "just a warning")
	if warnOnly.Err() != nil {
		t.Error("warnings alone failed the build")
	}
}

// TestDistanceWithinStopsOnlyPastTheLimit: the early stop never changes an
// answer at or under the limit, checked against the full distance on every
// pair of short words over a small alphabet (swaps and repeats included).
func TestDistanceWithinStopsOnlyPastTheLimit(t *testing.T) {
	var words []string
	var grow func(prefix string)
	grow = func(prefix string) {
		words = append(words, prefix)
		if len(prefix) == 4 {
			return
		}
		for _, r := range "abc" {
			grow(prefix + string(r))
		}
	}
	grow("")
	var rows distanceRows
	for _, a := range words {
		for _, b := range words {
			full := distanceWithin([]rune(a), []rune(b), 1<<30)
			if bound := rows.lettersApart([]rune(a), []rune(b)); bound > full {
				t.Fatalf("lettersApart(%q, %q) = %d, more than the distance %d", a, b, bound, full)
			}
			for limit := 0; limit <= 3; limit++ {
				got := distanceWithin([]rune(a), []rune(b), limit)
				if full <= limit && got != full || full > limit && got <= limit {
					t.Fatalf("distanceWithin(%q, %q, %d) = %d, full distance %d", a, b, limit, got, full)
				}
			}
		}
	}
}

// BenchmarkSuggest: a front matter of many unknown keys asks Suggest once
// for each against the known fields (issue 12: 125,000 keys in a 2 MB file).
func BenchmarkSuggest(b *testing.B) {
	known := []string{
		"title", "dek", "summary", "date", "weight", "draft", "topics", "slug", "url", "layout", "page_layout",
		"role", "organisation", "definition", "aliases", "numbered", "publisher", "source_url", "archive_url",
		"updated", "corrections", "authors",
	}
	keys := make([]string, 10000)
	for i := range keys {
		keys[i] = fmt.Sprintf("key_%d", i)
	}
	b.ResetTimer()
	for range b.N {
		for _, k := range keys {
			Suggest(k, known)
		}
	}
}

// TestCount: messages say "1 warning", never "(1 warnings)" (issue 12).
func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0 warnings", 1: "1 warning", 2: "2 warnings"} {
		if got := Count(n, "warning"); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
	if Plural(1, "row") != "row" || Plural(3, "row") != "rows" {
		t.Errorf("Plural: %q, %q", Plural(1, "row"), Plural(3, "row"))
	}
}
