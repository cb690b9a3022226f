//go:build linux || darwin || freebsd || openbsd || dragonfly

package markdown

import (
	"time"

	"golang.org/x/sys/unix"
)

// threadCPUTime is the CPU time the calling thread has used. The caller keeps
// its goroutine on the thread (runtime.LockOSThread) between two readings.
func threadCPUTime() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return wallTime()
	}
	return time.Duration(ts.Nano())
}
