package markdown

import (
	"errors"
	"runtime"
	"sync"
	"time"

	"github.com/alecthomas/chroma/v2"
)

// Highlighting a page's code may take this much CPU time, all its blocks
// together. Typical code blocks take well under a millisecond; chroma lexes
// Go at about 270 KB a second (BenchmarkHighlight), so only some 130 KB of
// code on one page, or a lexer stuck backtracking on text it was not made
// for, comes near. Half a second, not more, because a 2 MB page must convert
// in under 2 s whatever its code (issue 12), and its other 2 MB may take
// more than a second of their own. CPU time, unlike time on the clock, does
// not grow when the machine is busy, so whether a page is refused does not
// depend on the load.
const pageHighlightCPU = 500 * time.Millisecond

// A token that took this long on the clock may hide a regexp match that timed
// out (after matchInterrupt, or chroma's own 250 ms for lexers gloss cannot
// copy) and was silently taken as "no match": the attempt is thrown away and
// the block lexed again. Lexing a token takes microseconds; only a stalled
// goroutine or a backtracking regexp comes near this.
const suspectToken = 100 * time.Millisecond

// A block is lexed at most this many times. Each attempt thrown away has cost
// CPU time, so the budget ends a block that times out every time long before;
// only a machine too busy to give a small block 100 ms uninterrupted, again
// and again, reaches this.
const maxHighlightAttempts = 64

// How often, on the clock, the thread's CPU time is read: reading it is a
// system call, too slow to make for every token.
const cpuCheckEvery = 10 * time.Millisecond

var (
	// errHighlightTooSlow: the page's code used up pageHighlightCPU.
	errHighlightTooSlow = errors.New("too slow")
	// errHighlightStuck: the lexer went on emitting tokens without reading
	// the text (chroma's JSONata lexer does, on a lone ').
	errHighlightStuck = errors.New("stuck")
	// errHighlightInterrupted: maxHighlightAttempts attempts were all
	// interrupted.
	errHighlightInterrupted = errors.New("interrupted")
)

// highlightBudget is the CPU time a page's code blocks have taken so far.
type highlightBudget struct {
	spent time.Duration
	// now reads the clock that tells a suspect token (time.Now when nil);
	// tests stand a fake clock in, so a stall needs no real pause.
	now func() time.Time
}

func (b *highlightBudget) clock() time.Time {
	if b.now == nil {
		return time.Now()
	}
	return b.now()
}

// highlighter is the Converter's: its copies of chroma's lexers, the
// languages looked up so far, and room for the goroutines that lex code
// blocks.
type highlighter struct {
	lexers    *chroma.LexerRegistry
	languages *languages
	// lexing holds a place for each goroutine lexing a block, awaited or
	// left behind. Twice as many as CPUs: a build converts a page per CPU,
	// so each may leave one behind and go on.
	lexing chan struct{}
}

func newHighlighter() highlighter {
	lexers := newLexerRegistry()
	return highlighter{
		lexers:    lexers,
		languages: &languages{registry: lexers, known: map[string]chroma.Lexer{}},
		lexing:    make(chan struct{}, 2*runtime.GOMAXPROCS(0)),
	}
}

// A page's code may name this many languages. chroma finds the lexer for a
// tag that is not one of its languages' names or aliases by matching it
// against every lexer's file name patterns (the tag "py" as "filename.py"),
// about 8 ms a time on this machine: a page of 20,000 blocks took 133 s when
// chroma was asked at every block. Tags are remembered across the
// build, so each costs that once, and the bound keeps a page's share under
// 0.2 s, out of the 2 s a 2 MB page may take (issue 12). Every page is held
// to it alike, whatever the other pages named.
const MaxLanguages = 20

// How many language tags, with a lexer or not, the build remembers; past
// this it looks each new one up every time (still at most MaxLanguages a
// page).
const maxRememberedLanguages = 4096

// languages remembers, for each language tag met in the build, the lexer
// chroma's registry gives for it (nil: none, the block stays plain text).
type languages struct {
	registry *chroma.LexerRegistry
	mu       sync.Mutex
	known    map[string]chroma.Lexer
}

// lexer is chroma's lexer for tag, or nil. A block with no tag has none
// (chroma would match its patterns against "filename." and find none).
func (l *languages) lexer(tag string) chroma.Lexer {
	if tag == "" {
		return nil
	}
	l.mu.Lock()
	lexer, ok := l.known[tag]
	l.mu.Unlock()
	if ok {
		return lexer
	}
	lexer = l.registry.Get(tag)
	l.mu.Lock()
	if len(l.known) < maxRememberedLanguages {
		l.known[tag] = lexer
	}
	l.mu.Unlock()
	return lexer
}

// highlight lexes code with lexer into coalesced tokens, the same tokens
// whatever the machine's load, or returns errHighlightTooSlow,
// errHighlightStuck or errHighlightInterrupted. Any other error is chroma's
// (a lexer whose rules do not compile); the caller then shows the code
// unhighlighted, as before.
//
// The lexing runs on a goroutine of its own, whose thread's CPU time is read
// from here every cpuCheckEvery. When the page's budget is spent, highlight
// returns errHighlightTooSlow at once and leaves that goroutine to end by
// itself: it is what lexing would have come to (the lexing goroutine
// decides on the same CPU time), only sooner. A regexp stuck backtracking
// cannot be stopped before its interrupt (matchInterrupt, kept long so
// that load can never cut short a match: see lexers.go); without this, the
// page would wait for it. The goroutine left behind goes on for at most that
// long, then sees the budget spent and ends.
func (h highlighter) highlight(lexer chroma.Lexer, code string, budget *highlightBudget) ([]chroma.Token, error) {
	select {
	case h.lexing <- struct{}{}:
	default:
		// As many goroutines are lexing or left behind as the machine can
		// run: lex here rather than add one, and wait for the end.
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		return lexWatched(lexer, code, budget)
	}
	type result struct {
		tokens []chroma.Token
		spent  time.Duration
		err    error
	}
	clocks, done := make(chan threadClock, 1), make(chan result, 1)
	before := budget.spent
	go func() {
		defer func() { <-h.lexing }()
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		clocks <- thisThreadClock()
		own := highlightBudget{spent: before, now: budget.now}
		tokens, err := lexWatched(lexer, code, &own)
		done <- result{tokens, own.spent, err}
	}()
	clock := <-clocks
	var ticks <-chan time.Time
	if clock.ok {
		ticker := time.NewTicker(cpuCheckEvery)
		defer ticker.Stop()
		ticks = ticker.C
	}
	for {
		select {
		case r := <-done:
			budget.spent = r.spent
			return r.tokens, r.err
		case <-ticks:
		}
		used := clock.used()
		// The goroutine keeps its thread until it has sent its result, so
		// the reading is its own unless the result is in: then the result
		// decides.
		select {
		case r := <-done:
			budget.spent = r.spent
			return r.tokens, r.err
		default:
		}
		if before+used > pageHighlightCPU {
			budget.spent = before + used
			return nil, errHighlightTooSlow
		}
	}
}

// lexWatched lexes code as highlight does, on the calling goroutine, which
// keeps its thread throughout (runtime.LockOSThread): thread CPU time
// measures this goroutine's work only then.
func lexWatched(lexer chroma.Lexer, code string, budget *highlightBudget) ([]chroma.Token, error) {
	for range maxHighlightAttempts {
		w := &watchedLexer{Lexer: lexer, budget: budget, cpuStart: threadCPUTime(), maxTokens: 4*len(code) + 1024}
		it, err := chroma.Coalesce(w).Tokenise(nil, code)
		if err != nil {
			return nil, err
		}
		var tokens []chroma.Token
		for t := it(); t != chroma.EOF; t = it() {
			tokens = append(tokens, t)
		}
		budget.spent += threadCPUTime() - w.cpuStart
		switch {
		case w.err != nil:
			return nil, w.err
		case budget.spent > pageHighlightCPU:
			return nil, errHighlightTooSlow
		case !w.suspect:
			return tokens, nil
		}
		// A match may have timed out: lex the whole block again. The CPU
		// spent counts, so a block that times out every time ends in
		// errHighlightTooSlow.
	}
	return nil, errHighlightInterrupted
}

// watchedLexer stands between chroma's lexer and its coalescer, below which a
// lexer that emits empty tokens forever would loop unseen. It ends the token
// stream early, setting err or suspect, when the block cannot be trusted.
type watchedLexer struct {
	chroma.Lexer
	budget    *highlightBudget
	cpuStart  time.Duration
	maxTokens int

	err     error
	suspect bool
}

func (w *watchedLexer) Tokenise(options *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	it, err := w.Lexer.Tokenise(options, text)
	if err != nil {
		return nil, err
	}
	tokens := 0
	last := w.budget.clock()
	lastCPUCheck := last
	return func() chroma.Token {
		t := it()
		if t == chroma.EOF {
			return t
		}
		now := w.budget.clock()
		if now.Sub(last) >= suspectToken {
			w.suspect = true
		}
		last = now
		// A token that reads no text, at most one per character and a few
		// more, is a lexer changing state; beyond that it goes round in a
		// circle. Counting makes this the same on every machine.
		if tokens++; tokens > w.maxTokens {
			w.err = errHighlightStuck
			return chroma.EOF
		}
		if w.suspect || now.Sub(lastCPUCheck) >= cpuCheckEvery {
			lastCPUCheck = now
			if w.budget.spent+threadCPUTime()-w.cpuStart > pageHighlightCPU {
				w.err = errHighlightTooSlow
				return chroma.EOF
			}
		}
		if w.suspect {
			return chroma.EOF // no use lexing the rest of an attempt thrown away
		}
		return t
	}, nil
}

// processStart anchors wallTime, the fallback where thread CPU time cannot be
// read.
var processStart = time.Now()

func wallTime() time.Duration { return time.Since(processStart) }
