package parallel

import (
	"context"
	"sync/atomic"
	"testing"
)

func TestEachCallsEveryItemOnce(t *testing.T) {
	for _, c := range []struct{ n, workers int }{{0, 4}, {1, 4}, {100, 1}, {100, 3}, {5, 0}} {
		calls := make([]atomic.Int32, c.n)
		var badWorker atomic.Bool
		Each(context.Background(), c.n, c.workers, func(w, i int) {
			if w < 0 || w >= max(1, c.workers) {
				badWorker.Store(true)
			}
			calls[i].Add(1)
		})
		for i := range calls {
			if got := calls[i].Load(); got != 1 {
				t.Errorf("n=%d workers=%d: item %d called %d times", c.n, c.workers, i, got)
			}
		}
		if badWorker.Load() {
			t.Errorf("n=%d workers=%d: a worker number out of range", c.n, c.workers)
		}
	}
}

func TestEachStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var done atomic.Int32
	Each(ctx, 1000, 2, func(_, i int) {
		if done.Add(1) == 10 {
			cancel()
		}
	})
	if n := done.Load(); n >= 1000 || n < 10 {
		t.Errorf("%d of 1000 items ran after cancelling at the 10th", n)
	}
}
