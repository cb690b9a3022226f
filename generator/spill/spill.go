// Package spill keeps data a build makes early and uses late on disk in
// between, instead of in memory: on a site of a hundred thousand pages the
// pages' HTML bodies, held from conversion to rendering, are gigabytes. A
// Store is one temporary file, written and read at offsets, so any number
// of goroutines can use it at once.
package spill

import (
	"fmt"
	"os"
	"sync/atomic"
)

// Store is an append-only temporary file.
type Store struct {
	f       *os.File
	size    atomic.Int64
	removed bool // the file has no name any more: nothing is left behind
}

// Ref names data in a Store.
type Ref struct {
	off int64
	n   int
}

// New creates a store in dir ("" means the system's temporary folder).
func New(dir string) (*Store, error) {
	f, err := os.CreateTemp(dir, ".gloss-spill-*")
	if err != nil {
		return nil, fmt.Errorf("cannot create a temporary file: %w", err)
	}
	// Where the system allows it, the file loses its name at once and
	// lives while it is open: a build that is killed leaves nothing.
	removed := os.Remove(f.Name()) == nil
	return &Store{f: f, removed: removed}, nil
}

// Put stores data and says where it is.
func (s *Store) Put(data string) (Ref, error) {
	n := int64(len(data))
	off := s.size.Add(n) - n
	if _, err := s.f.WriteAt([]byte(data), off); err != nil {
		return Ref{}, fmt.Errorf("cannot write to %s: %w", s.f.Name(), err)
	}
	return Ref{off: off, n: len(data)}, nil
}

// Get reads back what Put stored.
func (s *Store) Get(r Ref) (string, error) {
	buf := make([]byte, r.n)
	if _, err := s.f.ReadAt(buf, r.off); err != nil {
		return "", fmt.Errorf("cannot read %s: %w", s.f.Name(), err)
	}
	return string(buf), nil
}

// Close removes the file.
func (s *Store) Close() error {
	err := s.f.Close()
	if !s.removed {
		if rmErr := os.Remove(s.f.Name()); err == nil {
			err = rmErr
		}
	}
	return err
}
