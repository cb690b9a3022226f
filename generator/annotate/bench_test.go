package annotate

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark"

	"github.com/gloss-ssg/gloss/generator/hostile"
	"github.com/gloss-ssg/gloss/generator/markdown"
)

// bigSource is a fakeSite whose source has many paragraphs.
type bigSource struct {
	fakeSite
	src Entity
}

func (b *bigSource) Entity(kind, id string) (Entity, bool) {
	if kind == "source" && id == b.src.ID {
		return b.src, true
	}
	return b.fakeSite.Entity(kind, id)
}

func newBigSource(paragraphs int) *bigSource {
	var ps []string
	for _, p := range strings.Split(strings.TrimSpace(hostile.SourceParagraphs(paragraphs)), "\n\n") {
		ps = append(ps, p)
	}
	return &bigSource{src: Entity{Kind: "source", ID: "big", Href: "/sources/big/", Paragraphs: ps}}
}

func benchConvert(b *testing.B, src string, site Resolver, wantProblems int) {
	b.Helper()
	conv := markdown.New(markdown.Options{Extensions: []goldmark.Extender{New(Explainers(), nil)}})
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if s, ok := site.(*bigSource); ok {
			s.src.Text = NewSourceText(s.src.Paragraphs) // read once a build, as the site does
		}
		out := conv.Convert(markdown.Input{File: "content/e.md", Source: []byte(src), BodyLine: 1, Values: map[any]any{ResolverKey: site}})
		if len(out.Problems) != wantProblems {
			b.Fatalf("%d problems, want %d: %v", len(out.Problems), wantProblems, out.Problems[:min(3, len(out.Problems))])
		}
	}
}

// BenchmarkMisquotes: quotes not in the paragraph they cite, checked against
// a source of 10,000 paragraphs. The source is read once a build, not once a
// quote; each quote then costs one search of the normalised source.
//
//	go test ./generator/annotate -run XXX -bench Misquotes -benchmem
func BenchmarkMisquotes(b *testing.B) {
	site := newBigSource(10000)
	for _, n := range []int{50, 100} {
		b.Run(fmt.Sprintf("quotes=%d", n), func(b *testing.B) {
			benchConvert(b, hostile.Misquotes(n, "big"), site, n)
		})
	}
}

// BenchmarkCitesInOneParagraph: one paragraph of many citations.
//
//	go test ./generator/annotate -run XXX -bench CitesInOneParagraph -benchmem
func BenchmarkCitesInOneParagraph(b *testing.B) {
	for _, n := range []int{5000, 10000} {
		b.Run(fmt.Sprintf("cites=%d", n), func(b *testing.B) {
			benchConvert(b, hostile.CitesInOneParagraph(n, "report-article"), &fakeSite{}, 0)
		})
	}
}

// BenchmarkNestedContainers: nested callouts, as many as gloss allows,
// around a body of many paragraphs. Each level's template is written around
// the content as it is rendered, so memory grows with the body, not with the
// body times the depth.
//
//	go test ./generator/annotate -run XXX -bench NestedContainers -benchmem
func BenchmarkNestedContainers(b *testing.B) {
	for _, n := range []int{2500, 5000} {
		b.Run(fmt.Sprintf("paragraphs=%d", n), func(b *testing.B) {
			body := strings.Repeat("A paragraph of the callout's body, long enough to count.\n\n", n)
			src := strings.Replace(hostile.NestedContainers(MaxContainerDepth, false), "\nx\n", "\n"+body, 1)
			benchConvert(b, src, &fakeSite{}, 0)
		})
	}
}

// BenchmarkUnclosedLabels: one line of inline openers whose labels never
// close, of a name gloss does not know (prose) and of a known one (an error
// at the first). One scan of the paragraph answers every opener.
//
//	go test ./generator/annotate -run XXX -bench UnclosedLabels -benchmem
func BenchmarkUnclosedLabels(b *testing.B) {
	for _, name := range []string{"x", "cite"} {
		for _, n := range []int{20000, 40000} {
			b.Run(fmt.Sprintf("name=%s/openers=%d", name, n), func(b *testing.B) {
				want := 0
				if name == "cite" {
					want = 1 // the first; the others lie inside its label
				}
				benchConvert(b, hostile.UnclosedLabels(n, name), &fakeSite{}, want)
			})
		}
	}
}

// BenchmarkAutoTerms: a page of 2,000 paragraphs (10,000 runs of text) on a
// site that links glossary terms automatically, at two glossary sizes, none
// of whose phrases the page holds (the most work: every phrase looked for
// everywhere).
//
//	go test ./generator/annotate -run XXX -bench AutoTerms -benchmem
func BenchmarkAutoTerms(b *testing.B) {
	src := hostile.Prose(2000)
	for _, n := range []int{500, 1000} {
		b.Run(fmt.Sprintf("terms=%d", n), func(b *testing.B) {
			var terms []AutoTerm
			for i, ph := range hostile.Glossary(n) {
				terms = append(terms, AutoTerm{ID: fmt.Sprintf("t%d", i), Phrases: []string{ph}})
			}
			benchConvert(b, src, newAutoSite(terms), 0)
		})
	}
}

// BenchmarkUnclosedQuotations: a cited paragraph of opening quotation
// marks that nothing closes, scanned for the quotations it holds.
//
//	go test ./generator/annotate -run XXX -bench UnclosedQuotations -benchmem
func BenchmarkUnclosedQuotations(b *testing.B) {
	for _, n := range []int{100000, 200000} {
		b.Run(fmt.Sprintf("marks=%d", n), func(b *testing.B) {
			benchConvert(b, "Text :cite[¶3]{src=report-article} "+hostile.UnclosedQuotations(n)+"\n", &fakeSite{}, 0)
		})
	}
}

// BenchmarkReportedProse: prose quotations of reported speech, each in a
// sentence naming the speaker, against a source of 10,000 paragraphs with
// an attribution in every one. Each quotation reads only its paragraph's
// attributions (a search, not a scan of the source's).
//
//	go test ./generator/annotate -run XXX -bench ReportedProse -benchmem
func BenchmarkReportedProse(b *testing.B) {
	site := newBigSource(10000)
	for i, p := range site.src.Paragraphs {
		words := strings.Fields(p)
		span := strings.Join(words[:min(6, len(words))], " ")
		site.src.Attributions = append(site.src.Attributions, Attribution{Paragraph: i + 1, Who: "wang-peng", Form: FormReported, Text: span})
	}
	for _, n := range []int{500, 1000} {
		b.Run(fmt.Sprintf("quotations=%d", n), func(b *testing.B) {
			var page strings.Builder
			for k := 0; k < n; k++ {
				p := k*7%len(site.src.Paragraphs) + 1
				a := site.src.Attributions[p-1]
				fmt.Fprintf(&page, "Wang Peng said “%s” :cite[¶%d]{src=big}.\n\n", a.Text, p)
			}
			benchConvert(b, page.String(), site, n)
		})
	}
}
