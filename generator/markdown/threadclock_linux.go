package markdown

import (
	"time"

	"golang.org/x/sys/unix"
)

// threadClock reads the CPU time of one thread from any goroutine: the
// caller of thisThreadClock keeps its goroutine on that thread
// (runtime.LockOSThread) for as long as the clock is read.
type threadClock struct {
	id    int32 // the thread's CPU clock, as Linux numbers them
	start time.Duration
	ok    bool
}

// thisThreadClock is the calling thread's CPU clock, started now.
func thisThreadClock() threadClock {
	// Linux names a thread's CPU clock after its thread id: the id
	// inverted, shifted left three bits, with "per thread" (4) and "scheduler
	// time" (2) set (MAKE_THREAD_CPUCLOCK in the kernel's
	// include/linux/posix-timers.h, part of its ABI; clock_getcpuclockid does
	// the same for processes). Reading it from another thread is what
	// pthread_getcpuclockid is for, which Go does not offer.
	c := threadClock{id: int32(^uint32(unix.Gettid())<<3 | 4 | 2)}
	c.start, c.ok = c.read()
	return c
}

func (c threadClock) read() (time.Duration, bool) {
	var ts unix.Timespec
	if err := unix.ClockGettime(c.id, &ts); err != nil {
		return 0, false
	}
	return time.Duration(ts.Nano()), true
}

// used is the CPU time the thread has used since the clock started.
func (c threadClock) used() time.Duration {
	now, ok := c.read()
	if !ok {
		return 0
	}
	return now - c.start
}
