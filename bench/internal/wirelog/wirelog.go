// Package wirelog serves a folder for the search benchmarks on 127.0.0.1
// and records, for each request, the bytes the server wrote on the
// connection in answer: status line, headers and body, as they went on the
// wire (HTTP/1.1, whatever the handler did about compression).
//
// It counts at the server because the browser's own records see only part
// of what a page costs: a page's network log and its Resource Timing leave
// out what a dedicated Web Worker fetches, so a search that queries from a
// worker would look cheaper than one that queries on the page. Every
// request reaches the server, whoever in the browser made it.
package wirelog

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/gloss-ssg/gloss/internal/wait"
)

// Response is one answer the server wrote, and what it cost on the wire.
type Response struct {
	Path     string    // the request's path and query
	Received time.Time // when the request had been read and the answer began
	Written  time.Time // when its last byte had been written; zero until Done
	Header   int64     // status line and headers, up to and including the blank line
	Body     int64     // everything after the headers (chunk framing too, when chunked)
	Done     bool      // the answer was written to its end (or its connection closed)
}

// Bytes is the whole answer on the wire.
func (r Response) Bytes() int64 { return r.Header + r.Body }

// Server serves a handler on 127.0.0.1 and keeps a Response for each request.
type Server struct {
	URL string // http://127.0.0.1:port

	http *http.Server

	mu        sync.Mutex
	responses []*Response
}

// Serve serves handler on a free port of 127.0.0.1 until Close.
func Serve(handler http.Handler) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{URL: "http://" + ln.Addr().String()}
	s.http = &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if c, ok := r.Context().Value(connKey{}).(*countingConn); ok {
				s.begin(c, r.URL.RequestURI())
			}
			handler.ServeHTTP(w, r)
		}),
		// The connection a request came on, so that the bytes written on it
		// are put to that request's account.
		ConnContext: func(ctx context.Context, c net.Conn) context.Context {
			return context.WithValue(ctx, connKey{}, c)
		},
		// net/http flushes an answer to the connection before it marks the
		// connection idle (or closes it): from then on the answer is whole.
		ConnState: func(c net.Conn, state http.ConnState) {
			if cc, ok := c.(*countingConn); ok && (state == http.StateIdle || state == http.StateClosed || state == http.StateHijacked) {
				s.end(cc)
			}
		},
	}
	go func() { _ = s.http.Serve(&countingListener{Listener: ln, server: s}) }()
	return s, nil
}

// Close stops the server and closes its connections.
func (s *Server) Close() { _ = s.http.Close() }

// Between returns, in the order received, the answers to the requests
// received from from to to, once each has been written to its end; it
// waits at most patience for that, then says which are unfinished.
func (s *Server) Between(from, to time.Time, patience time.Duration) ([]Response, error) {
	var picked []Response
	whole := wait.For(patience, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		picked = picked[:0]
		done := true
		for _, r := range s.responses {
			if r.Received.Before(from) || r.Received.After(to) {
				continue
			}
			picked = append(picked, *r)
			done = done && r.Done
		}
		return done
	})
	slices.SortStableFunc(picked, func(a, b Response) int { return a.Received.Compare(b.Received) })
	if !whole {
		for _, r := range picked {
			if !r.Done {
				return picked, fmt.Errorf("the answer to %s was not written to its end within %s", r.Path, patience)
			}
		}
	}
	return picked, nil
}

// Total is the bytes on the wire of all of rs.
func Total(rs []Response) int64 {
	var n int64
	for _, r := range rs {
		n += r.Bytes()
	}
	return n
}

// begin opens the account of a request just read on c. The one before it
// on c is whole by now: net/http answers a connection's requests one at a
// time and flushes each answer before it reads the next request.
func (s *Server) begin(c *countingConn, path string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.finish(c)
	c.current = &Response{Path: path, Received: time.Now()}
	c.split = headerSplit{}
	s.responses = append(s.responses, c.current)
}

// end closes the account of the answer on c, if one is open.
func (s *Server) end(c *countingConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.finish(c)
}

// finish closes c's open account; s.mu is held.
func (s *Server) finish(c *countingConn) {
	if c.current == nil {
		return
	}
	c.current.Done, c.current.Written = true, time.Now()
	c.current = nil
}

// wrote puts n bytes just written on c to the account of its answer.
// Bytes written with no request being answered (net/http's own "400 Bad
// Request" to a request it could not read) get an account of their own,
// so that nothing on the wire goes uncounted.
func (s *Server) wrote(c *countingConn, p []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.current == nil {
		c.current = &Response{Path: "(no request read)", Received: time.Now()}
		c.split = headerSplit{}
		s.responses = append(s.responses, c.current)
	}
	header := c.split.header(p)
	c.current.Header += int64(header)
	c.current.Body += int64(len(p) - header)
}

type connKey struct{}

type countingListener struct {
	net.Listener
	server *Server
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: c, server: l.server}, nil
}

// countingConn is a connection whose written bytes are counted; current
// and split are guarded by server.mu.
type countingConn struct {
	net.Conn
	server  *Server
	current *Response
	split   headerSplit
}

func (c *countingConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.server.wrote(c, p[:n])
	return n, err
}

// headerSplit tells an answer's header bytes from its body as the answer
// is written, in pieces cut anywhere: the header is everything up to and
// including the first blank line ("\r\n\r\n").
type headerSplit struct {
	matched int  // bytes of "\r\n\r\n" just seen
	over    bool // the blank line has been written
}

// header returns how many bytes at the start of p, the next piece written,
// belong to the header.
func (h *headerSplit) header(p []byte) int {
	const blankLine = "\r\n\r\n"
	for i, b := range p {
		if h.over {
			return i
		}
		switch {
		case b == blankLine[h.matched]:
			h.matched++
		case b == '\r':
			h.matched = 1
		default:
			h.matched = 0
		}
		h.over = h.matched == len(blankLine)
	}
	return len(p)
}

// PageClock relates a page's clock (performance.now(): milliseconds from
// the page's time origin) to the server's, by the page's own navigation
// request: the page says when it began sending it (its navigation entry's
// requestStart), the server when it had read it. The two readings differ
// by the request's way over the loopback and through net/http (well under
// a millisecond), so a moment of the page's read on the server's clock is,
// if anything, that much late, never early: no request received before a
// moment of the page's is left out of a count up to it.
type PageClock struct {
	zero time.Time // the page's time 0, on the server's clock
}

// NewPageClock sets a page's clock by its document's answer and the
// requestStart of its navigation entry.
func NewPageClock(document Response, requestStart float64) PageClock {
	return PageClock{zero: document.Received.Add(-millis(requestStart))}
}

// Moment is the page's time ms on the server's clock.
func (c PageClock) Moment(ms float64) time.Time { return c.zero.Add(millis(ms)) }

// Millis is the server's time t on the page's clock.
func (c PageClock) Millis(t time.Time) float64 {
	return float64(t.Sub(c.zero).Microseconds()) / 1000
}

func millis(ms float64) time.Duration { return time.Duration(ms * float64(time.Millisecond)) }
