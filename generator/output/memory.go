package output

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"
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
	return &Snapshot{files: maps.Clone(cur.files), lazy: maps.Clone(cur.lazy), groups: slices.Clone(cur.groups)}
}

// Publish makes s the site the server serves.
func (m *Memory) Publish(s *Snapshot) { m.current.Store(s) }

// Snapshot is one built site in memory. It implements Sink while it is
// being built; once published it is only read.
type Snapshot struct {
	mu    sync.Mutex
	files map[string][]byte
	lazy  map[string]func() ([]byte, error)
	// groups are files made together when one of them is first asked for
	// (see LazyFiles).
	groups []*lazyGroup
}

type lazyGroup struct {
	rel, dir string
	make     func(write func(rel string, data []byte) error) error
}

// LazyFiles adds files made together, only when one of them is first asked
// for: the file rel, and every file under the folder dir, whose names are
// known only once made (the search index's pieces, named by their content).
func (s *Snapshot) LazyFiles(rel, dir string, make func(write func(rel string, data []byte) error) error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.groups = slices.DeleteFunc(slices.Clone(s.groups), func(g *lazyGroup) bool { return g.rel == rel })
	s.groups = append(s.groups, &lazyGroup{rel: rel, dir: dir + "/", make: make})
	delete(s.files, rel)
}

// makeGroup makes the group a file belongs to, if it is one not yet made;
// s.mu is held.
func (s *Snapshot) makeGroup(rel string) {
	for i, g := range s.groups {
		if rel != g.rel && !strings.HasPrefix(rel, g.dir) {
			continue
		}
		s.groups = slices.Delete(slices.Clone(s.groups), i, i+1)
		for p := range s.files {
			if strings.HasPrefix(p, g.dir) {
				delete(s.files, p) // an earlier build's pieces
			}
		}
		err := g.make(func(p string, data []byte) error {
			s.files[p] = slices.Clone(data) // the maker may reuse data
			return nil
		})
		if err != nil {
			s.files[g.rel] = []byte(err.Error())
		}
		return
	}
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
	if len(s.groups) > 0 {
		s.makeGroup(rel)
	}
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
	for len(s.groups) > 0 { // their files' names are known once made
		s.makeGroup(s.groups[0].rel)
	}
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
