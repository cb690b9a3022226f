package annotate

import "sort"

// TermSet is every phrase of a glossary (its terms' titles and aliases), longest first, with one
// Aho–Corasick matcher over them all: it finds every occurrence of every
// phrase in one pass over a text, however many phrases there are.
type TermSet struct {
	phrases []termPhrase
	// The matcher: a trie of the lowered phrases' bytes. next maps a state
	// and a byte to the next state; fail is the state of the longest proper
	// suffix of a state's bytes that is also in the trie; out is the phrases
	// ending at a state, and outLink the next state, by fail links, that has
	// some (or -1).
	next    map[uint64]int32
	fail    []int32
	out     [][]int32
	outLink []int32
}

type termPhrase struct {
	id    string
	lower []byte
}

func NewTermSet(terms []AutoTerm) *TermSet {
	s := &TermSet{next: map[uint64]int32{}, fail: []int32{0}, out: [][]int32{nil}}
	for _, t := range terms {
		for _, ph := range t.Phrases {
			if ph != "" {
				s.phrases = append(s.phrases, termPhrase{t.ID, lowerSameLength([]byte(ph))})
			}
		}
	}
	// Longer phrases first: "new system for mobilizing resources" before "system".
	sort.SliceStable(s.phrases, func(i, j int) bool { return len(s.phrases[i].lower) > len(s.phrases[j].lower) })
	children := [][]int32{nil} // per state, its children, for the breadth-first pass
	for p, ph := range s.phrases {
		state := int32(0)
		for _, c := range ph.lower {
			k := key(state, c)
			n, ok := s.next[k]
			if !ok {
				n = int32(len(s.fail))
				s.next[k] = n
				s.fail = append(s.fail, 0)
				s.out = append(s.out, nil)
				children = append(children, nil)
				children[state] = append(children[state], n)
			}
			state = n
		}
		s.out[state] = append(s.out[state], int32(p))
	}
	// Fail links, breadth first: a state's fail is found from its parent's.
	s.outLink = make([]int32, len(s.fail))
	s.outLink[0] = -1
	byte_ := make([]byte, len(s.fail)) // the byte that leads to each state
	for k, n := range s.next {
		byte_[n] = byte(k)
	}
	queue := append([]int32(nil), children[0]...)
	for _, n := range queue {
		s.fail[n] = 0
		s.outLink[n] = -1
	}
	for len(queue) > 0 {
		state := queue[0]
		queue = queue[1:]
		for _, child := range children[state] {
			c := byte_[child]
			f := s.fail[state]
			for {
				if n, ok := s.next[key(f, c)]; ok && n != child {
					s.fail[child] = n
					break
				}
				if f == 0 {
					s.fail[child] = 0
					break
				}
				f = s.fail[f]
			}
			if fc := s.fail[child]; len(s.out[fc]) > 0 {
				s.outLink[child] = fc
			} else {
				s.outLink[child] = s.outLink[fc]
			}
			queue = append(queue, child)
		}
	}
	return s
}

func key(state int32, c byte) uint64 { return uint64(state)<<8 | uint64(c) }

// match calls found with each phrase (its index) occurring in text and the
// offset just after it, in order of that offset.
func (s *TermSet) match(text []byte, found func(phrase, end int)) {
	if len(s.phrases) == 0 {
		return
	}
	state := int32(0)
	for i, c := range text {
		for {
			if n, ok := s.next[key(state, c)]; ok {
				state = n
				break
			}
			if state == 0 {
				break
			}
			state = s.fail[state]
		}
		for o := state; o > 0; o = s.outLink[o] {
			for _, p := range s.out[o] {
				found(int(p), i+1)
			}
			if s.outLink[o] < 0 {
				break
			}
		}
	}
}
