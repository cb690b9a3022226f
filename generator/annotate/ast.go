// Package annotate adds explainer annotations to Markdown in the generic
// directive syntax remark-directive and MyST authors know:
//
//	:name[inline label]{attrs}        inline
//	::name[label]{attrs}              leaf block, alone on its line
//	:::name[label]{attrs}             container block …
//	:::                               … closed by as many colons or more
//
// It is a goldmark extension written the way goldmark writes its own: block
// and inline parsers, one node kind, an AST transformer that checks every
// annotation against its kind's schema and resolves its references, and a
// node renderer that hands each annotation to the theme's template.
package annotate

import (
	"html/template"

	"github.com/yuin/goldmark/ast"
)

// Form is where a directive stands.
type Form uint8

const (
	Inline Form = 1 << iota
	Leaf
	Container
)

func (f Form) String() string {
	switch f {
	case Inline:
		return "inline (:name[…])"
	case Leaf:
		return "a leaf block (::name[…])"
	case Container:
		return "a container (:::name … :::)"
	}
	return "unknown"
}

// KindDirective is the node kind of every directive, whatever its form.
var KindDirective = ast.NewNodeKind("Directive")

// Directive is one annotation in the AST.
type Directive struct {
	// BaseBlock gives leaves and containers their lines and children; an
	// inline directive simply reports TypeInline.
	ast.BaseBlock
	Form  Form
	Name  string
	Attrs Attrs
	// HasLabel says whether [label] was written (it may be empty).
	HasLabel bool
	// Offset is where the directive starts in the page body (its first colon).
	Offset int
	// AttrsOffset is where its "{" is, or -1.
	AttrsOffset int
	// Colons is a container's fence length.
	Colons int

	// Set by the transformer.
	Schema *Kind
	Data   any    // what the kind's resolver found (a person, a source paragraph …)
	ID     string // the anchor the annotation gets on its page, if any

	// Broken says what is wrong with the directive's syntax (an attribute
	// list or label that is not closed, an id that cannot be one); such a
	// directive is reported at its opening and not checked further.
	Broken string
	// fenced is set when a container's closing fence is read: a container
	// closed by the end of the page (or of its parent) is an error.
	fenced bool

	// closed is false while an inline directive's label is being parsed.
	closed bool
	// opener holds the literal ":name[" of an inline directive, restored as
	// text if its label is never closed.
	opener []byte
}

// Type makes inline directives inline nodes and the others blocks.
func (d *Directive) Type() ast.NodeType {
	if d.Form == Inline {
		return ast.TypeInline
	}
	return ast.TypeBlock
}

// Kind implements ast.Node.
func (d *Directive) Kind() ast.NodeKind { return KindDirective }

// Dump implements ast.Node.
func (d *Directive) Dump(source []byte, level int) {
	kv := map[string]string{"Name": d.Name}
	for _, a := range d.Attrs {
		kv["attr:"+a.Key] = a.Value
	}
	ast.DumpHelper(d, source, level, kv, nil)
}

// Annotation is what a theme's annotations/<kind>.html template receives.
type Annotation struct {
	Kind  string
	Form  string // "inline", "leaf" or "container"
	ID    string // anchor id on the page, if the kind gives one
	Attrs map[string]string
	// Label is the rendered [label]; Content a container's rendered blocks.
	Label   template.HTML
	Content template.HTML
	// Data is what the kind resolved: see the vocabulary for each kind.
	Data any
}

// NoteOn makes a directive whose kind notes a paragraph (gloss) a
// markdown.MarginNote: on a numbered source it is shown beside that paragraph.
func (d *Directive) NoteOn() (paragraph, offset int, ok bool) {
	if g, isNote := d.Data.(interface{ NotedParagraph() int }); isNote {
		return g.NotedParagraph(), d.Offset, true
	}
	return 0, 0, false
}
