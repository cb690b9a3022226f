package annotate

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"

	"github.com/gloss-ssg/gloss/internal/toolcheck"
)

// directiveLike matches text the extension may read as an annotation.
var directiveLike = regexp.MustCompile(`:[A-Za-z][A-Za-z0-9-]*[\[{]|(?m)^ {0,3}::`)

// TestCommonMarkSpec renders every example of the CommonMark spec (npm
// commonmark-spec) with and without the extension: an example with no
// directive syntax in it must render exactly the same.
func TestCommonMarkSpec(t *testing.T) {
	data := toolcheck.ReadFile(t, "../../node_modules/commonmark-spec/spec.txt", "the CommonMark spec: npm ci")
	examples := specExamples(string(data))
	if len(examples) < 600 {
		t.Fatalf("read only %d examples from the spec", len(examples))
	}
	plain := goldmark.New()
	annotated := goldmark.New(goldmark.WithExtensions(New(Explainers(), nil)))
	same, skipped := 0, 0
	for i, md := range examples {
		if directiveLike.MatchString(md) {
			skipped++
			continue
		}
		var want, got bytes.Buffer
		if err := plain.Convert([]byte(md), &want); err != nil {
			t.Fatal(err)
		}
		if err := annotated.Convert([]byte(md), &got); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("example %d renders differently with annotations:\n%s\nwithout: %q\nwith:    %q", i+1, md, want.String(), got.String())
			continue
		}
		same++
	}
	t.Logf("%d examples render the same; %d contain directive syntax", same, skipped)
}

// specExamples extracts the Markdown of each example of spec.txt.
func specExamples(spec string) []string {
	const fence = "````````````````````````````````"
	var out []string
	lines := strings.Split(spec, "\n")
	for i := 0; i < len(lines); i++ {
		if lines[i] != fence+" example" {
			continue
		}
		var md []string
		for i++; i < len(lines) && lines[i] != "."; i++ {
			md = append(md, lines[i])
		}
		for ; i < len(lines) && lines[i] != fence; i++ {
		}
		text := strings.Join(md, "\n") + "\n"
		if len(md) == 0 {
			text = ""
		}
		out = append(out, strings.ReplaceAll(text, "→", "\t"))
	}
	return out
}
