// Package diag holds the author-facing problems a build finds: each one carries
// the file, line and column it is about, and a build collects all of them
// before it reports, the way go/scanner.ErrorList does.
package diag

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Position is a place in a site file. Line and Col count from 1; 0 means unknown.
// File is slash-separated and relative to the site folder, as an author sees it.
type Position struct {
	File string
	Line int
	Col  int
}

func (p Position) String() string {
	switch {
	case p.File == "":
		return ""
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Severity says whether a problem fails the build.
type Severity int

const (
	Error Severity = iota
	Warning
)

// Problem is one thing an author should fix.
type Problem struct {
	Pos      Position
	Severity Severity
	Msg      string
	// Context is optional detail a stage adds before it groups problems, such
	// as the page being rendered when a template failed. It is not printed.
	Context string
}

func (p Problem) String() string {
	var b strings.Builder
	if s := p.Pos.String(); s != "" {
		b.WriteString(s)
		b.WriteString(": ")
	}
	if p.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// List collects problems. The zero value is ready to use. It is not safe for
// concurrent use: parallel stages keep a List each and Merge them in a fixed order.
type List struct {
	problems []Problem
}

// Errorf records an error at pos.
func (l *List) Errorf(pos Position, format string, args ...any) {
	l.problems = append(l.problems, Problem{Pos: pos, Severity: Error, Msg: fmt.Sprintf(format, args...)})
}

// Warnf records a warning at pos.
func (l *List) Warnf(pos Position, format string, args ...any) {
	l.problems = append(l.problems, Problem{Pos: pos, Severity: Warning, Msg: fmt.Sprintf(format, args...)})
}

// Add records problems made elsewhere.
func (l *List) Add(ps ...Problem) { l.problems = append(l.problems, ps...) }

// Merge appends all of other's problems.
func (l *List) Merge(other *List) {
	if other != nil {
		l.problems = append(l.problems, other.problems...)
	}
}

// Len is the number of problems of every severity.
func (l *List) Len() int { return len(l.problems) }

// Errors counts the problems that fail the build.
func (l *List) Errors() int { return l.count(Error) }

// Warnings counts the problems that do not.
func (l *List) Warnings() int { return l.count(Warning) }

func (l *List) count(s Severity) int {
	n := 0
	for _, p := range l.problems {
		if p.Severity == s {
			n++
		}
	}
	return n
}

// Sorted returns the problems ordered by file, line, column, then message,
// with exact duplicates removed, so that output is the same on every run.
func (l *List) Sorted() []Problem {
	ps := append([]Problem(nil), l.problems...)
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		return a.Msg < b.Msg
	})
	out := ps[:0]
	for i, p := range ps {
		if i > 0 && p == ps[i-1] {
			continue
		}
		out = append(out, p)
	}
	return out
}

// Err returns nil when there is no error (warnings alone are not one), and
// otherwise an error whose text lists every problem, one per line.
func (l *List) Err() error {
	if l.Errors() == 0 {
		return nil
	}
	return &ListError{Problems: l.Sorted()}
}

// ListError is the error a build returns when authors have something to fix.
type ListError struct {
	Problems []Problem
}

func (e *ListError) Error() string {
	var b strings.Builder
	errs := 0
	for _, p := range e.Problems {
		b.WriteString(p.String())
		b.WriteByte('\n')
		if p.Severity == Error {
			errs++
		}
	}
	if errs == 1 {
		b.WriteString("1 error")
	} else {
		fmt.Fprintf(&b, "%d errors", errs)
	}
	return b.String()
}

// Suggest returns the candidate closest to word, for a "did you mean" hint, or
// "" when none is close enough to be a likely typo.
func Suggest(word string, candidates []string) string {
	best, bestDist := "", -1
	limit := len(word)/3 + 1
	if limit > 3 {
		limit = 3
	}
	w := []rune(strings.ToLower(word))
	// A page may hold a hundred thousand unknown keys, each asking here:
	// the length difference alone rules most candidates out, the distance
	// stops once it is past the limit, and nothing is allocated per
	// candidate.
	var rc []rune
	var rows distanceRows
	for _, c := range candidates {
		lc := strings.ToLower(c) // no copy when c is lower case already
		if n := utf8.RuneCountInString(lc); n-len(w) > limit || len(w)-n > limit {
			continue
		}
		rc = rc[:0]
		for _, r := range lc {
			rc = append(rc, r)
		}
		if rows.lettersApart(w, rc) > limit {
			continue
		}
		d := rows.distanceWithin(w, rc, limit)
		if d <= limit && (bestDist < 0 || d < bestDist || d == bestDist && c < best) {
			best, bestDist = c, d
		}
	}
	return best
}

// DidYouMean formats Suggest's answer as a message suffix, or "".
func DidYouMean(word string, candidates []string) string {
	if s := Suggest(word, candidates); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}

// distanceRows are the three rows distanceWithin works in, and the letter
// counts of lettersApart, kept from one call to the next.
type distanceRows struct {
	prev2, prev, cur []int
	count            [128]int
}

// lettersApart is a lower bound of the distance between a and b, far cheaper
// than the distance: a letter of one that the other lacks (counted with
// repeats) needs an edit of its own, as an edit adds or removes at most one
// letter on each side and a swap none. It is 0 (no bound) for text beyond
// ASCII.
func (r *distanceRows) lettersApart(a, b []rune) int {
	for _, c := range a {
		if c >= 128 {
			clear(r.count[:])
			return 0
		}
		r.count[c]++
	}
	for _, c := range b {
		if c >= 128 {
			clear(r.count[:])
			return 0
		}
		r.count[c]--
	}
	// Reading each count once and clearing it leaves them all 0 for the
	// next call.
	onlyInA, onlyInB := 0, 0
	for _, c := range a {
		onlyInA += max(r.count[c], 0)
		r.count[c] = 0
	}
	for _, c := range b {
		onlyInB += max(-r.count[c], 0)
		r.count[c] = 0
	}
	return max(onlyInA, onlyInB)
}

// distanceWithin is the Damerau–Levenshtein (optimal string alignment)
// distance, so that a swapped pair of letters counts as one typo, or a
// number above limit as soon as the distance is known to exceed it: a row's
// smallest entry never falls from one row to the next.
func distanceWithin(ra, rb []rune, limit int) int {
	var rows distanceRows
	return rows.distanceWithin(ra, rb, limit)
}

func (r *distanceRows) distanceWithin(ra, rb []rune, limit int) int {
	n := len(rb) + 1
	if cap(r.cur) < n {
		r.prev2, r.prev, r.cur = make([]int, n), make([]int, n), make([]int, n)
	}
	prev2, prev, cur := r.prev2[:n], r.prev[:n], r.cur[:n]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// Count is a number and its noun for a message: "1 page", "2 pages". Nouns
// whose plural is not the noun and an s are written out by the caller.
func Count(n int, noun string) string { return strconv.Itoa(n) + " " + Plural(n, noun) }

// Plural is noun, or noun and an s unless n is 1: "paragraph", "paragraphs".
func Plural(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}
