//go:build !linux

package markdown

import "time"

// threadClock is not read outside Linux, which alone names a thread's CPU
// clock so that another thread can read it: there, highlight waits for
// every block to end (after at most matchInterrupt of a stuck regexp).
type threadClock struct{ ok bool }

func thisThreadClock() threadClock { return threadClock{} }

func (threadClock) used() time.Duration { return 0 }
