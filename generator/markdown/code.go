package markdown

import (
	"errors"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// codeRenderer writes fenced code, highlighted by the page transformer
// (highlightCode) with chroma. It writes class names only (no inline styles),
// so each theme's CSS colours the code in light and dark.
type codeRenderer struct{}

// codeFormatter is stateless; chroma's formatter is safe to share.
var codeFormatter = chromahtml.New(chromahtml.WithClasses(true), chromahtml.PreventSurroundingPre(true))

// highlightedAttr holds a fenced code block's tokens, set by highlightCode.
// A block without it is written as plain text.
var highlightedAttr = []byte("gloss-highlighted")

func (codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, renderFencedCode)
	paragraphMarkRenderer{}.RegisterFuncs(reg)
}

func renderFencedCode(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.FencedCodeBlock)
	lang := codeLanguage(n, src)
	// tabindex lets keyboard users scroll a wide code block.
	_, _ = w.WriteString(`<pre class="chroma" tabindex="0"><code`)
	if lang != "" {
		_, _ = w.WriteString(` class="language-`)
		_, _ = w.Write(util.EscapeHTML([]byte(lang)))
		_, _ = w.WriteString(`" data-lang="`)
		_, _ = w.Write(util.EscapeHTML([]byte(lang)))
		_, _ = w.WriteString(`"`)
	}
	_, _ = w.WriteString(`>`)
	if tokens, ok := n.Attribute(highlightedAttr); ok {
		if err := codeFormatter.Format(w, styles.Fallback, chroma.Literator(tokens.([]chroma.Token)...)); err != nil {
			return ast.WalkStop, err
		}
	} else {
		_, _ = w.Write(util.EscapeHTML([]byte(codeText(n, src))))
	}
	_, _ = w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, nil
}

func codeLanguage(n *ast.FencedCodeBlock, src []byte) string {
	return strings.ToLower(string(n.Language(src)))
}

func codeText(n *ast.FencedCodeBlock, src []byte) string {
	var code strings.Builder
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		code.Write(seg.Value(src))
	}
	return code.String()
}

// highlightCode lexes one fenced code block of the page for codeRenderer, or
// reports at its language tag why it cannot. A block gloss has no lexer for
// stays plain text.
func (st *state) highlightCode(h highlighter, n *ast.FencedCodeBlock, src []byte) {
	lang := codeLanguage(n, src)
	at := 0 // the language tag; there is one whenever a lexer is found
	if n.Info != nil {
		at = n.Info.Segment.Start
	}
	if lang != "" && !st.languages[lang] {
		if len(st.languages) == MaxLanguages {
			// Past the bound, the page has its error (at the first block
			// beyond it); the blocks after it stay plain, without an error
			// each.
			st.pastBound("MaxLanguages", at, "more than %d languages for code on this page: gloss highlights the first %d; "+
				"mark the others ```text (or with no language), or split the page", MaxLanguages, MaxLanguages)
			return
		}
		if st.languages == nil {
			st.languages = map[string]bool{}
		}
		st.languages[lang] = true
	}
	lexer := h.languages.lexer(lang)
	// Once the page's time is used up, it has its error; the blocks after the
	// one that used it up stay plain, without an error each.
	if lexer == nil || st.highlight.spent > pageHighlightCPU {
		return
	}
	tokens, err := h.highlight(lexer, codeText(n, src), &st.highlight)
	switch {
	case errors.Is(err, errHighlightTooSlow):
		st.problemAt(at, "highlighting this page's code as %s took more than %v of CPU time by this block: "+
			"mark it ```text (or with no language) to publish it unhighlighted, or split it up", lexer.Config().Name, pageHighlightCPU)
	case errors.Is(err, errHighlightStuck):
		st.problemAt(at, "the %s highlighter goes round in circles on this block without reading it: "+
			"mark it ```text (or with no language) to publish it unhighlighted", lexer.Config().Name)
	case errors.Is(err, errHighlightInterrupted):
		st.problemAt(at, "highlighting this block as %s was interrupted %d times: the machine is too busy; "+
			"build again, or mark it ```text (or with no language) to publish it unhighlighted", lexer.Config().Name, maxHighlightAttempts)
	case err == nil:
		n.SetAttribute(highlightedAttr, tokens)
	}
	// Any other error is a lexer whose rules chroma cannot compile: the block
	// is published as plain text, as chroma itself would leave it.
}
