package markdown

import (
	"time"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// chroma compiles every lexer rule with a 250 ms regexp2 MatchTimeout and
// treats a match that timed out as no match, so the text comes out as Error
// tokens (class "err"). The timeout runs on the wall clock: on a busy machine a
// goroutine preempted in the middle of a match sleeps past it, and the same
// page highlights differently from one build to the next. chroma offers no
// option for this and overwrites regexp2.DefaultMatchTimeout, hence the copies
// below, whose rules time out after matchInterrupt instead.
//
// The timeout stays, as an interrupt only: it is what stops a regexp that
// backtracks for minutes. Whether a match was cut short is never left to
// chroma: highlight (highlight.go) lexes a block again when any token took
// long enough on the clock that a match may have timed out, and decides to
// give up on CPU time, which load does not stretch.
//
// Why 5 s: regexp2 reads a clock that a goroutine of its own updates every
// 100 ms. If that goroutine waits for a turn to run while highlighting goes
// on (many more runnable goroutines than threads), the clock jumps when it
// runs, and a match that had only just begun times out at once, with no
// token taking long. With 1 s, TestHighlightIgnoresLoad (128 goroutines on
// one thread, so a turn comes every 1.28 s) saw this under -race: 1 of
// 12,800 conversions differed. The interrupt must be longer than any wait
// for a turn; gloss runs a few goroutines per core, so 5 s is far beyond.
// The cost: a backtracking regexp is stopped after 5 s on the clock. The page
// does not wait for it: highlight (highlight.go) gives up on the block once it
// has used the page's CPU time and leaves its goroutine to end by itself.
const matchInterrupt = 5 * time.Second

// newLexerRegistry copies chroma's registry for one Converter. Each regexp
// lexer is copied with its rules plus a marker rule whose LexerMutator, run
// by chroma once the rules are compiled, sets matchInterrupt on all of them and
// removes itself. Rules are still fetched and compiled lazily, on a
// language's first use; lexers that embed others look them up here, by name.
// chroma's own lexers are not touched: other code may share them.
func newLexerRegistry() *chroma.LexerRegistry {
	registry := chroma.NewLexerRegistry()
	for _, original := range lexers.GlobalLexerRegistry.Lexers {
		regexLexer, ok := original.(*chroma.RegexLexer)
		if !ok {
			// A lexer built around others (PHP inside HTML, templates) holds
			// them directly; it cannot be copied and keeps chroma's timeout,
			// which highlight allows for (chromaTimeout).
			registry.Register(unregistered{original})
			continue
		}
		copied, err := chroma.NewLexer(regexLexer.Config(), func() chroma.Rules {
			return rulesWithoutTimeout(regexLexer)
		})
		if err != nil { // the same config was accepted by chroma already
			registry.Register(unregistered{original})
			continue
		}
		registry.Register(copied)
	}
	return registry
}

// rulesWithoutTimeout returns a copy of lexer's rules with the marker rule
// added to the root state. A lexer whose rules fail to load yields no rules, and
// the copy then reports the same failure chroma would (no "root" state).
func rulesWithoutTimeout(lexer *chroma.RegexLexer) chroma.Rules {
	rules, err := lexer.Rules()
	if err != nil {
		return chroma.Rules{}
	}
	copied := make(chroma.Rules, len(rules))
	for state, stateRules := range rules {
		copied[state] = append([]chroma.Rule(nil), stateRules...)
	}
	// The pattern never matches; the rule is gone before any text is lexed.
	copied["root"] = append(copied["root"], chroma.Rule{Pattern: `(?!)`, Mutator: &setTimeout{}})
	return copied
}

// setTimeout is the marker rule's mutator (a pointer: chroma tells mutators
// apart by identity).
type setTimeout struct{}

// Mutate is never called: the rule is removed when the lexer is compiled.
func (*setTimeout) Mutate(*chroma.LexerState) error { return nil }

// MutateLexer runs while chroma holds the lexer's lock, after it compiled every
// rule and before any text is lexed. Rules that other mutators add later
// (include, combined) are these same compiled rules.
func (*setTimeout) MutateLexer(rules chroma.CompiledRules, state string, index int) error {
	rules[state] = append(rules[state][:index:index], rules[state][index+1:]...)
	for _, stateRules := range rules {
		for _, rule := range stateRules {
			if rule.Regexp != nil {
				rule.Regexp.MatchTimeout = matchInterrupt
			}
		}
	}
	return nil
}

// unregistered shares one of chroma's lexers in gloss's registry without
// letting Register point it (a shared object) at that registry.
type unregistered struct{ chroma.Lexer }

func (u unregistered) SetRegistry(*chroma.LexerRegistry) chroma.Lexer { return u }
