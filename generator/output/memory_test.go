package output

import (
	"slices"
	"testing"
)

// TestLazyFiles: files made together are made once, when any of them is
// first asked for; an amended snapshot given the group again makes it
// anew, without the files the earlier one made.
func TestLazyFiles(t *testing.T) {
	m := NewMemory()
	snap := m.Begin()
	made := 0
	group := func(names ...string) func(write func(string, []byte) error) error {
		return func(write func(string, []byte) error) error {
			made++
			buf := []byte("entry")
			if err := write("index.js", buf); err != nil {
				return err
			}
			for _, n := range names {
				buf = append(buf[:0], n...) // reused, as the search index does
				if err := write("pieces/"+n, buf); err != nil {
					return err
				}
			}
			return nil
		}
	}
	snap.LazyFiles("index.js", "pieces", group("a.js", "b.js"))
	m.Publish(snap)
	if made != 0 {
		t.Fatal("made before asked for")
	}
	if data, ok := m.Current().File("pieces/b.js"); !ok || string(data) != "b.js" {
		t.Fatalf("pieces/b.js = %q, %v", data, ok)
	}
	if data, _ := m.Current().File("pieces/a.js"); string(data) != "a.js" {
		t.Errorf("pieces/a.js = %q: the maker's reused buffer must be copied", data)
	}
	if data, _ := m.Current().File("index.js"); string(data) != "entry" || made != 1 {
		t.Errorf("index.js = %q, made %d times", data, made)
	}
	next := m.Amend()
	next.LazyFiles("index.js", "pieces", group("c.js"))
	m.Publish(next)
	if got, want := m.Current().Paths(), []string{"index.js", "pieces/c.js"}; !slices.Equal(got, want) {
		t.Errorf("after a new group, paths %q, want %q", got, want)
	}
	if made != 2 {
		t.Errorf("made %d times, want 2", made)
	}
}
