package markdown

import (
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// jsonBlock is the code block whose highlighting once came out differently in
// two builds of the same corpus: a string was marked as an error in one run.
const jsonBlock = "```json\n{\n  \"policy\": \"Export controls on critical minerals\",\n  \"slogan\": \"稳中求进\",\n  \"year\": 2023,\n  \"budget_bn_yuan\": 81.3,\n  \"targets\": [\"public data exchanges\", \"the hukou system\"],\n  \"pilot\": false\n}\n```\n"

// TestHighlightIgnoresLoad converts one code block from many goroutines on a
// single thread, so each goroutine waits about 1.28 s, far longer than
// chroma's 250 ms regexp timeout, whenever the scheduler preempts it in the
// middle of a match. Output must not depend on how long a match took on the
// clock: every conversion has to give the bytes of the first. Either half of
// the fix passes it alone: gloss's lexers, whose 5 s interrupt outlasts the
// wait (matchInterrupt says why 5 s), and highlight, which lexes a block
// again after a token that took 100 ms. Without both, that is with chroma's
// lexers as they were, 37 of 12,800 conversions differed.
func TestHighlightIgnoresLoad(t *testing.T) {
	conv := New(Options{})
	want := string(conv.Convert(Input{Source: []byte(jsonBlock)}).HTML)
	if strings.Contains(want, `class="err"`) || !strings.Contains(want, "public data exchanges") {
		t.Fatalf("the block should highlight without errors:\n%s", want)
	}

	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	const goroutines, conversions = 128, 100
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		differed int
		example  string
	)
	for range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range conversions {
				got := string(conv.Convert(Input{Source: []byte(jsonBlock)}).HTML)
				if got != want {
					mu.Lock()
					differed++
					example = got
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if differed > 0 {
		t.Errorf("%d of %d conversions differed from the first, e.g.:\n%s\nwant:\n%s", differed, goroutines*conversions, example, want)
	}
}

// TestLexerCopiesLexLikeChroma checks that gloss's copies of chroma's lexers
// (the ones without a regexp timeout) give chroma's tokens, for languages an
// explainer is likely to show, including HTML, which lexes its scripts and
// styles with other lexers looked up by name.
func TestLexerCopiesLexLikeChroma(t *testing.T) {
	samples := map[string]string{
		"json":   jsonBlock,
		"yaml":   "title: \"稳中求进\"\ntopics: [chips, energy] # why\nyear: 2023\n",
		"toml":   "[site]\ntitle = \"Work report\"\nyear = 2023\n",
		"python": "def growth(gdp: float) -> str:\n    return f\"{gdp:.1f}%\"  # target\n",
		"go":     "func main() {\n\tfmt.Println(\"稳中求进\", 5.0)\n}\n",
		"bash":   "$ gloss build --out public/ && ls -l public | wc -l\n",
		"sql":    "SELECT region, SUM(budget) FROM bonds WHERE year = 2023 GROUP BY region;\n",
		"html":   "<p class=\"x\">Hi</p>\n<script>var x = {\"a\": [1, 'b']};</script>\n<style>p { color: red }</style>\n",
		"r":      "gdp <- c(5.2, 5.0)\nmean(gdp) # growth\n",
		"csv":    "year,target\n2023,5.0\n",
	}
	copies := newLexerRegistry()
	if len(copies.Lexers) != len(lexers.GlobalLexerRegistry.Lexers) {
		t.Fatalf("copied %d lexers, chroma has %d", len(copies.Lexers), len(lexers.GlobalLexerRegistry.Lexers))
	}
	for lang, sample := range samples {
		original, copied := lexers.Get(lang), copies.Get(lang)
		if original == nil || copied == nil || copied.Config() != original.Config() {
			t.Errorf("%s: chroma's lexer %v, gloss's copy %v", lang, original, copied)
			continue
		}
		want, wantErr := tokens(original, sample)
		got, err := tokens(copied, sample)
		if err != nil || wantErr != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: copy lexes differently: err %v (chroma's %v)\n got %v\nwant %v", lang, err, wantErr, got, want)
		}
	}
}

func tokens(lexer chroma.Lexer, text string) ([]chroma.Token, error) {
	it, err := lexer.Tokenise(nil, text)
	if err != nil {
		return nil, err
	}
	return it.Tokens(), nil
}
