// Package parallel runs the same work over many items on a bounded number
// of goroutines: loading files, converting pages and rendering them all
// spread over the machine's cores this way.
package parallel

import (
	"context"
	"sync"
)

// Each calls do(worker, i) for every i in [0, n), on workers goroutines
// (at least one). worker, in [0, workers), names the goroutine making the
// call, so callers can give each its own scratch space. Once ctx is done no
// new item starts; Each returns when every call made has returned.
func Each(ctx context.Context, n, workers int, do func(worker, i int)) {
	workers = max(1, min(workers, n))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				do(w, i)
			}
		}()
	}
	for i := range n {
		if ctx.Err() != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
}
