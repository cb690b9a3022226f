package search

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/gloss-ssg/gloss/generator/site"
)

// Ranking: BM25 (k1, b: the usual values) over sections, a section's words
// counted with the weight of the field they are in. A page's title, its
// term's aliases, dek and summary count toward its first section.
const (
	bm25K1 = 1.2
	bm25B  = 0.75

	titleWeight   = 8 // the title: a term's or a person's name, an explainer's title
	dekWeight     = 3
	summaryWeight = 2

	// scoreScale turns a BM25 score (0 to about 30) into the integer
	// written in the index: steps of 1/32 keep the order of any two scores
	// that differ by more than that.
	scoreScale = 32
	maxScore   = 1023

	// maxSections is how many of a page's sections a word lists: the
	// search page shows a page's best three. A page's score for a word is
	// its best section's, so the ranking of pages is exact.
	maxSections = 3
)

// Piece sizes, in bytes before compression. A query loads one term piece
// for a word (a few for the word being typed) and one record piece for each
// result shown, so pieces are small; a piece ends where the hash of the next
// term or page says so, once past the minimum, so one page's edit moves no
// boundary but its own and an unchanged piece keeps its name.
//
// Record pieces of 4–12 KB hold one or two pages (a page's record with its
// sections' text is about 7 KB on the generated corpus): a result costs its
// piece, and with the first screen's five results that is 297 KB instead of
// 8–20 KB pieces' 317 KB for a one-word query at 10,000 pages, the entry's
// longer list of pieces included (BENCHMARKS.md); the build writes about
// 1,800 more files.
const (
	minTermPiece   = 8 << 10
	maxTermPiece   = 32 << 10
	minRecordPiece = 4 << 10
	maxRecordPiece = 12 << 10
)

// A word whose postings take more than bigPostings bytes (a word on a few
// hundred pages or more) keeps them in a piece of its own, and its term
// piece holds only the headLen pages it ranks best, with how many pages it
// is on and that piece's name. A one-word query, most queries, shows its
// first screen and the next from those and loads nothing more: the word
// "subsidies", on 9,538 of 10,000 pages, was 85 KB for five results
// (BENCHMARKS.md). A query of several words, or more results, loads the
// whole postings.
const (
	bigPostings = 2 << 10
	headLen     = 16
)

// nameBytes is how much of a piece's SHA-256 names it: 40 bits, enough for
// caches to tell versions apart, short enough to list thousands in the entry.
const nameBytes = 5

// pieceName writes those 40 bits as 8 characters, a–z and 2–7 (the entry
// lists thousands of names: hexadecimal took 10), in lower case, so that
// names differ on file systems that ignore case too.
var pieceName = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// WriteFunc writes one file of the index, by its path in the output. It
// must not keep data, which Build reuses.
type WriteFunc func(rel string, data []byte) error

// Stats describes a built index.
type Stats struct {
	Pages, Sections, Terms   int
	TermPieces, RecordPieces int
	Bytes                    int64 // every file of the index
}

// Build writes the site's index from every page's collected text (pages
// without a file, such as topic hubs, are indexed by their title): the
// record pieces as the pages are read, then the term pieces and the entry.
//
// words numbers the words of every PageIndex.
func Build(s *site.Site, words *Words, indexOf func(*site.Page) *PageIndex, write WriteFunc) (Stats, error) {
	b := &builder{words: words, write: write, stems: map[string]int32{}, surface: map[uint32]int32{}}
	b.records.WriteString(recordHead)
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
			return b.stats, err
		}
		if err := b.page(p, sections); err != nil {
			return b.stats, err
		}
	}
	if err := b.flushRecords(); err != nil {
		return b.stats, err
	}
	if err := b.terms(); err != nil {
		return b.stats, err
	}
	return b.stats, b.entry()
}

type builder struct {
	words *Words
	write WriteFunc
	stats Stats

	stems   map[string]int32 // stem → its number
	surface map[uint32]int32 // word number → its stem's number
	// Per stem: its postings as they come, (page delta, section, weighted
	// count) as varints, and how many sections have it.
	stemText  []string
	postings  [][]byte
	lastPage  []int32
	df        []int32
	secLength []uint32 // every section's length in words, in order
	pageFirst []int32  // each page's first section in secLength

	section map[int32]uint32 // the current section's weighted counts by stem
	word    []byte           // scratch space for Tokens

	records     bytes.Buffer    // the record piece being filled
	recordFirst int             // its first page
	recordIndex [][2]any        // [first page, piece name] of every record piece
	termIndex   [][2]string     // [first term, piece name] of every term piece
	written     map[string]bool // the pieces written, by name
}

// stem is the number of stem st, given one if it is new.
func (b *builder) stem(st string) int32 {
	if n, ok := b.stems[st]; ok {
		return n
	}
	n := int32(len(b.stemText))
	b.stems[st] = n
	b.stemText = append(b.stemText, st)
	b.postings = append(b.postings, nil)
	b.lastPage = append(b.lastPage, -1)
	b.df = append(b.df, 0)
	return n
}

// stemOf is the stem number of a word number, stemmed once per site.
func (b *builder) stemOf(id uint32) int32 {
	if n, ok := b.surface[id]; ok {
		return n
	}
	n := b.stem(Stem(b.words.word(id)))
	b.surface[id] = n
	return n
}

// page adds one page: its record, and its sections' postings.
func (b *builder) page(p *site.Page, sections []pageSection) error {
	page := int32(b.stats.Pages)
	b.stats.Pages++
	b.pageFirst = append(b.pageFirst, int32(len(b.secLength)))
	if b.section == nil {
		b.section = map[int32]uint32{}
	}
	for i, sec := range sections {
		clear(b.section)
		for j, id := range sec.ids {
			b.section[b.stemOf(id)] += sec.counts[j]
		}
		if i == 0 {
			b.fields(p)
		}
		b.secLength = append(b.secLength, sec.length)
		b.stats.Sections++
		// The map's order does not matter: each stem's postings are its own.
		for st, count := range b.section {
			list := b.postings[st]
			// From -1 at first: a delta is 0 only for another section
			// of the same page.
			delta := page - b.lastPage[st]
			list = binary.AppendUvarint(list, uint64(delta))
			list = binary.AppendUvarint(list, uint64(i))
			list = binary.AppendUvarint(list, uint64(count))
			b.postings[st] = list
			b.lastPage[st] = page
			b.df[st]++
		}
	}
	return b.record(p, sections)
}

// fields adds the words of a page's title, aliases, dek and summary to its
// first section, with their weights.
func (b *builder) fields(p *site.Page) {
	add := func(text string, weight uint32) {
		// Through the site's numbering of words, so that each is stemmed
		// once per site, not once per page it is in the title of.
		b.word = Tokens([]byte(text), b.word, func(w []byte) { b.section[b.stemOf(b.words.id(w, fnv1a(w)))] += weight })
	}
	add(p.Title, titleWeight)
	if aliases, ok := p.Params["aliases"].([]any); ok {
		for _, a := range aliases {
			if s, ok := a.(string); ok {
				add(s, titleWeight)
			}
		}
	}
	add(p.Dek, dekWeight)
	add(p.Summary, summaryWeight) // not Description: the site's own description is on every page
}

// Kind is the label a page's results carry.
func Kind(p *site.Page) string {
	if p.Kind == site.KindTopic {
		return "topic"
	}
	switch p.Layout {
	case "explainer", "term", "person", "organisation", "source":
		return p.Layout
	}
	if p.Numbered() { // numbered: true in its front matter
		return "source"
	}
	return string(p.Kind)
}

// record adds a page's record: [href, title, kind, [[section id, heading,
// text]…], lead], the href relative to the site's root (the search script
// finds the root from its own address: the same index serves any base path
// and file://). A section's text is its first textLen characters, from
// which the search page cuts the passage around the words a query matched;
// the lead, the page's summary or dek if it has one, is shown when its first
// section matched only by its title or lead.
func (b *builder) record(p *site.Page, sections []pageSection) error {
	// Written straight into the piece, not through encoding/json: on a
	// big site that was a copy of every section's text.
	out := &b.records
	if out.Len() > len(recordHead) {
		out.WriteByte(',')
	}
	out.WriteByte('[')
	writeJSONString(out, strings.TrimPrefix(p.URL, "/"))
	out.WriteByte(',')
	writeJSONString(out, p.Title)
	out.WriteByte(',')
	writeJSONString(out, Kind(p))
	out.WriteString(",[")
	for i, sec := range sections {
		if i > 0 {
			out.WriteByte(',')
		}
		out.WriteByte('[')
		writeJSONString(out, sec.id)
		out.WriteByte(',')
		writeJSONString(out, sec.heading)
		out.WriteByte(',')
		writeJSONString(out, sec.text)
		out.WriteByte(']')
	}
	out.WriteByte(']')
	if lead := cmp.Or(p.Summary, p.Dek); lead != "" {
		out.WriteByte(',')
		writeJSONString(out, snippet(lead))
	}
	out.WriteByte(']')
	size := out.Len()
	if size >= maxRecordPiece || size >= minRecordPiece && fnv1a([]byte(p.URL))%4 == 0 {
		return b.flushRecords()
	}
	return nil
}

const recordHead = `glossSearchPiece({"r":[`

// flushRecords writes the record piece being filled.
func (b *builder) flushRecords() error {
	if b.stats.Pages == b.recordFirst {
		return nil
	}
	b.records.WriteString("]});\n")
	name, err := b.piece(b.records.Bytes())
	if err != nil {
		return err
	}
	b.recordIndex = append(b.recordIndex, [2]any{b.recordFirst, name})
	b.stats.RecordPieces++
	b.recordFirst = b.stats.Pages
	b.records.Reset()
	b.records.WriteString(recordHead)
	return nil
}

// piece writes a piece under a name made from its content, once: words
// on the same pages have the same postings, one piece (the words of a
// phrase a site repeats).
func (b *builder) piece(data []byte) (string, error) {
	sum := sha256.Sum256(data)
	name := pieceName.EncodeToString(sum[:nameBytes])
	if b.written[name] {
		return name, nil
	}
	if b.written == nil {
		b.written = map[string]bool{}
	}
	b.written[name] = true
	b.stats.Bytes += int64(len(data))
	return name, b.write(Dir+"/"+name+".js", data)
}

// terms writes the term pieces: the stems in order, each with its postings
// ranked, cut into pieces.
func (b *builder) terms() error {
	b.stats.Terms = len(b.stemText)
	order := make([]int32, len(b.stemText))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int { return strings.Compare(b.stemText[x], b.stemText[y]) })
	var total uint64
	for _, l := range b.secLength {
		total += uint64(l)
	}
	avg := 1.0
	if len(b.secLength) > 0 && total > 0 {
		avg = float64(total) / float64(len(b.secLength))
	}
	n := float64(len(b.secLength))
	var piece bytes.Buffer
	first := ""
	flush := func() error {
		if piece.Len() == 0 {
			return nil
		}
		piece.WriteString("}});\n")
		name, err := b.piece(piece.Bytes())
		if err != nil {
			return err
		}
		b.termIndex = append(b.termIndex, [2]string{first, name})
		b.stats.TermPieces++
		piece.Reset()
		return nil
	}
	var enc []byte
	var pages []pagePostings
	var err error
	for _, st := range order {
		term := b.stemText[st]
		size := piece.Len()
		if size >= maxTermPiece || size >= minTermPiece && fnv1a([]byte(term))%8 == 0 {
			if err := flush(); err != nil {
				return err
			}
		}
		idf := math.Log(1 + (n-float64(b.df[st])+0.5)/(float64(b.df[st])+0.5))
		pages = b.score(pages[:0], b.postings[st], idf, avg)
		b.postings[st] = nil // let it go
		enc = encode(enc[:0], pages)
		if len(enc) > bigPostings && len(pages) > headLen {
			if enc, err = b.head(enc, pages); err != nil {
				return err
			}
		}
		if piece.Len() == 0 {
			first = term
			piece.WriteString(`glossSearchPiece({"t":{`)
		} else {
			piece.WriteByte(',')
		}
		writeJSONString(&piece, term)
		piece.WriteByte(':')
		piece.WriteByte('"')
		piece.Write(enc)
		piece.WriteByte('"')
	}
	return flush()
}

// pagePostings is a word's postings on one page: the page's number, its
// sections with the word (the best maxSections, in page order) and their
// scores, and the best of those scores, which is the page's for the word.
type pagePostings struct {
	page int32
	n    int
	secs [maxSections][2]uint32 // section, score
	best uint32
}

// score turns a stem's raw postings into its scored postings by page.
func (b *builder) score(out []pagePostings, raw []byte, idf, avg float64) []pagePostings {
	next := func() uint64 {
		v, n := binary.Uvarint(raw)
		raw = raw[n:]
		return v
	}
	page := int32(-1)
	var secs [][2]uint32 // section, score pairs of the current page
	end := func() {
		if page < 0 {
			return
		}
		if len(secs) > maxSections {
			// The best, in page order: a page shows its best few sections,
			// and a word that is everywhere would otherwise list them all.
			slices.SortStableFunc(secs, func(a, b [2]uint32) int { return int(b[1]) - int(a[1]) })
			secs = secs[:maxSections]
			slices.SortFunc(secs, func(a, b [2]uint32) int { return int(a[0]) - int(b[0]) })
		}
		pp := pagePostings{page: page, n: len(secs)}
		for i, v := range secs {
			pp.secs[i] = v
			pp.best = max(pp.best, v[1])
		}
		out = append(out, pp)
		secs = secs[:0]
	}
	for len(raw) > 0 {
		delta, sec, count := int32(next()), uint32(next()), float64(next())
		if delta != 0 {
			end()
			page += delta
		}
		length := float64(b.secLength[b.pageFirst[page]+int32(sec)])
		tf := count * (bm25K1 + 1) / (count + bm25K1*(1-bm25B+bm25B*length/avg))
		score := uint32(math.Round(idf * tf * scoreScale))
		secs = append(secs, [2]uint32{sec, min(max(score, 1), maxScore)})
	}
	end()
	return out
}

// encode writes postings (in page order) as the browser reads them: for
// each page, its number as the difference from the one before, its number
// of sections, and for each the section's place in the page and its score,
// every number written by putNumber.
func encode(out []byte, pages []pagePostings) []byte {
	prev := int32(-1)
	for _, pp := range pages {
		out = putNumber(out, uint32(pp.page-prev))
		out = putNumber(out, uint32(pp.n))
		for _, v := range pp.secs[:pp.n] {
			out = putNumber(putNumber(out, v[0]), v[1])
		}
		prev = pp.page
	}
	return out
}

// head writes a big word's postings, enc, in a piece of their own, and
// returns what its term piece holds instead: "!", that piece's name, the
// number of pages, and the postings of the headLen pages it ranks best
// (ties to the page first in the site's order, as the search page breaks
// them), in page order.
func (b *builder) head(enc []byte, pages []pagePostings) ([]byte, error) {
	var piece bytes.Buffer
	piece.WriteString(`glossSearchPiece({"p":"`)
	piece.Write(enc)
	piece.WriteString("\"});\n")
	name, err := b.piece(piece.Bytes())
	if err != nil {
		return enc, err
	}
	count := len(pages)
	slices.SortFunc(pages, func(x, y pagePostings) int { return cmp.Or(cmp.Compare(y.best, x.best), cmp.Compare(x.page, y.page)) })
	best := pages[:headLen]
	slices.SortFunc(best, func(x, y pagePostings) int { return cmp.Compare(x.page, y.page) })
	out := append(enc[:0], '!')
	out = append(out, name...)
	out = putNumber(out, uint32(count))
	return encode(out, best), nil
}

// putNumber writes v in base 32, most significant digit first: a digit
// that is not the last is one of the 32 letters a–z, A–F, and the last is
// one of 0–9, G–Z: one byte for 0–31, two up to 1023. The characters need
// no escaping in a JSON string.
func putNumber(out []byte, v uint32) []byte {
	var digits [7]byte
	i := len(digits) - 1
	digits[i] = lastDigits[v&31]
	for v >>= 5; v > 0; v >>= 5 {
		i--
		digits[i] = moreDigits[v&31]
	}
	return append(out, digits[i:]...)
}

const (
	moreDigits = "abcdefghijklmnopqrstuvwxyzABCDEF"
	lastDigits = "0123456789GHIJKLMNOPQRSTUVWXYZ_-"
)

// entry writes the entry script: the first term and name of every term
// piece, and the first page and name of every record piece.
func (b *builder) entry() error {
	var out bytes.Buffer
	out.WriteString(`window.glossSearch={"v":1,"pages":`)
	fmt.Fprint(&out, b.stats.Pages)
	// The term pieces as one string, each piece's first term and name
	// after a space (a term has none): a third shorter than a list of
	// pairs, in a file every query loads.
	out.WriteString(`,"terms":`)
	var terms strings.Builder
	for i, t := range b.termIndex {
		if i > 0 {
			terms.WriteByte(' ')
		}
		terms.WriteString(t[0] + " " + t[1])
	}
	writeJSONString(&out, terms.String())
	// The record pieces, thousands on a big site, as one string: for each,
	// its first page as the difference from the one before (putNumber),
	// then its name.
	out.WriteString(`,"records":"`)
	prev := 0
	var num []byte
	for _, r := range b.recordIndex {
		first := r[0].(int)
		num = putNumber(num[:0], uint32(first-prev))
		out.Write(num)
		out.WriteString(r[1].(string))
		prev = first
	}
	out.WriteString("\"};\n")
	b.stats.Bytes += int64(out.Len())
	return b.write(Path, out.Bytes())
}

// writeJSONString writes s as a JSON string that is also safe inside a
// script: <, > and & are escaped like encoding/json does, and so are U+2028
// and U+2029 (line ends to older JavaScript); invalid UTF-8 becomes U+FFFD,
// as encoding/json writes it, so the index is always valid UTF-8.
func writeJSONString(b scriptWriter, s string) {
	b.WriteByte('"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
				b.WriteString(s[start:i])
				switch r {
				case '\u2028':
					b.WriteString(`\u2028`)
				case '\u2029':
					b.WriteString(`\u2029`)
				default:
					b.WriteString(`\ufffd`)
				}
				start = i + size
			}
			i += size
			continue
		}
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
	}
	b.WriteString(s[start:])
	b.WriteByte('"')
}

const hexDigits = "0123456789abcdef"

// scriptWriter is what writeJSONString writes to.
type scriptWriter interface {
	io.ByteWriter
	io.StringWriter
}
