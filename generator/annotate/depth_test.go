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

// TestContainerNesting: ":::" containers nest as deep as lists and quotes,
// markdown.MaxDepth levels counted together; the error is at the fence that
// goes one level too deep, once a page. Lines inside many open containers
// are bounded by markdown.MaxOpenLines instead (TestDeepContainersAroundLines).
func TestContainerNesting(t *testing.T) {
	tooDeep := func(line, col int) string {
		return fmt.Sprintf("content/e.md:%d:%d: lists, quotes and annotations nest more than 100 deep here: gloss stops at 100 levels", line, col)
	}
	for _, c := range []struct{ name, src, want string }{
		{"4 callouts", hostile.NestedContainers(4, false), ""},
		{"100 callouts", hostile.NestedContainers(100, false), ""},
		{"101 callouts", hostile.NestedContainers(101, false), tooDeep(101, 1)},
		{"400 callouts", hostile.NestedContainers(400, false), tooDeep(101, 1)},
		{"indented fence", strings.Replace(hostile.NestedContainers(101, false), "\n::::callout", "\n  ::::callout", 1), tooDeep(101, 3)},
		{"a sidenote in a callout in a callout", ":::::callout{kind=note}\n::::callout{kind=caveat}\n:::sidenote\nx\n:::\ny\n::::\n:::::\n", ""},
		{"a callout in 99 lists", inLists(99, ":::callout{kind=note}\ny\n:::\n"), ""},
		{"a callout in 100 lists", inLists(100, ":::callout{kind=note}\ny\n:::\n"), tooDeep(2, 201)},
		{"callouts in quotes", strings.Repeat("> ", 96) + "::::callout{kind=note}\n" + strings.Repeat("> ", 96) + ":::callout{kind=note}\n" + strings.Repeat("> ", 96) + "x\n" + strings.Repeat("> ", 96) + ":::\n" + strings.Repeat("> ", 96) + "::::\n", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, _ := convert(c.src)
			if got := problemsOf(out); got != c.want {
				t.Errorf("problems:\n%.2000s\nwant:\n%s", got, c.want)
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

// TestDeepContainersAroundLines: 100 open containers are allowed, and the
// lines inside them are counted against markdown.MaxOpenLines, each once
// per container around it (and once for its paragraph): past the bound the
// line is an error, and nothing stays open, so goldmark's records stop
// growing (100 containers around a 2 MB file took 2.4 GB before).
func TestDeepContainersAroundLines(t *testing.T) {
	tooMany := func(line, col int) string {
		return fmt.Sprintf("content/e.md:%d:%d: more than %d lines inside open blocks on this page (a line inside 3 blocks counts 3): gloss stops here; close lists, quotes and containers sooner, or nest them less", line, col, markdown.MaxOpenLines)
	}
	// The opening fences count 0+1+…+99, the line "x" 100, each line after
	// it 101, the closing fences 100+99+…+1.
	before := 99*100/2 + 100
	fit := (markdown.MaxOpenLines - before - 100*101/2) / 101
	body := func(n int) string {
		return strings.Replace(hostile.NestedContainers(100, false), "\nx\n", "\nx\n"+strings.Repeat("a\n", n), 1)
	}
	for _, c := range []struct{ name, src, want string }{
		{"up to the bound", body(fit - 1), ""},
		{"past the bound", body(fit + 1000), tooMany(101+(markdown.MaxOpenLines-before)/101+1, 1)},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, _ := convert(c.src)
			if got := problemsOf(out); got != c.want {
				t.Errorf("problems:\n%.2000s\nwant:\n%s", got, c.want)
			}
		})
	}
}
