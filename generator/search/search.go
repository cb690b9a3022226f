// Package search builds the site's offline search index: every section of
// every page (split at its h2 and h3 headings) with its words, written as a
// script the search page loads with a <script> tag, so search works on any
// static host and from file:// with no server and no fetch.
package search

import (
	"bytes"
	"encoding/json"
	"html"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"gloss/generator/site"
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

// Build indexes every page but the 404 and search pages. Pages are read on
// workers goroutines; the index is the same whatever their number.
func Build(s *site.Site, workers int) *Index {
	var pages []*site.Page
	for _, p := range s.Pages {
		if p.Kind != site.KindNotFound && p.Kind != site.KindSearch {
			pages = append(pages, p)
		}
	}
	perPage := make([][]indexed, len(pages))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				perPage[i] = indexPage(pages[i])
			}
		}()
	}
	for i := range pages {
		jobs <- i
	}
	close(jobs)
	wg.Wait()

	idx := &Index{Words: map[string]string{}}
	postings := map[string][]int{}
	for _, secs := range perPage {
		for _, sec := range secs {
			n := len(idx.Docs)
			idx.Docs = append(idx.Docs, sec.doc)
			for _, w := range sec.words {
				postings[w] = append(postings[w], n)
			}
		}
	}
	for w, list := range postings {
		var b strings.Builder
		prev := 0
		for i, n := range list {
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(strconv.FormatInt(int64(n-prev), 36))
			prev = n
		}
		idx.Words[w] = b.String()
	}
	return idx
}

// indexed is one section ready for the index: its entry and its distinct words.
type indexed struct {
	doc   doc
	words []string
}

func indexPage(p *site.Page) []indexed {
	sections := split(string(p.Body))
	if len(sections) == 0 {
		sections = []section{{}}
	}
	out := make([]indexed, 0, len(sections))
	for i, sec := range sections {
		href := p.Href()
		if sec.id != "" {
			href += "#" + sec.id
		}
		text := sec.text
		if i == 0 {
			// The page's title, dek and summary belong to its first section.
			text = strings.Join([]string{p.Title, p.Dek, p.Description(), text}, " ")
		}
		seen := map[string]bool{}
		var words []string
		eachWord(sec.heading+" "+text, func(w string) {
			if !seen[w] {
				seen[w] = true
				words = append(words, w)
			}
		})
		out = append(out, indexed{doc{href, p.Title, sec.heading, snippet(sec.text, p.Description(), i)}, words})
	}
	return out
}

// Script renders the index as JavaScript that sets window.glossSearch.
func (idx *Index) Script() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("window.glossSearch=")
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(idx); err != nil { // map keys are sorted: deterministic
		return nil, err
	}
	b.WriteString(";\n")
	return b.Bytes(), nil
}

type section struct {
	id, heading, text string
}

// split turns a page body into sections at its h2 and h3 headings, as text.
func split(body string) []section {
	var out []section
	cur := section{}
	rest := body
	for {
		i := nextHeading(rest)
		if i < 0 {
			cur.text += stripTags(rest)
			break
		}
		cur.text += stripTags(rest[:i])
		end := strings.Index(rest[i:], "</h")
		if end < 0 {
			cur.text += stripTags(rest[i:])
			break
		}
		tag := rest[i : i+end]
		if strings.TrimSpace(cur.text) != "" || cur.heading != "" {
			out = append(out, cur)
		}
		cur = section{id: attr(tag, "id"), heading: strings.TrimSpace(stripTags(tag[strings.IndexByte(tag, '>')+1:]))}
		rest = rest[i+end+5:]
	}
	if strings.TrimSpace(cur.text) != "" || cur.heading != "" {
		out = append(out, cur)
	}
	return out
}

func nextHeading(s string) int {
	a, b := strings.Index(s, "<h2"), strings.Index(s, "<h3")
	switch {
	case a < 0:
		return b
	case b < 0:
		return a
	}
	return min(a, b)
}

func attr(tag, name string) string {
	key := " " + name + `="`
	i := strings.Index(tag, key)
	if i < 0 {
		return ""
	}
	v := tag[i+len(key):]
	return html.UnescapeString(v[:strings.IndexByte(v, '"')])
}

// stripTags keeps the text of HTML, dropping tags and the previews held in
// attributes, and joining words across tags with spaces.
func stripTags(s string) string {
	var b strings.Builder
	inTag := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '<':
			inTag = true
		case c == '>' && inTag:
			inTag = false
			b.WriteByte(' ')
		case !inTag:
			b.WriteByte(c)
		}
	}
	return strings.Join(strings.Fields(html.UnescapeString(b.String())), " ")
}

func snippet(text, summary string, i int) string {
	if i == 0 && summary != "" {
		text = summary
	}
	r := []rune(text)
	if len(r) <= snippetLen {
		return text
	}
	cut := string(r[:snippetLen])
	if j := strings.LastIndexByte(cut, ' '); j > snippetLen/2 {
		cut = cut[:j]
	}
	return cut + "…"
}

// eachWord calls f with every word of s, lower-cased: runs of letters and
// digits (apostrophes inside words dropped), and each Han character alone,
// since Chinese is written without spaces.
func eachWord(s string, f func(string)) {
	var w []rune
	flush := func() {
		if len(w) > 1 || len(w) == 1 && w[0] > 127 {
			f(string(w))
		}
		w = w[:0]
	}
	for len(s) > 0 {
		if c := s[0]; c < utf8.RuneSelf {
			s = s[1:]
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				w = append(w, rune(c))
			case 'A' <= c && c <= 'Z':
				w = append(w, rune(c+'a'-'A'))
			case c == '\'' && len(w) > 0:
			default:
				flush()
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		switch {
		case unicode.Is(unicode.Han, r):
			flush()
			f(string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			w = append(w, unicode.ToLower(r))
		case (r == '\'' || r == '’') && len(w) > 0:
			// "China’s" is found by "china" and "chinas"
		default:
			flush()
		}
	}
	flush()
}

// Words lists the indexed words, sorted (for tests).
func (idx *Index) WordList() []string {
	out := make([]string, 0, len(idx.Words))
	for w := range idx.Words {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}
