package annotate

import (
	"bytes"
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/gloss-ssg/gloss/generator/diag"
	"github.com/gloss-ssg/gloss/generator/markdown"
)

// Entity is a content page that annotations refer to by id: a person, an
// organisation, a glossary term or a source; or a speaker a source leaves
// unnamed, which has no page.
type Entity struct {
	Kind    string // "person", "organisation", "term", "source", or KindUnnamed
	ID      string // the page's file name without .md: "li-keqiang"
	Title   string
	Href    string // the page's link
	Summary string
	Params  map[string]any
	// Paragraphs is a source's numbered paragraphs, as plain text.
	Paragraphs []string
	// Text is the same paragraphs prepared for misquote messages, shared by
	// every page of a build; nil prepares them anew for each message.
	Text *SourceText
	// Attributions are the spans of a source's paragraphs that it gives to
	// someone (:said), in order: by paragraph, then as they stand in it.
	Attributions []Attribution
	// Unnamed are the speakers a source leaves unnamed ("according to
	// analysts"), declared in its front matter as unnamed_speakers.
	Unnamed []Entity
}

// KindUnnamed is the kind of a speaker a source leaves unnamed: it has an
// id and the source's words for it ("analysts"), and no page.
const KindUnnamed = "unnamed"

// KindSpeaker is what who= looks up: a person or an organisation.
const KindSpeaker = "speaker"

// Speaker is how a caption names the entity: its title, and for a speaker
// the source leaves unnamed, says so.
func (e Entity) Speaker() string {
	if e.Kind == KindUnnamed {
		return e.Title + " (unnamed in the source)"
	}
	return e.Title
}

// SelfResolver is implemented by resolvers that can describe the page being
// converted as a source, so that :said finds the unnamed speakers it
// declares.
type SelfResolver interface {
	Self() Entity
}

// Attribution is words a source gives to a person, marked with :said.
type Attribution struct {
	Paragraph int
	Who       string // the speaker's id: a person, organisation or unnamed speaker
	Form      string // FormDirect or FormReported
	Text      string // the words, as in the paragraph's plain text
}

// Param returns a front matter value as text, for templates.
func (e Entity) Param(key string) string {
	if v, ok := e.Params[key]; ok && v != nil {
		return fmt.Sprint(v)
	}
	return ""
}

// Reference is one use of an entity by a page, collected for backlinks.
type Reference struct {
	Kind      string // the annotation kind: quote, cite, term, person, stat
	Entity    string // the entity's kind
	ID        string // the entity's id
	Paragraph int    // for citations and quotes: the cited paragraph
	Anchor    string // the annotation's id on the citing page, if any
	Text      string // for quotes and attributions: the words
	Form      string // for quotes and attributions: FormDirect, FormReported …
	Directive *Directive
	Pos       diag.Position // where the annotation is written
}

// Resolver answers an annotation's questions about the rest of the site.
// Each page gets its own, passed to markdown.Convert in Input.Values under
// ResolverKey.
type Resolver interface {
	// Entity finds a person, term or source by id.
	Entity(kind, id string) (Entity, bool)
	// EntityIDs lists the ids of a kind, for "did you mean".
	EntityIDs(kind string) []string
	// Record keeps a reference for backlinks and indexes.
	Record(Reference)
}

// ResolverKey is the markdown.Input.Values key of a page's Resolver.
type resolverKeyType struct{}

// ResolverKey is the key a page's Resolver is passed under.
var ResolverKey = resolverKeyType{}

// Check is handed to a kind's Resolve function: the directive's page, its
// resolver, and helpers that report problems at the right place.
type Check struct {
	page     pageInfo
	resolver Resolver
	source   []byte
	d        *Directive
	counters map[string]int // per id prefix: quote-1, quote-2, sn-1 …
	failed   bool           // an error was reported: render the directive as plain text
	// closedByGloss: the page passed markdown.MaxOpenLines, which closed
	// its containers (reported there), so an unclosed one is not the
	// author's doing.
	closedByGloss bool
}

// Errorf reports an error at the directive.
func (c *Check) Errorf(format string, args ...any) { c.errorAt(c.d.Offset, format, args...) }

// AttrErrorf reports an error at one of the directive's attributes.
func (c *Check) AttrErrorf(name, format string, args ...any) {
	c.errorAt(c.attrOffset(name), format, args...)
}

func (c *Check) errorAt(offset int, format string, args ...any) {
	c.failed = true
	c.page.Errorf(offset, format, args...)
}

// Warnf reports a warning at the directive.
func (c *Check) Warnf(format string, args ...any) { c.page.Warnf(c.d.Offset, format, args...) }

func (c *Check) attrOffset(name string) int {
	for _, a := range c.d.Attrs {
		if a.Key == name && c.d.AttrsOffset >= 0 {
			return c.d.AttrsOffset + a.Offset
		}
	}
	if c.d.AttrsOffset >= 0 {
		return c.d.AttrsOffset
	}
	return c.d.Offset
}

// Resolver is the page's resolver; nil when converting outside a site.
func (c *Check) Resolver() Resolver { return c.resolver }

// Entity resolves the Ref attribute name to its entity, reporting an unknown
// id with a suggestion. ok is false when the attribute is absent or unknown.
func (c *Check) Entity(name string) (Entity, bool) {
	id, has := c.d.Attrs.Get(name)
	spec := c.d.Schema.attr(name)
	if !has || spec == nil || c.resolver == nil {
		return Entity{}, false
	}
	return c.entity(name, spec.Entity, id)
}

func (c *Check) entity(attr, kind, id string) (Entity, bool) {
	if c.resolver == nil {
		return Entity{}, false
	}
	e, ok := c.resolver.Entity(kind, id)
	if !ok {
		if dr, isDR := c.resolver.(DraftResolver); isDR {
			if file, isDraft := dr.DraftEntity(kind, id); isDraft {
				c.AttrErrorf(attr, "%s %q is %s, a draft left out of this build (build with --drafts, or remove draft: true)", kindNoun(kind), id, file)
				return e, false
			}
		}
		c.AttrErrorf(attr, "unknown %s %q%s", kindNoun(kind), id, diag.DidYouMean(id, c.resolver.EntityIDs(kind)))
	}
	return e, ok
}

// speaker resolves who= to a person, an organisation, or a speaker src
// leaves unnamed; an unknown id is reported with a suggestion from all three.
func (c *Check) speaker(attr string, src Entity) (Entity, bool) {
	id, has := c.d.Attrs.Get(attr)
	if !has || c.resolver == nil {
		return Entity{}, false
	}
	if e, ok := c.speakerOf(id, src); ok {
		return e, true
	}
	ids := c.resolver.EntityIDs(KindSpeaker)
	for _, u := range src.Unnamed {
		ids = append(ids, u.ID)
	}
	if dr, isDR := c.resolver.(DraftResolver); isDR {
		if file, isDraft := dr.DraftEntity(KindSpeaker, id); isDraft {
			c.AttrErrorf(attr, "speaker %q is %s, a draft left out of this build (build with --drafts, or remove draft: true)", id, file)
			return Entity{}, false
		}
	}
	hint := ""
	switch {
	case len(src.Unnamed) > 0:
		var unnamed []string
		for _, u := range src.Unnamed {
			unnamed = append(unnamed, u.ID)
		}
		hint = fmt.Sprintf(" (%s's: %s)", src.ID, strings.Join(unnamed, ", "))
	case src.ID != "":
		hint = "; a speaker the source leaves unnamed is declared in its front matter: unnamed_speakers: [\"analysts\"]"
	}
	c.AttrErrorf(attr, "unknown speaker %q%s: who= names a person, an organisation, or a speaker %s leaves unnamed%s", id, diag.DidYouMean(id, ids), orSource(src), hint)
	return Entity{}, false
}

func orSource(src Entity) string {
	if src.ID == "" {
		return "the source"
	}
	return src.ID
}

// DraftResolver is implemented by resolvers that know the entity pages
// left out of a build as drafts, so that a use of one says why it fails
// instead of calling it unknown.
type DraftResolver interface {
	// DraftEntity returns the file of the draft that would be the entity.
	DraftEntity(kind, id string) (file string, ok bool)
}

// CitedParagraph resolves a SOURCE#pN attribute: the source and the text of
// its paragraph, reporting an unknown source or a paragraph out of range.
func (c *Check) CitedParagraph(name string) (src Entity, n int, text string, ok bool) {
	v, has := c.d.Attrs.Get(name)
	if !has || c.resolver == nil {
		return Entity{}, 0, "", false
	}
	id, n, err := ParseCitation(v)
	if err != nil {
		c.AttrErrorf(name, "%s %v", name, err)
		return Entity{}, 0, "", false
	}
	return c.paragraph(name, id, n)
}

func (c *Check) paragraph(attr, sourceID string, n int) (Entity, int, string, bool) {
	src, ok := c.entity(attr, "source", sourceID)
	if !ok {
		return Entity{}, 0, "", false
	}
	if n > len(src.Paragraphs) {
		c.AttrErrorf(attr, "%s has %d paragraphs: there is no ¶%d", sourceID, len(src.Paragraphs), n)
		return src, 0, "", false
	}
	return src, n, src.Paragraphs[n-1], true
}

// sourceParagraph finds the numbered paragraph of a source page that holds
// the directive: its number, its plain text (as markdown numbers it), and
// where the directive's words start and end in that text.
func (c *Check) sourceParagraph() (n int, text string, start, end int, ok bool) {
	if !c.page.Numbered() {
		return 0, "", 0, 0, false
	}
	var top ast.Node = c.d
	for top.Parent() != nil && top.Parent().Kind() != ast.KindDocument {
		top = top.Parent()
	}
	if _, isPara := top.(*ast.Paragraph); !isPara || top.Parent() == nil {
		return 0, "", 0, 0, false
	}
	for p := top; p != nil; p = p.PreviousSibling() {
		if _, isPara := p.(*ast.Paragraph); isPara {
			n++
		}
	}
	var b strings.Builder
	start, end = -1, -1
	_ = ast.Walk(top, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		if node == c.d {
			if entering {
				start = b.Len()
			} else {
				end = b.Len()
			}
			return ast.WalkContinue, nil
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		// The same text markdown keeps of a numbered paragraph.
		switch node := node.(type) {
		case *ast.Text:
			b.WriteString(html.UnescapeString(string(node.Segment.Value(c.source))))
			if node.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.WriteString(html.UnescapeString(string(node.Value)))
		}
		return ast.WalkContinue, nil
	})
	if start < 0 || end < start {
		return 0, "", 0, 0, false
	}
	return n, b.String(), start, end, true
}

// exampleID is an id of the site being built, for a message's example.
func (c *Check) exampleID(kind string) string {
	if c.resolver != nil {
		if ids := c.resolver.EntityIDs(kind); len(ids) > 0 {
			return ids[0]
		}
	}
	return "ID"
}

// exampleCitation is a citation of the site being built, for a message's example.
func (c *Check) exampleCitation() string { return c.exampleID("source") + "#p1" }

// Record keeps a reference for backlinks.
func (c *Check) Record(r Reference) {
	if c.resolver != nil {
		r.Directive = c.d
		r.Pos = c.page.Position(c.d.Offset)
		c.resolver.Record(r)
	}
}

// NewID gives the directive an anchor on its page ("quote-2") and returns
// it with its number, counted per page and prefix.
func (c *Check) NewID(prefix string) (string, int) {
	c.counters[prefix]++
	n := c.counters[prefix]
	id := prefix + "-" + strconv.Itoa(n)
	c.d.ID = id
	c.page.AddID(id)
	return id, n
}

// AddID records an id the directive gives its page.
func (c *Check) AddID(id string) {
	c.d.ID = id
	c.page.AddID(id)
}

// PlainText is the directive's text content (its label or its blocks) as a
// reader sees it.
func (c *Check) PlainText() string { return plainText(c.d, c.source) }

func kindNoun(kind string) string {
	switch kind {
	case "term":
		return "glossary term"
	case KindSpeaker:
		return "speaker"
	}
	return kind
}

// pageInfo is the part of markdown.Page the checks use.
type pageInfo interface {
	Position(offset int) diag.Position
	Errorf(offset int, format string, args ...any)
	Warnf(offset int, format string, args ...any)
	AddID(id string)
	// Numbered says the page is a source with numbered paragraphs.
	Numbered() bool
}

// noPage stands in when goldmark is used on its own (goldmark-style case
// files): annotations are parsed and rendered, problems are not reported.
type noPage struct{}

func (noPage) Position(int) diag.Position { return diag.Position{} }
func (noPage) Errorf(int, string, ...any) {}
func (noPage) Warnf(int, string, ...any)  {}
func (noPage) AddID(string)               {}
func (noPage) Numbered() bool             { return false }

// MaxAnnotations is how many annotations a page may hold: hundreds of times
// what a long explainer has (the example site's most annotated page has 56).
// Each costs a run of the theme's template and its checks, about 45 µs in a
// whole build, so 105,000 citations in a 2 MB paragraph took 4.7 s of CPU
// and 505 MB (BENCHMARKS.md, "Hostile input").
const MaxAnnotations = 10000

// transformer checks every directive of a page against the vocabulary.
type transformer struct {
	vocab Vocabulary
}

func (t transformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	if pc.Get(seenKey) == nil {
		return // no parser made a directive on this page
	}
	var page pageInfo = noPage{}
	var resolver Resolver
	closedByGloss := false
	if p := markdown.PageOf(pc); p != nil {
		page = p
		resolver, _ = p.Value(ResolverKey).(Resolver)
		closedByGloss = p.OutOfOpenLines()
	}
	counters := map[string]int{}
	var directives []*Directive
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if d, ok := n.(*Directive); ok && entering {
			directives = append(directives, d)
		}
		return ast.WalkContinue, nil
	})
	for i, d := range directives {
		c := &Check{page: page, resolver: resolver, source: reader.Source(), d: d, counters: counters, closedByGloss: closedByGloss}
		if i >= MaxAnnotations {
			// Unchecked, a directive has no Schema and is rendered as its
			// text: no template runs for the annotations past the bound.
			if i == MaxAnnotations {
				c.Errorf("more than %d annotations on this page: gloss stops at %d; split the page", MaxAnnotations, MaxAnnotations)
			}
			continue
		}
		t.check(c, d)
	}
	if resolver != nil && !page.Numbered() {
		checkProseQuotations(doc, reader.Source(), &Check{page: page, resolver: resolver, source: reader.Source(), counters: counters})
	}
}

func (t transformer) check(c *Check, d *Directive) {
	if d.Form == Container && !d.fenced && !c.closedByGloss {
		c.Errorf("%s is never closed: end it with a line of %s", d.opening(), strings.Repeat(":", d.Colons))
	}
	if d.Broken != "" {
		c.Errorf("%s: %s", d.opening(), d.Broken)
		return
	}
	k := t.vocab[d.Name]
	if k == nil {
		c.Errorf("unknown annotation %q%s", d.Name, diag.DidYouMean(d.Name, t.vocab.Names()))
		return
	}
	if k.Forms&d.Form == 0 {
		c.Errorf("%s must be written as %s, not as %s", d.Name, k.forms(), d.Form)
		return
	}
	d.Schema = k
	switch {
	case k.Label == LabelRequired && (!d.HasLabel || labelEmpty(d, c.source)):
		c.Errorf("%s needs a [label]: the text the reader sees", d.Name)
	case k.Label == LabelNone && d.HasLabel && d.Form != Container:
		c.Errorf("%s takes no [label]", d.Name)
	}
	ok := true
	seen := map[string]bool{}
	for _, a := range d.Attrs {
		switch {
		case a.Key == "class":
			continue
		case a.Key == "id" && k.AllowID:
			if !ValidID(a.Value) {
				c.errorAt(d.AttrsOffset+a.Offset, "%q cannot be an id: an id is letters, digits, - and _, such as #basic-research", a.Value)
				ok = false
				continue
			}
		case k.attr(a.Key) == nil:
			c.errorAt(d.AttrsOffset+a.Offset, "%s has no attribute %q%s", d.Name, a.Key, diag.DidYouMean(a.Key, k.attrNames()))
			ok = false
			continue
		}
		if seen[a.Key] {
			c.errorAt(d.AttrsOffset+a.Offset, "attribute %q is given twice", a.Key)
			ok = false
		}
		seen[a.Key] = true
		if spec := k.attr(a.Key); spec != nil && !checkValue(c, spec, a) {
			ok = false
		}
	}
	for _, spec := range k.Attrs {
		if spec.Required && !seen[spec.Name] {
			c.Errorf("%s needs the attribute %s%s", d.Name, spec.Name, c.example(spec))
			ok = false
		}
	}
	if d.Form == Container && k.Contains != nil {
		for ch := d.FirstChild(); ch != nil; ch = ch.NextSibling() {
			_ = ast.Walk(ch, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
				if inner, isDir := n.(*Directive); isDir && entering && !contains(k.Contains, inner.Name) {
					c.page.Errorf(inner.Offset, "%s cannot be used inside %s", inner.Name, d.Name)
				}
				return ast.WalkContinue, nil
			})
		}
	}
	if ok && k.Resolve != nil {
		k.Resolve(c, d)
	}
	if !ok || c.failed {
		d.Schema = nil // render the text as plain Markdown; the build fails anyway
	}
}

func checkValue(c *Check, spec *AttrSpec, a Attr) bool {
	switch spec.Type {
	case Enum:
		if !contains(spec.Values, a.Value) {
			c.AttrErrorf(a.Key, "%s=%q is not one of %s%s", a.Key, a.Value, joinQuoted(spec.Values), diag.DidYouMean(a.Value, spec.Values))
			return false
		}
	case Number:
		if _, err := strconv.Atoi(a.Value); err != nil {
			c.AttrErrorf(a.Key, "%s=%q must be a whole number", a.Key, a.Value)
			return false
		}
	case Paragraph:
		if _, err := ParseParagraph(a.Value); err != nil {
			c.AttrErrorf(a.Key, "%s %v", a.Key, err)
			return false
		}
	case Citation:
		if _, _, err := ParseCitation(a.Value); err != nil {
			c.AttrErrorf(a.Key, "%s %v, such as %s", a.Key, err, c.exampleCitation())
			return false
		}
	case Ref:
		if !ValidID(a.Value) {
			c.AttrErrorf(a.Key, "%s=%q cannot be an id: an id is letters, digits, - and _, such as %s", a.Key, a.Value, c.exampleID(spec.Entity))
			return false
		}
	case Text:
		if a.Value == "" {
			c.AttrErrorf(a.Key, "%s is empty", a.Key)
			return false
		}
	}
	return true
}

// opening is how the directive is written, up to its name: ":::quote".
func (d *Directive) opening() string {
	switch d.Form {
	case Container:
		return strings.Repeat(":", d.Colons) + d.Name
	case Leaf:
		return "::" + d.Name
	}
	return ":" + d.Name
}

// example shows a value for a missing attribute, with an id of the site
// being built: an example from another site would only puzzle its author.
func (c *Check) example(spec AttrSpec) string {
	switch spec.Type {
	case Ref:
		if c.resolver == nil || len(c.resolver.EntityIDs(spec.Entity)) == 0 {
			return fmt.Sprintf(" (the id of a %s)", kindNoun(spec.Entity))
		}
		return fmt.Sprintf(", such as %s=%s", spec.Name, c.exampleID(spec.Entity))
	case Citation:
		return fmt.Sprintf(", such as %s=%s", spec.Name, c.exampleCitation())
	case Enum:
		return " (one of " + joinQuoted(spec.Values) + ")"
	}
	return ""
}

func joinQuoted(vs []string) string {
	var b bytes.Buffer
	for i, v := range vs {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(v))
	}
	return b.String()
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func labelEmpty(d *Directive, src []byte) bool {
	if d.Form == Container {
		return d.FirstChild() == nil
	}
	return len(bytes.TrimSpace([]byte(plainText(d, src)))) == 0
}

// plainText is the text of a directive's label and content, without markup.
func plainText(n ast.Node, src []byte) string {
	var b bytes.Buffer
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if _, ok := c.(*ast.Paragraph); ok {
				b.WriteByte(' ')
			}
			return ast.WalkContinue, nil
		}
		if p, ok := c.(*ast.Paragraph); ok {
			if _, isLabel := p.AttributeString(LabelAttr); isLabel && c != n {
				return ast.WalkSkipChildren, nil
			}
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return html.UnescapeString(string(bytes.TrimSpace(b.Bytes())))
}
