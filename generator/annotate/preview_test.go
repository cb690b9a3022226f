package annotate

import (
	"strings"
	"testing"
)

func TestPreviewPassage(t *testing.T) {
	long := "The first sentence sets the scene for everything that follows in this rather long paragraph. " +
		strings.Repeat("Filler words that say nothing much at all, again and again. ", 6) +
		"Wang Peng pointed out that China still faces bottlenecks in major technologies. A last sentence."
	for _, c := range []struct{ name, paragraph, label, want string }{
		{"short: the whole paragraph", "One.  Two\nthree.", "¶1", "One. Two three."},
		{"a phrase: the sentence saying it", long, "bottlenecks in major technologies", "…Wang Peng pointed out that China still faces bottlenecks in major technologies. …"},
		{"a phrase in the first sentence", long, "sets the scene", "The first sentence sets the scene for everything that follows in this rather long paragraph. …"},
		{"a paragraph label: the opening", long, "¶13", openingWords(long, 300)},
		{"a phrase not in the paragraph: the opening", long, "lithography", openingWords(long, 300)},
	} {
		if got := previewPassage(c.paragraph, c.label); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
	if got := previewPassage(long, ""); len([]rune(got)) > 302 || !strings.HasPrefix(got, "The first sentence") {
		t.Errorf("a long paragraph's opening is %d characters: %q", len([]rune(got)), got)
	}
}
