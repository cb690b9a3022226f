package markdown

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// codeRenderer highlights fenced code with chroma. It writes class names only
// (no inline styles), so each theme's CSS colours the code in light and dark.
// Its lexers come from newLexerRegistry: their regexps never time out.
type codeRenderer struct{ lexers *chroma.LexerRegistry }

// codeFormatter is stateless; chroma's formatter is safe to share.
var codeFormatter = chromahtml.New(chromahtml.WithClasses(true), chromahtml.PreventSurroundingPre(true))

func (c codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, c.renderFencedCode)
	paragraphMarkRenderer{}.RegisterFuncs(reg)
}

func (c codeRenderer) renderFencedCode(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.FencedCodeBlock)
	lang := strings.ToLower(string(n.Language(src)))
	var code strings.Builder
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		code.Write(seg.Value(src))
	}
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
	lexer := c.lexers.Get(lang)
	if lexer == nil {
		_, _ = w.Write(util.EscapeHTML([]byte(code.String())))
	} else {
		it, err := chroma.Coalesce(lexer).Tokenise(nil, code.String())
		if err != nil {
			_, _ = w.Write(util.EscapeHTML([]byte(code.String())))
		} else if err := codeFormatter.Format(w, styles.Fallback, it); err != nil {
			return ast.WalkStop, err
		}
	}
	_, _ = w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, nil
}
