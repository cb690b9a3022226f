package annotate

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Extension adds annotations to a goldmark instance.
type Extension struct {
	// Vocabulary is the set of kinds authors may use.
	Vocabulary Vocabulary
	// Templates renders each annotation; nil renders Plain HTML.
	Templates Templates

	// referenceTerms links auto terms the way gloss did before its
	// matcher, for the test that holds the two equal.
	referenceTerms termFinder
}

// New makes the extension for a vocabulary and a theme's templates.
func New(v Vocabulary, t Templates) *Extension { return &Extension{Vocabulary: v, Templates: t} }

// Extend implements goldmark.Extender.
func (e *Extension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(
			util.Prioritized(containerParser{}, 150),
			util.Prioritized(leafParser{}, 151),
		),
		// Before goldmark's link parser (200), which also watches "]".
		parser.WithInlineParsers(
			util.Prioritized(inlineOpener{vocabulary: e.Vocabulary}, 150),
			util.Prioritized(inlineCloser{}, 151),
		),
		// Before gloss's page transformer (1000), so annotation ids are known
		// when the page's ids are collected.
		parser.WithASTTransformers(
			util.Prioritized(autoTerms{reference: e.referenceTerms}, 890),
			util.Prioritized(transformer{e.Vocabulary}, 900),
		),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&nodeRenderer{md: m, templates: e.Templates}, 100)))
}
