package annotate

import (
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"golang.org/x/tools/txtar"

	"github.com/gloss-ssg/gloss/generator/markdown"
	"github.com/gloss-ssg/gloss/internal/golden"
)

// fakeSite resolves entities the way a site would, from a fixed set.
type fakeSite struct {
	refs []Reference
}

var report = Entity{Kind: "source", ID: "report-article", Title: "The report", Href: "/sources/report-article/", Paragraphs: []string{
	"China’s 14th National People’s Congress has set its priorities for 2023 in the Government Work Report.",
	"The report emphasizes the need to improve the new system for mobilizing resources nationwide. In this regard, enterprises should be the principal actors in innovation.",
	"Wang Peng, a research fellow at the Beijing Academy of Social Sciences, pointed out that China still faces bottlenecks in major technologies, such as chips, lithography machines, and materials.",
	"The country has provided support for basic research, with spending on basic research doubling over the past five years. Twelve provinces and 4.2 billion yuan, 61 percent of it new.",
}}

// hearing is a source whose attributions are marked (:said): the minister
// (li-keqiang) is reported, the professor (wang-peng) quoted directly.
var hearing = Entity{Kind: "source", ID: "hearing", Title: "The hearing", Href: "/sources/hearing/", Params: map[string]any{"publisher": "The Gazette"},
	Paragraphs: []string{
		"The minister said that the ministry would publish a progress report every year. “We will not wait for the review,” Professor Wang told the committee.",
		"The committee heard twelve witnesses over two days.",
		"She added that the ministry would publish a progress report every year.",
		"The minister said the ministry would publish a report, and she added that it would be public.",
		"Rents will fall, according to observers, and the ministry says that it will build more homes.",
		"The minister said that the ministry would review rents. The ministry would review rents anyway, the clerk noted.",
	},
	Unnamed: []Entity{{Kind: KindUnnamed, ID: "observers", Title: "observers"}},
	Attributions: []Attribution{
		{Paragraph: 1, Who: "li-keqiang", Form: FormReported, Text: "the ministry would publish a progress report every year"},
		{Paragraph: 1, Who: "wang-peng", Form: FormDirect, Text: "We will not wait for the review"},
		{Paragraph: 3, Who: "li-keqiang", Form: FormReported, Text: "the ministry would publish a progress report every year"},
		{Paragraph: 4, Who: "li-keqiang", Form: FormReported, Text: "the ministry would publish a report"},
		{Paragraph: 4, Who: "li-keqiang", Form: FormReported, Text: "it would be public"},
		{Paragraph: 5, Who: "observers", Form: FormReported, Text: "Rents will fall"},
		{Paragraph: 5, Who: "the-ministry", Form: FormReported, Text: "it will build more homes"},
		{Paragraph: 6, Who: "li-keqiang", Form: FormReported, Text: "the ministry would review rents"},
	},
}

func (f *fakeSite) Entity(kind, id string) (Entity, bool) {
	if kind == KindSpeaker {
		if e, ok := f.Entity("person", id); ok {
			return e, true
		}
		kind = "organisation"
	}
	switch {
	case kind == "organisation" && id == "the-ministry":
		return Entity{Kind: kind, ID: id, Title: "The Ministry of Housing", Href: "/organisations/the-ministry/", Params: map[string]any{"aliases": []any{"the ministry"}}}, true
	case kind == "person" && id == "wang-peng":
		return Entity{Kind: kind, ID: id, Title: "Wang Peng", Href: "/people/wang-peng/", Params: map[string]any{"role": "research fellow"}}, true
	case kind == "person" && id == "li-keqiang":
		return Entity{Kind: kind, ID: id, Title: "Li Keqiang", Href: "/people/li-keqiang/", Params: map[string]any{"aliases": []any{"Li", "the minister"}}}, true
	case kind == "term" && id == "core-technologies":
		return Entity{Kind: kind, ID: id, Title: "Core technologies", Href: "/glossary/core-technologies/", Params: map[string]any{"definition": "Technologies in key fields."}}, true
	case kind == "source" && id == report.ID:
		return report, true
	case kind == "source" && id == hearing.ID:
		return hearing, true
	}
	return Entity{}, false
}

func (f *fakeSite) EntityIDs(kind string) []string {
	return map[string][]string{"person": {"li-keqiang", "wang-peng"}, KindSpeaker: {"li-keqiang", "the-ministry", "wang-peng"}, "term": {"core-technologies"}, "source": {"hearing", "report-article"}}[kind]
}

func (f *fakeSite) Record(r Reference) { f.refs = append(f.refs, r) }

// DraftEntity: the site has one draft, a person's page.
func (f *fakeSite) DraftEntity(kind, id string) (string, bool) {
	if (kind == "person" || kind == KindSpeaker) && id == "zhang-draft" {
		return "content/people/zhang-draft.md", true
	}
	return "", false
}

func convert(src string) (markdown.Output, *fakeSite) { return convertPage(src, false) }

// convertPage converts src as a page of the fake site; numbered, as a source.
func convertPage(src string, numbered bool) (markdown.Output, *fakeSite) {
	site := &fakeSite{}
	conv := markdown.New(markdown.Options{Extensions: []goldmark.Extender{New(Explainers(), nil)}})
	out := conv.Convert(markdown.Input{File: "content/e.md", Source: []byte(src), BodyLine: 1, Numbered: numbered, Values: map[any]any{ResolverKey: site}})
	return out, site
}

// TestErrors converts each case of testdata/errors.txtar (a file per case,
// with the expected problems under the same name plus ".want") and compares
// the problems exactly, position and suggestion included. -update rewrites
// the want sections (and fails, so that the diff is reviewed).
func TestErrors(t *testing.T) {
	const file = "testdata/errors.txtar"
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	wants := map[string]int{}
	for i, f := range ar.Files {
		wants[f.Name] = i
	}
	// updated is the archive with every want section as the test got it,
	// in the order of the original (new ones at the end).
	updated := &txtar.Archive{Comment: ar.Comment, Files: slices.Clone(ar.Files)}
	for _, f := range ar.Files {
		if strings.HasSuffix(f.Name, ".want") {
			continue
		}
		// Cases named source-… are converted as numbered sources.
		out, _ := convertPage(string(f.Data), strings.HasPrefix(f.Name, "source-"))
		var lines []string
		for _, p := range out.Problems {
			lines = append(lines, p.String())
		}
		sort.Strings(lines)
		got := strings.Join(lines, "\n") + "\n"
		i, ok := wants[f.Name+".want"]
		if ok {
			updated.Files[i].Data = []byte(got)
		} else {
			updated.Files = append(updated.Files, txtar.File{Name: f.Name + ".want", Data: []byte(got)})
		}
		if golden.Updating() {
			continue // compared as a whole below
		}
		t.Run(f.Name, func(t *testing.T) {
			if !ok {
				t.Fatalf("no %s.want (run with -update, then review it)", f.Name)
			}
			if want := string(ar.Files[i].Data); got != want {
				t.Errorf("problems:\n%s\nwant:\n%s", got, want)
			}
		})
	}
	if golden.Updating() {
		golden.Check(t, file, txtar.Format(updated))
	}
}

func TestResolvedData(t *testing.T) {
	src := `Intro :term[core technology]{id=core-technologies} and :person{id=li-keqiang}, :cite[¶3]{src=report-article}.

:::quote{who=wang-peng cite=report-article#p3}
China still faces “bottlenecks” in major technologies, such as chips…and materials
:::

::stat[Spending on basic research]{#basic-spending value=doubled period="over the past five years" cite=report-article#p4}

::stat{ref=elsewhere}
`
	out, site := convert(src)
	if len(out.Problems) != 0 {
		t.Fatalf("problems: %v", out.Problems)
	}
	var kinds []string
	for _, r := range site.refs {
		kinds = append(kinds, r.Kind+":"+r.Entity+":"+r.ID)
	}
	want := "term:term:core-technologies person:person:li-keqiang cite:source:report-article quote:person:wang-peng quote:source:report-article cite:source:report-article stat-def:stat:basic-spending stat:stat:elsewhere"
	if got := strings.Join(kinds, " "); got != want {
		t.Errorf("references:\n%s\nwant:\n%s", got, want)
	}
	for _, id := range []string{"cite-1", "quote-1", "stat-basic-spending"} {
		if !out.IDs[id] {
			t.Errorf("id %q not given to the page", id)
		}
	}
	if !strings.Contains(string(out.HTML), Placeholder("stat", "elsewhere")) {
		t.Errorf("a reference to a figure defined elsewhere must leave a placeholder:\n%s", out.HTML)
	}
}

func TestQuoteIn(t *testing.T) {
	p := report.Paragraphs[2]
	for quote, want := range map[string]bool{
		"China still faces bottlenecks in major technologies":                    true,
		"“china STILL faces   bottlenecks in major technologies.”":               true,
		"China still faces bottlenecks … chips, lithography machines":            true,
		"China still faces bottlenecks ... and materials":                        true,
		"China still faces bottlenecks in all technologies":                      false,
		"and materials … China still faces":                                      false, // parts out of order
		"Wang Peng, a research fellow at the Beijing Academy of Social Sciences": true,
		"":  false,
		"…": false,
	} {
		if got := QuoteIn(quote, p); got != want {
			t.Errorf("QuoteIn(%q) = %v, want %v", quote, got, want)
		}
	}
	if !QuoteIn("China’s 14th National People's Congress", report.Paragraphs[0]) {
		t.Error("straight and curly apostrophes must compare equal")
	}
}

// problemsOf is a conversion's problems, one a line, as an author reads them.
func problemsOf(out markdown.Output) string {
	var lines []string
	for _, p := range out.Problems {
		lines = append(lines, p.String())
	}
	return strings.Join(lines, "\n")
}
