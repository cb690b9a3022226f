package pipeline

import (
	"sync"
	"sync/atomic"
)

// Progress lets the command line show how far a long build has got. The
// build updates it from its workers; the command line reads it on a timer.
type Progress struct {
	mu    sync.Mutex
	stage string
	total int64
	done  atomic.Int64
}

// start begins a stage of total steps.
func (p *Progress) start(stage string, total int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.stage, p.total = stage, int64(total)
	p.done.Store(0)
	p.mu.Unlock()
}

// step records one finished step.
func (p *Progress) step() {
	if p != nil {
		p.done.Add(1)
	}
}

// Now returns the current stage and how many of its steps are done.
func (p *Progress) Now() (stage string, done, total int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stage, p.done.Load(), p.total
}
