package content

import (
	"reflect"
	"testing"

	"github.com/gloss-ssg/gloss/generator/diag"
)

// TestUnknownFieldLooksLikeKnown: a typo of a known field is a warning with
// the field it resembles; a field of the site's own is kept silently.
func TestUnknownFieldLooksLikeKnown(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		want      []string
	}{
		{"typos", "---\ntittle: A\nsummery: B\ntopic: [x]\n---\n", []string{
			`content/a.md:2:9: warning: unknown front matter field "tittle" (did you mean "title"?): as written, gloss and the themes ignore it`,
			`content/a.md:3:10: warning: unknown front matter field "summery" (did you mean "summary"?): as written, gloss and the themes ignore it`,
			`content/a.md:4:8: warning: unknown front matter field "topic" (did you mean "topics"?): as written, gloss and the themes ignore it`,
		}},
		{"toml typo", "+++\ntitle = \"A\"\norganization = \"X\"\n+++\n", []string{
			`content/a.md:3:1: warning: unknown front matter field "organization" (did you mean "organisation"?): as written, gloss and the themes ignore it`,
		}},
		{"known and own fields", "---\ntitle: A\nsummary: B\ntopics: [x]\nrole: R\nsponsor: Ministry\nimage: a.png\n---\n", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			probs := &diag.List{}
			f := Parse("content/a.md", "a.md", []byte(tt.src), probs)
			var got []string
			for _, p := range probs.Sorted() {
				got = append(got, p.String())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got:\n%q\nwant:\n%q", got, tt.want)
			}
			if len(f.Meta.Params) == 0 {
				t.Error("the fields were not kept for templates")
			}
		})
	}
}
