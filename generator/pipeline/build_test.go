package pipeline

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"

	"github.com/gloss-ssg/gloss/generator/diag"
	"github.com/gloss-ssg/gloss/internal/golden"
)

// repoRoot holds gloss's own templates/ and static/, the files the command
// embeds as its built-in theme.
var builtin = os.DirFS("../..")

// writeSite unpacks an archive's files (all but "want") into a new site folder.
func writeSite(t *testing.T, ar *txtar.Archive) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range ar.Files {
		if f.Name == "want" {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func siteFrom(t *testing.T, files string) string {
	t.Helper()
	return writeSite(t, txtar.Parse([]byte(files)))
}

// TestErrors builds each testdata/errors/*.txtar site and compares the error
// report, exactly, with the archive's want section. -update rewrites it.
func TestErrors(t *testing.T) {
	cases, _ := filepath.Glob("testdata/errors/*.txtar")
	if len(cases) == 0 {
		t.Fatal("no error cases")
	}
	for _, file := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			dir := writeSite(t, ar)
			_, err = Build(context.Background(), Options{SiteDir: dir, Builtin: builtin})
			var listErr *diag.ListError
			if !errors.As(err, &listErr) {
				t.Fatalf("want a list of content errors, got %v", err)
			}
			got := err.Error() + "\n"
			if _, statErr := os.Stat(filepath.Join(dir, "public")); statErr == nil {
				t.Errorf("a failed build wrote public/")
			}
			if golden.Updating() {
				for i := range ar.Files {
					if ar.Files[i].Name == "want" {
						ar.Files[i].Data = []byte(got)
					}
				}
				golden.Check(t, file, txtar.Format(ar))
				return
			}
			var want string
			for _, f := range ar.Files {
				if f.Name == "want" {
					want = string(f.Data)
				}
			}
			if got != want {
				t.Errorf("errors:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

const goodSite = `
-- gloss.toml --
title = "Test site"
-- content/_index.md --
---
title: Home
summary: The test site.
---
Welcome. See [the chips explainer](explainers/chips.md#why).
-- content/explainers/_index.md --
---
title: Explainers
page_layout: explainer
---
-- content/explainers/chips.md --
---
title: Chips
summary: Chips are the bottleneck.
topics: [chips]
---
## Why

Because.
-- content/explainers/land.md --
---
title: Land
summary: Land.
topics: [chips, land]
---
Text.
`

// buildClean builds the site in dir, failing the test on an error or a
// warning, and reads what it wrote.
func buildClean(t *testing.T, dir string) map[string]string {
	t.Helper()
	res, err := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range res.Warnings {
		t.Errorf("unexpected warning: %s", w)
	}
	return snapshot(t, filepath.Join(dir, "public"))
}

// snapshot reads every file under dir.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestBuildWritesPages(t *testing.T) {
	dir := siteFrom(t, goodSite)
	res, err := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin})
	if err != nil {
		t.Fatal(err)
	}
	files := snapshot(t, filepath.Join(dir, "public"))
	for _, want := range []string{"index.html", "explainers/index.html", "explainers/chips/index.html", "explainers/land/index.html",
		"topics/index.html", "topics/chips/index.html", "topics/land/index.html", "404.html", "favicon.svg"} {
		if _, ok := files[want]; !ok {
			t.Errorf("missing %s", want)
		}
	}
	if res.Pages != 10 { // 4 content pages, 2 topic hubs, the topics index, 404, search and the corrections log
		t.Errorf("Result.Pages = %d, want 10", res.Pages)
	}
	if !strings.Contains(files["index.html"], `href="/explainers/chips/#why"`) {
		t.Errorf("link to a .md file not rewritten:\n%s", files["index.html"])
	}
	// Bodies are kept on disk between conversion and rendering (see
	// newSpill); the file must not outlive the build.
	if !strings.Contains(files["explainers/chips/index.html"], `<h2 id="why">`) {
		t.Errorf("the chips page lost its body:\n%s", files["explainers/chips/index.html"])
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), "spill") {
			t.Errorf("the build left %s beside its output", e.Name())
		}
	}
}

func TestFailedBuildLeavesOutputUntouched(t *testing.T) {
	dir := siteFrom(t, goodSite)
	out := filepath.Join(dir, "public")
	if _, err := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)
	infoBefore, _ := os.Stat(filepath.Join(out, "index.html"))

	// Break one page: the build must fail and change nothing at all.
	bad := filepath.Join(dir, "content/explainers/land.md")
	if err := os.WriteFile(bad, []byte("---\ntitle: [Land\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin}); err == nil {
		t.Fatal("broken front matter built")
	}
	after := snapshot(t, out)
	if len(after) != len(before) {
		t.Fatalf("%d files before, %d after", len(before), len(after))
	}
	for name, data := range before {
		if after[name] != data {
			t.Errorf("%s changed by a failed build", name)
		}
	}
	infoAfter, _ := os.Stat(filepath.Join(out, "index.html"))
	if !infoAfter.ModTime().Equal(infoBefore.ModTime()) {
		t.Errorf("index.html rewritten by a failed build")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public") {
			t.Errorf("staging folder %s left behind", e.Name())
		}
	}
}

func TestStaleFilesDisappear(t *testing.T) {
	dir := siteFrom(t, goodSite)
	out := filepath.Join(dir, "public")
	if _, err := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin}); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "content/explainers/land.md")); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin}); err != nil {
		t.Fatal(err)
	}
	files := snapshot(t, out)
	for _, gone := range []string{"explainers/land/index.html", "topics/land/index.html"} {
		if _, ok := files[gone]; ok {
			t.Errorf("%s still published after its page was deleted", gone)
		}
	}
}

func TestOnlyContentBuilds(t *testing.T) {
	dir := siteFrom(t, `
-- content/note.md --
---
title: A note
---
Hello.
`)
	if _, err := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin}); err != nil {
		t.Fatal(err)
	}
	files := snapshot(t, filepath.Join(dir, "public"))
	if !strings.Contains(files["note/index.html"], "<h1>A note</h1>") {
		t.Errorf("page not rendered with the built-in theme: %q", files["note/index.html"])
	}
}

func TestSiteOverridesBuiltinFileByFile(t *testing.T) {
	dir := siteFrom(t, `
-- content/note.md --
---
title: A note
---
-- templates/briefing/partials/footer.html --
<footer class="site-footer"><p>Our own footer</p></footer>
-- static/robots.txt --
User-agent: *
-- static/favicon.svg --
<svg xmlns="http://www.w3.org/2000/svg"/>
`)
	if _, err := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin}); err != nil {
		t.Fatal(err)
	}
	files := snapshot(t, filepath.Join(dir, "public"))
	page := files["note/index.html"]
	if !strings.Contains(page, "Our own footer") || !strings.Contains(page, `class="site-header"`) {
		t.Errorf("site partial should replace only the footer:\n%s", page)
	}
	if files["favicon.svg"] != `<svg xmlns="http://www.w3.org/2000/svg"/>`+"\n" || files["robots.txt"] == "" {
		t.Errorf("site static files should override and add to the built-in ones")
	}
}

func TestEditorFilesAreIgnored(t *testing.T) {
	dir := siteFrom(t, `
-- content/a.md --
---
title: A
---
-- content/.a.md.swp --
swap
-- content/a.md~ --
backup
-- content/#a.md# --
emacs
-- content/.hidden/b.md --
---
title: B
---
-- content/4913 --
vim probe
-- static/.DS_Store --
x
`)
	if _, err := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin}); err != nil {
		t.Fatal(err)
	}
	for name := range snapshot(t, filepath.Join(dir, "public")) {
		if strings.Contains(name, "swp") || strings.Contains(name, "~") || strings.Contains(name, "#") ||
			strings.Contains(name, "hidden") || strings.Contains(name, "4913") || strings.Contains(name, "DS_Store") {
			t.Errorf("editor or dot file published: %s", name)
		}
	}
}

func TestRefusedOutputFolders(t *testing.T) {
	dir := siteFrom(t, goodSite)
	other := siteFrom(t, "-- content/x.md --\n")
	for name, out := range map[string]string{
		"the site folder":        dir,
		"a parent of the site":   filepath.Dir(dir),
		"a folder with content/": other,
		"the root":               "/",
	} {
		_, err := Build(context.Background(), Options{SiteDir: dir, OutDir: out, Builtin: builtin})
		if !IsUsage(err) {
			t.Errorf("%s as --out: got %v, want a refusal", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "content/explainers/chips.md")); err != nil {
		t.Fatalf("sources damaged: %v", err)
	}
}

// TestBadOutputReportedFirst: a bad --out is reported before any page is
// read or converted, so an author does not wait through a build, or fix its
// content errors, only to learn the folder was refused.
func TestBadOutputReportedFirst(t *testing.T) {
	dir := siteFrom(t, goodSite+"-- content/explainers/broken.md --\n---\ntitle: [Broken\n---\n")
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	notOurs := t.TempDir()
	if err := os.WriteFile(filepath.Join(notOurs, "index.html"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{
		"the site folder":             dir,
		"a file":                      file,
		"a folder gloss did not make": notOurs,
	} {
		t.Run(name, func(t *testing.T) {
			progress := &Progress{}
			res, err := Build(context.Background(), Options{SiteDir: dir, OutDir: out, Builtin: builtin, Progress: progress})
			if !IsUsage(err) {
				t.Fatalf("got %v, want the output folder refused", err)
			}
			if strings.Contains(err.Error(), "broken.md") {
				t.Errorf("content was read before the output folder was refused: %v", err)
			}
			if stage, done, _ := progress.Now(); stage != "" || done != 0 {
				t.Errorf("progress reached %q (%d done) before the refusal", stage, done)
			}
			if res != nil && len(res.Timings) > 0 {
				t.Errorf("steps ran before the refusal: %v", res.Timings)
			}
		})
	}
}

func TestCheckWritesNothing(t *testing.T) {
	dir := siteFrom(t, goodSite)
	if _, err := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin, CheckOnly: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("check wrote public/")
	}
}

func TestWarningsDoNotFail(t *testing.T) {
	dir := siteFrom(t, `
-- content/explainers/_index.md --
---
title: E
page_layout: explainer
---
-- content/explainers/a.md --
---
title: No summary
---
`)
	res, err := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin})
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	for _, w := range res.Warnings {
		got.WriteString(w.String() + "\n")
	}
	want := "content/explainers/a.md:1:1: warning: explainer has no summary: add one (its \"in brief\" box and its description in search results and feeds)\n"
	if got.String() != want {
		t.Errorf("warnings:\n%s\nwant:\n%s", got.String(), want)
	}
}

func TestDrafts(t *testing.T) {
	dir := siteFrom(t, `
-- content/a.md --
---
title: A
draft: true
---
`)
	if _, err := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin}); err != nil {
		t.Fatal(err)
	}
	if _, ok := snapshot(t, filepath.Join(dir, "public"))["a/index.html"]; ok {
		t.Error("draft published")
	}
	if _, err := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin, Drafts: true}); err != nil {
		t.Fatal(err)
	}
	if _, ok := snapshot(t, filepath.Join(dir, "public"))["a/index.html"]; !ok {
		t.Error("draft left out with Drafts")
	}
}

// TestGoldenPages renders a small site with the built-in theme and compares
// each page's <main> with testdata/golden/: what the page's content and
// annotations became. The theme's frame around it (head, header, footer)
// is left out, so a change to the theme is not a pile of rubber-stamped
// files; the theme is checked by its own tests and in the browser.
// -update accepts new output (and fails, so that the diff is reviewed).
func TestGoldenPages(t *testing.T) {
	dir := siteFrom(t, goodSite+`
-- content/people/_index.md --
---
title: People
page_layout: person
---
-- content/people/li.md --
---
title: Li Keqiang
role: Premier
organisation: State Council
---
Delivered the report ([¶1](../sources/report.md#p1)).
-- content/sources/_index.md --
---
title: Sources
page_layout: source
---
-- content/sources/report.md --
---
title: The report
numbered: true
---
First paragraph, cited by [Li](../people/li.md).

:::gloss{p=2}
An editor's note on the second paragraph, written before it, citing :cite[¶1]{src=report}.
:::

Second paragraph.
`)
	if _, err := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin}); err != nil {
		t.Fatal(err)
	}
	files := snapshot(t, filepath.Join(dir, "public"))
	for _, page := range []string{"index.html", "explainers/chips/index.html", "people/li/index.html", "sources/report/index.html", "topics/chips/index.html"} {
		name := strings.ReplaceAll(strings.TrimSuffix(page, "/index.html"), "/", "-")
		if page == "index.html" {
			name = "home"
		}
		file := filepath.Join("testdata/golden", name+".html")
		got := files[page]
		if got == "" {
			t.Errorf("%s not written", page)
			continue
		}
		main, ok := mainElement(got)
		if !ok {
			t.Errorf("%s has no <main> element:\n%s", page, got)
			continue
		}
		golden.Check(t, file, []byte(main))
	}
}

const annotatedSite = `
-- gloss.toml --
title = "Annotated"
auto_link_terms = true
-- content/people/_index.md --
---
title: People
page_layout: person
---
-- content/people/wang-peng.md --
---
title: Wang Peng
role: research fellow
---
-- content/glossary/_index.md --
---
title: Glossary
page_layout: term
---
-- content/glossary/lithography.md --
---
title: Lithography machines
definition: Machines that print chip circuits.
---
-- content/glossary/chips.md --
---
title: Chips
aliases: [semiconductors]
definition: Integrated circuits.
---
-- content/sources/_index.md --
---
title: Sources
page_layout: source
---
-- content/sources/report.md --
---
title: The report
---
The report emphasizes core technology breakthroughs.

Wang Peng put it plainly: “:said[China still faces bottlenecks in major technologies, such as chips, lithography machines, and materials.]{who=wang-peng}”

Spending on basic research doubled over the past five years, and Wang Peng added that :said[talent matters as much]{who=wang-peng}.
-- content/explainers/_index.md --
---
title: Explainers
page_layout: explainer
---
-- content/explainers/bottlenecks.md --
---
title: Bottlenecks
summary: Three named bottlenecks.
topics: [bottlenecks]
---
China wants breakthroughs :cite[¶1]{src=report}. Semiconductors are one bottleneck.

:::quote{who=wang-peng cite=report#p2}
China still faces bottlenecks in major technologies, such as chips, lithography machines, and materials.
:::

::stat[Spending on basic research]{#basic value=Doubled period="over five years" cite=report#p3}

See :term[the machines]{id=lithography}.
-- content/explainers/research.md --
---
title: Research
summary: Research.
topics: [bottlenecks]
---
::stat{ref=basic}

As :person{id=wang-peng} says, it matters (:cite[¶2]{src=report}).

:::quote{who=wang-peng cite=report#p3}
talent matters as much
:::
`

// TestAnnotationsAcrossPages checks what annotations give readers on the
// other pages: quotes on the speaker's page, uses on the term's page, citing
// pages at each source paragraph, a figure shown where it is referenced.
func TestAnnotationsAcrossPages(t *testing.T) {
	files := buildClean(t, siteFrom(t, annotatedSite))
	checks := []struct{ page, want string }{
		// The quote, attributed, with the speaker's role and the paragraph.
		{"explainers/bottlenecks/index.html", `<figure class="quote" id="quote-1">`},
		{"explainers/bottlenecks/index.html", `<a class="quote-who" href="/people/wang-peng/">Wang Peng</a>, research fellow`},
		{"explainers/bottlenecks/index.html", `href="/sources/report/#p2"`},
		// The citation previews its paragraph's opening words.
		{"explainers/bottlenecks/index.html", `data-pop="The report emphasizes core technology breakthroughs."`},
		// The first use of a term is linked automatically (by its alias).
		{"explainers/bottlenecks/index.html", `<a class="term" href="/glossary/chips/" data-pop="Integrated circuits." data-pop-title="Chips" data-pop-more="The glossary entry">Semiconductors</a>`},
		// The figure is defined here and shown again on the other page.
		{"explainers/bottlenecks/index.html", `<div class="stat" id="stat-basic">`},
		{"explainers/research/index.html", `<p class="stat-value">Doubled</p>`},
		{"explainers/research/index.html", `explained in “Bottlenecks”`},
		// The speaker's page lists the quote, linked to where it is quoted.
		{"people/wang-peng/index.html", `<a href="/explainers/bottlenecks/#quote-1">Bottlenecks</a>`},
		{"people/wang-peng/index.html", `<a href="/explainers/research/">Research</a>`},
		// The term's page lists where it is used.
		{"glossary/lithography/index.html", `<a href="/explainers/bottlenecks/">Bottlenecks</a>`},
		// Each source paragraph lists the pages citing it.
		{"sources/report/index.html", `<p id="p2" class="numbered">`},
		{"sources/report/index.html", `<span class="cited-by"><span class="cited-by-label">Cited in</span> <a href="/explainers/bottlenecks/">Bottlenecks</a>, <a href="/explainers/research/">Research</a></span>`},
		// The explainer ends with what it cites, quotes and uses.
		{"explainers/bottlenecks/index.html", `<h3>People named</h3><ul><li><a href="/people/wang-peng/">Wang Peng</a>, research fellow</li></ul>`},
		{"explainers/bottlenecks/index.html", `¶1</a> <a class="para-link" href="/sources/report/#p2"><span class="visually-hidden">paragraph </span>¶2</a> <a class="para-link" href="/sources/report/#p3">`},
		// JSON-LD: the quote as a schema.org Quotation.
		{"explainers/bottlenecks/index.html", `"@type":"Quotation"`},
		{"explainers/bottlenecks/index.html", `"spokenByCharacter":{"@type":"Person","name":"Wang Peng"`},
		// Reported speech is shown as the source's words, and marked so in JSON-LD.
		{"explainers/research/index.html", `<figure class="quote quote-reported" id="quote-1">`},
		{"explainers/research/index.html", `<p class="quote-form">Reported speech: the source’s words, not Wang Peng’s own</p>`},
		{"explainers/research/index.html", `— The report, <a class="quote-source" href="/sources/report/#p3"><span class="visually-hidden">paragraph </span>¶3</a>, reporting <a class="quote-who" href="/people/wang-peng/">Wang Peng</a>, research fellow`},
		{"explainers/research/index.html", `"about":{"@type":"Person","name":"Wang Peng"`},
		// The source shows who is given each span, and in which form.
		{"sources/report/index.html", `<span class="said said-direct" tabindex="0">China still faces bottlenecks`},
		{"sources/report/index.html", `<span class="said said-reported" tabindex="0">talent matters as much<span class="said-who"> [reporting Wang Peng]</span></span>`},
		// The speaker's page lists what the source attributes to them.
		{"people/wang-peng/index.html", `<h2 id="said-title">Wang Peng in the source</h2>`},
		{"people/wang-peng/index.html", `<a href="/sources/report/#p3">The report, ¶3</a> · reported speech, not their own words`},
		{"glossary/chips/index.html", `"@type":"DefinedTerm"`},
	}
	for _, c := range checks {
		if !strings.Contains(files[c.page], c.want) {
			t.Errorf("%s lacks %s", c.page, c.want)
		}
	}
	if strings.Count(files["explainers/bottlenecks/index.html"], `class="term"`) != 2 {
		t.Errorf("a term should be linked automatically only on its first use")
	}
}

func TestUnusedTermWarning(t *testing.T) {
	dir := siteFrom(t, `
-- content/glossary/_index.md --
---
title: Glossary
page_layout: term
---
-- content/glossary/lonely.md --
---
title: Lonely
---
`)
	res, err := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 1 || res.Warnings[0].String() != `content/glossary/lonely.md:1:1: warning: the glossary term "lonely" is defined but no page uses it: annotate a use with :term[…]{id=lonely}` {
		t.Errorf("warnings %v", res.Warnings)
	}
}

// TestEmptyFieldWarnings: the blanks `gloss new` leaves (a person's role, a
// term's definition, a summary) are warnings until filled in; a field left
// out entirely is the author's choice.
func TestEmptyFieldWarnings(t *testing.T) {
	dir := siteFrom(t, `
-- content/people/_index.md --
---
title: People
page_layout: person
---
-- content/people/new.md --
---
title: "New Person"
role: ""           # as the source gives it
organisation: ""
summary: ""
---
-- content/people/filled.md --
---
title: Filled
role: Minister
summary: Filled in.
---
-- content/people/without.md --
---
title: Without a role field
---
-- content/glossary/_index.md --
---
title: Glossary
page_layout: term
---
-- content/glossary/new.md --
---
title: "New"
aliases: []
definition: ""     # one sentence
summary: "Filled."
---
Used :term[here]{id=new}.
`)
	res, err := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range res.Warnings {
		got = append(got, w.String())
	}
	want := []string{
		`content/glossary/new.md:4:13: warning: term's definition is empty: write one sentence, or remove the line; it is shown wherever the term is used`,
		`content/people/new.md:3:7: warning: person's role is empty: fill it in as the source gives it (role: "Premier"), or remove the line; it is shown with every quote`,
		`content/people/new.md:5:10: warning: summary is empty: fill it in (the page's description in lists, search results and feeds) or remove the line`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestProgress: a build keeps Options.Progress up to date, so the command
// line can show how far it has got.
func TestProgress(t *testing.T) {
	dir := siteFrom(t, goodSite)
	p := &Progress{}
	res, err := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin, Progress: p})
	if err != nil {
		t.Fatal(err)
	}
	stage, done, total := p.Now()
	if stage != "writing" || done < total || total != int64(res.Pages) {
		t.Errorf("progress %q %d/%d after a build of %d pages", stage, done, total, res.Pages)
	}
}

// mainElement is the <main> element of a page, from its start tag to its end
// tag on lines of their own, and a newline.
func mainElement(page string) (string, bool) {
	start := strings.Index(page, "<main")
	end := strings.LastIndex(page, "</main>")
	if start < 0 || end < start {
		return "", false
	}
	return page[start:end+len("</main>")] + "\n", true
}

// TestUnmarkedSourceWarnsOnce: a source without :said keeps the word check
// for its quotes, with one warning for the source, however many quote it.
func TestUnmarkedSourceWarnsOnce(t *testing.T) {
	dir := siteFrom(t, `
-- content/people/_index.md --
---
title: People
page_layout: person
---
-- content/people/li.md --
---
title: Li
---
-- content/sources/_index.md --
---
title: Sources
page_layout: source
---
-- content/sources/report.md --
---
title: Report
---
Li said that enterprises should be the principal actors in innovation.
-- content/a.md --
---
title: A
---
:::quote{who=li cite=report#p1}
enterprises should be the principal actors
:::

:::quote{who=li cite=report#p1}
the principal actors in innovation
:::
-- content/b.md --
---
title: B
---
:::quote{cite=report#p1}
Li said that enterprises
:::
`)
	res, err := Build(context.Background(), Options{SiteDir: dir, Builtin: builtin})
	if err != nil {
		t.Fatal(err)
	}
	want := `content/sources/report.md:1:1: warning: attributions are not marked: quotes citing report are checked for their words only (mark who says what with :said[…]{who=…})`
	if len(res.Warnings) != 1 || res.Warnings[0].String() != want {
		t.Errorf("warnings %v, want one:\n%s", res.Warnings, want)
	}
	files := snapshot(t, filepath.Join(dir, "public"))
	if !strings.Contains(files["a/index.html"], `<figure class="quote" id="quote-1">`) {
		t.Errorf("a quote of an unmarked source renders as before:\n%s", files["a/index.html"])
	}
	if !strings.Contains(files["b/index.html"], `<figcaption>— Report <a class="quote-source" href="/sources/report/#p1">`) {
		t.Errorf("a quote without who= is captioned with its source:\n%s", files["b/index.html"])
	}
}
