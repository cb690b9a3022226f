package markdown

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"

	"github.com/gloss-ssg/gloss/generator/hostile"
	"github.com/gloss-ssg/gloss/internal/wait"
)

// TestHostileCodeIsRefused feeds highlighters text that makes them loop or
// backtrack for minutes. Each block must end in an error at its language tag
// that names the highlighter and a way out, soon: the deadline below only
// catches a hang, it measures nothing.
func TestHostileCodeIsRefused(t *testing.T) {
	tests := []struct {
		name, block, want string
	}{{
		// chroma's JSONata lexer matches the empty string after a lone '
		// and emits empty tokens forever.
		name:  "lexer loops",
		block: "```jsonata\n$x := 'unclosed\n```\n",
		want:  "content/hostile.md:14:4: the JSONata highlighter goes round in circles on this block without reading it: mark it ```text (or with no language) to publish it unhighlighted",
	}, {
		// Its single-quoted string rule, ('(\\|\\'|[^'])*'), backtracks
		// through 2^n ways to read n unclosed backslashes.
		name:  "regexp backtracks",
		block: "```JSONata\n'" + strings.Repeat(`\`, 64) + "\n```\n",
		want:  "content/hostile.md:14:4: highlighting this page's code as JSONata took more than 500ms of CPU time by this block: mark it ```text (or with no language) to publish it unhighlighted, or split it up",
	}, {
		// The page's time is used up by the first: the second is plain
		// text at once, with no error of its own and no wait.
		name:  "two blocks backtrack",
		block: strings.Repeat("```JSONata\n'"+strings.Repeat(`\`, 64)+"\n```\n\n", 2),
		want:  "content/hostile.md:14:4: highlighting this page's code as JSONata took more than 500ms of CPU time by this block: mark it ```text (or with no language) to publish it unhighlighted, or split it up",
	}, {
		// Each tag chroma does not know by name costs a match against
		// every lexer's file patterns; the 21st language of the page (the
		// JSON block is the first) is an error, and the blocks after it are
		// plain text with no error each.
		name:  "languages past the bound",
		block: hostile.CodeBlocks(MaxLanguages+10, func(i int) string { return fmt.Sprintf("lang%d", i) }),
		want:  "content/hostile.md:90:4: more than 20 languages for code on this page: gloss highlights the first 20; mark the others ```text (or with no language), or split the page",
	}}
	conv := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "```json\n{\"a\": 1}\n```\n\n" + tt.block
			done := make(chan Output, 1)
			go func() { done <- conv.Convert(Input{File: "content/hostile.md", Source: []byte(src), BodyLine: 10}) }()
			var out Output
			select {
			case out = <-done:
			case <-time.After(2 * time.Minute):
				t.Fatal("no answer after 2 minutes: the highlighter hangs")
			}
			if len(out.Problems) != 1 || out.Problems[0].String() != tt.want {
				t.Fatalf("problems %q,\nwant one: %s", out.Problems, tt.want)
			}
			// The block is shown as text, the page's other code
			// highlighted as usual.
			html := string(out.HTML)
			if strings.Contains(html, `class="err"`) || !strings.Contains(html, `<span class="nt">&#34;a&#34;</span>`) {
				t.Errorf("html:\n%s", html)
			}
		})
	}
}

// stallingLexer stands for a goroutine preempted in the middle of a match:
// its first token, in its first run (or every run, with always), comes after
// a pause long enough for a regexp timeout to have fired (it does not, here:
// the lexer is fake). The pause is on a fake clock, which the lexer moves on.
type stallingLexer struct {
	chroma.Lexer
	always bool
	runs   int
	clock  time.Time
}

func (s *stallingLexer) now() time.Time { return s.clock }

func (s *stallingLexer) Tokenise(options *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	s.runs++
	it, err := s.Lexer.Tokenise(options, text)
	if s.runs > 1 && !s.always || err != nil {
		return it, err
	}
	first := true
	return func() chroma.Token {
		if first {
			first = false
			s.clock = s.clock.Add(suspectToken + 10*time.Millisecond)
			return chroma.Token{Type: chroma.Error, Value: "{"} // what a timeout would give
		}
		return it()
	}, nil
}

// TestStalledTokenLexesAgain: tokens from a run in which any token took as
// long as a timeout are never used; the block is lexed again.
func TestStalledTokenLexesAgain(t *testing.T) {
	h := newHighlighter()
	json := h.lexers.Get("json")
	want, err := h.highlight(json, `{"a": 1}`, &highlightBudget{})
	if err != nil {
		t.Fatal(err)
	}
	stalling := &stallingLexer{Lexer: json}
	got, err := h.highlight(stalling, `{"a": 1}`, &highlightBudget{now: stalling.now})
	if err != nil || stalling.runs != 2 || !equalTokens(got, want) {
		t.Errorf("lexed %d times, err %v:\n got %v\nwant %v", stalling.runs, err, got, want)
	}

	// A machine too busy ever to lex the block uninterrupted: an error,
	// after a bounded number of attempts, never the tokens of one of them.
	stalling = &stallingLexer{Lexer: json, always: true}
	got, err = h.highlight(stalling, `{"a": 1}`, &highlightBudget{now: stalling.now})
	if !errors.Is(err, errHighlightInterrupted) || got != nil || stalling.runs != maxHighlightAttempts {
		t.Errorf("always stalling: lexed %d times, err %v, tokens %v", stalling.runs, err, got)
	}
}

// spinningLexer stands for a regexp stuck backtracking: it works (uses CPU
// time) without giving its first token until the test lets it go.
type spinningLexer struct {
	chroma.Lexer
	release chan struct{}
}

func (s *spinningLexer) Tokenise(options *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	it, err := s.Lexer.Tokenise(options, text)
	if err != nil {
		return nil, err
	}
	released := false
	return func() chroma.Token {
		for work := 0; !released; work++ {
			if work%1024 == 0 {
				select {
				case <-s.release:
					released = true
				default:
				}
			}
		}
		return it()
	}, nil
}

// TestStuckLexerIsLeftBehind: a page whose block is stuck gets its error
// once the block has used the page's CPU time, without waiting for the block
// to end, which here it never does until the test lets it; then it ends on
// its own and frees its place.
func TestStuckLexerIsLeftBehind(t *testing.T) {
	if !thisThreadClock().ok {
		t.Skip("no thread CPU clock that another thread can read here: highlight waits for every block")
	}
	h := newHighlighter()
	spinning := &spinningLexer{Lexer: h.lexers.Get("json"), release: make(chan struct{})}
	budget := &highlightBudget{}
	type result struct {
		tokens []chroma.Token
		err    error
	}
	done := make(chan result, 1)
	go func() {
		tokens, err := h.highlight(spinning, `{"a": 1}`, budget)
		done <- result{tokens, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(2 * time.Minute): // catches a hang, measures nothing
		close(spinning.release)
		t.Fatal("highlight waited for the stuck lexer")
	}
	tokens, err := r.tokens, r.err
	if !errors.Is(err, errHighlightTooSlow) || tokens != nil || budget.spent <= pageHighlightCPU {
		t.Fatalf("err %v, tokens %v, spent %v: want the page's time used up", err, tokens, budget.spent)
	}
	if len(h.lexing) != 1 {
		t.Fatalf("%d goroutines lexing: the stuck one should still be", len(h.lexing))
	}
	close(spinning.release)
	wait.Until(t, "the goroutine left behind to end once its lexer goes on", 30*time.Second, func() bool { return len(h.lexing) == 0 })
}

// TestHighlightWithNoRoomLexesInPlace: with as many goroutines lexing as
// there is room for, a block is lexed where it is asked for, to the same
// tokens.
func TestHighlightWithNoRoomLexesInPlace(t *testing.T) {
	h := newHighlighter()
	json := h.lexers.Get("json")
	want, err := h.highlight(json, jsonBlock, &highlightBudget{})
	if err != nil {
		t.Fatal(err)
	}
	for range cap(h.lexing) {
		h.lexing <- struct{}{}
	}
	got, err := h.highlight(json, jsonBlock, &highlightBudget{})
	if err != nil || !equalTokens(got, want) || len(h.lexing) != cap(h.lexing) {
		t.Errorf("err %v, %d places taken of %d:\n got %v\nwant %v", err, len(h.lexing), cap(h.lexing), got, want)
	}
}

func equalTokens(a, b []chroma.Token) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestWatchedHighlightingLexesLikeChroma runs every sample text chroma tests
// its lexers with through highlight: each must give chroma's own tokens (no
// match times out on so small a text). None may be taken for stuck, and only
// samples far larger than a code block in an explainer may be too slow
// (chroma's OpenEdge ABL lexer takes seconds for its 155 KB sample).
func TestWatchedHighlightingLexesLikeChroma(t *testing.T) {
	dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/alecthomas/chroma/v2").Output()
	if err != nil {
		t.Fatalf("finding chroma's module: %v", err)
	}
	samples, _ := filepath.Glob(filepath.Join(strings.TrimSpace(string(dir)), "lexers", "testdata", "*.actual"))
	if len(samples) < 100 {
		t.Fatalf("only %d samples in %s", len(samples), dir)
	}
	h := newHighlighter()
	copies := h.lexers
	compared := 0
	for _, sample := range samples {
		name := strings.TrimSuffix(filepath.Base(sample), ".actual")
		original, copied := lexers.Get(name), copies.Get(name)
		if original == nil || copied == nil {
			continue
		}
		text, err := os.ReadFile(sample)
		if err != nil {
			t.Fatal(err)
		}
		got, err := h.highlight(copied, string(text), &highlightBudget{})
		if raceEnabled && errors.Is(err, errHighlightTooSlow) {
			continue // its CPU time tells nothing under the race detector
		}
		if len(text) > 64<<10 { // not compared: chroma alone takes seconds
			if err != nil && !errors.Is(err, errHighlightTooSlow) {
				t.Errorf("%s: %v", name, err)
			}
			continue
		}
		want, wantErr := tokens(chroma.Coalesce(original), string(text))
		if err != nil || wantErr != nil || !equalTokens(got, want) {
			t.Errorf("%s: err %v (chroma's %v); tokens differ: %v", name, err, wantErr, !equalTokens(got, want))
		}
		compared++
	}
	t.Logf("%d of %d samples compared", compared, len(samples))
}

// TestLanguagesLookedUpOnce: a block with no language asks chroma nothing,
// and each tag is looked up once a build (chroma's answer for a tag that is
// not a language's name takes milliseconds), the answer kept even when it
// is "no lexer".
func TestLanguagesLookedUpOnce(t *testing.T) {
	l := newHighlighter().languages
	if l.lexer("") != nil || len(l.known) != 0 {
		t.Fatalf("no language: %d tags remembered", len(l.known))
	}
	py := l.lexer("py") // an extension, found by chroma's file patterns
	if py == nil || py.Config().Name != "Python" {
		t.Fatalf("py: %v", py)
	}
	if l.lexer("nosuchlanguage") != nil {
		t.Fatal("an unknown tag has a lexer")
	}
	l.registry = nil // any further lookup would have to come from memory
	if l.lexer("py") != py || l.lexer("nosuchlanguage") != nil || len(l.known) != 2 {
		t.Errorf("the second lookups were not remembered: %v", l.known)
	}
}
