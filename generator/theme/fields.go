package theme

import (
	"fmt"
	"text/template/parse"
)

// ReadOfOtherPages reports what the layouts read of pages other than the
// one being rendered: the names of the fields and methods read on any value
// that is not the page itself (a card's .ReadingTime, in a range over a
// section's pages). all is true when the theme cannot be read that closely
// (a partial named by a variable): then anything may be read.
//
// A preview re-renders a page when what it shows changed; what a page
// shows of itself is known, but what its templates show of other pages
// depends on the theme. The analysis is conservative: a value reached any
// other way than as the page itself (through range, with, a variable, or a
// field of the page) counts as another page.
func (t *Theme) ReadOfOtherPages() (names map[string]bool, all bool) {
	return t.otherReads, t.otherReadsAll
}

// receiver is what a template's dot (or $) is while it executes.
type receiver int

const (
	self  receiver = iota // the page being rendered
	other                 // anything else, other pages among it
)

// readsWalker walks the templates one layout executes.
type readsWalker struct {
	lookup func(name string) *parse.Tree // in the layout's set
	root   func(name string) *parse.Tree // in the root set, as `cached` runs partials
	names  map[string]bool
	all    bool
	seen   map[string]bool // template name and receiver, walked already
}

func (t *Theme) computeOtherReads() {
	t.otherReads, t.otherReadsAll = map[string]bool{}, false
	if t.root == nil {
		return
	}
	rootLookup := func(name string) *parse.Tree {
		if tmpl := t.root.Lookup(name); tmpl != nil {
			return tmpl.Tree
		}
		return nil
	}
	for _, name := range t.Layouts() {
		set := t.layouts[name]
		w := &readsWalker{
			lookup: func(n string) *parse.Tree {
				if tmpl := set.Lookup(n); tmpl != nil {
					return tmpl.Tree
				}
				return nil
			},
			root:  rootLookup,
			names: t.otherReads,
			seen:  map[string]bool{},
		}
		w.template(false, "base", self)
		t.otherReadsAll = t.otherReadsAll || w.all
	}
}

// template walks the named template executed with data of kind recv.
func (w *readsWalker) template(inRoot bool, name string, recv receiver) {
	key := fmt.Sprint(inRoot, "\x00", name, "\x00", recv)
	if w.seen[key] {
		return
	}
	w.seen[key] = true
	lookup := w.lookup
	if inRoot {
		lookup = w.root // `cached` runs the partials of the root set
	}
	tree := lookup(name)
	if tree == nil || tree.Root == nil {
		return // not defined: executing it fails
	}
	w.list(inRoot, tree.Root, recv, recv)
}

func (w *readsWalker) list(inRoot bool, l *parse.ListNode, dot, dollar receiver) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		w.node(inRoot, n, dot, dollar)
	}
}

func (w *readsWalker) node(inRoot bool, n parse.Node, dot, dollar receiver) {
	switch n := n.(type) {
	case *parse.ActionNode:
		w.pipe(inRoot, n.Pipe, dot, dollar)
	case *parse.IfNode:
		w.pipe(inRoot, n.Pipe, dot, dollar)
		w.list(inRoot, n.List, dot, dollar)
		w.list(inRoot, n.ElseList, dot, dollar)
	case *parse.RangeNode:
		w.newDot(inRoot, &n.BranchNode, dot, dollar)
	case *parse.WithNode:
		w.newDot(inRoot, &n.BranchNode, dot, dollar)
	case *parse.TemplateNode:
		w.pipe(inRoot, n.Pipe, dot, dollar)
		w.template(inRoot, n.Name, w.kindOf(n.Pipe, dot, dollar))
	case *parse.ListNode:
		w.list(inRoot, n, dot, dollar)
	}
}

// newDot walks a range or with: its body runs with another dot, its else
// with this one.
func (w *readsWalker) newDot(inRoot bool, n *parse.BranchNode, dot, dollar receiver) {
	w.pipe(inRoot, n.Pipe, dot, dollar)
	w.list(inRoot, n.List, other, dollar)
	w.list(inRoot, n.ElseList, dot, dollar)
}

// kindOf is what a pipeline passed as data is: the page itself only when
// it is plain . or $ standing for the page.
func (w *readsWalker) kindOf(p *parse.PipeNode, dot, dollar receiver) receiver {
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return other
	}
	return w.argKind(p.Cmds[0].Args[0], dot, dollar)
}

func (w *readsWalker) argKind(arg parse.Node, dot, dollar receiver) receiver {
	switch a := arg.(type) {
	case *parse.DotNode:
		return dot
	case *parse.VariableNode:
		if len(a.Ident) == 1 && a.Ident[0] == "$" {
			return dollar
		}
	}
	return other
}

func (w *readsWalker) pipe(inRoot bool, p *parse.PipeNode, dot, dollar receiver) {
	if p == nil {
		return
	}
	for _, cmd := range p.Cmds {
		if len(cmd.Args) > 0 {
			if id, ok := cmd.Args[0].(*parse.IdentifierNode); ok && id.Ident == "cached" {
				if len(cmd.Args) == 3 {
					if name, ok := cmd.Args[1].(*parse.StringNode); ok {
						w.template(true, name.Text, w.argKind(cmd.Args[2], dot, dollar))
					} else {
						w.all = true
					}
				} else {
					w.all = true
				}
			}
		}
		for _, arg := range cmd.Args {
			w.arg(inRoot, arg, dot, dollar)
		}
	}
}

func (w *readsWalker) arg(inRoot bool, arg parse.Node, dot, dollar receiver) {
	switch a := arg.(type) {
	case *parse.FieldNode: // .A.B: A of dot, B of whatever A is
		w.read(a.Ident[0], dot)
		for _, f := range a.Ident[1:] {
			w.read(f, other)
		}
	case *parse.VariableNode: // $x.A.B
		base := other
		if a.Ident[0] == "$" {
			base = dollar
		}
		if len(a.Ident) > 1 {
			w.read(a.Ident[1], base)
			for _, f := range a.Ident[2:] {
				w.read(f, other)
			}
		}
	case *parse.ChainNode: // (pipeline).A.B
		w.arg(inRoot, a.Node, dot, dollar)
		for _, f := range a.Field {
			w.read(f, other)
		}
	case *parse.PipeNode:
		w.pipe(inRoot, a, dot, dollar)
	}
}

func (w *readsWalker) read(name string, recv receiver) {
	if recv == other {
		w.names[name] = true
	}
}
