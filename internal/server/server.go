// Package server is `serve`: it renders the site in memory, serves only that
// output over HTTP on loopback, watches the site's folders, renders again what
// an edit affects, and tells open pages to reload (Server-Sent Events), to swap a
// stylesheet, or to show the build error over the last good page.
package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"hengdong/internal/build"
	"hengdong/internal/diag"
)

// Config says what to serve and where.
type Config struct {
	Root     string        // the site folder
	Theme    fs.FS         // the embedded default theme (may be nil)
	Options  build.Options // Serve, drafts, future…
	Bind     string        // address to listen on; "" means 127.0.0.1
	Port     int           // first port tried; 0 picks any free port
	Debounce time.Duration // quiet time that ends a burst of changes; 0 means 15 ms
	Log      io.Writer     // the terminal; nil discards
}

// Event is what one rebuild tells the open pages.
type Event struct {
	OK      bool     `json:"ok"`
	Changed []string `json:"changed,omitempty"` // URL paths whose bytes changed, were added or removed
	// Version numbers the served site: it goes up by one with every change
	// pages are told of. A page knows the version it was served at, so when
	// it connects late (after a reload) or reconnects, it sees what it missed.
	Version int `json:"version"`
	// Hello marks the first message on a connection: the current state, not
	// a change.
	Hello    bool      `json:"hello,omitempty"`
	All      bool      `json:"all,omitempty"` // too many changes to list: every page reloads
	Problems []Problem `json:"problems,omitempty"`
	// Names are the changed source files that caused this rebuild (for tests and logs).
	Names []string `json:"-"`
	// Started is when the burst ended and the rebuild began (for the latency benchmark).
	Started time.Time `json:"-"`
}

// Problem is one build error as the overlay shows it.
type Problem struct {
	Pos    string `json:"pos"` // file:line:col
	Msg    string `json:"msg"` // 中文说明
	Fix    string `json:"fix"` // 中文修改方法
	Detail string `json:"detail"`
	Source string `json:"source,omitempty"` // the offending source line
}

// maxListed is how many changed paths an event lists before saying All.
const maxListed = 2000

// Server holds the last good site in memory and the state of the last build.
type Server struct {
	cfg Config
	inc *build.Incremental

	buildMu sync.Mutex // one render at a time

	mu       sync.RWMutex
	in       *build.Inputs
	files    map[string][]byte // the last good output
	version  int               // counts the changes of files pages were told of (Event.Version)
	base     string            // the site's base path, "/" or "/sub/"
	last     Event             // the state open pages are told when they connect
	printed  string            // the error last printed to the terminal
	rebuilds int

	subMu sync.Mutex
	subs  map[chan Event]struct{}

	// The search index is built after each render, off the path from a save to
	// the reload; searchGen discards an index overtaken by a newer render.
	searchGen   int
	searchReady int        // the generation whose index is in place
	searchIdle  *sync.Cond // signalled when an index is put in place
}

// New reads and renders the site once. A render error is not fatal: the server
// starts and shows it in the browser until the files are fixed.
func New(cfg Config) (*Server, error) {
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.Debounce == 0 {
		cfg.Debounce = 15 * time.Millisecond
	}
	root, err := filepath.Abs(cfg.Root)
	if err != nil {
		return nil, err
	}
	cfg.Root = root
	cfg.Options.DeferSearch = true
	cfg.Options.DeferSiteWide = true
	s := &Server{cfg: cfg, inc: build.NewIncremental(cfg.Options), files: map[string][]byte{}, subs: map[chan Event]struct{}{}}
	s.searchIdle = sync.NewCond(&s.mu)
	in, err := build.ReadInputs(root, cfg.Theme)
	if err != nil {
		return nil, err
	}
	s.in = in
	s.buildMu.Lock()
	s.render(nil, time.Now())
	s.buildMu.Unlock()
	return s, nil
}

// Rebuild reads the named files again (slash paths relative to the site root)
// and renders what they affect. The watcher calls it once per burst; it is
// safe to call from several goroutines (renders run one at a time).
func (s *Server) Rebuild(names []string) Event {
	start := time.Now()
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	s.mu.Lock()
	in := s.in
	s.mu.Unlock()
	// Update reads through sitefs, as build does: a link leading out of the
	// site fails the rebuild with the link and its target in the overlay.
	next, err := in.Update(s.cfg.Root, s.cfg.Theme, names)
	if err != nil {
		return s.fail(err, names, start)
	}
	s.mu.Lock()
	s.in = next
	s.mu.Unlock()
	return s.render(names, start)
}

// render renders s.in; the caller holds buildMu.
func (s *Server) render(names []string, start time.Time) Event {
	s.mu.RLock()
	in := s.in
	s.mu.RUnlock()
	res, err := s.inc.Render(in)
	if err != nil {
		return s.fail(err, names, start)
	}
	s.mu.Lock()
	old := s.files
	// Until the new search index is ready, the last one keeps serving.
	for p, b := range old {
		if isSearchIndex(p) {
			res.Files[p] = b
		}
	}
	s.files = res.Files
	s.base = res.Config.BasePath()
	s.searchGen++
	go s.buildSearch(res, s.searchGen)
	s.version++
	ev := Event{OK: true, Names: names, Started: start, Changed: withBase(s.base, diffFiles(old, res.Files)), Version: s.version}
	if len(ev.Changed) > maxListed {
		ev.Changed, ev.All = nil, true
	}
	s.last = Event{OK: true, Version: s.version}
	s.rebuilds++
	hadError := s.printed != ""
	s.printed = ""
	s.mu.Unlock()
	if hadError {
		fmt.Fprintln(s.cfg.Log, "错误已修复 (fixed)")
	}
	if names == nil {
		fmt.Fprintf(s.cfg.Log, "生成完成：%d 个页面，%d 个文件，用时 %d 毫秒\n", res.Pages, len(res.Files), time.Since(start).Milliseconds())
	} else {
		st := s.inc.Stats
		fmt.Fprintf(s.cfg.Log, "%s 已更新：重新渲染 %d 个页面（沿用 %d 个），%d 个网址有变化，用时 %d 毫秒\n",
			strings.Join(shorten(names), "、"), st.PagesRendered, st.PagesReused, len(ev.Changed), time.Since(start).Milliseconds())
	}
	s.broadcast(ev)
	s.finishDeferred(res)
	return ev
}

// finishDeferred renders the pages that list the whole site (home, 404, 网站地图)
// after the reload signal of the pages an edit touched, and tells the pages
// showing them. The caller holds buildMu, so it ends before the next render.
func (s *Server) finishDeferred(res *build.Result) {
	done, err := s.inc.FinishDeferred(res)
	if err != nil {
		s.fail(err, nil, time.Now())
		return
	}
	if len(done) == 0 {
		return
	}
	s.mu.Lock()
	files := make(map[string][]byte, len(s.files))
	for p, b := range s.files {
		files[p] = b
	}
	var changed []string
	for p, b := range done {
		if !bytes.Equal(files[p], b) {
			changed = append(changed, p)
		}
		files[p] = b
	}
	s.files = files
	version := s.version
	if len(changed) > 0 {
		s.version++
		version = s.version
		s.last.Version = version
	}
	s.mu.Unlock()
	if len(changed) > 0 {
		sort.Strings(changed)
		s.broadcast(Event{OK: true, Changed: withBase(s.base, changed), Started: time.Now(), Version: version})
	}
}

// withBase turns output paths into the URL paths pages are open at, under the
// site's base path.
func withBase(base string, paths []string) []string {
	if base == "" || base == "/" {
		return paths
	}
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = strings.TrimSuffix(base, "/") + p
	}
	return out
}

// isSearchIndex reports the files of the search index (not the /search/ page).
func isSearchIndex(p string) bool {
	return strings.HasPrefix(p, "/search/") && strings.HasSuffix(p, ".json")
}

// searchDelay is how long the site must stay unchanged before its search index
// is rebuilt: an editor saving every few seconds should not pay for an index
// of thousands of pages on every save.
const searchDelay = 300 * time.Millisecond

// buildSearch builds res's search index and puts it in place, unless a newer
// render has started its own meanwhile.
func (s *Server) buildSearch(res *build.Result, gen int) {
	if gen > 1 { // the first index is wanted at once
		time.Sleep(searchDelay)
	}
	s.mu.RLock()
	stale := gen != s.searchGen
	s.mu.RUnlock()
	if stale {
		return
	}
	idx, err := build.SearchIndex(res)
	s.mu.Lock()
	defer s.mu.Unlock()
	if gen != s.searchGen {
		return
	}
	defer s.searchIdle.Broadcast()
	if err != nil {
		s.searchReady = gen
		fmt.Fprintln(s.cfg.Log, "搜索索引生成失败 (search index failed):", err)
		return
	}
	// Published maps are never changed in place: handlers read them unlocked.
	files := make(map[string][]byte, len(s.files)+len(idx))
	for p, b := range s.files {
		if !isSearchIndex(p) {
			files[p] = b
		}
	}
	for p, b := range idx {
		files[p] = b
	}
	s.files = files
	s.searchReady = gen
}

// WaitSearch waits until the search index of the newest render is in place.
func (s *Server) WaitSearch() {
	s.mu.Lock()
	for s.searchReady != s.searchGen {
		s.searchIdle.Wait()
	}
	s.mu.Unlock()
}

// fail keeps the last good site, prints the error once and tells the pages.
func (s *Server) fail(err error, names []string, start time.Time) Event {
	ev := Event{Problems: problems(s.cfg.Root, err), Names: names, Started: start}
	msg := err.Error()
	s.mu.Lock()
	ev.Version = s.version // the files served are still the last good ones
	s.last = ev
	s.rebuilds++
	repeat := msg == s.printed
	s.printed = msg
	s.mu.Unlock()
	if !repeat {
		fmt.Fprintln(s.cfg.Log, "生成失败，继续显示上一次成功的结果 (build failed; serving the last good site):")
		for _, e := range diag.Collect(err) {
			fmt.Fprintln(s.cfg.Log, "  "+e.Error())
		}
	}
	s.broadcast(ev)
	return ev
}

// Rebuilds counts the renders since start (the first included).
func (s *Server) Rebuilds() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.rebuilds
}

// Subscribe returns a channel that receives every rebuild's Event, starting with
// the current state (marked Hello, with no changes listed), and a function that
// ends the subscription.
func (s *Server) Subscribe() (<-chan Event, func()) {
	ch := make(chan Event, 16)
	s.mu.RLock()
	hello := s.last
	s.mu.RUnlock()
	hello.Changed, hello.All, hello.Hello = nil, false, true // the state on connecting is not a change
	ch <- hello
	s.subMu.Lock()
	s.subs[ch] = struct{}{}
	s.subMu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			s.subMu.Lock()
			delete(s.subs, ch)
			s.subMu.Unlock()
		})
	}
}

func (s *Server) broadcast(ev Event) {
	s.subMu.Lock()
	defer s.subMu.Unlock()
	for ch := range s.subs {
		select {
		case ch <- ev:
		default: // a stalled page misses an event; the next one carries the state
		}
	}
}

// Run listens, serves and watches until ctx is cancelled, then shuts down.
// ready, when not nil, receives the address once the server listens.
func (s *Server) Run(ctx context.Context, ready func(addr string)) error {
	ln, err := s.listen()
	if err != nil {
		return err
	}
	w, err := newWatcher(s.cfg.Root, s.cfg.Debounce)
	if err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second,
		BaseContext: func(net.Listener) context.Context { return ctx }}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		w.run(ctx, func(names []string) { s.Rebuild(names) })
	}()
	if ready != nil {
		ready(ln.Addr().String())
	}
	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	sctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	if serr := srv.Shutdown(sctx); serr != nil {
		srv.Close()
	}
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// listen binds the configured address; when the port is taken it says so and
// takes the next free one.
func (s *Server) listen() (net.Listener, error) {
	host := s.cfg.Bind
	if host == "" {
		host = "127.0.0.1"
	}
	port := s.cfg.Port
	for try := 0; ; try++ {
		ln, err := net.Listen("tcp", net.JoinHostPort(host, fmt.Sprint(port)))
		if err == nil {
			return ln, nil
		}
		if !errors.Is(err, syscall.EADDRINUSE) || port == 0 || try == 100 {
			return nil, err
		}
		fmt.Fprintf(s.cfg.Log, "端口 %d 已被占用，改用 %d (port %d is in use)\n", port, port+1, port)
		port++
	}
}

// diffFiles lists the paths whose bytes differ between a and b, sorted.
func diffFiles(a, b map[string][]byte) []string {
	var out []string
	for k, v := range b {
		if w, ok := a[k]; !ok || !bytes.Equal(v, w) {
			out = append(out, k)
		}
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// problems turns err into the overlay's list, with each offending source line.
func problems(root string, err error) []Problem {
	var out []Problem
	for i, e := range diag.Collect(err) {
		if i == 20 {
			break
		}
		out = append(out, Problem{Pos: e.Pos(), Msg: e.Msg, Fix: e.Fix, Detail: e.Detail, Source: sourceLine(root, e.File, e.Line)})
	}
	return out
}

// sourceLine reads line n of file, a path relative to root that must stay inside it.
func sourceLine(root, file string, n int) string {
	if file == "" || n < 1 || !filepath.IsLocal(filepath.FromSlash(file)) {
		return ""
	}
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
	if err != nil {
		return ""
	}
	lines := strings.Split(string(b), "\n")
	if n > len(lines) {
		return ""
	}
	return strings.TrimRight(lines[n-1], "\r")
}

func shorten(names []string) []string {
	if len(names) > 3 {
		return append(append([]string{}, names[:3]...), fmt.Sprintf("等 %d 个文件", len(names)))
	}
	return names
}
