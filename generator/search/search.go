// Package search builds the site's offline search index, in pieces: an
// entry script the search page loads, term pieces holding the ranked
// postings of a range of words, and record pieces holding the pages' titles,
// sections and the sections' text, from which the search page cuts the
// passage around the matched words. A query loads only the pieces of its
// words and the records of the results it shows. Every piece is a script that registers
// itself (glossSearchPiece(...)), so search works on any static host and
// from file:// with no fetch; its name is a hash of its content, so a cache
// never serves a stale piece and an unchanged piece keeps its name.
package search

import (
	"encoding/binary"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/gloss-ssg/gloss/generator/spill"
)

// Path is the index's entry script in the output; its pieces are in Dir.
const Path = "search-index.js"

// Dir is the folder of the index's pieces.
const Dir = "search-index"

// snippetLen bounds a page's lead (its summary or dek) shown with a result.
const snippetLen = 160

// textLen bounds, in characters, the text kept of each section: the search
// page cuts from it the passage around the words a query matched, so a
// word further into a long section is shown from the section's opening.
// 1,200 characters hold the whole of most sections of an explainer (a few
// paragraphs) and keep a page's record to a few kilobytes.
const textLen = 1000

// headingWeight is how much more a word of a section's heading counts than
// one of its text.
const headingWeight = 4

// PageIndex collects one page's sections and words while the page is
// converted (it implements markdown.TextIndex).
type PageIndex struct {
	words    *Words
	sections []pageSection // while the page is read
	text     []byte        // the current section's text, read at its end
	// After Finish, the sections are packed into bytes (see pack), held
	// here or in a spill store: on a big site they are a large share of
	// what a build holds until the index is written.
	packed []byte
	store  *spill.Store
	ref    spill.Ref
	word   []byte
	seen   hashSet // the current section's words, so each is numbered once
	// pageWords are the page's different words so far, up to MaxPageWords;
	// full is set when words past it were left out.
	pageWords hashSet
	full      bool
}

// MaxPageWords bounds the different words a page puts in the index. Each is
// a term the whole site's index carries, to sort, rank and write and for
// readers to load: a 2 MB page of random Chinese characters made 440,000
// different two-character words and took 2.2 s to index. An explainer has a
// few thousand. Past the bound, search does not find the page by words it
// has not met before (Full says so); the words it has are still counted in
// every section.
const MaxPageWords = 100000

// Full says whether words of the page were left out of the index, past
// MaxPageWords.
func (pi *PageIndex) Full() bool { return pi.full }

type pageSection struct {
	id, heading string
	// ids are the section's distinct words, by their number in the
	// Words: four bytes a word rather than the word, which on a big site
	// was most of the memory the index took. counts are how often each
	// appears, a heading's words counting headingWeight times.
	ids    []uint32
	counts []uint32
	length uint32 // words of text, for ranking: a word in a short section says more
	text   string // the section's text, squeezed, its first textLen characters
}

// NewPageIndex starts collecting a page, whose first section has no
// heading. Every page of a site numbers its words with the same Words.
func NewPageIndex(words *Words) *PageIndex {
	return &PageIndex{words: words, sections: []pageSection{{}}}
}

// Section starts a section at a heading, or at a source's numbered
// paragraph (id "p13", heading "¶13").
func (pi *PageIndex) Section(id, heading string) {
	pi.endSection()
	pi.sections = append(pi.sections, pageSection{id: id, heading: heading})
}

// Text adds text to the current section. Text is joined as it comes, with
// no space added: the converter passes the spaces between blocks and lines,
// so "the report’s" written across an inline element stays one word.
func (pi *PageIndex) Text(b []byte) {
	pi.text = append(pi.text, b...)
}

// endSection reads the current section's words and cuts its excerpt.
func (pi *PageIndex) endSection() {
	sec := &pi.sections[len(pi.sections)-1]
	pi.seen.reset()
	pi.word = Tokens([]byte(sec.heading), pi.word, func(w []byte) { pi.count(sec, w, headingWeight) })
	pi.word = Tokens(pi.text, pi.word, func(w []byte) {
		pi.count(sec, w, 1)
		sec.length++
	})
	if len(pi.text) > 0 {
		sec.text = cut(squeeze(pi.text, 4*textLen+8), textLen)
	}
	pi.text = pi.text[:0]
	// Sorted by word number, for pack's deltas.
	order := make([]int, len(sec.ids))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return int(int64(sec.ids[a]) - int64(sec.ids[b])) })
	ids, counts := make([]uint32, len(order)), make([]uint32, len(order))
	for i, j := range order {
		ids[i], counts[i] = sec.ids[j], sec.counts[j]
	}
	sec.ids, sec.counts = ids, counts
}

// count adds n occurrences of word w to sec.
func (pi *PageIndex) count(sec *pageSection, w []byte, n uint32) {
	h := fnv1a(w)
	if pi.pageWords.n >= MaxPageWords && !pi.pageWords.has(h) {
		pi.full = true
		return
	}
	i, isNew := pi.seen.add(h, int32(len(sec.ids)))
	if isNew {
		pi.pageWords.add(h, 0)
		sec.ids = append(sec.ids, pi.words.id(w, h))
		sec.counts = append(sec.counts, 0)
		i = int32(len(sec.ids) - 1)
	}
	sec.counts[i] += n
}

// Finish ends the page: its sections' words are read and the sections are
// packed. The PageIndex is only read after this.
func (pi *PageIndex) Finish() {
	pi.endSection()
	pi.packed = pack(pi.sections)
	pi.sections, pi.word, pi.text, pi.seen, pi.pageWords = nil, nil, nil, hashSet{}, hashSet{}
}

// hashSet maps word hashes to their place in a section, open addressing:
// far cheaper than a map for the few hundred words of a section, and reset
// between sections. Two words of one section whose 64-bit FNV-1a hashes
// collide would be counted as one; the chance is negligible.
type hashSet struct {
	slots []hashSlot
	n     int
}

type hashSlot struct {
	h uint64 // 0 is empty
	i int32
}

// add adds h with the value i if it is new, and returns its value and
// whether it was new.
func (s *hashSet) add(h uint64, i int32) (int32, bool) {
	if h == 0 {
		h = 1
	}
	if s.n >= len(s.slots)/2 {
		s.grow()
	}
	mask := uint64(len(s.slots) - 1)
	for j := h & mask; ; j = (j + 1) & mask {
		switch s.slots[j].h {
		case h:
			return s.slots[j].i, false
		case 0:
			s.slots[j] = hashSlot{h, i}
			s.n++
			return i, true
		}
	}
}

// has says whether h is in the set.
func (s *hashSet) has(h uint64) bool {
	if h == 0 {
		h = 1
	}
	if len(s.slots) == 0 {
		return false
	}
	mask := uint64(len(s.slots) - 1)
	for j := h & mask; ; j = (j + 1) & mask {
		switch s.slots[j].h {
		case h:
			return true
		case 0:
			return false
		}
	}
}

func (s *hashSet) grow() {
	old := s.slots
	s.slots, s.n = make([]hashSlot, max(256, 2*len(old))), 0
	for _, sl := range old {
		if sl.h != 0 {
			s.add(sl.h, sl.i)
		}
	}
}

func (s *hashSet) reset() {
	clear(s.slots)
	s.n = 0
}

// squeeze is text with each run of white space made one space, trimmed, as
// strings.Join(strings.Fields(text), " ") is, but without splitting the
// text into words, and only its first limit bytes or so: enough for
// cut, which needs more than the characters it keeps to decide to cut.
func squeeze(text []byte, limit int) string {
	out := make([]byte, 0, min(len(text), limit+utf8.UTFMax))
	space := false
	for len(text) > 0 && len(out) <= limit {
		r, size := rune(text[0]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(text)
		}
		if unicode.IsSpace(r) {
			space = true
		} else {
			if space && len(out) > 0 {
				out = append(out, ' ')
			}
			space = false
			out = append(out, text[:size]...)
		}
		text = text[size:]
	}
	return string(out)
}

// MoveTo keeps the finished page's sections in a spill store rather than
// in memory, until the index is built.
func (pi *PageIndex) MoveTo(store *spill.Store) error {
	ref, err := store.Put(string(pi.packed))
	if err != nil {
		return err
	}
	pi.store, pi.ref, pi.packed = store, ref, nil
	return nil
}

// finished returns the sections of a finished page.
func (pi *PageIndex) finished() ([]pageSection, error) {
	if pi.store == nil {
		return unpack(pi.packed), nil
	}
	data, err := pi.store.Get(pi.ref)
	if err != nil {
		return nil, err
	}
	return unpack([]byte(data)), nil
}

// pack writes sections as bytes: for each, its id, heading and excerpt, each
// as a length and bytes, its length in words, then its number of words and
// for each its number, as the difference from the one before (they are
// sorted), and its count: a few bytes a word.
func pack(sections []pageSection) []byte {
	var out []byte
	for _, sec := range sections {
		for _, s := range []string{sec.id, sec.heading, sec.text} {
			out = binary.AppendUvarint(out, uint64(len(s)))
			out = append(out, s...)
		}
		out = binary.AppendUvarint(out, uint64(sec.length))
		out = binary.AppendUvarint(out, uint64(len(sec.ids)))
		prev := uint32(0)
		for i, id := range sec.ids {
			out = binary.AppendUvarint(out, uint64(id-prev))
			out = binary.AppendUvarint(out, uint64(sec.counts[i]))
			prev = id
		}
	}
	return out
}

// unpack reads what pack wrote.
func unpack(data []byte) []pageSection {
	var out []pageSection
	next := func() uint64 {
		v, n := binary.Uvarint(data)
		data = data[n:]
		return v
	}
	text := func() string {
		n := next()
		s := string(data[:n])
		data = data[n:]
		return s
	}
	for len(data) > 0 {
		sec := pageSection{id: text(), heading: text(), text: text()}
		sec.length = uint32(next())
		n := next()
		sec.ids, sec.counts = make([]uint32, n), make([]uint32, n)
		prev := uint32(0)
		for i := range sec.ids {
			prev += uint32(next())
			sec.ids[i] = prev
			sec.counts[i] = uint32(next())
		}
		out = append(out, sec)
	}
	return out
}

// Words numbers the words of a site, for every page's PageIndex. It is
// safe for concurrent use; pages converted in parallel mostly meet words
// already numbered, so it is split in shards, each with its own lock.
type Words struct {
	shards [wordShards]wordShard
}

const (
	wordShards = 64
	shardBits  = 6 // log2(wordShards): a word's number is its shard in the low bits
)

type wordShard struct {
	mu    sync.Mutex
	ids   map[string]uint32
	words []string
}

// NewWords returns an empty numbering.
func NewWords() *Words {
	w := &Words{}
	for i := range w.shards {
		w.shards[i].ids = map[string]uint32{}
	}
	return w
}

// id is the number of word w, whose fnv1a hash is h, given a new one if w
// is new.
func (ws *Words) id(w []byte, h uint64) uint32 {
	shard := uint32(h % wordShards)
	sh := &ws.shards[shard]
	sh.mu.Lock()
	id, ok := sh.ids[string(w)] // no allocation for a known word
	if !ok {
		word := string(w)
		id = uint32(len(sh.words))<<shardBits | shard
		sh.ids[word] = id
		sh.words = append(sh.words, word)
	}
	sh.mu.Unlock()
	return id
}

// word is the word numbered id.
func (ws *Words) word(id uint32) string {
	sh := &ws.shards[id%wordShards]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	return sh.words[id>>shardBits]
}

// fnv1a hashes a word, to tell words apart without allocating strings.
func fnv1a(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// snippet cuts text to about snippetLen characters, at a space if one is near.
func snippet(text string) string {
	return cut(text, snippetLen)
}

// cut cuts text to about n characters, at a space if one is near, marking
// the cut with an ellipsis.
func cut(text string, n int) string {
	if len(text) <= n { // at most n bytes, so at most as many characters
		return text
	}
	// Cut after n characters, without decoding the whole text.
	end, chars := 0, 0
	for end < len(text) && chars < n {
		_, size := utf8.DecodeRuneInString(text[end:])
		end += size
		chars++
	}
	if end == len(text) {
		return text
	}
	short := text[:end]
	if j := strings.LastIndexByte(short, ' '); j > len(short)/2 {
		short = short[:j]
	}
	return short + "…"
}
