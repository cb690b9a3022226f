package content

import (
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/gloss-ssg/gloss/generator/diag"
)

func TestPagePath(t *testing.T) {
	for _, tt := range []struct {
		sitePath, rel string
		ok            bool
	}{
		{"content/explainers/chips.md", "explainers/chips.md", true},
		{"content/_index.md", "_index.md", true},
		{"content/explainers/chart.png", "", false},
		{"content/.drafts/x.md", "", false},
		{"content/x.md~", "", false},
		{"templates/x.md", "", false},
		{"contentx/x.md", "", false},
	} {
		rel, ok := PagePath(tt.sitePath)
		if rel != tt.rel || ok != tt.ok {
			t.Errorf("PagePath(%q) = %q, %v; want %q, %v", tt.sitePath, rel, ok, tt.rel, tt.ok)
		}
	}
}

// TestReadPage reads a page from the fs.FS it is given, as a load does.
func TestReadPage(t *testing.T) {
	site := fstest.MapFS{"content/a/b.md": {Data: []byte("---\ntitle: B\n---\nBody.\n")}}
	f, info, ok := ReadPage(site, "content/a/b.md", &diag.List{})
	if !ok || f.Rel != "a/b.md" || f.Path != "content/a/b.md" || f.Meta.Title != "B" || string(f.Body) != "Body.\n" || info.Size() != 23 {
		t.Fatalf("ReadPage: %+v, %v", f, ok)
	}
	tree, _ := Load(site)
	if got := tree.Files[0]; got.Rel != f.Rel || got.Path != f.Path || string(got.Body) != string(f.Body) || got.BodyLine != f.BodyLine {
		t.Errorf("ReadPage and Load disagree: %+v and %+v", f, got)
	}
	if _, _, ok := ReadPage(site, "content/a/missing.md", &diag.List{}); ok {
		t.Error("a missing page was read")
	}
}

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
		// A source's speakers it leaves unnamed, an organisation's kind.
		{"later fields", "---\nunamed_speakers: [analysts]\nkind: Report\n---\n", []string{
			`content/a.md:2:18: warning: unknown front matter field "unamed_speakers" (did you mean "unnamed_speakers"?): as written, gloss and the themes ignore it`,
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
