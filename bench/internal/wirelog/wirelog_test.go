package wirelog

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestHeaderSplit(t *testing.T) {
	const answer = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbody"
	const headerLen = len("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n")
	tests := []struct {
		name   string
		pieces []string
		want   int
	}{
		{"in one piece", []string{answer}, headerLen},
		{"cut inside the blank line", []string{answer[:headerLen-3], answer[headerLen-3 : headerLen-1], answer[headerLen-1:]}, headerLen},
		{"cut right after the blank line", []string{answer[:headerLen], answer[headerLen:]}, headerLen},
		{"a byte at a time", strings.Split(answer, ""), headerLen},
		{"a blank line in the body is body", []string{answer + "\r\n\r\nmore"}, headerLen},
		{"a stray carriage return before the blank line", []string{"HTTP/1.1 200 OK\r\nX: a\r\r\n\r\nbody"}, len("HTTP/1.1 200 OK\r\nX: a\r\r\n\r\n")},
		{"no blank line yet: all header", []string{"HTTP/1.1 200 OK\r\nX: a\r\n"}, len("HTTP/1.1 200 OK\r\nX: a\r\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var split headerSplit
			got := 0
			for _, p := range tt.pieces {
				got += split.header([]byte(p))
			}
			if got != tt.want {
				t.Errorf("header bytes %d, want %d", got, tt.want)
			}
		})
	}
}

// TestServerCountsWhatTheClientReads checks the count against the other
// end of the wire: for answers of each kind (a file with its length, a
// body too long to be sent with one, so chunked, a 404), on one kept-alive
// connection, the bytes the server put to each request are the bytes the
// client read for it, and its header is what came before the blank line.
func TestServerCountsWhatTheClientReads(t *testing.T) {
	long := strings.Repeat("a search index in pieces ", 2000) // 50 KB: net/http sends it chunked
	srv, err := Serve(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/small.js":
			w.Header().Set("Content-Type", "text/javascript")
			_, _ = io.WriteString(w, "var x = 1;\n")
		case "/long.js":
			for i := 0; i < len(long); i += 1000 {
				_, _ = io.WriteString(w, long[i:i+1000])
				w.(http.Flusher).Flush()
			}
		default:
			http.NotFound(w, r)
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	from := time.Now()
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	read := &countingReader{r: conn}
	answers := bufio.NewReader(read)
	paths := []string{"/small.js", "/long.js", "/missing?q=x", "/small.js"}
	var readFor, headerFor []int64
	for _, path := range paths {
		before := read.n
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: test\r\n\r\n", path)
		// The raw answer, read to its end through net/http's parser; the
		// server sends nothing unasked, so the buffer holds no more than it.
		var raw bytes.Buffer
		resp, err := http.ReadResponse(bufio.NewReader(io.TeeReader(answers, &raw)), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if answers.Buffered() != 0 {
			t.Fatalf("%s: %d bytes past the answer", path, answers.Buffered())
		}
		readFor = append(readFor, read.n-before)
		headerFor = append(headerFor, int64(bytes.Index(raw.Bytes(), []byte("\r\n\r\n"))+4))
	}
	got, err := srv.Between(from, time.Now(), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(paths) {
		t.Fatalf("%d answers recorded, want %d: %+v", len(got), len(paths), got)
	}
	var sum int64
	for i, r := range got {
		if r.Path != paths[i] {
			t.Errorf("answer %d is for %s, want %s", i, r.Path, paths[i])
		}
		if r.Bytes() != readFor[i] {
			t.Errorf("%s: %d bytes counted, the client read %d", r.Path, r.Bytes(), readFor[i])
		}
		if r.Header != headerFor[i] {
			t.Errorf("%s: %d header bytes counted, the client read %d", r.Path, r.Header, headerFor[i])
		}
		if !r.Done || r.Written.Before(r.Received) {
			t.Errorf("%s: done %v, received %s, written %s", r.Path, r.Done, r.Received, r.Written)
		}
		sum += readFor[i]
	}
	if got[1].Body <= int64(len(long)) {
		t.Errorf("the chunked answer's body is %d bytes on the wire, want more than its %d bytes of text", got[1].Body, len(long))
	}
	if Total(got) != sum || sum != read.n {
		t.Errorf("total %d, the sum of the answers %d, the client read %d in all", Total(got), sum, read.n)
	}
	if later, err := srv.Between(time.Now(), time.Now().Add(time.Hour), time.Second); err != nil || len(later) != 0 {
		t.Errorf("answers to requests received later: %+v, %v", later, err)
	}
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func TestPageClock(t *testing.T) {
	received := time.Date(2026, 11, 30, 17, 0, 0, 0, time.UTC)
	// The page began its request 4.5 ms after its time origin; the server
	// read it at received.
	clock := NewPageClock(Response{Received: received}, 4.5)
	tests := []struct {
		page   float64
		server time.Time
	}{
		{4.5, received},
		{0, received.Add(-4500 * time.Microsecond)},
		{250.25, received.Add(245750 * time.Microsecond)},
	}
	for _, tt := range tests {
		if got := clock.Moment(tt.page); !got.Equal(tt.server) {
			t.Errorf("page's %.2f ms is %s on the server's clock, want %s", tt.page, got, tt.server)
		}
		if got := clock.Millis(tt.server); got != tt.page {
			t.Errorf("server's %s is %.3f ms on the page's clock, want %.2f", tt.server, got, tt.page)
		}
	}
}
