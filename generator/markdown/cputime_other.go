//go:build !(linux || darwin || freebsd || openbsd || dragonfly)

package markdown

import "time"

// threadCPUTime falls back to the clock where gloss does not read a
// thread's CPU time (Windows among them: golang.org/x/sys/windows has no
// GetThreadTimes). There, a very busy machine may refuse a huge code block
// that an idle one highlights. It never changes how a block is highlighted.
func threadCPUTime() time.Duration { return wallTime() }
