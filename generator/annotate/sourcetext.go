package annotate

import (
	"slices"
	"sort"
	"strings"
	"sync"
)

// SourceText is a source's paragraphs read once for the misquote message:
// normalised, split into sentences, and every sentence's words indexed. One
// is made per source and build (the site shares it between pages); it is
// built on the first quote that fails, so a build whose quotes all check
// never pays for it. Before, every failing quote normalised the whole source
// again: 500 of them against 10,000 paragraphs took 70 s.
type SourceText struct {
	paragraphs []string
	once       sync.Once
	idx        *sourceIndex
}

type sourceIndex struct {
	// joined is the normalised paragraphs, each followed by "\n" (which no
	// normalised text holds, so no match runs across two paragraphs);
	// starts[i] is where paragraph i begins in it.
	joined    string
	starts    []int
	sentences []indexedSentence
	// postings lists, for each word, the sentences holding it and how often.
	postings map[string][]posting
}

type indexedSentence struct {
	text      string
	paragraph int // 0-based
}

type posting struct{ sentence, count int }

// NewSourceText prepares a source's paragraphs for misquote messages.
func NewSourceText(paragraphs []string) *SourceText { return &SourceText{paragraphs: paragraphs} }

func (t *SourceText) index() *sourceIndex {
	t.once.Do(func() {
		idx := &sourceIndex{postings: map[string][]posting{}}
		var b strings.Builder
		for i, p := range t.paragraphs {
			idx.starts = append(idx.starts, b.Len())
			b.WriteString(Normalize(withoutQuotationMarks(p)))
			b.WriteByte('\n')
			for _, s := range sentences(p) {
				n := len(idx.sentences)
				idx.sentences = append(idx.sentences, indexedSentence{text: s, paragraph: i})
				counts := map[string]int{}
				ws := words(s)
				for _, w := range ws {
					counts[w]++
				}
				for _, w := range ws {
					if c := counts[w]; c > 0 {
						idx.postings[w] = append(idx.postings[w], posting{n, c})
						counts[w] = 0
					}
				}
			}
		}
		idx.joined = b.String()
		t.idx = idx
	})
	return t.idx
}

// paragraphWith returns the first paragraph (0-based) other than skip that
// holds the quote as QuoteIn reads it, or -1. One pass over the source for
// the quote's first part; the other parts are looked for only in a
// paragraph that holds the first.
func (idx *sourceIndex) paragraphWith(quote string, skip int) int {
	parts := quoteParts(quote)
	if len(parts) == 0 {
		return -1
	}
	for from := 0; from < len(idx.joined); {
		i := strings.Index(idx.joined[from:], parts[0])
		if i < 0 {
			return -1
		}
		at := from + i
		p := sort.Search(len(idx.starts), func(k int) bool { return idx.starts[k] > at }) - 1
		end := len(idx.joined)
		if p+1 < len(idx.starts) {
			end = idx.starts[p+1]
		}
		// The first occurrence in a paragraph is the best start: QuoteIn
		// takes each part at its earliest place after the one before.
		if p != skip && partsFrom(idx.joined[at+len(parts[0]):end], parts[1:]) {
			return p
		}
		from = end
	}
	return -1
}

// closest returns the sentence sharing most words with the quote (and how
// many), as closestMessage defines it: ties go to the first such sentence
// of a cited paragraph (1-based numbers), else to the first in the source.
// paragraph is 1-based.
func (idx *sourceIndex) closest(qWords []string, cited []int) (text string, paragraph int, hits int) {
	want := map[string]int{}
	for _, w := range qWords {
		want[w]++
	}
	// A dense array (cleared by the allocator, far faster than a map) and
	// the list of sentences it touched.
	score := make([]int32, len(idx.sentences))
	var touched []int
	for w, n := range want {
		for _, p := range idx.postings[w] {
			if score[p.sentence] == 0 {
				touched = append(touched, p.sentence)
			}
			score[p.sentence] += int32(min(n, p.count))
		}
	}
	isCited := func(s int) bool { return slices.Contains(cited, idx.sentences[s].paragraph+1) }
	best, bestHits := -1, 0
	for _, s := range touched {
		h := int(score[s])
		switch {
		case h > bestHits:
			best, bestHits = s, h
		case h < bestHits:
		case isCited(s) && (!isCited(best) || s < best):
			best = s
		case !isCited(s) && !isCited(best) && s < best:
			best = s
		}
	}
	if best < 0 {
		return "", 0, 0
	}
	return idx.sentences[best].text, idx.sentences[best].paragraph + 1, bestHits
}

// quoteParts are the normalised parts of a quote that leaves words out
// with an ellipsis.
func quoteParts(quote string) []string {
	quote = withoutQuotationMarks(strings.ReplaceAll(quote, "...", "…"))
	var parts []string
	for _, part := range strings.Split(quote, "…") {
		if part = Normalize(part); part != "" {
			parts = append(parts, part)
		}
	}
	return parts
}

// partsFrom reports whether parts appear in p in order.
func partsFrom(p string, parts []string) bool {
	at := 0
	for _, part := range parts {
		i := strings.Index(p[at:], part)
		if i < 0 {
			return false
		}
		at += i + len(part)
	}
	return true
}
