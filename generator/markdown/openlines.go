package markdown

import (
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// MaxOpenLines bounds how many times a page's lines may be offered to the
// blocks open around them: a line inside three blocks counts three. goldmark
// keeps a 24-byte record of each (parseBlocks' blankLines) until the
// outermost block closes, and asks every open block about every line, so a
// block that costs no bytes a line (a ":::" container around any line, a
// list item around a blank line) made memory grow with lines times depth:
// 99 nested lists around 200,000 blank lines, a 200 KB file, took 3 GB and
// 10 s of CPU. A 2 MB file of short lines in three containers counts 3
// million; an explainer of 2,000 lines nested 3 deep, 6,000.
const MaxOpenLines = 2000000

// MaxBlocks bounds the blocks a page may open: each is goldmark nodes of a
// few hundred bytes, and the checks and HTML that follow them, so a 2 MB page
// of 500,000 one-letter list items took 2.9 s and 631 MB to check. A list
// item counts two (the item and its paragraph), a list one more. The
// example site's longest page opens about 150.
const MaxBlocks = 100000

// budgetParser is goldmark's parser with every block parser, gloss's and the
// extensions', wrapped in blockBudget, and the paragraph transformers for link
// definitions and tables behind their guards.
type budgetParser struct{ parser.Parser }

func newBudgetParser() parser.Parser {
	return budgetParser{parser.NewParser(
		parser.WithBlockParsers(budgeted(parser.DefaultBlockParsers())...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(guardedParagraphTransformers()...),
	)}
}

// AddOptions wraps the block parsers an option adds, and the table
// extension's paragraph transformer (goldmark's extensions add each kind of
// parser with an option of its own).
func (p budgetParser) AddOptions(opts ...parser.Option) {
	wrapped := make([]parser.Option, len(opts))
	for i, opt := range opts {
		cfg := parser.NewConfig()
		opt.SetParserOption(cfg)
		wrapped[i] = opt
		// Only an option that adds nothing else is replaced, so nothing it
		// sets is lost.
		nothingElse := len(cfg.InlineParsers) == 0 && len(cfg.ASTTransformers) == 0 && len(cfg.Options) == 0 && !cfg.EscapedSpace
		switch {
		case nothingElse && len(cfg.BlockParsers) > 0 && len(cfg.ParagraphTransformers) == 0:
			wrapped[i] = parser.WithBlockParsers(budgeted(cfg.BlockParsers)...)
		case nothingElse && len(cfg.ParagraphTransformers) > 0 && len(cfg.BlockParsers) == 0 && boundTables(cfg):
			wrapped[i] = parser.WithParagraphTransformers(cfg.ParagraphTransformers...)
		}
	}
	p.Parser.AddOptions(wrapped...)
}

func budgeted(ps []util.PrioritizedValue) []util.PrioritizedValue {
	out := make([]util.PrioritizedValue, len(ps))
	for i, p := range ps {
		out[i] = util.Prioritized(blockBudget{p.Value.(parser.BlockParser)}, p.Priority)
	}
	return out
}

// blockBudget counts the blocks a page opens against MaxBlocks, and each
// line offered to an open block against the page's MaxOpenLines. Past it, the line is reported, once a page, and every
// block asked to continue is closed, so goldmark holds no more records and
// the rest of the page is read with nothing open around it.
type blockBudget struct{ parser.BlockParser }

// Open counts the blocks the page opens against MaxBlocks. Past it, no
// block parser opens another: the line is reported, once a page, and the
// lines after it are read as nothing (the page is in error).
func (b blockBudget) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	st, _ := pc.Get(stateKey).(*state)
	if st != nil && st.blocks >= MaxBlocks {
		_, seg := reader.PeekLine()
		st.pastBound("MaxBlocks", seg.Start, "more than %d blocks (paragraphs, list items, headings, quotes, code blocks…) on this page: gloss stops here; split the page", MaxBlocks)
		return nil, parser.NoChildren
	}
	node, state := b.BlockParser.Open(parent, reader, pc)
	if node != nil && st != nil {
		st.blocks++
		if node.Kind() == extast.KindFootnote {
			st.footnotes++
		}
	}
	return node, state
}

func (b blockBudget) Continue(n ast.Node, reader text.Reader, pc parser.Context) parser.State {
	if st, _ := pc.Get(stateKey).(*state); st != nil {
		st.openLines++
		if st.openLines > MaxOpenLines {
			_, seg := reader.PeekLine()
			st.pastBound("MaxOpenLines", seg.Start, "more than %d lines inside open blocks on this page (a line inside 3 blocks counts 3): gloss stops here; close lists, quotes and containers sooner, or nest them less", MaxOpenLines)
			return parser.Close
		}
	}
	return b.BlockParser.Continue(n, reader, pc)
}

// SetOption passes goldmark's parser options (the heading id and attribute
// settings) to the parser inside.
func (b blockBudget) SetOption(name parser.OptionName, value any) {
	if so, ok := b.BlockParser.(parser.SetOptioner); ok {
		so.SetOption(name, value)
	}
}

// guardedParagraphTransformers are goldmark's, its link reference
// definitions read through linkDefinitionGuard.
func guardedParagraphTransformers() []util.PrioritizedValue {
	ts := parser.DefaultParagraphTransformers()
	for i, t := range ts {
		if t.Value == parser.LinkReferenceParagraphTransformer {
			ts[i] = util.Prioritized(linkDefinitionGuard{parser.LinkReferenceParagraphTransformer}, t.Priority)
		}
	}
	return ts
}
