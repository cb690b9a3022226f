package spill

import (
	"fmt"
	"os"
	"sync"
	"testing"
)

func TestStoreConcurrent(t *testing.T) {
	dir := t.TempDir()
	s, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	const n = 200
	refs := make([]Ref, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := s.Put(fmt.Sprintf("<p>page %d</p>", i))
			if err != nil {
				t.Error(err)
			}
			refs[i] = r
		}()
	}
	wg.Wait()
	for i, r := range refs {
		got, err := s.Get(r)
		if want := fmt.Sprintf("<p>page %d</p>", i); err != nil || got != want {
			t.Errorf("Get(%d) = %q, %v; want %q", i, got, err, want)
		}
	}
	empty, _ := s.Put("")
	if got, err := s.Get(empty); got != "" || err != nil {
		t.Errorf("empty data came back as %q, %v", got, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 && s.removed {
		t.Errorf("the file should have no name while open")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("Close left %d files behind", len(entries))
	}
}
