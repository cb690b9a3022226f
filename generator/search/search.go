// Package search builds the site's offline search index: every section of
// every page (split at its h2 and h3 headings) with its words, written as a
// script the search page loads with a <script> tag, so search works on any
// static host and from file:// with no server and no fetch.
package search

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"hash/maphash"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/gloss-ssg/gloss/generator/site"
	"github.com/gloss-ssg/gloss/generator/spill"
)

// Path is the index's file in the output.
const Path = "search-index.js"

// snippetLen bounds the text kept to show with a result.
const snippetLen = 160

// doc is one searchable section: [href, page title, heading, snippet].
type doc [4]string

// Index is the built index: the sections, and for each word the sections it
// appears in, as increasing section numbers written as base-36 deltas
// separated by dots (compact, and cheap to decode).
type Index struct {
	Docs  []doc             `json:"d"`
	Words map[string]string `json:"w"`
}

// PageIndex collects one page's sections and words while the page is
// converted (it implements markdown.TextIndex).
type PageIndex struct {
	words    *Words
	sections []pageSection // while the page is read
	// After Finish, the sections are packed into bytes (see pack), held
	// here or in a spill store: on a big site they are a large share of
	// what a build holds until the index is written.
	packed []byte
	store  *spill.Store
	ref    spill.Ref
	word   []byte
	seen   hashSet // the current section's words, so each is numbered once
}

type pageSection struct {
	id, heading string
	snippet     []byte
	// ids are the section's distinct words, by their number in the
	// Words: four bytes a word rather than the word, which on a big site
	// was most of the memory the index took.
	ids   []uint32
	short string // the snippet cut to length, made once
}

// excerpt is the text shown with a result: the page's summary for its first
// section, else the section's opening words.
func (sec *pageSection) excerpt(summary string, i int) string {
	if i == 0 && summary != "" {
		return snippet(summary, "", 1)
	}
	return sec.short
}

// Finish ends the page: the collected text is cut to the excerpts shown
// with results, each section's words are kept once, and the sections are
// packed. The PageIndex is only read after this.
func (pi *PageIndex) Finish() {
	for i := range pi.sections {
		sec := &pi.sections[i]
		if len(sec.snippet) > 0 {
			sec.short = snippet(squeeze(sec.snippet, 4*snippetLen+8), "", 1)
			sec.snippet = nil
		}
		slices.Sort(sec.ids) // each is there once: see hashSet
	}
	pi.packed = pack(pi.sections)
	pi.sections, pi.word, pi.seen = nil, nil, hashSet{}
}

// hashSet is a set of word hashes, open addressing: far cheaper than a map
// for the few hundred words of a section, and reset between sections. Two
// words of one section whose 64-bit hashes collide would be indexed as one;
// the chance is negligible.
type hashSet struct {
	slots []uint64 // 0 is empty
	n     int
}

// add adds h and reports whether it was new.
func (s *hashSet) add(h uint64) bool {
	if h == 0 {
		h = 1
	}
	if s.n >= len(s.slots)/2 {
		s.grow()
	}
	mask := uint64(len(s.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case h:
			return false
		case 0:
			s.slots[i] = h
			s.n++
			return true
		}
	}
}

func (s *hashSet) grow() {
	old := s.slots
	s.slots, s.n = make([]uint64, max(256, 2*len(old))), 0
	for _, h := range old {
		if h != 0 {
			s.add(h)
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
// snippet, which needs more than snippetLen characters to decide to cut.
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
// as a length and bytes, then its number of words and their numbers, each as
// the difference from the one before (they are sorted): a few bytes a word.
func pack(sections []pageSection) []byte {
	var out []byte
	for _, sec := range sections {
		for _, s := range []string{sec.id, sec.heading, sec.short} {
			out = binary.AppendUvarint(out, uint64(len(s)))
			out = append(out, s...)
		}
		out = binary.AppendUvarint(out, uint64(len(sec.ids)))
		prev := uint32(0)
		for _, id := range sec.ids {
			out = binary.AppendUvarint(out, uint64(id-prev))
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
		sec := pageSection{id: text(), heading: text(), short: text()}
		sec.ids = make([]uint32, next())
		prev := uint32(0)
		for i := range sec.ids {
			prev += uint32(next())
			sec.ids[i] = prev
		}
		out = append(out, sec)
	}
	return out
}

// NewPageIndex starts collecting a page, whose first section has no
// heading. Every page of a site numbers its words with the same Words.
func NewPageIndex(words *Words) *PageIndex {
	return &PageIndex{words: words, sections: []pageSection{{}}}
}

// Section starts a section at a heading.
func (pi *PageIndex) Section(id, heading string) {
	pi.sections = append(pi.sections, pageSection{id: id, heading: heading})
	pi.seen.reset()
	pi.add(heading)
}

// Text adds text to the current section.
func (pi *PageIndex) Text(b []byte) {
	sec := &pi.sections[len(pi.sections)-1]
	if len(sec.snippet) < snippetLen*2 {
		if len(sec.snippet) > 0 {
			sec.snippet = append(sec.snippet, ' ')
		}
		sec.snippet = append(sec.snippet, b...)
	}
	pi.addBytes(b)
}

func (pi *PageIndex) add(s string) { pi.addBytes([]byte(s)) }

// addBytes splits text into words: runs of letters and digits, lower-cased
// (apostrophes inside words dropped: "China’s" is found by "chinas"), and
// each Han character alone, since Chinese is written without spaces.
func (pi *PageIndex) addBytes(b []byte) {
	sec := &pi.sections[len(pi.sections)-1]
	w := pi.word[:0]
	flush := func() {
		if len(w) > 1 || len(w) == 1 && w[0] >= utf8.RuneSelf {
			if h := maphash.Bytes(pi.words.seed, w); pi.seen.add(h) {
				sec.ids = append(sec.ids, pi.words.id(w, h))
			}
		}
		w = w[:0]
	}
	for len(b) > 0 {
		if c := b[0]; c < utf8.RuneSelf {
			b = b[1:]
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				w = append(w, c)
			case 'A' <= c && c <= 'Z':
				w = append(w, c+'a'-'A')
			case c == '\'' && len(w) > 0:
			default:
				flush()
			}
			continue
		}
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		switch {
		case unicode.Is(unicode.Han, r):
			flush()
			w = utf8.AppendRune(w, r)
			flush()
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			w = utf8.AppendRune(w, unicode.ToLower(r))
		case r == '’' && len(w) > 0:
		default:
			flush()
		}
	}
	flush()
	pi.word = w
}

// Words numbers the words of a site, for every page's PageIndex. It is
// safe for concurrent use; pages converted in parallel mostly meet words
// already numbered, so it is split in shards, each with its own lock.
type Words struct {
	shards [wordShards]wordShard
	// seed hashes words (hash/maphash, as the preview's render signatures:
	// one hash function in gloss, the runtime's own). Hashes pick shards
	// and tell a section's words apart; they never reach the output.
	seed maphash.Seed
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
	w := &Words{seed: maphash.MakeSeed()}
	for i := range w.shards {
		w.shards[i].ids = map[string]uint32{}
	}
	return w
}

// id is the number of word w, whose hash is h, given a new one if w is new.
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

// Build makes the site's index from every page's collected text (pages
// without a file, such as topic hubs, are indexed by their title).
//
// words numbers the words of every PageIndex.
func Build(s *site.Site, words *Words, indexOf func(*site.Page) *PageIndex) (*Index, error) {
	idx := &Index{Words: map[string]string{}}
	// Each word's sections are written as they come, already encoded: on a
	// big site this is millions of entries, and a slice of ints per word
	// took several times the memory of the index itself.
	postings := map[uint32]*postingList{}
	post := func(id uint32, n int) {
		if list, ok := postings[id]; ok {
			list.add(n)
			return
		}
		list := &postingList{last: n}
		list.enc.Write(strconv.AppendInt(list.scratch[:0], int64(n), 36))
		postings[id] = list
	}
	for _, p := range s.Pages {
		if p.Kind == site.KindNotFound || p.Kind == site.KindSearch {
			continue
		}
		pi := indexOf(p)
		if pi == nil {
			pi = NewPageIndex(words)
			pi.Finish()
		}
		sections, err := pi.finished()
		if err != nil {
			return nil, err
		}
		for i, sec := range sections {
			n := len(idx.Docs)
			// Relative to the site's root, which the search script finds from
			// its own address: the same index serves any base path and file://.
			href := strings.TrimPrefix(p.URL, "/")
			if sec.id != "" {
				href += "#" + sec.id
			}
			idx.Docs = append(idx.Docs, doc{href, p.Title, sec.heading, sec.excerpt(p.Description(), i)})
			if i == 0 { // the page's entry carries its title and summary too
				extra := NewPageIndex(words)
				extra.add(p.Title + " " + p.Dek + " " + p.Description())
				extra.Finish()
				extraSections, _ := extra.finished() // in memory: no error
				for _, id := range mergeIDs(sec.ids, extraSections[0].ids) {
					post(id, n)
				}
				continue
			}
			for _, id := range sec.ids {
				post(id, n)
			}
		}
	}
	for id, list := range postings {
		idx.Words[words.word(id)] = list.enc.String() // no copy
	}
	return idx, nil
}

// mergeIDs is the sorted union of two sorted lists.
func mergeIDs(a, b []uint32) []uint32 {
	out := make([]uint32, 0, len(a)+len(b))
	out = append(out, a...)
	out = append(out, b...)
	slices.Sort(out)
	return slices.Compact(out)
}

// postingList is the sections a word appears in, increasing, as base-36
// deltas separated by dots.
type postingList struct {
	last    int
	enc     strings.Builder
	scratch [16]byte
}

func (l *postingList) add(n int) {
	if n == l.last {
		return
	}
	l.enc.WriteByte('.')
	l.enc.Write(strconv.AppendInt(l.scratch[:0], int64(n-l.last), 36))
	l.last = n
}

// Script renders the index as JavaScript that sets window.glossSearch (see
// WriteScript).
func (idx *Index) Script() ([]byte, error) {
	var b bytes.Buffer
	b.Grow(len(idx.Docs)*200 + len(idx.Words)*32)
	err := idx.WriteScript(&b)
	return b.Bytes(), err
}

// scriptWriter is what WriteScript writes to: a bytes.Buffer or a
// bufio.Writer.
type scriptWriter interface {
	io.Writer
	io.ByteWriter
	io.StringWriter
}

// WriteScript writes the index as JavaScript that sets window.glossSearch.
// It is written directly rather than with encoding/json: the index of a big
// site is hundreds of megabytes, better streamed to its file than held, and
// words are written sorted, so the same site gives the same bytes.
func (idx *Index) WriteScript(out io.Writer) error {
	b, ok := out.(scriptWriter)
	if !ok {
		bw := bufio.NewWriter(out)
		defer bw.Flush()
		b = bw
	}
	b.WriteString("window.glossSearch={\"d\":[")
	for i, d := range idx.Docs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('[')
		for j, f := range d {
			if j > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, f)
		}
		b.WriteByte(']')
	}
	b.WriteString("],\"w\":{")
	for i, w := range idx.WordList() {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONString(b, w)
		b.WriteByte(':')
		writeJSONString(b, idx.Words[w])
	}
	_, err := b.WriteString("}};\n")
	if bw, ok := b.(*bufio.Writer); ok {
		err = bw.Flush() // reports the first error of any write
	}
	return err
}

// writeJSONString writes s as a JSON string that is also safe inside a
// script, as encoding/json writes it: <, > and & escaped, U+2028 and U+2029
// too (line ends to older JavaScript), and each byte of invalid UTF-8
// replaced by U+FFFD, so the index is always valid UTF-8 and valid JSON.
// It is written by hand because the index of a big site is millions of
// strings, streamed: see WriteScript. FuzzWriteJSONString holds it to
// encoding/json.
func writeJSONString(b scriptWriter, s string) {
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b.WriteString(s[start:i])
			switch c {
			case '"':
				b.WriteString(`\"`)
			case '\\':
				b.WriteString(`\\`)
			case '\n':
				b.WriteString(`\n`)
			case '\t':
				b.WriteString(`\t`)
			default:
				b.WriteString(`\u00`)
				b.WriteByte(hexDigits[c>>4])
				b.WriteByte(hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(s[start:i])
			b.WriteString(`\ufffd`)
		case r == '\u2028' || r == '\u2029':
			b.WriteString(s[start:i])
			b.WriteString(`\u202`)
			b.WriteByte(hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}

const hexDigits = "0123456789abcdef"

func snippet(text, summary string, i int) string {
	if i == 0 && summary != "" {
		text = summary
	}
	if len(text) <= snippetLen { // at most snippetLen bytes, so at most as many characters
		return text
	}
	// Cut after snippetLen characters, without decoding the whole text.
	end, n := 0, 0
	for end < len(text) && n < snippetLen {
		_, size := utf8.DecodeRuneInString(text[end:])
		end += size
		n++
	}
	if end == len(text) {
		return text
	}
	cut := text[:end]
	if j := strings.LastIndexByte(cut, ' '); j > len(cut)/2 {
		cut = cut[:j]
	}
	return cut + "…"
}

// WordList lists the indexed words, sorted: Script writes them in this
// order, so the same site gives the same bytes.
func (idx *Index) WordList() []string {
	out := make([]string, 0, len(idx.Words))
	for w := range idx.Words {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}
