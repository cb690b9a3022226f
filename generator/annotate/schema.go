package annotate

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// AttrType says what an attribute's value must be.
type AttrType int

const (
	Text      AttrType = iota
	Ref                // the id of an entity page: a person, a term, a source
	Citation           // SOURCE#pN: a numbered paragraph of a source
	Enum               // one of Values
	Number             // a whole number
	Paragraph          // a paragraph number, N or ¶N
)

// AttrSpec declares one attribute of a kind.
type AttrSpec struct {
	Name     string
	Type     AttrType
	Required bool
	Entity   string   // for Ref: "person", "term", "source", "stat"
	Values   []string // for Enum
	Doc      string
}

// Label says whether a kind takes a [label].
type Label int

const (
	LabelOptional Label = iota
	LabelRequired
	LabelNone
)

// Kind is the schema of one annotation kind: where it may stand, what it
// takes, and how its references are resolved and finished. Adding a kind is
// a Kind in the vocabulary plus a template annotations/<name>.html in each
// theme.
type Kind struct {
	Name  string
	Forms Form
	Label Label
	Attrs []AttrSpec
	// Contains, for containers, lists the annotation kinds that may be nested
	// inside; nil allows any.
	Contains []string
	// AllowID lets the kind take an #id (and gives it one when it is the
	// target of links, e.g. stat definitions).
	AllowID bool
	Doc     string
	// Resolve checks references and fills d.Data. It reports problems
	// through c. It may be nil.
	Resolve func(c *Check, d *Directive)
	// Finish, for a kind that shows what only the whole site knows, renders
	// the placeholder its annotation was rendered as (its Data is Deferred:
	// see Vocabulary.Finish), once every page is read. It may be nil.
	Finish Finisher
}

// Vocabulary is a set of kinds by name.
type Vocabulary map[string]*Kind

// Names lists the kinds, sorted.
func (v Vocabulary) Names() []string {
	out := make([]string, 0, len(v))
	for n := range v {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func (k *Kind) attr(name string) *AttrSpec {
	for i := range k.Attrs {
		if k.Attrs[i].Name == name {
			return &k.Attrs[i]
		}
	}
	return nil
}

func (k *Kind) attrNames() []string {
	var out []string
	for _, a := range k.Attrs {
		out = append(out, a.Name)
	}
	if k.AllowID {
		out = append(out, "id")
	}
	return append(out, "class")
}

func (k *Kind) forms() string {
	var parts []string
	for _, f := range []Form{Inline, Leaf, Container} {
		if k.Forms&f != 0 {
			parts = append(parts, f.String())
		}
	}
	return strings.Join(parts, " or ")
}

// ParseCitation splits "report-article#p13" (or "report-article#13",
// "report-article¶13") into a source id and a paragraph number.
func ParseCitation(v string) (source string, paragraph int, err error) {
	src, para, ok := strings.Cut(v, "#")
	if !ok {
		src, para, ok = strings.Cut(v, "¶")
	}
	if !ok || src == "" {
		return "", 0, fmt.Errorf("%q must name a source and a paragraph, SOURCE#pN", v)
	}
	n, err := ParseParagraph(para)
	if err != nil {
		return "", 0, fmt.Errorf("%q: %v", v, err)
	}
	return src, n, nil
}

// ParseParagraph reads a paragraph number written as 13, p13, ¶13 or ¶ 13.
func ParseParagraph(v string) (int, error) {
	s := strings.TrimSpace(v)
	s = strings.TrimPrefix(s, "¶")
	s = strings.TrimPrefix(s, "p")
	s = strings.TrimSpace(strings.TrimPrefix(s, "\u00a0"))
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%q is not a paragraph number such as p13", v)
	}
	return n, nil
}
