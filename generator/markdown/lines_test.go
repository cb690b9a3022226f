package markdown

import (
	"math/rand/v2"
	"testing"
	"unicode/utf8"
)

// TestLineIndexColumns: columns counted on from the previous answer equal
// columns counted from the line's start, in any order of questions.
func TestLineIndexColumns(t *testing.T) {
	src := []byte("ab¶c 中文 x\n\nsecond ¶¶ line ¶\nthird")
	li := newLineIndex(src, 5)
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 2000; n++ {
		off := rng.IntN(len(src) + 1)
		for off < len(src) && !utf8.RuneStart(src[off]) {
			off--
		}
		line, start := 0, 0
		for i := 0; i < off; i++ {
			if src[i] == '\n' {
				line, start = line+1, i+1
			}
		}
		want := utf8.RuneCount(src[start:off]) + 1
		got := li.pos("f", off)
		if got.Line != 5+line || got.Col != want {
			t.Fatalf("offset %d: %v, want line %d col %d", off, got, 5+line, want)
		}
	}
}
