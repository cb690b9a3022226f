// Package wait lets a test wait for a condition, with a deadline, rather
// than sleep for a guessed time: the one polling loop every test uses.
package wait

import (
	"testing"
	"time"
)

// Every is how often a condition is checked again.
const Every = 20 * time.Millisecond

// Until checks cond until it holds, and fails the test if it does not
// within the given time. what names the condition for the message.
func Until(t testing.TB, what string, within time.Duration, cond func() bool) {
	t.Helper()
	if !For(within, cond) {
		t.Fatalf("waited %s for %s: it never happened", within, what)
	}
}

// For checks cond until it holds or the time is up, and says whether it held.
func For(within time.Duration, cond func() bool) bool {
	deadline := time.NewTimer(within)
	defer deadline.Stop()
	tick := time.NewTicker(Every)
	defer tick.Stop()
	for !cond() {
		select {
		case <-deadline.C:
			return cond()
		case <-tick.C:
		}
	}
	return true
}
