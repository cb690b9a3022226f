package markdown

import (
	"strings"
	"testing"
)

// BenchmarkHighlight converts pages that are only code, so the figures are
// the cost of highlighting: the two blocks the benchmark corpus uses
// (../shared/bench/gencorpus.go), and one long Go block of about 64 KB, where
// watching every token would show if it cost anything. It uses only New and
// Convert, so the same file runs against older code for a before/after.
func BenchmarkHighlight(b *testing.B) {
	json := "```json\n{\n  \"policy\": \"Export controls\",\n  \"slogan\": \"稳中求进\",\n  \"year\": 2023,\n  \"budget_bn_yuan\": 81.3,\n  \"targets\": [\"chips\", \"the hukou system\"],\n  \"pilot\": false\n}\n```\n"
	corpusBlocks := json + "\n```go\n// Share computes the export controls share of total spending.\nfunc Share(part, total float64) float64 {\n\tif total == 0 {\n\t\treturn 0\n\t}\n\treturn part / total * 100\n}\n```\n"
	goLine := "\tfmt.Println(\"稳中求进\", 5.0, part/total*100) // the growth target\n"
	longGo := "```go\nfunc main() {\n" + strings.Repeat(goLine, 64<<10/len(goLine)) + "}\n```\n"
	for _, bench := range []struct{ name, page string }{
		{"corpus-blocks", corpusBlocks},
		{"go-64KB", longGo},
	} {
		b.Run(bench.name, func(b *testing.B) {
			conv := New(Options{})
			in := Input{File: "content/code.md", Source: []byte(bench.page)}
			if out := conv.Convert(in); len(out.Problems) > 0 || !strings.Contains(string(out.HTML), `<span class="kd">func</span>`) && !strings.Contains(string(out.HTML), `<span class="nt">`) {
				b.Fatalf("problems %v, html %.300s", out.Problems, out.HTML)
			}
			b.SetBytes(int64(len(bench.page)))
			b.ResetTimer()
			for b.Loop() {
				conv.Convert(in)
			}
		})
	}
}
