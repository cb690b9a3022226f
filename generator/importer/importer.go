// Package importer turns a report an author has (plain text, Markdown or
// HTML) into the body of a numbered source page, and says what it did and
// what looks wrong, so that the author checks the import rather than
// trusting it.
//
// Only a page's top-level paragraphs get ¶ numbers, so the importer keeps
// the text's paragraphs as paragraphs, one each, and reports the numbers
// they will have; headings, lists and block quotes are kept as Markdown.
package importer

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gloss-ssg/gloss/generator/markdown"
)

// Format is the kind of file imported.
type Format string

const (
	Text     Format = "text"
	Markdown Format = "Markdown"
	HTML     Format = "HTML"
)

// FormatOf tells the format from a file name's extension, and "" for one
// the importer does not read.
func FormatOf(name string) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".text", "":
		return Text
	case ".md", ".markdown":
		return Markdown
	case ".html", ".htm", ".xhtml":
		return HTML
	}
	return ""
}

// Meta is what a document says about itself, where it says it.
type Meta struct {
	Title     string
	URL       string // the canonical address
	Publisher string
	Date      string // 2006-01-02
}

// Document is an imported report.
type Document struct {
	Format Format
	Meta   Meta
	// Body is the Markdown of the source page.
	Body string
	// Paragraphs are the plain text of the numbered paragraphs: Paragraphs[0] is ¶1.
	Paragraphs []string
	// Headings are the headings kept, in order, with the paragraph they come before.
	Headings []Heading
	// Lists and Quotes count the lists (with their items) and block quotes
	// kept but not numbered.
	Lists, ListItems, Quotes int
	// Dropped says what was left out, one line per kind of thing.
	Dropped []string
	// Notes say how the importer read the text, where it had to choose.
	Notes []string
}

// Heading is a heading kept in the body.
type Heading struct {
	Level  int // as written in the body: 2 to 6
	Text   string
	Before int // the number of the paragraph that follows it (len+1 at the end)
}

// Import reads data in the format of name (by its extension).
func Import(name string, data []byte) (*Document, error) {
	format := FormatOf(name)
	if format == "" {
		if strings.EqualFold(filepath.Ext(name), ".pdf") {
			return nil, fmt.Errorf("%s: gloss does not import PDF: no Go library it could use extracts a report's paragraphs reliably; import the report's HTML version, or its text", name)
		}
		return nil, fmt.Errorf("%s: gloss imports plain text (.txt), Markdown (.md) and HTML (.html), not %s files", name, filepath.Ext(name))
	}
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%s is not UTF-8 text: save it as UTF-8 and import it again", name)
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	var doc *Document
	switch format {
	case HTML:
		doc = fromBlocks(HTML, parseHTML(data))
	case Markdown:
		return fromMarkdown(name, data)
	default:
		doc = fromBlocks(Text, parseText(string(data)))
	}
	// The page written must build: read it as the build will, bounds and
	// all (a text of 666,666 one-line paragraphs is past a page's blocks).
	if _, probs := markdown.New(markdown.Options{}).Parse(name, []byte(doc.Body)); len(probs) > 0 {
		why, _, _ := strings.Cut(probs[0].Msg, ": ")
		return nil, fmt.Errorf("%s: the page made from it would not build (%s): split the report and import each part", name, why)
	}
	return doc, nil
}

// blockKind is a kind of block of the body.
type blockKind int

const (
	paragraph blockKind = iota
	heading
	list
	quote
	code
)

// block is a part of the body. Text is plain, on one line (code excepted).
type block struct {
	kind    blockKind
	level   int // heading level as found (1–6)
	text    string
	ordered bool    // list
	items   []item  // list
	inner   []block // quote
}

// item is a list item: its text and any lists nested in it.
type item struct {
	text   string
	nested []block
}

// parsed is what a format's parser found.
type parsed struct {
	meta    Meta
	blocks  []block
	dropped []string
	notes   []string
}

// fromBlocks writes the blocks as Markdown and records what was kept.
func fromBlocks(format Format, p parsed) *Document {
	d := &Document{Format: format, Meta: p.meta, Dropped: p.dropped, Notes: p.notes}
	blocks := p.blocks
	// The page shows its title as its heading: a first heading that says the
	// same is not repeated, and one that is all there is names the page.
	if len(blocks) > 0 && blocks[0].kind == heading {
		if d.Meta.Title == "" {
			d.Meta.Title = blocks[0].text
			blocks = blocks[1:]
		} else if sameText(blocks[0].text, d.Meta.Title) {
			blocks = blocks[1:]
		}
	}
	shift := 0 // so that the body's biggest heading is an h2 under the page's h1
	top := 7
	for _, b := range blocks {
		if b.kind == heading && b.level < top {
			top = b.level
		}
	}
	if top < 7 {
		shift = 2 - top
	}
	var md strings.Builder
	for _, b := range blocks {
		if md.Len() > 0 {
			md.WriteString("\n")
		}
		switch b.kind {
		case paragraph:
			d.Paragraphs = append(d.Paragraphs, b.text)
			md.WriteString(escape(b.text) + "\n")
		case heading:
			level := min(max(b.level+shift, 2), 6)
			d.Headings = append(d.Headings, Heading{Level: level, Text: b.text, Before: len(d.Paragraphs) + 1})
			md.WriteString(strings.Repeat("#", level) + " " + escape(b.text) + "\n")
		default:
			d.countUnnumbered(b)
			writeBlock(&md, b, "")
		}
	}
	d.Body = md.String()
	return d
}

func (d *Document) countUnnumbered(b block) {
	switch b.kind {
	case list:
		d.Lists++
		d.ListItems += len(b.items)
	case quote:
		d.Quotes++
	}
}

func sameText(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// writeBlock writes a block not numbered (list, quote, code, and what they
// hold), each line after the first prefixed with indent.
func writeBlock(w *strings.Builder, b block, indent string) {
	switch b.kind {
	case paragraph:
		w.WriteString(escape(b.text) + "\n")
	case heading:
		w.WriteString(strings.Repeat("#", min(max(b.level, 2), 6)) + " " + escape(b.text) + "\n")
	case list:
		for i, it := range b.items {
			marker := "- "
			if b.ordered {
				marker = fmt.Sprintf("%d. ", i+1)
			}
			if i > 0 {
				w.WriteString(indent)
			}
			w.WriteString(marker + escape(it.text) + "\n")
			pad := indent + strings.Repeat(" ", len(marker))
			for _, n := range it.nested {
				w.WriteString(pad)
				writeBlock(w, n, pad)
			}
		}
	case quote:
		var inner strings.Builder
		for i, ib := range b.inner {
			if i > 0 {
				inner.WriteString("\n")
			}
			writeBlock(&inner, ib, "")
		}
		lines := strings.Split(strings.TrimSuffix(inner.String(), "\n"), "\n")
		for i, l := range lines {
			if i > 0 {
				w.WriteString(indent)
			}
			w.WriteString(strings.TrimRight("> "+l, " ") + "\n")
		}
	case code:
		fence := "```"
		for strings.Contains(b.text, fence) {
			fence += "`"
		}
		w.WriteString(fence + "\n")
		for _, l := range strings.Split(strings.TrimRight(b.text, "\n"), "\n") {
			w.WriteString(indent + l + "\n")
		}
		w.WriteString(indent + fence + "\n")
	}
}

// escape makes text read as itself in Markdown and gloss's annotations,
// with as few backslashes as that takes, since authors read the source
// page's Markdown: characters that start emphasis, links, code or
// attributes always; <, & and : only where they would start a tag, an
// entity or an annotation; and anything at the start of the line that would
// make it a heading, list item, quote or rule.
func escape(text string) string {
	var b strings.Builder
	rs := []rune(text)
	next := func(i int) rune {
		if i+1 < len(rs) {
			return rs[i+1]
		}
		return 0
	}
	for i, r := range rs {
		switch r {
		case '\\', '`', '*', '[', ']', '{', '}', '~':
			b.WriteByte('\\')
		case '_':
			// Inside a word (snake_case) an underscore never emphasises.
			if i == 0 || i == len(rs)-1 || !isWordRune(rs[i-1]) || !isWordRune(next(i)) {
				b.WriteByte('\\')
			}
		case '<':
			if n := next(i); unicode.IsLetter(n) || n == '/' || n == '!' || n == '?' {
				b.WriteByte('\\')
			}
		case '&':
			if entityLike(rs[i+1:]) {
				b.WriteByte('\\')
			}
		case ':':
			// :name[…], ::name, :::name open annotations; 10:30 and http:// stay.
			if n := next(i); unicode.IsLetter(n) || n == ':' {
				b.WriteByte('\\')
			}
		case '#':
			// A heading's opening or closing run of #.
			if i == 0 || rs[i-1] == ' ' && strings.Trim(string(rs[i:]), "#") == "" {
				b.WriteByte('\\')
			}
		case '-', '+', '=', '>':
			if i == 0 {
				b.WriteByte('\\')
			}
		case '.', ')':
			if i > 0 && allDigits(rs[:i]) {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// entityLike reports whether the text after an & reads as an entity
// reference: &amp; &#38; &#x26;.
func entityLike(rs []rune) bool {
	for i, r := range rs {
		switch {
		case r == ';':
			return i > 0
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '#' && i == 0:
		default:
			return false
		}
	}
	return false
}

func allDigits(rs []rune) bool {
	for _, r := range rs {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// clean collapses a text's white space to single spaces and drops control
// characters, so a paragraph is one line.
func clean(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || r == '\u00a0':
			space = b.Len() > 0
			continue
		case unicode.IsControl(r) || r == '\ufeff' || r == '\u200b':
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
