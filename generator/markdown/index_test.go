package markdown

import (
	"strings"
	"testing"
)

// textIndex records what the converter gives a search index.
type textIndex struct{ sections []string }

func (x *textIndex) Section(id, heading string) {
	x.sections = append(x.sections, id+"|"+heading+"|")
}

func (x *textIndex) Text(b []byte) {
	if len(x.sections) == 0 {
		x.sections = append(x.sections, "||")
	}
	x.sections[len(x.sections)-1] += string(b)
}

// TestIndexText: the search index gets each section's text as the reader
// sees it: no space invented around inline elements, blocks and lines kept
// apart, headings given once as the section's heading, and each numbered
// paragraph of a source as a section of its own.
func TestIndexText(t *testing.T) {
	for _, c := range []struct {
		name     string
		numbered bool
		src      string
		want     []string
	}{
		{"inline elements", false, "The *report*’s goal (**¶1**, `¶3`).\nNext line.\n\n- one\n- two\n",
			[]string{"|| The report’s goal (¶1, ¶3). Next line.   one  two"}},
		{"headings", false, "Intro.\n\n## Why *chips*\n\nText.\n",
			[]string{"|| Intro. ", "why-chips|Why chips| Text."}},
		{"numbered paragraphs", true, "First paragraph.\n\nSecond one.\n",
			[]string{"|| ", "p1|¶1|First paragraph. ", "p2|¶2|Second one."}},
	} {
		x := &textIndex{}
		New(Options{}).Convert(Input{Source: []byte(c.src), Numbered: c.numbered, Index: x})
		got := make([]string, len(x.sections))
		for i, s := range x.sections {
			got[i] = strings.Join(strings.Fields(s), " ")
		}
		want := make([]string, len(c.want))
		for i, s := range c.want {
			want[i] = strings.Join(strings.Fields(s), " ")
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: the index got\n%q\nwant\n%q", c.name, got, want)
		}
	}
}
