package output

import (
	"fmt"
	"maps"
	"path"
	"sort"
	"sync"
	"sync/atomic"
)

// Memory holds a site in memory, for the preview server: a build writes into
// a new Snapshot and publishes it whole, so a request never sees a
// half-built site.
type Memory struct {
	current atomic.Pointer[Snapshot]
}

// NewMemory returns an empty in-memory site.
func NewMemory() *Memory {
	m := &Memory{}
	m.current.Store(&Snapshot{files: map[string][]byte{}})
	return m
}

// Current is the last published site.
func (m *Memory) Current() *Snapshot { return m.current.Load() }

// Begin starts a new snapshot, empty.
func (m *Memory) Begin() *Snapshot { return &Snapshot{files: map[string][]byte{}} }

// Amend starts a new snapshot holding every file of the current one, for a
// build that changes only a few. The current snapshot is not changed.
func (m *Memory) Amend() *Snapshot {
	cur := m.Current()
	cur.mu.Lock()
	defer cur.mu.Unlock()
	return &Snapshot{files: maps.Clone(cur.files), lazy: maps.Clone(cur.lazy)}
}

// Publish makes s the site the server serves.
func (m *Memory) Publish(s *Snapshot) { m.current.Store(s) }

// Snapshot is one built site in memory. It implements Sink while it is
// being built; once published it is only read.
type Snapshot struct {
	mu    sync.Mutex
	files map[string][]byte
	lazy  map[string]func() ([]byte, error)
}

// Lazy adds a file made only when first asked for. It replaces the file
// of that name, made or not.
func (s *Snapshot) Lazy(rel string, generate func() ([]byte, error)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lazy == nil {
		s.lazy = map[string]func() ([]byte, error){}
	}
	s.lazy[rel] = generate
	delete(s.files, rel)
}

// WriteFile implements Sink; it copies data, which the caller may reuse.
func (s *Snapshot) WriteFile(rel string, data []byte) error {
	rel = path.Clean(rel)
	if rel == "." || rel == ".." || len(rel) > 2 && rel[:3] == "../" || rel[0] == '/' {
		return fmt.Errorf("refusing to write %q outside the site", rel)
	}
	cp := make([]byte, len(data))
	copy(cp, data)
	s.mu.Lock()
	s.files[rel] = cp
	s.mu.Unlock()
	return nil
}

// Keep puts a file from an earlier snapshot into this one without copying:
// published snapshots are never changed.
func (s *Snapshot) Keep(rel string, data []byte) {
	s.mu.Lock()
	s.files[rel] = data
	s.mu.Unlock()
}

// File returns a file of the site by its output path.
func (s *Snapshot) File(rel string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if generate, ok := s.lazy[rel]; ok {
		data, err := generate()
		if err != nil {
			data = []byte(err.Error())
		}
		s.files[rel] = data
		delete(s.lazy, rel)
	}
	data, ok := s.files[rel]
	return data, ok
}

// Paths lists the site's files, sorted.
func (s *Snapshot) Paths() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.files)+len(s.lazy))
	for p := range s.files {
		out = append(out, p)
	}
	for p := range s.lazy {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
