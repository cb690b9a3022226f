package pipeline

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gloss-ssg/gloss/generator/output"
	"github.com/gloss-ssg/gloss/internal/sitetest"
)

// writeCorpus writes a synthetic site of n pages in 10 sections, each page
// about 8 KB of Markdown with headings, lists, a table, code, footnotes and
// links to other pages, like ../shared/bench/gencorpus.go but self-contained.
func writeCorpus(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	topics := []string{"Energy", "Trade", "Labor", "Housing", "Science", "Health", "Finance", "Land"}
	for i := 0; i < n; i++ {
		sec := fmt.Sprintf("section-%d", i%10)
		var body strings.Builder
		fmt.Fprintf(&body, "---\ntitle: \"Page %d on %s\"\ndate: 2023-%02d-%02d\nsummary: \"Summary of page %d.\"\ntopics: [%s, %s]\n---\n\n", i, topics[i%8], 1+i%12, 1+i%28, i, topics[i%8], topics[(i/8)%8])
		for s := 0; s < 5; s++ {
			fmt.Fprintf(&body, "## Section %d of page %d\n\n", s, i)
			for p := 0; p < 4; p++ {
				fmt.Fprintf(&body, "Policy text about *%s* and **reform** number %d, with a link to [page %d](../section-%d/page-%d.md) and a footnote.[^%d-%d] ", topics[(i+p)%8], p, (i+p+1)%n, ((i+p+1)%n)%10, (i+p+1)%n, s, p)
				body.WriteString(strings.Repeat("The measures are expected to raise output and employment over the coming years. ", 3) + "\n\n")
				fmt.Fprintf(&body, "[^%d-%d]: A note.\n\n", s, p)
			}
			body.WriteString("- first point\n- second point\n- third point\n\n| Province | Budget |\n|---|--:|\n| Jiangsu | 20.5 |\n| Anhui | 421.6 |\n\n```go\nfunc main() { println(\"hi\") }\n```\n\n")
		}
		p := filepath.Join(dir, "content", sec, fmt.Sprintf("page-%d.md", i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body.String()), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// BenchmarkStages times each step of a build of a 500-page site, with
// allocations:
//
//	go test ./generator/pipeline -run XXX -bench Stages -benchmem
func BenchmarkStages(b *testing.B) {
	dir := writeCorpus(b, 500)
	opts := Options{SiteDir: dir, OutDir: filepath.Join(b.TempDir(), "out"), Builtin: builtin, Workers: 0}
	ready := func(upTo string) *run {
		r, err := setUp(context.Background(), opts, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { r.out.abort(); r.storage.close() })
		if r.opts.Workers == 0 {
			r.opts.Workers = 2
		}
		steps := []struct {
			name string
			do   func() error
		}{{"load", r.load}, {"plan", r.plan}, {"theme", r.loadTheme}, {"markdown", r.convert}, {"render", r.render}, {"site files", r.writeSiteFiles}, {"links", r.checkLinks}, {"write", r.commit}}
		for _, s := range steps {
			if s.name == upTo {
				return r
			}
			if err := s.do(); err != nil {
				b.Fatal(err)
			}
		}
		return r
	}
	for _, stage := range []struct {
		name string
		step func(*run) error
	}{
		{"load", (*run).load},
		{"plan", (*run).plan},
		{"theme", (*run).loadTheme},
		{"markdown", (*run).convert},
		{"render", (*run).render},
		{"site files", (*run).writeSiteFiles},
	} {
		b.Run(stage.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				r := ready(stage.name)
				if stage.name == "site files" {
					if err := r.render(); err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
				if err := stage.step(r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("whole build", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := Build(context.Background(), opts); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// benchSite is a copy of $GLOSS_BENCH_SITE (a folder holding content/, such
// as bench/run.sh's corpus site), or else a 500-page synthetic site. The
// benchmarks edit files of the site they are given: never the folder the
// variable names.
func benchSite(b *testing.B) string {
	b.Helper()
	if dir := os.Getenv("GLOSS_BENCH_SITE"); dir != "" {
		return sitetest.Copy(b, dir)
	}
	return writeCorpus(b, 500)
}

// BenchmarkIncrementalEdit times a preview rebuild after one page's body
// changed, with a Builder building into memory: told which file changed
// (update, as the preview does) and told nothing (build). The site is a
// copy of $GLOSS_BENCH_SITE or a 500-page synthetic site (see benchSite):
//
//	GLOSS_BENCH_SITE=/tmp/gloss-bench-10000/site go test ./generator/pipeline -run XXX -bench Incremental
func BenchmarkIncrementalEdit(b *testing.B) {
	dir := benchSite(b)
	var page string
	contentDir := filepath.Join(dir, "content")
	_ = filepath.Walk(contentDir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && page == "" && strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, "_index.md") {
			page = p
		}
		return nil
	})
	original, err := os.ReadFile(page)
	if err != nil {
		b.Fatal(err)
	}
	rel, _ := filepath.Rel(contentDir, page)
	changed := []string{"content/" + filepath.ToSlash(rel)}
	for _, how := range []string{"update", "build"} {
		b.Run(how, func(b *testing.B) {
			if err := os.WriteFile(page, original, 0o644); err != nil {
				b.Fatal(err)
			}
			mem := output.NewMemory()
			builder := NewBuilder(Options{SiteDir: dir, Builtin: builtin}, mem)
			if _, err := builder.Build(context.Background()); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			rendered, inPlace := 0, 0
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				if err := os.WriteFile(page, append(append([]byte(nil), original...), fmt.Sprintf("\n\nEdit %d.\n", i)...), 0o644); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				var res *Result
				if how == "update" {
					res, err = builder.Update(context.Background(), changed)
				} else {
					res, err = builder.Build(context.Background())
				}
				if err != nil {
					b.Fatal(err)
				}
				rendered += res.Rendered
				if res.InPlace {
					inPlace++
				}
			}
			b.ReportMetric(float64(rendered)/float64(b.N), "pages-rendered/op")
			b.ReportMetric(float64(inPlace)/float64(b.N), "in-place/op")
		})
	}
}

// BenchmarkTemplateEdit times a preview rebuild after a partial every page
// uses changed (template), beside a full build into memory of the same site
// (full): a template edit must cost at most one full build. The site is a
// copy of $GLOSS_BENCH_SITE or a 500-page synthetic one (see benchSite); the
// benchmark adds templates/briefing/partials/footer.html to the copy.
func BenchmarkTemplateEdit(b *testing.B) {
	dir := benchSite(b)
	partial := filepath.Join(dir, "templates", "briefing", "partials", "footer.html")
	if _, err := os.Stat(partial); err == nil {
		b.Fatalf("%s exists: the benchmark would overwrite it", partial)
	}
	original, err := fs.ReadFile(builtin, "templates/briefing/partials/footer.html")
	if err != nil {
		b.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(partial), 0o755); err != nil {
		b.Fatal(err)
	}
	b.Run("template", func(b *testing.B) {
		if err := os.WriteFile(partial, original, 0o644); err != nil {
			b.Fatal(err)
		}
		builder := NewBuilder(Options{SiteDir: dir, Builtin: builtin}, output.NewMemory())
		if _, err := builder.Build(context.Background()); err != nil {
			b.Fatal(err)
		}
		changed := []string{"templates/briefing/partials/footer.html"}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			edited := strings.Replace(string(original), "</footer>", fmt.Sprintf("<p>Edit %d.</p></footer>", i), 1)
			if err := os.WriteFile(partial, []byte(edited), 0o644); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			res, err := builder.Update(context.Background(), changed)
			if err != nil {
				b.Fatal(err)
			}
			if res.Rendered != res.Pages {
				b.Fatalf("rendered %d of %d pages", res.Rendered, res.Pages)
			}
		}
	})
	b.Run("full", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := NewBuilder(Options{SiteDir: dir, Builtin: builtin}, output.NewMemory()).Build(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
	})
}
