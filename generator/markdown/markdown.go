// Package markdown turns a page's Markdown into HTML with goldmark: CommonMark
// plus GFM, footnotes, definition lists, typographic punctuation, heading ids,
// chroma-highlighted code, and links rewritten from .md files to page URLs.
// Annotation kinds plug in as further goldmark extensions (Options.Extensions).
package markdown

import (
	"bufio"
	"bytes"
	"errors"
	"html/template"
	"math"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/gloss-ssg/gloss/generator/diag"
)

// Options configure a Converter once for a whole build.
type Options struct {
	// UnsafeHTML passes raw HTML in Markdown through; otherwise it is omitted.
	UnsafeHTML bool
	// Extensions are added after gloss's own (annotations, for instance).
	Extensions []goldmark.Extender
}

// Converter converts pages. One is made per build and used from many
// goroutines at once: all per-page state lives in the parser context.
type Converter struct {
	md goldmark.Markdown
}

// New makes a Converter.
func New(opts Options) *Converter {
	var md goldmark.Markdown
	rendererOpts := []renderer.Option{
		renderer.WithNodeRenderers(
			util.Prioritized(codeRenderer{}, 100),
			util.Prioritized(marginRenderer{r: func() renderer.Renderer { return md.Renderer() }}, 100),
		),
	}
	if opts.UnsafeHTML {
		rendererOpts = append(rendererOpts, html.WithUnsafe())
	}
	exts := []goldmark.Extender{
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignStyle)),
		extension.Strikethrough, extension.Linkify, extension.TaskList,
		extension.Footnote, extension.DefinitionList, extension.Typographer,
	}
	exts = append(exts, opts.Extensions...)
	md = goldmark.New(
		goldmark.WithParser(newBudgetParser()), // before the options and extensions that add to it
		goldmark.WithExtensions(exts...),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithBlockParsers(util.Prioritized(depthGuard{}, 1)),
			// Before goldmark's link parser (200).
			parser.WithInlineParsers(util.Prioritized(markupBudget{}, 0), util.Prioritized(linkGuard{}, 199), util.Prioritized(footnoteGuard{}, 100), util.Prioritized(quoteRunGuard{}, 9998)),
			parser.WithASTTransformers(util.Prioritized(pageTransformer{code: newHighlighter()}, 1000)),
		),
		goldmark.WithRendererOptions(rendererOpts...),
	)
	return &Converter{md: md}
}

// LinkResolver decides where a link written in a page points. Each page has
// its own, since relative links depend on where the page's file is.
type LinkResolver interface {
	// ResolveLink returns the href to publish for dest, or a message saying
	// why dest is broken. pos is where the link is written.
	ResolveLink(dest string, pos diag.Position) (href string, problem string)
}

// Input is one page to convert.
type Input struct {
	File     string // site-relative path, for messages
	Source   []byte // the Markdown body
	BodyLine int    // file line where Source starts
	// Numbered gives each top-level paragraph an anchor ¶1…¶n, for sources.
	Numbered bool
	Links    LinkResolver
	// WordsPerMinute sets the reading-time estimate.
	WordsPerMinute int
	// Values are per-page values for extensions, read with PageOf(pc).Value.
	Values map[any]any
	// Margin, with Numbered, returns the HTML shown beside paragraph n,
	// given its notes (see MarginNote) already rendered: the pages citing
	// it, the quotes taken from it. Without Margin, notes are shown in a
	// plain aside.
	Margin func(n int, notes template.HTML) string
	// Index, if set, receives the page's text section by section as the
	// converter reads it, for the search index: cheaper than reading it
	// back out of the HTML, and done on the conversion's workers.
	Index TextIndex
}

// TextIndex receives a page's text. A section starts at every h2 and h3.
type TextIndex interface {
	Section(id, heading string)
	Text(b []byte)
}

// Output is a converted page.
type Output struct {
	HTML        template.HTML
	TOC         []Heading
	IDs         map[string]bool // every id in the body, for #fragment checks
	Words       int
	ReadingTime int // minutes, at least 1
	// Paragraphs holds the plain text of each numbered paragraph (with
	// Input.Numbered), for quote checks and citation previews.
	Paragraphs []string
	Problems   []diag.Problem
}

// Heading is a table-of-contents entry (h2 and h3).
type Heading struct {
	Level int
	ID    string
	Text  string
}

var stateKey = parser.NewContextKey()

// state is what the page transformer learns about one document.
type state struct {
	in    *Input
	lines lineIndex
	out   *Output
	// told holds the bounds (MaxDepth, MaxBlocks…) the page has been told
	// it passed: each is an error once a page, at the first place past it.
	told map[string]bool
	// openLines counts lines offered to open blocks, up to MaxOpenLines.
	openLines int
	// blocks counts the blocks opened, up to MaxBlocks.
	blocks int
	// footnotes counts the page's footnote definitions, footnoteRefs its
	// references, up to MaxFootnoteWork between them.
	footnotes, footnoteRefs int
	// plain holds the blocks past the page's MaxInlineMarks, once counted.
	plain map[ast.Node]bool
	// highlight is the CPU time the page's code blocks took to highlight.
	highlight highlightBudget
	// languages are the language tags the page's code has named, up to
	// MaxLanguages.
	languages map[string]bool
}

// pastBound reports an error at offset the first time on the page that it
// is past bound (the name of the bound's constant), and only then.
func (st *state) pastBound(bound string, offset int, format string, args ...any) {
	if st.told[bound] {
		return
	}
	if st.told == nil {
		st.told = map[string]bool{}
	}
	st.told[bound] = true
	st.problemAt(offset, format, args...)
}

// Parse reads src as Convert does, with every bound gloss sets on a page,
// without rendering it: for a tool that needs only the document's shape (the
// importer, which counts a report's paragraphs as the build will number
// them). Its problems are the bounds' errors, positioned in file.
func (c *Converter) Parse(file string, src []byte) (ast.Node, []diag.Problem) {
	doc, out := c.parse(Input{File: file, Source: src, BodyLine: 1})
	return doc, out.Problems
}

// parse reads in with the page's state in the parser context, where the
// bounds and the page transformer keep what they learn.
func (c *Converter) parse(in Input) (ast.Node, *Output) {
	out := &Output{IDs: map[string]bool{}}
	st := &state{in: &in, lines: newLineIndex(in.Source, in.BodyLine), out: out}
	pc := parser.NewContext(parser.WithIDs(newIDs()))
	pc.Set(stateKey, st)
	return c.md.Parser().Parse(text.NewReader(in.Source), parser.WithContext(pc)), out
}

// Convert parses and renders one page.
func (c *Converter) Convert(in Input) Output {
	// Rendering adds to out too (problems the annotations find): it is the
	// state's, used through its pointer to the end.
	doc, out := c.parse(in)
	var buf bytes.Buffer
	buf.Grow(len(in.Source) * 3 / 2)
	if err := c.md.Renderer().Render(&buf, in.Source, doc); err != nil {
		var positioned interface{ Problem() diag.Problem }
		if errors.As(err, &positioned) {
			p := positioned.Problem()
			p.Msg += " (while rendering " + in.File + ")"
			out.Problems = append(out.Problems, p)
		} else {
			out.Problems = append(out.Problems, diag.Problem{Pos: diag.Position{File: in.File}, Msg: "cannot render: " + err.Error()})
		}
	}
	out.HTML = template.HTML(buf.String())
	wpm := in.WordsPerMinute
	if wpm <= 0 {
		wpm = 220
	}
	out.ReadingTime = max(1, int(math.Ceil(float64(out.Words)/float64(wpm))))
	return *out
}

// inSectionHeading reports whether inline node n is in an h2 or h3, which
// starts a section of the search index.
func inSectionHeading(n ast.Node) bool {
	for ; n != nil; n = n.Parent() {
		if n.Type() == ast.TypeBlock {
			h, ok := n.(*ast.Heading)
			return ok && (h.Level == 2 || h.Level == 3)
		}
	}
	return false
}

// MaxHeadings is how many headings a page may hold: hundreds of times what a
// long explainer has (the example site's pages have at most 7). Each
// is an entry of the contents list the page template draws, an id and a
// search section: 180,000 headings in a 2 MB file took 3 s of CPU to build,
// almost half of it drawing the contents (BENCHMARKS.md, "Hostile input").
const MaxHeadings = 10000

// headingStart is where a heading is written: goldmark keeps the offset of
// an ATX heading's first # and of a setext heading's text.
func headingStart(h *ast.Heading) int {
	if p := h.Pos(); p >= 0 {
		return p
	}
	if h.Lines().Len() > 0 {
		return h.Lines().At(0).Start
	}
	return 0
}

// space separates blocks and lines in the text given to Input.Index.
var space = []byte(" ")

// pageTransformer walks each parsed document once: it rewrites and checks
// links, numbers source paragraphs, collects the table of contents and ids,
// counts words, and highlights code.
type pageTransformer struct {
	// code highlights code blocks with the Converter's copies of chroma's
	// lexers (lexers.go).
	code highlighter
}

func (t pageTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(stateKey).(*state)
	if st == nil {
		return
	}
	src := reader.Source()
	var paragraphs []*ast.Paragraph
	var notes []MarginNote
	words := 0.0
	headings := 0
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if st.in.Index != nil && n.Type() == ast.TypeBlock {
			st.in.Index.Text(space) // blocks are apart; inline elements are not
		}
		switch n := n.(type) {
		case *ast.Heading:
			headings++
			if headings > MaxHeadings {
				// Past the bound a heading is drawn but left out of the
				// contents, the ids and the search sections.
				if headings == MaxHeadings+1 {
					st.problemAt(headingStart(n), "more than %d headings on this page: gloss stops at %d; split the page", MaxHeadings, MaxHeadings)
				}
				return ast.WalkContinue, nil
			}
			if id, ok := n.AttributeString("id"); ok {
				idStr := string(id.([]byte))
				st.out.IDs[idStr] = true
				if n.Level == 2 || n.Level == 3 {
					text := plainText(n, src)
					st.out.TOC = append(st.out.TOC, Heading{Level: n.Level, ID: idStr, Text: text})
					if st.in.Index != nil {
						st.in.Index.Section(idStr, text)
					}
				}
			}
		case *ast.Paragraph:
			if st.in.Numbered && n.Parent() == doc {
				paragraphs = append(paragraphs, n)
				st.out.Paragraphs = append(st.out.Paragraphs, plainText(n, src))
				numberParagraph(n, len(paragraphs))
				if st.in.Index != nil { // each numbered paragraph is found on its own
					st.in.Index.Section(paragraphID(len(paragraphs)), "¶"+strconv.Itoa(len(paragraphs)))
				}
				st.out.IDs[paragraphID(len(paragraphs))] = true
			}
		case MarginNote:
			if _, offset, ok := n.NoteOn(); ok {
				if n.Parent() == doc {
					notes = append(notes, n)
				} else {
					st.problemAt(offset, "a note on a paragraph stands on its own among the paragraphs, not inside another block")
				}
			}
		case *ast.Link:
			n.Destination = st.link(n.Destination, n, false)
		case *ast.Image:
			n.Destination = st.link(n.Destination, n, true)
		case *ast.Text:
			value := n.Segment.Value(src)
			words += countWords(value)
			if st.in.Index != nil && !inSectionHeading(n) { // the heading was given with Section
				st.in.Index.Text(value)
				if n.SoftLineBreak() || n.HardLineBreak() {
					st.in.Index.Text(space)
				}
			}
		case *extast.FootnoteLink:
			footnoteIDs(n, st.out.IDs)
		case *ast.FencedCodeBlock:
			st.highlightCode(t.code, n, src)
		}
		// Footnote and other extension nodes carry their ids as attributes.
		if id, ok := n.AttributeString("id"); ok {
			if b, ok := id.([]byte); ok {
				st.out.IDs[string(b)] = true
			}
		}
		return ast.WalkContinue, nil
	})
	st.out.Words = int(math.Round(words))
	if st.in.Numbered {
		st.placeNotes(doc, paragraphs, notes)
	} else {
		st.notNumbered(notes)
	}
}

// problemAt reports an error at a byte offset of the page body.
func (st *state) problemAt(offset int, format string, args ...any) {
	(&Page{st}).Errorf(offset, format, args...)
}

// countWords counts words separated by spaces (so "R&D" and "self-reliance"
// are one each), and each Han, Hiragana, Katakana or Hangul character as half
// a word: a reader takes in roughly twice as many of those a minute.
func countWords(b []byte) float64 {
	n := 0.0
	inWord, hasText := false, false
	for len(b) > 0 {
		if c := b[0]; c < utf8.RuneSelf {
			// ASCII, most text: no table lookups.
			b = b[1:]
			if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v' {
				if inWord && hasText {
					n++
				}
				inWord, hasText = false, false
			} else {
				inWord = true
				hasText = hasText || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
			}
			continue
		}
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		switch {
		case unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r):
			n += 0.5
			if inWord && hasText {
				n++
			}
			inWord, hasText = false, false
		case unicode.IsSpace(r):
			if inWord && hasText {
				n++
			}
			inWord, hasText = false, false
		default:
			inWord = true
			hasText = hasText || unicode.IsLetter(r) || unicode.IsDigit(r)
		}
	}
	if inWord && hasText {
		n++
	}
	return n
}

// plainText is the text of a node as a reader sees it, for the table of contents.
func plainText(n ast.Node, src []byte) string {
	var b bytes.Buffer
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			seg := c.Segment.Value(src)
			// As the reader sees it: "R\&D" and "R&amp;D" are "R&D" (but a
			// code span's text is as written). The renderer's writer resolves
			// escapes and entities in one pass, as the page shows them; its
			// HTML is unescaped below with the rest.
			if _, code := c.Parent().(*ast.CodeSpan); !code && bytes.ContainsAny(seg, "\\&") {
				var rendered bytes.Buffer
				w := bufio.NewWriter(&rendered)
				html.DefaultWriter.Write(w, seg)
				_ = w.Flush()
				seg = rendered.Bytes()
			}
			b.Write(seg)
			if c.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return typographic(b.String())
}
