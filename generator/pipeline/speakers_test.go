package pipeline

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// TestOrganisationsAndUnnamedSpeakers builds the correct pages of the
// hearing site (testdata/errors/attributions.txtar) in both themes: an
// organisation and a speaker the source leaves unnamed are shown as
// speakers everywhere people are, and build without a warning.
func TestOrganisationsAndUnnamedSpeakers(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/errors/attributions.txtar")
	if err != nil {
		t.Fatal(err)
	}
	var files []txtar.File
	for _, f := range ar.Files {
		if strings.HasPrefix(f.Name, "content/notes/") && !strings.HasSuffix(f.Name, "/correct.md") && !strings.HasSuffix(f.Name, "/_index.md") {
			continue // the faulty pages
		}
		files = append(files, f)
	}
	for _, themeName := range []string{"briefing", "longform"} {
		t.Run(themeName, func(t *testing.T) {
			site := &txtar.Archive{Files: append([]txtar.File{{Name: "gloss.toml", Data: []byte("title = \"Hearing notes\"\ntheme = \"" + themeName + "\"\n")}}, files[1:]...)}
			if files[0].Name != "gloss.toml" {
				t.Fatalf("the archive starts with %s, not gloss.toml", files[0].Name)
			}
			dir := writeSite(t, site)
			res, err := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Warnings) > 0 {
				t.Errorf("warnings: %v", res.Warnings)
			}
			out := snapshot(t, filepath.Join(dir, "public"))
			for _, c := range []struct{ file, want string }{
				{"organisations/index.html", `href="/organisations/ministry/">Ministry of Housing</a>`},
				{"organisations/ministry/index.html", `<p class="kicker">Organisation</p>`},
				{"organisations/ministry/index.html", `<h2 id="said-title">Ministry of Housing in the source</h2>`},
				{"organisations/ministry/index.html", `<p>the plan is funded until 2030</p>`},
				{"organisations/ministry/index.html", `<h2 id="quotes-title">Quoted in the explainers</h2>`},
				{"sources/hearing/index.html", `<a href="/organisations/ministry/">Ministry of Housing</a> (reported)`},
				{"sources/hearing/index.html", `tenant groups, unnamed (reported)`},
				{"sources/hearing/index.html", `[reporting tenant groups (unnamed in the source)]`},
				{"sources/hearing/index.html", `<a href="/notes/correct/#quote-4">A correct quote</a> (tenant groups, unnamed)`},
				{"notes/correct/index.html", `reporting <a class="quote-who" href="/organisations/ministry/">Ministry of Housing</a>`},
				{"notes/correct/index.html", `reporting <span class="quote-who">tenant groups</span> (unnamed in the source)`},
				{"notes/correct/index.html", `not those of the tenant groups it leaves unnamed`},
				{"notes/correct/index.html", `"about":{"@type":"Organization","name":"Ministry of Housing"`},
				{"notes/correct/index.html", `"about":{"@type":"Person","name":"tenant groups (unnamed in the source)"}`},
			} {
				if !strings.Contains(out[c.file], c.want) {
					t.Errorf("%s lacks %s", c.file, c.want)
				}
			}
		})
	}
}

// TestUnnamedSpeakerDeclarations: unnamed_speakers is checked at the field:
// an entry that is not a phrase and an id a person has are errors, a
// speaker given no words is a warning.
func TestUnnamedSpeakerDeclarations(t *testing.T) {
	dir := siteFrom(t, `
-- content/people/_index.md --
---
title: People
page_layout: person
---
-- content/people/analysts.md --
---
title: Analysts
---
-- content/sources/_index.md --
---
title: Sources
page_layout: source
---
-- content/sources/a.md --
---
title: A
unnamed_speakers: ["analysts", 3]
---
Prices will rise, according to analysts.
-- content/sources/b.md --
---
title: B
unnamed_speakers: ["observers"]
---
Nobody is named here.
`)
	_, err := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin})
	if err == nil {
		t.Fatal("the build passed")
	}
	want := []string{
		`content/sources/a.md:3:19: unnamed speaker 3 is not a phrase: write the source's words for them in quotes, such as "analysts"`,
		`content/sources/a.md:3:19: the unnamed speaker "analysts" has the id of content/people/analysts.md: who=analysts could mean either; name the speaker as the source does, in other words`,
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("the errors lack\n%s\ngot:\n%s", w, err)
		}
	}
	dir = siteFrom(t, `
-- content/sources/_index.md --
---
title: Sources
page_layout: source
---
-- content/sources/b.md --
---
title: B
unnamed_speakers: ["observers"]
---
Nobody is named here.
`)
	res, err := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin})
	if err != nil {
		t.Fatal(err)
	}
	want1 := `content/sources/b.md:3:19: warning: the unnamed speaker "observers" is given no words: mark them with :said[…]{who=observers}, or remove it from unnamed_speakers`
	if len(res.Warnings) != 1 || res.Warnings[0].String() != want1 {
		t.Errorf("warnings %v, want\n%s", res.Warnings, want1)
	}
}

// TestSpeakerIDsAndDeclarations: a person and an organisation may not share
// an id (who= names either), and unnamed_speakers must be a list; each is an
// error at the file or field that must change.
func TestSpeakerIDsAndDeclarations(t *testing.T) {
	dir := siteFrom(t, `
-- content/people/_index.md --
---
title: People
page_layout: person
---
-- content/people/ministry.md --
---
title: A person called Ministry
---
-- content/organisations/_index.md --
---
title: Organisations
page_layout: organisation
---
-- content/organisations/ministry.md --
---
title: The Ministry
---
-- content/sources/_index.md --
---
title: Sources
page_layout: source
---
-- content/sources/a.md --
---
title: A
unnamed_speakers: {analysts: yes}
---
Prices will rise, according to analysts.
`)
	_, err := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin})
	if err == nil {
		t.Fatal("the build passed")
	}
	for _, w := range []string{
		`content/organisations/ministry.md:1:1: content/people/ministry.md and content/organisations/ministry.md both have the id "ministry", which who= uses for speakers: rename one of the files`,
		`content/sources/a.md:3:19: unnamed_speakers must be a list of the source's words for speakers it does not name, such as ["analysts"]`,
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("the errors lack\n%s\ngot:\n%s", w, err)
		}
	}
}
