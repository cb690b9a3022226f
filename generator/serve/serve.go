// Package serve is the preview server: it serves the site from memory on
// 127.0.0.1, rebuilds when a watched file changes, and tells the browser
// over Server-Sent Events (standard library only) once the new build is
// complete. The builder knows nothing of it; this package wires the watcher,
// the builder and the HTTP server together.
package serve

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"mime"
	"net"
	"net/http"
	"path"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gloss-ssg/gloss/generator/diag"
	"github.com/gloss-ssg/gloss/generator/output"
	"github.com/gloss-ssg/gloss/generator/pipeline"
	"github.com/gloss-ssg/gloss/generator/watch"
)

//go:embed live.js
var liveJS []byte

// Reserved paths of the preview, outside any site.
const (
	prefix     = "/__gloss/"
	eventsPath = prefix + "events"
	scriptPath = prefix + "live.js"
	statePath  = prefix + "state"
)

// Options configure a preview.
type Options struct {
	Build pipeline.Options
	Host  string // default 127.0.0.1
	Port  int    // default 1313; 0 picks a free port
	// Log receives one line per rebuild.
	Log io.Writer
	// Ready, if set, is called with the address once the server listens
	// and the first build has ended (or is taking far longer than usual).
	Ready func(addr string)
	// SlowAfter is the least time a build runs before it is shown as
	// running far longer than usual (default 3 s; ten times the last
	// build's duration when that is longer; ten times SlowAfter for the
	// first build).
	SlowAfter time.Duration
}

// message is what the browser is told.
type message struct {
	Type   string   `json:"type"` // hello, reload, css, errors
	Build  int64    `json:"build"`
	Errors []string `json:"errors,omitempty"`
	// Server tells one run of the preview from the next: after a restart
	// the build numbers start again, but the site may have changed.
	Server string `json:"server,omitempty"`
	// Slow says Errors is the notice of a build running far longer than
	// usual, not the errors of a build.
	Slow bool `json:"slow,omitempty"`
}

// Server is a running preview.
type Server struct {
	opts Options
	// memory is the site served. A build that had to be abandoned takes its
	// Builder and Memory with it (see abandon): its goroutines may still run.
	memory   atomic.Pointer[output.Memory]
	builder  *pipeline.Builder // used by the build loop alone
	fresh    bool              // builder is new: its next build is a full one
	usual    time.Duration     // how long the last build took
	hub      hub
	build    atomic.Int64 // number of the last good build
	errs     atomic.Pointer[[]string]
	slow     atomic.Bool     // errs is the notice of a slow build
	hosts    map[string]bool // Host headers answered (DNS rebinding protection)
	instance string          // this run of the preview, see message.Server
	anyHost  bool
	log      io.Writer
	logMu    sync.Mutex
	// stopOverdue, while a build runs, stops it if it is overdue.
	overdueMu   sync.Mutex
	stopOverdue func()
}

// Run builds the site, serves it and rebuilds on every change until ctx is
// cancelled. It returns once every goroutine it started has ended.
func Run(ctx context.Context, opts Options) error {
	s := newServer(withDefaults(opts))
	opts = s.opts
	ln, err := net.Listen("tcp", net.JoinHostPort(opts.Host, strconv.Itoa(opts.Port)))
	if err != nil {
		return err
	}
	addr := ln.Addr().(*net.TCPAddr)
	s.allowHosts(opts.Host, addr.Port)
	if !addr.IP.IsLoopback() {
		s.logf("warning: serving on %s: anyone who can reach this machine can see the preview", addr)
	}
	w, err := watch.New(opts.Build.SiteDir)
	if err != nil {
		ln.Close()
		return err
	}
	w.Warn = func(msg string) { s.logf("watch: %s", msg) }

	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, BaseContext: func(net.Listener) context.Context { return ctx }}
	var wg sync.WaitGroup
	errc := make(chan error, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errc <- err
		}
	}()
	firstDone := s.buildOnChanges(ctx, w, &wg)
	select {
	case <-firstDone:
		url := fmt.Sprintf("http://%s/", net.JoinHostPort(displayHost(opts.Host), strconv.Itoa(addr.Port)))
		s.logf("serving %s at %s (Ctrl-C to stop)", opts.Build.SiteDir, url)
		if opts.Ready != nil {
			opts.Ready(url)
		}
	case <-ctx.Done():
	}

	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-errc:
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_ = srv.Shutdown(shutdown)
	s.hub.closeAll()
	w.Close()
	wg.Wait()
	return runErr
}

// withDefaults fills in the options left unset.
func withDefaults(opts Options) Options {
	if opts.Host == "" {
		opts.Host = "127.0.0.1"
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	// The preview always serves from the root, whatever the site's base URL.
	opts.Build.BaseURL = "/"
	if opts.SlowAfter <= 0 {
		opts.SlowAfter = 3 * time.Second
	}
	return opts
}

// newServer makes the server and its Builder, with an empty site.
func newServer(opts Options) *Server {
	mem := output.NewMemory()
	s := &Server{opts: opts, builder: pipeline.NewBuilder(opts.Build, mem), log: opts.Log,
		instance: strconv.FormatInt(time.Now().UnixNano(), 36)}
	s.memory.Store(mem)
	s.errs.Store(&[]string{})
	return s
}

// buildOnChanges builds the site, then again after each batch of changes
// the watcher w reports, until ctx is done; the goroutines it starts are
// counted in wg. The channel it returns is closed once the first build is
// over, whether it failed or not (the overlay says why).
//
// Batches from the watcher are merged while a build runs; an edit during
// a rebuild queues exactly one more. An edit while a build runs far
// longer than usual stops that build at once: the author is fixing it.
func (s *Server) buildOnChanges(ctx context.Context, w *watch.Watcher, wg *sync.WaitGroup) <-chan struct{} {
	queue := newBatchQueue()
	wg.Add(1)
	go func() {
		defer wg.Done()
		_ = w.Run(ctx, func(b watch.Batch) {
			queue.add(b)
			s.stopIfOverdue()
		})
	}()
	firstDone := make(chan struct{})
	var firstOnce sync.Once
	first := func() { firstOnce.Do(func() { close(firstDone) }) }
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.rebuild(ctx, nil, first)
		first()
		for {
			select {
			case <-ctx.Done():
				return
			case <-queue.signal:
				if b, ok := queue.take(); ok {
					s.rebuild(ctx, &b, nil)
				}
			}
		}
	}()
	return firstDone
}

// batchQueue holds the changes not yet built: the batches that arrive while
// a build runs, merged into one (watch.Batch.Merge: each path once).
type batchQueue struct {
	mu      sync.Mutex
	pending watch.Batch
	queued  bool
	signal  chan struct{} // holds a token while changes are queued
}

func newBatchQueue() *batchQueue { return &batchQueue{signal: make(chan struct{}, 1)} }

func (q *batchQueue) add(b watch.Batch) {
	q.mu.Lock()
	q.pending = q.pending.Merge(b)
	q.queued = true
	q.mu.Unlock()
	select {
	case q.signal <- struct{}{}:
	default:
	}
}

func (q *batchQueue) take() (watch.Batch, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	b, ok := q.pending, q.queued
	q.pending, q.queued = watch.Batch{}, false
	return b, ok
}

// rebuild builds, publishes and tells the browsers. A build that runs far
// longer than usual is shown as such in the terminal and the browser (and
// slow, if set, is called); a change saved meanwhile stops it (stopIfOverdue).
func (s *Server) rebuild(ctx context.Context, b *watch.Batch, slow func()) {
	buildCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	start := time.Now()
	finished := s.watchOverdue(cancel, slow)
	var res *pipeline.Result
	var err error
	if b == nil || b.Overflow || s.fresh {
		res, err = s.builder.Build(buildCtx)
	} else {
		res, err = s.builder.Update(buildCtx, b.Paths)
	}
	finished()
	s.fresh = false
	what := "first build"
	if b != nil {
		what = describe(b)
	}
	if err != nil {
		s.failed(ctx, what, err, start)
		return
	}
	s.published(what, res, b)
}

// watchOverdue starts watching the build under way: once it runs far
// longer than usual, the terminal and the browsers are told, slow (if set)
// is called, and the next change calls stop. The build calls the function
// returned when it ends.
func (s *Server) watchOverdue(stop func(), slow func()) (finished func()) {
	after := max(s.opts.SlowAfter, 10*s.usual)
	if s.usual == 0 {
		// The first build has nothing to compare with, and does the most
		// work (nothing is cached yet): wait longer before calling it slow.
		after = 10 * s.opts.SlowAfter
	}
	var overdue atomic.Bool
	ended := false // guarded by overdueMu: no notice once the build has ended
	timer := time.AfterFunc(after, func() {
		s.overdueMu.Lock()
		defer s.overdueMu.Unlock()
		if ended {
			return
		}
		overdue.Store(true)
		msg := fmt.Sprintf("the build has been running for %s, far longer than usual: a template or a page may be looping; save a fix and a fresh build starts at once", after.Round(100*time.Millisecond))
		if s.usual > 0 {
			msg = fmt.Sprintf("the build has been running for %s, far longer than usual (%s): a template or a page may be looping; save a fix and a fresh build starts at once", after.Round(100*time.Millisecond), s.usual.Round(time.Millisecond))
		}
		s.errs.Store(&[]string{msg})
		s.slow.Store(true)
		s.hub.send(message{Type: "errors", Build: s.build.Load(), Errors: []string{msg}, Slow: true})
		s.logf("%s", msg)
		if slow != nil {
			slow()
		}
	})
	s.overdueMu.Lock()
	s.stopOverdue = func() {
		if overdue.Load() {
			stop()
		}
	}
	s.overdueMu.Unlock()
	return func() {
		timer.Stop()
		s.overdueMu.Lock()
		ended, s.stopOverdue = true, nil
		s.overdueMu.Unlock()
	}
}

// failed tells the terminal and the browsers why the build of what failed;
// the last good build is still served.
func (s *Server) failed(ctx context.Context, what string, err error, start time.Time) {
	var listErr *diag.ListError
	switch {
	case errors.Is(err, pipeline.ErrInterrupted):
		// The build may have been abandoned mid-template: its Builder and
		// Memory are never used again (see abandon).
		s.abandon()
		if ctx.Err() == nil {
			s.logf("%s: stopped the build that was taking too long after %s; building afresh", what, time.Since(start).Round(time.Millisecond))
		}
	case errors.As(err, &listErr):
		var msgs []string
		for _, p := range listErr.Problems {
			if p.Severity == diag.Error {
				msgs = append(msgs, p.String())
			}
		}
		s.errs.Store(&msgs)
		s.slow.Store(false)
		s.hub.send(message{Type: "errors", Build: s.build.Load(), Errors: msgs})
		s.logf("%s: %d %s, shown in the browser; still serving the last good build", what, len(msgs), diag.Plural(len(msgs), "error"))
		for _, m := range msgs {
			s.logf("  %s", m)
		}
	default:
		if ctx.Err() != nil {
			return
		}
		msgs := []string{err.Error()}
		s.errs.Store(&msgs)
		s.slow.Store(false)
		s.hub.send(message{Type: "errors", Build: s.build.Load(), Errors: msgs})
		s.logf("%s: %v", what, err)
	}
}

// published tells the browsers to reload (or restyle) after the build of
// what, made from batch b (nil for the first build), succeeded.
func (s *Server) published(what string, res *pipeline.Result, b *watch.Batch) {
	if !res.InPlace {
		s.usual = res.Duration
	}
	n := s.build.Add(1)
	s.errs.Store(&[]string{})
	s.slow.Store(false)
	typ := "reload"
	if b != nil && b.CSSOnly() {
		typ = "css"
	}
	s.hub.send(message{Type: typ, Build: n})
	s.logf("%s: %d of %d pages rendered in %s", what, res.Rendered, res.Pages, res.Duration.Round(time.Millisecond))
	if b != nil && (b.Overflow || len(b.Paths) >= burst) {
		// The browsers have been told. A burst's build made garbage the
		// size of the site: give it back to the system now rather than
		// over the next minutes, so the preview left running stays small.
		debug.FreeOSMemory()
	}
}

// burst is how many changed files in one batch make a burst (a git
// checkout, a formatter run over the folder) rather than an author's edits.
const burst = 32

// stopIfOverdue stops the build under way if it runs far longer than usual:
// called on every change, so a fix gets a fresh build without waiting.
func (s *Server) stopIfOverdue() {
	s.overdueMu.Lock()
	stop := s.stopOverdue
	s.overdueMu.Unlock()
	if stop != nil {
		stop()
	}
}

// abandon replaces the Builder and the Memory after a build that was
// stopped: the stopped build's goroutines may run on for a while (a
// template cannot be interrupted) and must share nothing with the next
// build. The new Memory starts with the last good site, still served.
func (s *Server) abandon() {
	old := s.memory.Load()
	mem := output.NewMemory()
	mem.Publish(old.Current())
	s.builder = pipeline.NewBuilder(s.opts.Build, mem)
	s.memory.Store(mem)
	s.fresh = true
}

func describe(b *watch.Batch) string {
	if b.Overflow {
		return "many changes (events were lost), rebuilt everything"
	}
	switch len(b.Paths) {
	case 0:
		return "changed"
	case 1:
		return b.Paths[0] + " changed"
	}
	return fmt.Sprintf("%s and %d more changed", b.Paths[0], len(b.Paths)-1)
}

func (s *Server) logf(format string, args ...any) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.log, "%s %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}

func displayHost(h string) string {
	if h == "" || h == "0.0.0.0" || h == "::" {
		return "localhost"
	}
	return h
}

// allowHosts decides which Host headers the server answers: its own names
// on loopback, so a page elsewhere cannot reach the preview through a DNS
// name rebound to 127.0.0.1. Bound to another address on request, any.
func (s *Server) allowHosts(host string, port int) {
	s.hosts = map[string]bool{}
	ip := net.ParseIP(host)
	if host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		s.anyHost = true
		return
	}
	for _, h := range []string{"127.0.0.1", "localhost", "[::1]", host} {
		s.hosts[h+":"+strconv.Itoa(port)] = true
	}
}

func (s *Server) hostAllowed(h string) bool { return s.anyHost || s.hosts[strings.ToLower(h)] }

// ServeHTTP serves the preview.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if !s.hostAllowed(r.Host) {
		http.Error(w, "gloss preview: this host name is not allowed", http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case eventsPath:
		s.events(w, r)
		return
	case scriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(liveJS)
		return
	case statePath:
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(message{Type: "state", Build: s.build.Load(), Errors: *s.errs.Load(), Slow: s.slow.Load()})
		return
	}
	rel, ok := sitePath(r.URL.Path)
	if !ok {
		s.notFound(w)
		return
	}
	// The build number first: a page is never newer than the number it is
	// sent with (see inject), at worst older, which costs one extra reload.
	build := s.build.Load()
	snap := s.memory.Load().Current()
	data, found := snap.File(rel)
	if !found && !strings.HasSuffix(rel, ".html") && path.Ext(rel) == "" {
		// A folder asked for without its slash.
		if _, isDir := snap.File(rel + "/index.html"); isDir {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
	}
	if !found {
		s.notFound(w)
		return
	}
	s.write(w, rel, data, http.StatusOK, build)
}

// sitePath turns a request path into a file of the site, refusing anything
// that tries to leave it, names a dotfile, or hides its meaning in an
// encoding: net/http has decoded the path once, so what is left of "%"
// escapes is literal, and ".." anywhere is refused rather than resolved.
func sitePath(p string) (string, bool) {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") || strings.Contains(p, "//") {
		return "", false
	}
	rel := strings.TrimPrefix(p, "/")
	for _, seg := range strings.Split(rel, "/") {
		if seg == ".." || strings.HasPrefix(seg, ".") {
			return "", false
		}
	}
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	return rel, true
}

func (s *Server) notFound(w http.ResponseWriter) {
	build := s.build.Load()
	if data, ok := s.memory.Load().Current().File("404.html"); ok {
		s.write(w, "404.html", data, http.StatusNotFound, build)
		return
	}
	if len(*s.errs.Load()) > 0 {
		// The first build failed: a page that shows the errors.
		s.write(w, "index.html", statusPage("The site has not built yet."), http.StatusServiceUnavailable, build)
		return
	}
	if build == 0 {
		// The first build is still running (the server listens from the
		// start, so a tab left open across a restart asks at once). The
		// page carries the live script, which reloads it when the build
		// ends; a bare 404 would leave the tab stuck for good.
		w.Header().Set("Retry-After", "1")
		s.write(w, "index.html", statusPage("The site is building; this page shows it when the build is done."), http.StatusServiceUnavailable, build)
		return
	}
	http.Error(w, "404 page not found", http.StatusNotFound)
}

// statusPage is the page the preview shows in place of the site's while it
// has none: a line of text, and the live script (added by write), which
// shows the build's errors and reloads the page when a build succeeds.
func statusPage(text string) []byte {
	return []byte(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>gloss preview</title></head><body><p>` + html.EscapeString(text) + `</p></body></html>`)
}

// write sends a file; HTML gets the live-reload script, which the built
// files never contain, told which build the page is from.
func (s *Server) write(w http.ResponseWriter, rel string, data []byte, status int, build int64) {
	ctype := mime.TypeByExtension(path.Ext(rel))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-store")
	if strings.HasPrefix(ctype, "text/html") {
		data = inject(data, liveTag(build, s.instance))
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

// liveTag is the live-reload script for a page of a build: a page that
// loads while the next build is announced (its event stream not yet
// connected) learns from the greeting that it is out of date.
func liveTag(build int64, instance string) []byte {
	return []byte(`<script src="` + scriptPath + `" data-build="` + strconv.FormatInt(build, 10) + `" data-server="` + instance + `"></script>`)
}

func inject(page, liveTag []byte) []byte {
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(append([]byte(nil), page...), liveTag...)
	}
	out := make([]byte, 0, len(page)+len(liveTag))
	out = append(out, page[:i]...)
	out = append(out, liveTag...)
	return append(out, page[i:]...)
}

// events streams build notices to one browser tab.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	if origin := r.Header.Get("Origin"); origin != "" {
		host := strings.TrimPrefix(origin, "http://")
		if host == origin || !s.hostAllowed(host) {
			http.Error(w, "gloss preview: events are only for the preview's own pages", http.StatusForbidden)
			return
		}
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	ch := s.hub.subscribe()
	defer s.hub.unsubscribe(ch)
	send := func(m message) bool {
		data, _ := json.Marshal(m)
		if _, err := fmt.Fprintf(w, "data: %s\n\n", data); err != nil {
			return false
		}
		flusher.Flush()
		return true
	}
	hello := message{Type: "hello", Build: s.build.Load(), Errors: *s.errs.Load(), Server: s.instance, Slow: s.slow.Load()}
	if !send(hello) {
		return
	}
	keepAlive := time.NewTicker(15 * time.Second)
	defer keepAlive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case m, ok := <-ch:
			if !ok || !send(m) {
				return
			}
		case <-keepAlive.C:
			if _, err := io.WriteString(w, ": keep-alive\n\n"); err != nil {
				return
			}
			flusher.Flush()
		}
	}
}

// hub fans build notices out to every connected tab.
type hub struct {
	mu     sync.Mutex
	subs   map[chan message]bool
	closed bool
}

func (h *hub) subscribe() chan message {
	h.mu.Lock()
	defer h.mu.Unlock()
	ch := make(chan message, 8)
	if h.closed {
		close(ch)
		return ch
	}
	if h.subs == nil {
		h.subs = map[chan message]bool{}
	}
	h.subs[ch] = true
	return ch
}

func (h *hub) unsubscribe(ch chan message) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.subs[ch] {
		delete(h.subs, ch)
		close(ch)
	}
}

func (h *hub) send(m message) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs {
		select {
		case ch <- m:
		default: // a tab that does not read keeps only the newest notices
		}
	}
}

func (h *hub) closeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for ch := range h.subs {
		close(ch)
		delete(h.subs, ch)
	}
}
