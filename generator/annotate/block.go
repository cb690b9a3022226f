package annotate

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// LabelAttr marks the paragraph that holds a container's [label].
const LabelAttr = "data-directive-label"

// fence reads "::name[label]{attrs}" or ":::name…" at the start of line (after
// up to three spaces of indent). ok is false when the line is not a
// directive fence and stays text; a line that starts like one ("::name[",
// "::name{", ":::name") but is broken is a fence with broken set, so that
// the mistake is reported instead of published as text.
type fence struct {
	indent, colons int
	name           string
	labelStart     int // offsets within the line; -1 without a label
	labelEnd       int
	attrs          Attrs
	attrsAt        int
	broken         string
}

func readFence(line []byte) (f fence, ok bool) {
	f.labelStart, f.attrsAt = -1, -1
	line = line[:lineLen(line)]
	i := 0
	for i < len(line) && i < 3 && line[i] == ' ' {
		i++
	}
	f.indent = i
	for i < len(line) && line[i] == ':' {
		i++
	}
	f.colons = i - f.indent
	if f.colons < 2 || i >= len(line) || !isNameStart(line[i]) {
		return f, false
	}
	start := i
	for i < len(line) && isNameByte(line[i]) {
		i++
	}
	f.name = string(line[start:i])
	// "::name" alone, or followed by "[" or "{", is a leaf; anything else
	// after two colons ("::std::vector", "::note this") stays text. Three
	// colons and a name always open a container.
	if i < len(line) && line[i] != '[' && line[i] != '{' && f.colons == 2 {
		return f, false
	}
	if i < len(line) && line[i] == '[' {
		depth := 0
		j := i + 1
		for ; j < len(line); j++ {
			c := line[j]
			if c == '\\' {
				j++
				continue
			}
			if c == '[' {
				depth++
			} else if c == ']' {
				if depth == 0 {
					break
				}
				depth--
			}
		}
		if j >= len(line) {
			f.broken = "the [label] is not closed on its line: add ]"
			return f, true
		}
		f.labelStart, f.labelEnd = i+1, j
		i = j + 1
	}
	if i < len(line) && line[i] == '{' {
		attrs, n, problem := parseAttrs(line[i:])
		if problem != "" {
			f.broken = problem
			return f, true
		}
		f.attrs, f.attrsAt = attrs, i
		i += n
	}
	if rest := bytes.TrimSpace(line[i:]); len(rest) != 0 {
		f.broken = fmt.Sprintf("unexpected %q after the annotation: the line holds only %s[label]{attributes}", rest, strings.Repeat(":", f.colons)+f.name)
		if f.colons > 2 && f.labelStart < 0 && f.attrsAt < 0 {
			f.broken += fmt.Sprintf(", such as %s{%s}", strings.Repeat(":", f.colons)+f.name, rest)
		}
		return f, true
	}
	return f, true
}

// isClosingFence reports whether line closes a container opened with colons.
func isClosingFence(line []byte, colons int) bool {
	t := bytes.TrimSpace(line)
	if len(t) < colons || len(line)-len(bytes.TrimLeft(line, " ")) > 3 {
		return false
	}
	for _, c := range t {
		if c != ':' {
			return false
		}
	}
	return true
}

// lineLen is the length of line without its line ending.
func lineLen(line []byte) int {
	return len(bytes.TrimRight(line, "\r\n"))
}

// leafParser parses "::name[label]{attrs}" alone on a line.
type leafParser struct{}

func (leafParser) Trigger() []byte { return []byte{':'} }

func (leafParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	f, ok := readFence(line)
	if !ok || f.colons != 2 {
		return nil, parser.NoChildren
	}
	sawDirective(pc)
	d := &Directive{Form: Leaf, Name: f.name, Attrs: f.attrs, Offset: seg.Start + f.indent, AttrsOffset: -1, closed: true, Broken: f.broken}
	if f.broken != "" {
		// The line is shown as it was written; the build fails anyway.
		d.Lines().Append(text.NewSegment(seg.Start+f.indent, seg.Start+lineLen(line)))
		reader.Advance(lineLen(line))
		return d, parser.NoChildren
	}
	if f.attrsAt >= 0 {
		d.AttrsOffset = seg.Start + f.attrsAt
	}
	if f.labelStart >= 0 {
		d.HasLabel = true
		d.Lines().Append(text.NewSegment(seg.Start+f.labelStart, seg.Start+f.labelEnd))
	}
	reader.Advance(lineLen(line))
	return d, parser.NoChildren
}

func (leafParser) Continue(ast.Node, text.Reader, parser.Context) parser.State { return parser.Close }
func (leafParser) Close(ast.Node, text.Reader, parser.Context)                 {}
func (leafParser) CanInterruptParagraph() bool                                 { return true }
func (leafParser) CanAcceptIndentedLine() bool                                 { return false }

// containerParser parses ":::name[label]{attrs}" … ":::". A closing fence
// needs at least as many colons as the opening one, so containers nest by
// giving the outer one more colons.
type containerParser struct{}

func (containerParser) Trigger() []byte { return []byte{':'} }

func (containerParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	f, ok := readFence(line)
	if !ok || f.colons < 3 {
		return nil, parser.NoChildren
	}
	sawDirective(pc)
	d := &Directive{Form: Container, Name: f.name, Attrs: f.attrs, Offset: seg.Start + f.indent, AttrsOffset: -1, Colons: f.colons, closed: true, Broken: f.broken}
	if f.attrsAt >= 0 {
		d.AttrsOffset = seg.Start + f.attrsAt
	}
	if f.labelStart >= 0 {
		d.HasLabel = true
		label := ast.NewParagraph()
		label.SetAttributeString(LabelAttr, []byte("true"))
		label.Lines().Append(text.NewSegment(seg.Start+f.labelStart, seg.Start+f.labelEnd))
		d.AppendChild(d, label)
	}
	reader.Advance(lineLen(line))
	return d, parser.HasChildren
}

func (containerParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	d := node.(*Directive)
	line, _ := reader.PeekLine()
	if isClosingFence(line, d.Colons) {
		reader.Advance(lineLen(line))
		d.fenced = true
		return parser.Close
	}
	return parser.Continue | parser.HasChildren
}

func (containerParser) Close(ast.Node, text.Reader, parser.Context) {}
func (containerParser) CanInterruptParagraph() bool                 { return true }
func (containerParser) CanAcceptIndentedLine() bool                 { return false }
