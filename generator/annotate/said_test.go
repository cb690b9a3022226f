package annotate

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/gloss-ssg/gloss/internal/golden"
)

// TestSaidCases converts each case of testdata/said.txtar as a numbered
// source and compares what it attributes to whom, in which form, and the
// problems, with the case's .want. -update rewrites the wants.
func TestSaidCases(t *testing.T) {
	const file = "testdata/said.txtar"
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]*txtar.File{}
	for i := range ar.Files {
		want[ar.Files[i].Name] = &ar.Files[i]
	}
	var cases []txtar.File
	for _, f := range ar.Files {
		if !strings.HasSuffix(f.Name, ".want") {
			cases = append(cases, f)
		}
	}
	for _, f := range cases {
		t.Run(f.Name, func(t *testing.T) {
			out, site := convertPage(string(f.Data), true)
			var b strings.Builder
			for _, r := range site.refs {
				if r.Kind == "said" {
					fmt.Fprintf(&b, "¶%d %s %s: %s\n", r.Paragraph, r.ID, r.Form, r.Text)
				}
			}
			for _, p := range out.Problems {
				fmt.Fprintln(&b, p.String())
			}
			got := b.String()
			w := want[f.Name+".want"]
			if golden.Updating() {
				if w == nil {
					ar.Files = append(ar.Files, txtar.File{Name: f.Name + ".want"})
					w = &ar.Files[len(ar.Files)-1]
					want[f.Name+".want"] = w
				}
				w.Data = []byte(got)
				return
			}
			if w == nil {
				t.Fatalf("no %s.want (run with -update, then review it)", f.Name)
			}
			if got != string(w.Data) {
				t.Errorf("got:\n%swant:\n%s", got, w.Data)
			}
		})
	}
	if golden.Updating() {
		golden.Check(t, file, txtar.Format(ar))
	}
}

// TestSaidParagraphText: the words a :said span records are exactly the
// paragraph's text that markdown numbers, so that quotes are checked
// against the same words.
func TestSaidParagraphText(t *testing.T) {
	src := "First paragraph.\n\nThen “:said[we will *not* wait]{who=wang-peng},” he\nsaid, and :said[she\nadded it]{who=li-keqiang}.\n"
	out, site := convertPage(src, true)
	if len(out.Problems) > 0 {
		t.Fatal(out.Problems)
	}
	for _, r := range site.refs {
		if r.Kind == "said" && !strings.Contains(out.Paragraphs[r.Paragraph-1], r.Text) {
			t.Errorf("¶%d %q is not in the numbered paragraph %q", r.Paragraph, r.Text, out.Paragraphs[r.Paragraph-1])
		}
	}
	if len(site.refs) != 2 {
		t.Errorf("want 2 attributions, got %+v", site.refs)
	}
}
