package annotate

import (
	"errors"
	"html/template"
	"io"
	"strings"
	"testing"

	"github.com/yuin/goldmark"

	"github.com/gloss-ssg/gloss/generator/diag"
	"github.com/gloss-ssg/gloss/generator/markdown"
	"github.com/gloss-ssg/gloss/generator/textfile"
)

// figures is a Lookup of the figures a site defines.
type figures map[string]*StatData

func (f figures) Figure(id string) (*StatData, string, string, bool) {
	d, ok := f[id]
	if !ok {
		return nil, "", "", false
	}
	return d, "/explainers/defines/#stat-" + id, "Defines", true
}

var basic = figures{"basic": {ID: "basic", Label: "Spending on <basic> research", Value: "Doubled"}}

var pagePos = diag.Position{File: "content/e.md"}

// basicCard is how Plain shows the figure "basic" where it is referenced.
const basicCard = `<div class="annotation annotation-stat" data-ref="basic">Spending on &lt;basic&gt; research</div>` + "\n"

// TestFinishShowsFigures: a page referencing a figure defined elsewhere is
// converted to a placeholder, which Finish replaces with the figure's card,
// marked as a reference to where it is defined.
func TestFinishShowsFigures(t *testing.T) {
	out, site := convert("Before.\n\n::stat{ref=basic}\n\nAfter.\n")
	if len(out.Problems) != 0 {
		t.Fatalf("problems: %v", out.Problems)
	}
	v := Explainers()
	if !v.HasPlaceholders(site.refs) {
		t.Fatalf("HasPlaceholders(%v) = false for a page referencing a figure", site.refs)
	}
	var shown *Annotation
	got, changed, problems := v.Finish(out.HTML, basic, recordTemplates{&shown}, pagePos)
	if !changed || len(problems) != 0 {
		t.Fatalf("Finish: changed %v, problems %v", changed, problems)
	}
	want := "<p>Before.</p>\n" + basicCard + "<p>After.</p>\n"
	if string(got) != want {
		t.Errorf("Finish gave\n%q\nwant\n%q", got, want)
	}
	data, _ := shown.Data.(*StatData)
	if data == nil || !data.Ref || data.DefinedOnHref != "/explainers/defines/#stat-basic" || data.DefinedOnTitle != "Defines" || data.Value != "Doubled" {
		t.Errorf("the template got %+v", shown.Data)
	}
	if basic["basic"].Ref {
		t.Error("Finish changed the definition's own data")
	}
}

// recordTemplates renders Plain and keeps the last annotation rendered.
type recordTemplates struct{ last **Annotation }

func (r recordTemplates) RenderAnnotation(w io.Writer, a *Annotation) error {
	*r.last = a
	return Plain(w, a)
}

// failingTemplates fails as a theme's template does: with a positioned
// problem.
type failingTemplates struct{}

type positionedError struct{ p diag.Problem }

func (e positionedError) Error() string         { return e.p.Msg }
func (e positionedError) Problem() diag.Problem { return e.p }

func (failingTemplates) RenderAnnotation(io.Writer, *Annotation) error {
	return positionedError{diag.Problem{Pos: diag.Position{File: "templates/t/annotations/stat.html", Line: 2}, Msg: "boom"}}
}

type plainErrorTemplates struct{}

func (plainErrorTemplates) RenderAnnotation(io.Writer, *Annotation) error {
	return errors.New("no template")
}

func TestFinishProblems(t *testing.T) {
	v := Explainers()
	html := template.HTML("<p>x</p>" + Placeholder("stat", "basic"))
	_, _, problems := v.Finish(html, basic, failingTemplates{}, pagePos)
	if len(problems) != 1 || problems[0].Pos.File != "templates/t/annotations/stat.html" || problems[0].Msg != "boom" {
		t.Errorf("a template's error: got %v, want it at the template", problems)
	}
	_, _, problems = v.Finish(html, basic, plainErrorTemplates{}, pagePos)
	if len(problems) != 1 || problems[0].Pos != pagePos || problems[0].Severity != diag.Error {
		t.Errorf("an error without a position: got %v, want an error at the page", problems)
	}
	// An unknown figure is reported where it is referenced, when the site
	// is aggregated; Finish shows nothing for it.
	got, changed, problems := v.Finish(html, figures{}, nil, pagePos)
	if string(got) != "<p>x</p>" || !changed || len(problems) != 0 {
		t.Errorf("an unknown figure: got %q, %v, %v", got, changed, problems)
	}
}

// TestFinishKeepsHTMLAsWritten: HTML that only looks like a placeholder,
// as an author's raw HTML may (unsafe_html), is kept byte for byte; a
// placeholder gloss garbled is reported, never panicked on. The unclosed
// "<!--gloss:stat:" of the old placeholder made the build panic.
func TestFinishKeepsHTMLAsWritten(t *testing.T) {
	v := Explainers()
	for _, html := range []string{
		"",
		"<p>plain</p>",
		"<!--gloss:stat:basic",
		"<!--gloss:stat:basic-->",
		"<div><!--gloss:stat:",
		"<!--gloss:stat:-->",
	} {
		got, changed, problems := v.Finish(template.HTML(html), basic, nil, pagePos)
		if string(got) != html || changed || len(problems) != 0 {
			t.Errorf("Finish(%q) = %q, %v, %v; want it unchanged", html, got, changed, problems)
		}
	}
	for _, garbled := range []string{
		placeholderOpen + "stat" + placeholderSep + "basic", // never closed
		placeholderOpen + "stat" + placeholderClose,         // no argument
		Placeholder("nosuchkind", "basic"),
		Placeholder("quote", "basic"), // a kind without Finish
	} {
		html := "<p>a</p>" + garbled + "<p>b</p>" + Placeholder("stat", "basic")
		got, _, problems := v.Finish(template.HTML(html), basic, nil, pagePos)
		if len(problems) != 1 || !strings.Contains(problems[0].Msg, "garbled annotation placeholder") || problems[0].Pos != pagePos {
			t.Errorf("Finish(%q): problems %v, want one about the garbled placeholder", html, problems)
		}
		if !strings.HasPrefix(string(got), "<p>a</p>") || !strings.HasSuffix(string(got), "<p>b</p>"+basicCard) {
			t.Errorf("Finish(%q) = %q: want the rest kept and the good placeholder finished", html, got)
		}
	}
}

// FuzzFinish: HTML without NUL (all a page's own HTML can hold) comes back
// unchanged, whatever it holds; around a placeholder it is kept exactly,
// and the placeholder is replaced by its figure's card.
func FuzzFinish(f *testing.F) {
	for _, s := range []string{
		"", "<p>x</p>", "<!--gloss:stat:", "<!--gloss:stat:basic", "<!--gloss:stat:basic-->",
		"<!--gloss", "<!--gloss\x00", "<!--gloss\x00stat\x00basic", "\x00-->", "<!--gloss\x00stat\x00basic\x00-->",
	} {
		f.Add(s, "")
		f.Add("<p>", s)
	}
	v := Explainers()
	f.Fuzz(func(t *testing.T, before, after string) {
		for _, s := range []string{before, after} {
			if strings.Contains(s, "\x00") {
				// NUL never reaches a page (textfile.Clean); even so, Finish
				// must not crash on it, and anything it reports is at the page.
				_, _, problems := v.Finish(template.HTML(s), basic, nil, pagePos)
				for _, p := range problems {
					if p.Pos != pagePos {
						t.Fatalf("problem %v not at the page", p)
					}
				}
				return
			}
		}
		got, changed, problems := v.Finish(template.HTML(before+after), basic, nil, pagePos)
		if string(got) != before+after || changed || len(problems) != 0 {
			t.Fatalf("Finish(%q) = %q, %v, %v; want it unchanged", before+after, got, changed, problems)
		}
		got, changed, problems = v.Finish(template.HTML(before+Placeholder("stat", "basic")+after), basic, nil, pagePos)
		if want := before + basicCard + after; string(got) != want || !changed || len(problems) != 0 {
			t.Fatalf("Finish around a placeholder = %q, %v, %v; want %q", got, changed, problems, want)
		}
	})
}

// FuzzRawHTMLAndPlaceholders: whatever a page's Markdown holds, raw HTML
// allowed (unsafe_html), once loaded as gloss loads text (textfile.Clean),
// every placeholder in its HTML is gloss's own and well formed: Finish
// reports nothing and leaves none behind. The unclosed "<!--gloss:stat:"
// of the old placeholder, written in raw HTML, made the build panic.
func FuzzRawHTMLAndPlaceholders(f *testing.F) {
	for _, s := range []string{
		"::stat{ref=basic}\n\n<!--gloss:stat:",
		"::stat{ref=basic}\n\n<!--gloss:stat:basic-->\n",
		"::stat{ref=basic}\n\n<div>\n<!--gloss:stat:basic\n",
		"a <!--gloss:stat:basic--> b :cite[¶2]{src=report-article}",
		"::stat{ref=basic}\n\n<!--gloss\x00stat\x00basic",
		"<!--gloss\x00stat\x00basic\x00-->",
		"::stat{ref=nosuch}\n\n::stat{ref=basic}",
	} {
		f.Add(s)
	}
	conv := markdown.New(markdown.Options{UnsafeHTML: true, Extensions: []goldmark.Extender{New(Explainers(), nil)}})
	v := Explainers()
	f.Fuzz(func(t *testing.T, src string) {
		text, _ := textfile.Clean("content/e.md", []byte(src))
		out := conv.Convert(markdown.Input{File: "content/e.md", Source: text, BodyLine: 1, Values: map[any]any{ResolverKey: &fakeSite{}}})
		got, _, problems := v.Finish(out.HTML, basic, nil, pagePos)
		if len(problems) != 0 {
			t.Fatalf("Finish reported %v on %q", problems, out.HTML)
		}
		if strings.Contains(string(got), placeholderOpen) {
			t.Fatalf("a placeholder is left in %q", got)
		}
	})
}

// TestFiguresAcrossPages: the stat kind's check across pages, in the order
// a site gives it references: definitions, then references.
func TestFiguresAcrossPages(t *testing.T) {
	def := func(id, value string) Reference {
		return Reference{Kind: "stat-def", Entity: "stat", ID: id, Directive: &Directive{Data: &StatData{ID: id, Value: value}}}
	}
	at := func(line int) diag.Position { return diag.Position{File: "content/a.md", Line: line, Col: 1} }
	var figures Figures
	probs := &diag.List{}
	if data, ok := figures.Define(def("spending", "doubled"), at(1), probs); !ok || data.Value != "doubled" {
		t.Fatalf("the first definition: %v, %v", data, ok)
	}
	figures.Define(def("output", "12"), at(2), probs)
	if _, ok := figures.Define(def("spending", "2"), at(3), probs); ok {
		t.Error("a second definition was accepted")
	}
	if _, ok := figures.Define(Reference{Kind: "cite", ID: "x"}, at(4), probs); ok {
		t.Error("a citation was taken for a definition")
	}
	figures.Check(Reference{Kind: "stat", ID: "spending"}, at(5), probs)
	figures.Check(Reference{Kind: "stat", ID: "outpt"}, at(6), probs)
	figures.Check(Reference{Kind: "cite", ID: "nothing"}, at(7), probs)
	var got []string
	for _, p := range probs.Sorted() {
		got = append(got, p.String())
	}
	want := []string{
		`content/a.md:3:1: the figure "spending" is defined twice: first at content/a.md:1:1 with value="doubled", here with value="2": define it once and show it elsewhere with ::stat{ref=spending}`,
		`content/a.md:6:1: unknown figure "outpt": define it with ::stat[label]{#outpt value=…} (did you mean "output"?)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
