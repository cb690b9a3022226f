package annotate_test

import (
	"html"
	"io"
	"testing"

	"github.com/yuin/goldmark"

	"github.com/gloss-ssg/gloss/generator/annotate"
	"github.com/gloss-ssg/gloss/generator/diag"
	"github.com/gloss-ssg/gloss/generator/markdown"
)

// valueData is the Data of :value{ref=ID}: the figure's id, shown once
// every page is read.
type valueData struct{ id string }

func (v valueData) Deferred() (string, bool) { return v.id, true }

// valueKind is a kind written outside the package, as a site's own
// vocabulary would: a key figure's value in the prose, wherever the figure
// is defined. Its schema, its resolving and its finishing are this one
// value; nothing else learns of it.
var valueKind = &annotate.Kind{
	Name: "value", Forms: annotate.Inline, Label: annotate.LabelNone,
	Attrs: []annotate.AttrSpec{{Name: "ref", Type: annotate.Ref, Entity: "stat", Required: true}},
	Resolve: func(c *annotate.Check, d *annotate.Directive) {
		id := d.Attrs.Value("ref")
		d.Data = valueData{id}
		c.Record(annotate.Reference{Kind: "value", Entity: "stat", ID: id})
	},
	Finish: func(w io.Writer, id string, site annotate.Lookup, _ annotate.Templates) error {
		if def, _, _, ok := site.Figure(id); ok {
			_, err := io.WriteString(w, html.EscapeString(def.Value))
			return err
		}
		return nil
	},
}

// recorder is a page's Resolver that knows no entities and keeps references.
type recorder struct{ refs []annotate.Reference }

func (r *recorder) Entity(string, string) (annotate.Entity, bool) { return annotate.Entity{}, false }
func (r *recorder) EntityIDs(string) []string                     { return nil }
func (r *recorder) Record(ref annotate.Reference)                 { r.refs = append(r.refs, ref) }

type oneFigure struct{}

func (oneFigure) Figure(id string) (*annotate.StatData, string, string, bool) {
	if id != "basic" {
		return nil, "", "", false
	}
	return &annotate.StatData{ID: id, Value: "4 < 5"}, "/a/#stat-basic", "A", true
}

// TestAKindOfItsOwn: a kind added to a vocabulary, with a Resolve and a
// Finish, is parsed, resolved, rendered as a placeholder and finished with
// no change anywhere else.
func TestAKindOfItsOwn(t *testing.T) {
	v := annotate.Explainers()
	v[valueKind.Name] = valueKind
	md := markdown.New(markdown.Options{Extensions: []goldmark.Extender{annotate.New(v, nil)}})
	page := &recorder{}
	out := md.Convert(markdown.Input{File: "content/e.md", Source: []byte("Spending went from :value{ref=basic}.\n"), BodyLine: 1, Values: map[any]any{annotate.ResolverKey: page}})
	if len(out.Problems) != 0 {
		t.Fatalf("problems: %v", out.Problems)
	}
	if !v.HasPlaceholders(page.refs) {
		t.Fatalf("HasPlaceholders(%v) = false", page.refs)
	}
	got, changed, problems := v.Finish(out.HTML, oneFigure{}, nil, diag.Position{File: "content/e.md"})
	if want := "<p>Spending went from 4 &lt; 5.</p>\n"; string(got) != want || !changed || len(problems) != 0 {
		t.Errorf("Finish = %q, %v, %v; want %q", got, changed, problems, want)
	}
}
