package annotate

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"io"
	"maps"
	"slices"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Templates renders annotations; a theme implements it with its
// annotations/<kind>.html templates.
type Templates interface {
	RenderAnnotation(w io.Writer, a *Annotation) error
}

// Deferred is implemented by the Data of an annotation that shows what only
// the whole site knows: when ok, it is rendered as Placeholder(kind, arg),
// which its kind's Finish replaces once every page is read (see
// Vocabulary.Finish).
type Deferred interface {
	Deferred() (arg string, ok bool)
}

type nodeRenderer struct {
	md        goldmark.Markdown
	templates Templates
}

func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindDirective, r.render)
}

func (r *nodeRenderer) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	d := node.(*Directive)
	if d.Broken != "" && d.Form == Leaf {
		// A broken leaf is shown as the paragraph it was written as.
		_, _ = w.WriteString("<p>")
		if err := r.renderChildren(w, src, d); err != nil {
			return ast.WalkStop, err
		}
		_, _ = w.WriteString("</p>\n")
		return ast.WalkSkipChildren, nil
	}
	if d.Schema == nil {
		// Unknown or invalid: the build fails anyway; keep the text readable.
		return ast.WalkContinue, nil
	}
	if p, ok := d.Data.(Deferred); ok {
		if arg, later := p.Deferred(); later {
			_, _ = w.WriteString(Placeholder(d.Name, arg))
			return ast.WalkSkipChildren, nil
		}
	}
	a := &Annotation{Kind: d.Name, ID: d.ID, Attrs: map[string]string{}, Data: d.Data}
	switch d.Form {
	case Inline:
		a.Form = "inline"
	case Leaf:
		a.Form = "leaf"
	default:
		a.Form = "container"
	}
	for _, at := range d.Attrs {
		if at.Key == "class" {
			a.Attrs["class"] = d.Attrs.Value("class")
			continue
		}
		a.Attrs[at.Key] = at.Value
	}
	if d.Form == Container {
		return r.renderContainer(w, src, d, a)
	}
	var label, content bytes.Buffer
	for c := d.FirstChild(); c != nil; c = c.NextSibling() {
		target := &content
		if d.Form != Container {
			target = &label
		} else if p, ok := c.(*ast.Paragraph); ok {
			if _, isLabel := p.AttributeString(LabelAttr); isLabel {
				if err := r.renderChildren(&label, src, c); err != nil {
					return ast.WalkStop, err
				}
				continue
			}
		}
		if err := r.md.Renderer().Render(target, src, c); err != nil {
			return ast.WalkStop, err
		}
	}
	a.Label = template.HTML(bytes.TrimSpace(label.Bytes()))
	a.Content = template.HTML(content.String())
	if r.templates == nil {
		return ast.WalkSkipChildren, Plain(w, a)
	}
	if err := r.templates.RenderAnnotation(w, a); err != nil {
		return ast.WalkStop, err
	}
	return ast.WalkSkipChildren, nil
}

// contentMark stands for a container's content while its template runs. It
// holds NUL, which no text gloss loads keeps (textfile.Clean replaces it),
// so it can only come from .Content.
const contentMark = "\x00gloss:content\x00"

// renderContainer renders a container's template around its content without
// holding the content: the template runs with a mark for .Content, the part
// before the mark is written, then the blocks inside straight to w, then the
// rest. Rendering the content into a buffer for the template copied it once
// for every level it was nested in: 8,000 nested callouts took 2.2 GB.
// A template that does not show .Content exactly once as HTML gets it the
// old way.
func (r *nodeRenderer) renderContainer(w util.BufWriter, src []byte, d *Directive, a *Annotation) (ast.WalkStatus, error) {
	var label bytes.Buffer
	var content []ast.Node
	for c := d.FirstChild(); c != nil; c = c.NextSibling() {
		if p, ok := c.(*ast.Paragraph); ok {
			if _, isLabel := p.AttributeString(LabelAttr); isLabel {
				if err := r.renderChildren(&label, src, c); err != nil {
					return ast.WalkStop, err
				}
				continue
			}
		}
		content = append(content, c)
	}
	a.Label = template.HTML(bytes.TrimSpace(label.Bytes()))
	var chrome bytes.Buffer
	if len(content) > 0 {
		a.Content = contentMark
		if err := r.execute(&chrome, a); err != nil {
			return ast.WalkStop, err
		}
		before, after, ok := bytes.Cut(chrome.Bytes(), []byte(contentMark))
		if ok && !bytes.Contains(after, []byte(contentMark)) {
			_, _ = w.Write(before)
			for _, c := range content {
				if err := r.md.Renderer().Render(w, src, c); err != nil {
					return ast.WalkStop, err
				}
			}
			_, _ = w.Write(after)
			return ast.WalkSkipChildren, nil
		}
		chrome.Reset()
	}
	var buf bytes.Buffer
	for _, c := range content {
		if err := r.md.Renderer().Render(&buf, src, c); err != nil {
			return ast.WalkStop, err
		}
	}
	a.Content = template.HTML(buf.String())
	if err := r.execute(w, a); err != nil {
		return ast.WalkStop, err
	}
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) execute(w io.Writer, a *Annotation) error {
	if r.templates == nil {
		return Plain(w, a)
	}
	return r.templates.RenderAnnotation(w, a)
}

func (r *nodeRenderer) renderChildren(w io.Writer, src []byte, n ast.Node) error {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if err := r.md.Renderer().Render(w, src, c); err != nil {
			return err
		}
	}
	return nil
}

// Plain renders an annotation without a theme: a span or div with the
// kind's class and its attributes as data-*. Tests and the CommonMark check
// use it.
func Plain(w io.Writer, a *Annotation) error {
	tag := "span"
	if a.Form != "inline" {
		tag = "div"
	}
	fmt.Fprintf(w, `<%s class="annotation annotation-%s"`, tag, a.Kind)
	if a.ID != "" {
		fmt.Fprintf(w, ` id="%s"`, html.EscapeString(a.ID))
	}
	for _, k := range slices.Sorted(maps.Keys(a.Attrs)) {
		fmt.Fprintf(w, ` data-%s="%s"`, html.EscapeString(k), html.EscapeString(a.Attrs[k]))
	}
	fmt.Fprint(w, ">")
	switch {
	case a.Form != "container":
		fmt.Fprint(w, a.Label)
	case a.Label != "":
		fmt.Fprintf(w, "<p class=\"annotation-label\">%s</p>\n", a.Label)
	default:
		fmt.Fprint(w, "\n")
	}
	fmt.Fprint(w, a.Content)
	fmt.Fprintf(w, "</%s>", tag)
	if a.Form != "inline" {
		fmt.Fprint(w, "\n")
	}
	return nil
}
