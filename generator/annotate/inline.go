package annotate

import (
	"fmt"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// maxLabelLines bounds how far an inline label may run, so a paragraph full
// of stray ":x[" costs linear time.
const maxLabelLines = 32

var pendingKey = parser.NewContextKey()

// seenKey marks a document in which a parser made a directive: the checks
// then walk it; most pages of a big site have none and are not walked.
var seenKey = parser.NewContextKey()

func sawDirective(pc parser.Context) { pc.Set(seenKey, true) }

// pending maps the source offset of an inline directive's closing "]" to the
// directive waiting for it.
type pending map[int]*pendingClose

type pendingClose struct {
	node      *Directive
	bottom    ast.Node // the last emphasis delimiter before the label, for ProcessDelimiters
	attrsLen  int      // bytes from "]" to the end of "{…}", 1 when there are none
	attrs     Attrs
	hasAttrs  bool
	attrStart int
}

// inlineOpener parses ":name[" when the whole directive is well formed,
// leaving the label to goldmark's inline parsers (so *emphasis* and links
// work in labels); inlineCloser then takes "]{attrs}".
type inlineOpener struct {
	// vocabulary tells a known kind's unclosed "[" (an error) from prose
	// that only looks like one.
	vocabulary Vocabulary
}

func (inlineOpener) Trigger() []byte { return []byte{':'} }

func (o inlineOpener) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 3 {
		return nil
	}
	// "a:b[c]", "10:30[x]" and "::x" are not directives: the colon must not
	// follow a letter, digit or another colon.
	if prev := block.PrecendingCharacter(); prev == ':' || prev < 128 && (isNameByte(byte(prev)) || prev == '\\') {
		return nil
	}
	i := 1
	if !isNameStart(line[i]) {
		return nil
	}
	for i < len(line) && isNameByte(line[i]) {
		i++
	}
	name := string(line[1:i])
	if i >= len(line) {
		return nil
	}
	d := &Directive{Form: Inline, Name: name, Offset: seg.Start, AttrsOffset: -1}
	switch line[i] {
	case '{':
		// :name{attrs}: no label.
		attrs, n, problem := parseAttrs(line[i:])
		if problem != "" {
			return brokenInline(d, block, pc, i, problem)
		}
		d.Attrs, d.AttrsOffset, d.closed = attrs, seg.Start+i, true
		block.Advance(i + n)
		sawDirective(pc)
		return d
	case '[':
	default:
		return nil
	}
	closeAt, attrsLen, attrs, hasAttrs, problem, ok := findLabelEnd(block, i+1, pc)
	if problem != "" {
		return brokenInline(d, block, pc, i, problem)
	}
	if !ok {
		// A known kind whose label never closes (":cite[¶3 and the rest of
		// the paragraph") is a mistake the author must see: published as
		// text, the citation would silently vanish. Any other name is prose
		// that merely looks like one (":name[unclosed"). Only the first in a
		// paragraph is reported: every opener after it lies inside its
		// label, and a line of 250,000 of them gave as many errors and
		// 730 MB.
		if _, known := o.vocabulary[name]; known && !unclosedReported(pc) {
			return brokenInline(d, block, pc, i, fmt.Sprintf("the [label] is not closed: add ] where it ends (in its paragraph, within %d lines)", maxLabelLines))
		}
		return nil
	}
	d.HasLabel = true
	sawDirective(pc)
	d.opener = append([]byte(nil), line[:i+1]...)
	p, _ := pc.Get(pendingKey).(pending)
	if p == nil {
		p = pending{}
		pc.Set(pendingKey, p)
	}
	p[closeAt] = &pendingClose{node: d, bottom: pc.LastDelimiter(), attrsLen: attrsLen, attrs: attrs, hasAttrs: hasAttrs, attrStart: closeAt + 1}
	block.Advance(i + 1)
	return d
}

// brokenInline makes an inline directive whose syntax is broken (its
// attribute list is not closed, say): the ":name" of length n becomes a
// directive that reports problem; the rest stays text.
func brokenInline(d *Directive, block text.Reader, pc parser.Context, n int, problem string) ast.Node {
	_, seg := block.PeekLine()
	d.Broken, d.closed = problem, true
	d.AppendChild(d, ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+n)))
	block.Advance(n)
	sawDirective(pc)
	return d
}

// findLabelEnd finds the "]" that closes the label whose first byte is at
// offset from in the current line: the first "]" outside code spans and
// not escaped where the brackets opened since balance, within maxLabelLines
// lines of the paragraph. It then reads the {attrs} right after it, and
// leaves the reader where it was. problem says what is wrong with an
// attribute list that follows the label but is broken.
//
// Scanning afresh from every opener cost the rest of the paragraph each
// time: a line of 20,000 ":x[" took 2.8 s, four times as long per doubling.
// One scan (a labelScan) matches every bracket after the opener it starts
// from, and the openers after it look their "]" up in it.
func findLabelEnd(block text.Reader, from int, pc parser.Context) (closeAt, attrsLen int, attrs Attrs, hasAttrs bool, problem string, ok bool) {
	_, seg := block.PeekLine()
	open := seg.Start + from - 1
	scan, _ := pc.Get(labelScanKey).(*labelScan)
	m, found := scan.lookup(open)
	if !found {
		scan = newLabelScan(block, from)
		pc.Set(labelScanKey, scan)
		m, _ = scan.lookup(open)
	}
	if m.close < 0 || m.closeLine-m.openLine >= maxLabelLines {
		return 0, 0, nil, false, "", false
	}
	rest := scan.lines[m.closeLine].rest(m.close + 1)
	if len(rest) > 0 && rest[0] == '{' {
		a, n, problem := parseAttrs(rest)
		if problem != "" {
			return 0, 0, nil, false, problem, false
		}
		return m.close, 1 + n, a, true, "", true
	}
	return m.close, 1, nil, false, "", true
}

var labelScanKey = parser.NewContextKey()

// unclosedReported reports whether the paragraph's scan has already had an
// unclosed label reported, and marks it so.
func unclosedReported(pc parser.Context) bool {
	scan, _ := pc.Get(labelScanKey).(*labelScan)
	if scan == nil {
		return false
	}
	was := scan.unclosedReported
	scan.unclosedReported = true
	return was
}

// labelScan is one scan of a paragraph from an inline opener's "[" to the
// paragraph's end, with every "[" it met (outside code spans, unescaped)
// matched to its "]". A scan from a later "[" that this one met outside a
// code span would see the same bytes in the same state, so its answer is
// already here.
type labelScan struct {
	unclosedReported bool
	lines            []scanLine
	matches          map[int]bracketMatch // by the offset of "["
}

type scanLine struct {
	text  []byte
	start int // source offset of text[0]
}

func (l scanLine) rest(offset int) []byte { return l.text[offset-l.start:] }

type bracketMatch struct {
	close               int // source offset of the "]", or -1
	openLine, closeLine int // indexes into lines
}

func (s *labelScan) lookup(open int) (bracketMatch, bool) {
	if s == nil {
		return bracketMatch{}, false
	}
	m, ok := s.matches[open]
	return m, ok
}

// newLabelScan scans from the "[" just before offset from in the current
// line to the end of the paragraph, leaving the reader where it was.
func newLabelScan(block text.Reader, from int) *labelScan {
	lineNo, pos := block.Position()
	defer block.SetPosition(lineNo, pos)
	s := &labelScan{matches: map[int]bracketMatch{}}
	type opened struct{ at, line int }
	_, seg := block.PeekLine()
	stack := []opened{{seg.Start + from - 1, 0}}
	ticks := 0 // length of an open code span's backtick run
	for n := 0; ; n++ {
		line, seg := block.PeekLine()
		if line == nil {
			break
		}
		s.lines = append(s.lines, scanLine{line, seg.Start})
		start := 0
		if n == 0 {
			start = from
		}
		for i := start; i < len(line); i++ {
			c := line[i]
			switch {
			case c == '\\' && ticks == 0:
				i++
			case c == '`':
				run := 1
				for i+run < len(line) && line[i+run] == '`' {
					run++
				}
				if ticks == 0 {
					ticks = run
				} else if ticks == run {
					ticks = 0
				}
				i += run - 1
			case ticks > 0:
			case c == '[':
				stack = append(stack, opened{seg.Start + i, n})
			case c == ']' && len(stack) > 0:
				o := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				s.matches[o.at] = bracketMatch{close: seg.Start + i, openLine: o.line, closeLine: n}
			}
		}
		block.AdvanceLine()
	}
	for _, o := range stack {
		s.matches[o.at] = bracketMatch{close: -1, openLine: o.line}
	}
	return s
}

// inlineCloser parses the "]{attrs}" that closes a pending inline directive.
// It runs before goldmark's link parser, which also watches "]".
type inlineCloser struct{}

func (inlineCloser) Trigger() []byte { return []byte{']'} }

func (inlineCloser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	p, _ := pc.Get(pendingKey).(pending)
	if len(p) == 0 {
		return nil
	}
	_, seg := block.PeekLine()
	pc2, ok := p[seg.Start]
	if !ok {
		return nil
	}
	delete(p, seg.Start)
	d := pc2.node
	if d.Parent() != parent {
		return nil // the label's "]" ended up inside another construct: leave it to others
	}
	parser.ProcessDelimiters(pc2.bottom, pc)
	// Like goldmark's links: the label's nodes move into the directive, and
	// the directive is returned to be appended where the label ended.
	for c := d.NextSibling(); c != nil; {
		next := c.NextSibling()
		parent.RemoveChild(parent, c)
		d.AppendChild(d, c)
		c = next
	}
	parent.RemoveChild(parent, d)
	if pc2.hasAttrs {
		d.Attrs, d.AttrsOffset = pc2.attrs, pc2.attrStart
	}
	d.closed = true
	block.Advance(pc2.attrsLen)
	return d
}

// CloseBlock turns openers whose label never closed back into text.
func (inlineCloser) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	p, _ := pc.Get(pendingKey).(pending)
	for off, pc2 := range p {
		d := pc2.node
		if d.closed || d.Parent() == nil {
			delete(p, off)
			continue
		}
		if d.Parent() == parent || isDescendant(parent, d) {
			t := ast.NewString(d.opener)
			t.SetCode(true)
			d.Parent().ReplaceChild(d.Parent(), d, t)
			delete(p, off)
		}
	}
}

func isDescendant(root, n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p == root {
			return true
		}
	}
	return false
}
