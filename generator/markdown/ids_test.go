package markdown

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
)

// naiveIDs is the definition of the ids gloss gives: the first of base,
// base-1, base-2 … that is not taken or reserved.
type naiveIDs map[string]bool

func (s naiveIDs) generate(base string) string {
	id := base
	for i := 1; s[id] || reserved(id); i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	s[id] = true
	return id
}

func TestHeadingIDs(t *testing.T) {
	for _, c := range []struct {
		headings []string // "=x" puts an explicit id x
		want     string
	}{
		{[]string{"Overview", "Overview", "Overview"}, "overview overview-1 overview-2"},
		{[]string{"Overview 1", "Overview", "Overview", "Overview"}, "overview-1 overview overview-2 overview-3"},
		{[]string{"Overview", "Overview", "=overview-2", "Overview"}, "overview overview-1 overview-2 overview-3"},
		{[]string{"P", "P1", "P", "P 2", "P2"}, "p p1-1 p-1 p-2 p2-1"},
		{[]string{"", "", "Section"}, "section section-1 section-2"},
		{[]string{"中文 标题", "中文 标题"}, "中文-标题 中文-标题-1"},
	} {
		s := newIDs()
		var got []string
		for _, h := range c.headings {
			if id, ok := strings.CutPrefix(h, "="); ok {
				s.Put([]byte(id))
				got = append(got, id)
				continue
			}
			got = append(got, string(s.Generate([]byte(h), ast.KindHeading)))
		}
		if strings.Join(got, " ") != c.want {
			t.Errorf("%q: ids %q, want %q", c.headings, strings.Join(got, " "), c.want)
		}
	}
}

// TestHeadingIDsMatchDefinition: on random mixes of repeated headings,
// numbered headings and explicit ids, the ids are the naive definition's.
func TestHeadingIDsMatchDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	words := []string{"a", "a 1", "a 2", "a-1-1", "p", "p 1", "p-1", "b"}
	for round := 0; round < 200; round++ {
		s, naive := newIDs(), naiveIDs{}
		for n := 0; n < 40; n++ {
			w := words[rng.IntN(len(words))]
			if rng.IntN(5) == 0 {
				id := strings.ReplaceAll(w, " ", "-") + "-" + strconv.Itoa(rng.IntN(4))
				s.Put([]byte(id))
				naive[id] = true
				continue
			}
			got := string(s.Generate([]byte(w), ast.KindHeading))
			if want := naive.generate(strings.ReplaceAll(w, " ", "-")); got != want {
				t.Fatalf("round %d, heading %d %q: id %q, want %q", round, n, w, got, want)
			}
		}
	}
}
