package wait

import (
	"testing"
	"time"
)

func TestFor(t *testing.T) {
	start := time.Now()
	n := 0
	if !For(5*time.Second, func() bool { n++; return n == 3 }) || n != 3 {
		t.Errorf("For stopped after %d checks, want 3", n)
	}
	if For(60*time.Millisecond, func() bool { return false }) {
		t.Errorf("For says a condition that never held held")
	}
	if time.Since(start) > 4*time.Second {
		t.Errorf("For took %s", time.Since(start))
	}
}
