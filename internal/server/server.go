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
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"hengdong/internal/build"
	"hengdong/internal/check"
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
	// Edited are the URL paths of the pages made from the saved content
	// files: an open page that did not change goes to the one being edited
	// (as Hugo's --navigateToChanged).
	Edited []string `json:"edited,omitempty"`
	// Version numbers the served site: it goes up by one with every change
	// pages are told of. A page knows the version it was served at, so when
	// it connects late (after a reload) or reconnects, it sees what it missed.
	Version int `json:"version"`
	// Hello marks the first message on a connection: the current state, not
	// a change.
	Hello    bool      `json:"hello,omitempty"`
	All      bool      `json:"all,omitempty"` // too many changes to list: every page reloads
	Problems []Problem `json:"problems,omitempty"`
	// Check is what the checks `build` runs found in the last good render,
	// sent after the reload (and on connecting) for the panel.
	Check *Report `json:"check,omitempty"`
	// Names are the changed source files that caused this rebuild (for tests and logs).
	Names []string `json:"-"`
	// Started is when the burst ended and the rebuild began (for the latency benchmark).
	Started time.Time `json:"-"`
	// Cancelled: the render was given up (a newer save, or serve stopping)
	// and the files served are still the last good ones. Pages are not told.
	Cancelled bool `json:"-"`
}

// Problem is one build error as the overlay shows it.
type Problem struct {
	Pos    string `json:"pos"` // file:line:col
	Msg    string `json:"msg"` // 中文说明
	Fix    string `json:"fix"` // 中文修改方法
	Detail string `json:"detail"`
	Source string `json:"source,omitempty"` // the offending source line
	// Mark splits Source around the character at the error's column when
	// it is one an editor cannot see or tell apart (a Tab, a full-width
	// colon, a zero-width space…), for the overlay to show it labelled.
	Mark *Mark `json:"mark,omitempty"`
}

// maxListed is how many changed paths an event lists before saying All.
const maxListed = 2000

// Server holds the last good site in memory and the state of the last build.
type Server struct {
	cfg Config
	inc *build.Incremental

	buildMu sync.Mutex // one render at a time

	logMu   sync.Mutex // held while checks are printed; Stop takes it
	stopped bool       // Stop was called: background checks print nothing

	// The watcher queues the names of each burst and cancels the render in
	// progress: the newest save is rendered at once, from the last good state.
	queueMu sync.Mutex
	pending map[string]bool    // names saved since the last rebuild took them
	kick    chan struct{}      // a burst is pending (buffered: one is enough)
	cancel  context.CancelFunc // cancels the render in progress, if any

	mu       sync.RWMutex
	in       *build.Inputs
	files    map[string][]byte // the last good output
	version  int               // counts the changes of files pages were told of (Event.Version)
	base     string            // the site's base path, "/" or "/sub/"
	last     Event             // the state open pages are told when they connect
	printed  string            // the error last printed to the terminal
	guard    hostGuard         // the Host and Origin headers answered; its port is set by Run
	rebuilds int
	checked  []check.Finding // the last render's findings, to print only what is new
	checks   *Report         // the same, as the panel shows them

	subMu sync.Mutex
	subs  map[chan Event]struct{}

	// The search index is built after each render, off the path from a save to
	// the reload; searchGen discards an index overtaken by a newer render.
	searchGen   int
	searchRes   *build.Result // the render searchGen indexes; nil once taken
	searchReady int           // the generation whose index is in place
	searchIdle  *sync.Cond    // signalled when an index is put in place

	// The checks run after the reload too (checks.go), once saves pause;
	// checkGen discards a run overtaken by a newer render.
	checkGen   int
	checkRes   *build.Result // the render checkGen checks; nil once taken
	checkIn    *build.Inputs
	checkReady int        // the generation whose findings were told
	checkIdle  *sync.Cond // signalled when a check run ends
}

// New reads and renders the site once. A render error is not fatal: the server
// starts and shows it in the browser until the files are fixed.
func New(cfg Config) (*Server, error) { return NewContext(context.Background(), cfg) }

// NewContext is New, stopped with ctx.Err() when ctx is cancelled during the
// first render (Ctrl-C while a big site renders).
func NewContext(ctx context.Context, cfg Config) (*Server, error) {
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
	s := &Server{cfg: cfg, inc: build.NewIncremental(cfg.Options), files: map[string][]byte{}, subs: map[chan Event]struct{}{},
		guard: hostGuard{bind: cfg.Bind}, pending: map[string]bool{}, kick: make(chan struct{}, 1)}
	s.searchIdle = sync.NewCond(&s.mu)
	s.checkIdle = sync.NewCond(&s.mu)
	done := make(chan error, 1)
	go func() {
		in, err := build.ReadInputs(root, cfg.Theme)
		if err != nil {
			done <- err
			return
		}
		s.in = in
		s.buildMu.Lock()
		ev := s.render(ctx, nil, time.Now())
		s.buildMu.Unlock()
		if ev.Cancelled {
			err = ctx.Err()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			return nil, err
		}
		return s, nil
	case <-ctx.Done():
		// Reading and parsing the files of a big site take a second or two
		// and do not stop midway: they are left to end on their own.
		return nil, ctx.Err()
	}
}

// Rebuild reads the named files again (slash paths relative to the site root)
// and renders what they affect. It is safe to call from several goroutines
// (renders run one at a time).
func (s *Server) Rebuild(names []string) Event { return s.RebuildContext(context.Background(), names) }

// RebuildContext is Rebuild, given up when ctx is cancelled or a burst is
// queued meanwhile: the files are read either way, and the render is left
// for the next rebuild (Event.Cancelled). A cancelled render changes nothing
// that is served.
func (s *Server) RebuildContext(ctx context.Context, names []string) Event {
	start := time.Now()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	s.queueMu.Lock()
	s.cancel = cancel
	s.queueMu.Unlock()
	defer func() {
		s.queueMu.Lock()
		s.cancel = nil
		s.queueMu.Unlock()
	}()
	s.mu.Lock()
	in := s.in
	s.mu.Unlock()
	// Update reads through sitefs, as build does: a link leading out of the
	// site fails the rebuild with the link and its target in the overlay.
	next, err := in.Update(s.cfg.Root, s.cfg.Theme, names)
	if err != nil {
		return s.fail(err, names, start)
	}
	// s.in is what is on disk, rendered or not: a render cancelled by a
	// newer save leaves these names to that save's render.
	s.mu.Lock()
	s.in = next
	s.mu.Unlock()
	return s.render(ctx, names, start)
}

// queue adds a burst of changed names for the rebuild loop and cancels the
// render in progress, which the loop then does again with every name.
func (s *Server) queue(names []string) {
	s.queueMu.Lock()
	for _, n := range names {
		s.pending[n] = true
	}
	if s.cancel != nil {
		s.cancel()
	}
	s.queueMu.Unlock()
	select {
	case s.kick <- struct{}{}:
	default: // already kicked: the loop takes every pending name at once
	}
}

// rebuildLoop runs the queued rebuilds one at a time until ctx is cancelled.
func (s *Server) rebuildLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.kick:
		}
		s.queueMu.Lock()
		names := make([]string, 0, len(s.pending))
		for n := range s.pending {
			names = append(names, n)
		}
		clear(s.pending)
		s.queueMu.Unlock()
		if len(names) == 0 {
			continue
		}
		sort.Strings(names)
		if ev := s.RebuildContext(ctx, names); ev.Cancelled && ctx.Err() == nil {
			// Overtaken by a newer burst (queued, and kicked): its rebuild
			// names these files too.
			s.queueMu.Lock()
			for _, n := range names {
				s.pending[n] = true
			}
			s.queueMu.Unlock()
		}
	}
}

// render renders s.in; the caller holds buildMu.
func (s *Server) render(ctx context.Context, names []string, start time.Time) Event {
	s.mu.RLock()
	in := s.in
	s.mu.RUnlock()
	res, err := s.inc.RenderContext(ctx, in)
	if err != nil && ctx.Err() != nil {
		fmt.Fprintln(s.cfg.Log, "已取消本次生成 (render cancelled)")
		return Event{Cancelled: true, Names: names, Started: start}
	}
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
	// The waiting goroutine holds only the generation: a burst of saves must
	// not keep a whole site per save alive until each one's wait is over.
	s.searchRes = res
	go s.buildSearch(s.searchGen)
	s.version++
	ev := Event{OK: true, Names: names, Started: start, Changed: withBase(s.base, diffFiles(old, res.Files)), Version: s.version,
		Edited: withBase(s.base, editedPages(res, names))}
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
	if s.finishDeferred(res) {
		s.mu.Lock()
		s.checkGen++
		s.checkRes, s.checkIn = res, in
		go s.checkLater(s.checkGen)
		s.mu.Unlock()
	}
	return ev
}

// finishDeferred renders the pages that list the whole site (home, 404, 网站地图)
// after the reload signal of the pages an edit touched, and tells the pages
// showing them. The caller holds buildMu, so it ends before the next render.
// It reports whether they rendered.
func (s *Server) finishDeferred(res *build.Result) bool {
	done, err := s.inc.FinishDeferred(res)
	if err != nil {
		s.fail(err, nil, time.Now())
		return false
	}
	if len(done) == 0 {
		return true
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
	return true
}

// editedPages lists the output paths of the pages made from the named
// content files, in the order of names; resources and other files have none.
func editedPages(res *build.Result, names []string) []string {
	if res.Tree == nil {
		return nil
	}
	var out []string
	for _, n := range names {
		if !strings.HasPrefix(n, "content/") {
			continue
		}
		if p := res.Tree.ByFile[n]; strings.HasSuffix(p, "/") && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
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

// buildSearch builds the search index of render gen and puts it in place,
// unless a newer render has started its own meanwhile.
func (s *Server) buildSearch(gen int) {
	if gen > 1 { // the first index is wanted at once
		time.Sleep(searchDelay)
	}
	s.mu.Lock()
	res := s.searchRes
	stale := gen != s.searchGen
	if !stale {
		s.searchRes = nil
	}
	s.mu.Unlock()
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
	// A check still waiting would tell the pages all is well (ok) over the
	// error: the next good render is checked instead.
	s.checkGen++
	s.checkRes, s.checkIn = nil, nil
	s.checkReady = s.checkGen
	s.checkIdle.Broadcast()
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
	hello.Check = s.checks
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
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	s.mu.Lock()
	s.guard.port = port
	s.mu.Unlock()
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
	wg.Add(2)
	go func() {
		defer wg.Done()
		w.run(ctx, s.queue)
	}()
	go func() {
		defer wg.Done()
		s.rebuildLoop(ctx)
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

// portTries is how many ports listen tries, from the configured one up.
const portTries = 100

// listen binds the configured address; when the port is taken it says so and
// takes the next free one. Its errors name the flag to change.
func (s *Server) listen() (net.Listener, error) {
	host := s.cfg.Bind
	if host == "" {
		host = "127.0.0.1"
	}
	port := s.cfg.Port
	if port < 0 || port > 65535 {
		return nil, badPort(port)
	}
	for try := 0; ; try++ {
		ln, err := net.Listen("tcp", net.JoinHostPort(host, fmt.Sprint(port)))
		if err == nil {
			return ln, nil
		}
		if !errors.Is(err, syscall.EADDRINUSE) {
			return nil, diag.New("", 0, 0, fmt.Sprintf("无法在 %s 的端口 %d 上监听", host, port),
				"请检查 --bind 是否是本机的地址，或用 --port 换一个端口（1024 以下的端口需要管理员权限）", err.Error())
		}
		if port == 0 || port == 65535 || try == portTries-1 {
			return nil, diag.New("", 0, 0, fmt.Sprintf("端口 %d 到 %d 都已被占用", s.cfg.Port, port),
				"请用 --port 指定其他端口，或关闭占用这些端口的程序", fmt.Sprintf("ports %d-%d are in use: %v", s.cfg.Port, port, err))
		}
		fmt.Fprintf(s.cfg.Log, "端口 %d 已被占用，改用 %d (port %d is in use)\n", port, port+1, port)
		port++
	}
}

// badPort is the error for a --port outside 0–65535.
func badPort(port int) error {
	return diag.New("", 0, 0, fmt.Sprintf("--port %d 不是有效的端口号", port),
		"请使用 1 到 65535 之间的端口，或 0 表示任选一个空闲端口", fmt.Sprintf("invalid --port %d", port))
}

// CheckPort reports a --port outside 0–65535 before anything is rendered.
func CheckPort(port int) error {
	if port < 0 || port > 65535 {
		return badPort(port)
	}
	return nil
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
		src := sourceLine(root, e.File, e.Line)
		out = append(out, Problem{Pos: e.Pos(), Msg: e.Msg, Fix: e.Fix, Detail: e.Detail, Source: src, Mark: markAt(src, e.Col)})
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
