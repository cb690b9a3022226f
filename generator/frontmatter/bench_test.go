package frontmatter

import (
	"fmt"
	"testing"

	"github.com/gloss-ssg/gloss/generator/hostile"
)

// BenchmarkTOMLKeys: TOML front matter with many keys, each given its line.
//
//	go test ./generator/frontmatter -run XXX -bench TOMLKeys -benchmem
func BenchmarkTOMLKeys(b *testing.B) {
	for _, n := range []int{10000, 20000} {
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			src := []byte(hostile.TOMLFrontMatter(n))
			b.SetBytes(int64(len(src)))
			for i := 0; i < b.N; i++ {
				doc, probs := Parse("content/e.md", src)
				if len(probs) != 0 || len(doc.Fields) != n+1 {
					b.Fatalf("%d fields, problems %v", len(doc.Fields), probs)
				}
			}
		})
	}
}

// BenchmarkYAMLKeys: YAML front matter at and below MaxYAMLLines. The YAML
// parser is quadratic in a mapping's length; the bound keeps it to a few
// milliseconds (a longer front matter is refused before it is parsed).
//
//	go test ./generator/frontmatter -run XXX -bench YAMLKeys -benchmem
func BenchmarkYAMLKeys(b *testing.B) {
	for _, n := range []int{MaxYAMLLines / 2, MaxYAMLLines} {
		b.Run(fmt.Sprintf("keys=%d", n), func(b *testing.B) {
			src := []byte("---\n" + yamlKeys(n) + "---\nBody.\n")
			b.SetBytes(int64(len(src)))
			for i := 0; i < b.N; i++ {
				doc, probs := Parse("content/e.md", src)
				if len(probs) != 0 || len(doc.Fields) != n {
					b.Fatalf("%d fields, problems %v", len(doc.Fields), probs)
				}
			}
		})
	}
}
