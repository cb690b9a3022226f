package theme

import (
	"crypto/sha256"
	"fmt"
	"strings"
	"text/template/parse"
)

// ConversionFingerprint changes whenever a file that converting Markdown
// can read changes: the annotation templates, the "cited-by" partial, and
// whatever they use in turn. A preview converts pages again only when it
// changes, so editing a layout or a stylesheet of a big site re-renders its
// pages without converting them all again.
func (t *Theme) ConversionFingerprint() [32]byte { return t.convFingerprint }

// computeConversionFingerprint hashes the files reachable from the
// templates conversions execute, each found by the file its definition was
// parsed from. Where it cannot tell what a template uses (a partial named
// by a variable), it hashes every file, as Fingerprint does.
func (t *Theme) computeConversionFingerprint() {
	t.convFingerprint = t.fingerprint
	if t.root == nil {
		return
	}
	byDisplay := map[string]string{}
	for rel, f := range t.files {
		byDisplay[f.display] = rel
	}
	files := map[string]bool{}
	for rel := range t.files {
		if strings.HasPrefix(rel, "theme") {
			files[rel] = true // theme.toml, whichever layer
		}
	}
	var todo []string
	for _, tmpl := range t.root.Templates() {
		if strings.HasPrefix(tmpl.Name(), "annotation/") {
			todo = append(todo, tmpl.Name())
		}
	}
	todo = append(todo, "paragraph-margin", "cited-by")
	seen := map[string]bool{}
	for len(todo) > 0 {
		name := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if seen[name] {
			continue
		}
		seen[name] = true
		tmpl := t.root.Lookup(name)
		if tmpl == nil || tmpl.Tree == nil {
			continue // not defined: executing it fails, whatever changes
		}
		rel, ok := byDisplay[tmpl.Tree.ParseName] // the file it was defined in
		if !ok {
			return
		}
		files[rel] = true
		uses, assets, ok := references(tmpl.Tree.Root)
		if !ok {
			return
		}
		if assets {
			for _, a := range t.sortedFiles("assets") {
				files[a] = true
			}
		}
		todo = append(todo, uses...)
	}
	h := sha256.New()
	for _, rel := range t.sortedFiles("") {
		if files[rel] {
			data, _ := t.read(rel)
			fmt.Fprintf(h, "%s\x00%d\x00", t.files[rel].display, len(data))
			h.Write(data)
		}
	}
	copy(t.convFingerprint[:], h.Sum(nil))
}

// references lists the templates a template invokes, with {{template}} or
// {{block}} or through the cached function, and says whether it calls
// asset. ok is false when it names a template by a variable.
func references(root parse.Node) (uses []string, assets, ok bool) {
	ok = true
	var walk func(parse.Node)
	walkPipe := func(p *parse.PipeNode) {
		if p == nil {
			return
		}
		for _, cmd := range p.Cmds {
			for i, arg := range cmd.Args {
				if id, isIdent := arg.(*parse.IdentifierNode); isIdent && i == 0 {
					switch id.Ident {
					case "asset":
						assets = true
					case "cached":
						if len(cmd.Args) > 1 {
							if s, isString := cmd.Args[1].(*parse.StringNode); isString {
								uses = append(uses, s.Text)
								continue
							}
						}
						ok = false
					}
				}
				walk(arg)
			}
		}
	}
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n != nil {
				for _, c := range n.Nodes {
					walk(c)
				}
			}
		case *parse.ActionNode:
			walkPipe(n.Pipe)
		case *parse.PipeNode:
			walkPipe(n)
		case *parse.IfNode:
			walkPipe(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walkPipe(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walkPipe(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.TemplateNode:
			uses = append(uses, n.Name)
			walkPipe(n.Pipe)
		}
	}
	walk(root)
	return uses, assets, ok
}
