package annotate

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/yuin/goldmark"

	"github.com/gloss-ssg/gloss/generator/markdown"

	"github.com/gloss-ssg/gloss/generator/hostile"
)

// TestContainerNesting: ":::" containers nest at most MaxContainerDepth
// deep, and count towards markdown.MaxDepth with the lists and quotes around
// them; the error is at the fence that goes one level too deep, once a page.
func TestContainerNesting(t *testing.T) {
	tooDeep := func(line, col int) string {
		return fmt.Sprintf("content/e.md:%d:%d: lists, quotes and annotations nest more than 100 deep here: gloss stops at 100 levels", line, col)
	}
	tooManyContainers := func(line, col int) string {
		return fmt.Sprintf("content/e.md:%d:%d: ::: containers nest more than 3 deep here: gloss stops at 3", line, col)
	}
	for _, c := range []struct{ name, src, want string }{
		{"3 callouts", hostile.NestedContainers(3, false), ""},
		{"4 callouts", hostile.NestedContainers(4, false), tooManyContainers(4, 1)},
		{"400 callouts", hostile.NestedContainers(400, false), tooManyContainers(4, 1)},
		{"indented fence", strings.Replace(hostile.NestedContainers(4, false), "\n::::callout", "\n  ::::callout", 1), tooManyContainers(4, 3)},
		{"a sidenote in a callout in a callout", ":::::callout{kind=note}\n::::callout{kind=caveat}\n:::sidenote\nx\n:::\ny\n::::\n:::::\n", ""},
		{"a callout in 99 lists", inLists(99, ":::callout{kind=note}\ny\n:::\n"), ""},
		{"a callout in 100 lists", inLists(100, ":::callout{kind=note}\ny\n:::\n"), tooDeep(2, 201)},
		{"callouts in quotes", strings.Repeat("> ", 96) + "::::callout{kind=note}\n" + strings.Repeat("> ", 96) + ":::callout{kind=note}\n" + strings.Repeat("> ", 96) + "x\n" + strings.Repeat("> ", 96) + ":::\n" + strings.Repeat("> ", 96) + "::::\n", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, _ := convert(c.src)
			var got []string
			for _, p := range out.Problems {
				got = append(got, p.String())
			}
			if strings.Join(got, "\n") != c.want {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), c.want)
			}
		})
	}
}

// TestNestedContainersRender: containers are rendered around their content
// as before the content stopped being copied at each level.
func TestNestedContainersRender(t *testing.T) {
	out, _ := convert(hostile.NestedContainers(3, false))
	want := "<div class=\"annotation annotation-callout\" data-kind=\"note\">\n" +
		"<div class=\"annotation annotation-callout\" data-kind=\"note\">\n" +
		"<div class=\"annotation annotation-callout\" data-kind=\"note\">\n<p>x</p>\n</div>\n</div>\n</div>\n"
	if string(out.HTML) != want || len(out.Problems) != 0 {
		t.Errorf("HTML:\n%s\nwant:\n%s\nproblems: %v", out.HTML, want, out.Problems)
	}
}

// oddTemplates shows a container's content twice, or not as HTML: such a
// template gets the content the old way, rendered once into a buffer.
type oddTemplates struct{}

func (oddTemplates) RenderAnnotation(w io.Writer, a *Annotation) error {
	_, err := fmt.Fprintf(w, "<div title=%q>%s|%s</div>\n", string(a.Content), a.Content, a.Content)
	return err
}

func TestContainerTemplateShowingContentTwice(t *testing.T) {
	conv := markdown.New(markdown.Options{Extensions: []goldmark.Extender{New(Explainers(), oddTemplates{})}})
	out := conv.Convert(markdown.Input{File: "content/e.md", Source: []byte(":::callout{kind=note}\nx\n:::\n"), BodyLine: 1, Values: map[any]any{ResolverKey: &fakeSite{}}})
	want := "<div title=\"<p>x</p>\\n\"><p>x</p>\n|<p>x</p>\n</div>\n"
	if string(out.HTML) != want {
		t.Errorf("HTML:\n%q\nwant:\n%q", out.HTML, want)
	}
}

// inLists puts blocks inside n nested lists.
func inLists(n int, blocks string) string {
	indent := strings.Repeat("  ", n)
	return hostile.NestedLists(n) + indent + strings.ReplaceAll(strings.TrimSuffix(blocks, "\n"), "\n", "\n"+indent) + "\n"
}
