package server

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"hengdong/internal/build"
	"hengdong/internal/build/buildtest"
	"hengdong/internal/search"
)

var testNow = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

// newSite writes a generated site of n pages and returns its root.
func newSite(t testing.TB, n int) string {
	t.Helper()
	root := t.TempDir()
	if err := buildtest.Write(root, n); err != nil {
		t.Fatal(err)
	}
	return root
}

func testConfig(root string) Config {
	return Config{Root: root, Theme: os.DirFS(buildtest.RepoRoot()), Port: 0,
		Options: build.Options{BuildDrafts: true, BuildFuture: true, Serve: true, Now: testNow}}
}

func newServer(t testing.TB, root string) *Server {
	t.Helper()
	s, err := New(testConfig(root))
	if err != nil {
		t.Fatal(err)
	}
	if !s.last.OK {
		t.Fatalf("first render failed: %+v", s.last.Problems)
	}
	s.WaitChecks() // the first findings are told after the render: settle them
	return s
}

func get(s *Server, target string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.Host = "127.0.0.1"
	s.Handler().ServeHTTP(rec, req)
	return rec
}

func TestPathSafety(t *testing.T) {
	root := newSite(t, 8)
	s := newServer(t, root)
	tests := []struct {
		target string
		status int
		ctype  string // prefix of Content-Type; "" to skip
	}{
		{"/", 200, "text/html; charset=utf-8"},
		{"/news/", 200, "text/html; charset=utf-8"},
		{"/news/index.html", 200, "text/html; charset=utf-8"},
		{"/news", 301, ""},
		{"/css/site.css", 200, "text/css; charset=utf-8"},
		{"/js/a11y.js", 200, "text/javascript; charset=utf-8"},
		{"/index.xml", 200, "application/xml; charset=utf-8"},
		{"/favicon.svg", 200, "image/svg+xml; charset=utf-8"},
		{"/robots.txt", 200, "text/plain; charset=utf-8"},
		{"/no/such/page/", 404, "text/html; charset=utf-8"},
		{"/../site.toml", 404, ""},
		{"/%2e%2e/site.toml", 404, ""},
		{"/%2E%2E/%2E%2E/etc/passwd", 404, ""},
		{"/news/..%2f..%2fsite.toml", 404, ""},
		{"/css%2fsite.css", 404, ""},
		{"/css%5csite.css", 404, ""},
		{"/..%5csite.toml", 404, ""},
		{"//etc/passwd", 404, ""},
		{"/./css/site.css", 404, ""},
		{"/css/", 404, ""},       // a folder without index: no listing
		{"/static/", 404, ""},    // the source folder is not served
		{"/content/", 404, ""},   // nor the content
		{"/site.toml", 404, ""},  // nor the settings
		{"/secret.txt", 404, ""}, // a symlink to a file outside the site
		{"/css/site.css%00.html", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			rec := get(s, tt.target)
			if rec.Code != tt.status {
				t.Errorf("status %d, want %d", rec.Code, tt.status)
			}
			if tt.ctype != "" && rec.Header().Get("Content-Type") != tt.ctype {
				t.Errorf("Content-Type %q, want %q", rec.Header().Get("Content-Type"), tt.ctype)
			}
			body := rec.Body.String()
			for _, leak := range []string{"TOP-SECRET", "baseURL", "root:x:0"} {
				if strings.Contains(body, leak) {
					t.Errorf("body leaks %q", leak)
				}
			}
			if tt.status == 404 && !strings.Contains(body, "kind-404") {
				t.Errorf("404 without the site's 404 page: %.200s", body)
			}
		})
	}
	t.Run("POST", func(t *testing.T) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodPost, "/", nil)
		req.Host = "127.0.0.1"
		s.Handler().ServeHTTP(rec, req)
		if rec.Code != http.StatusMethodNotAllowed {
			t.Errorf("status %d", rec.Code)
		}
	})
}

// TestOutsideLink: a link leading out of the site stops serve at start, and
// fails a rebuild with the link and its target named, never serving the file.
func TestOutsideLink(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(outside, []byte("TOP-SECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	root := newSite(t, 4)
	link := filepath.Join(root, "static", "secret.txt")
	if err := os.Symlink(outside, link); err != nil {
		t.Fatal(err)
	}
	if _, err := New(testConfig(root)); err == nil || !strings.Contains(err.Error(), "static/secret.txt") || !strings.Contains(err.Error(), outside) {
		t.Fatalf("New: got %v, want an error naming the link and %s", err, outside)
	}
	os.Remove(link)
	s := newServer(t, root)
	if err := os.Symlink(outside, link); err != nil {
		t.Fatal(err)
	}
	ev := s.Rebuild([]string{"static/secret.txt"})
	if ev.OK || len(ev.Problems) == 0 || ev.Problems[0].Pos != "static/secret.txt" || !strings.Contains(ev.Problems[0].Msg, outside) {
		t.Fatalf("rebuild: %+v", ev)
	}
	if rec := get(s, "/secret.txt"); rec.Code != 404 || strings.Contains(rec.Body.String(), "TOP-SECRET") {
		t.Errorf("/secret.txt: %d %.100s", rec.Code, rec.Body.String())
	}
}

func TestInjectOnlyIntoHTML(t *testing.T) {
	s := newServer(t, newSite(t, 4))
	tests := []struct {
		target string
		want   bool
	}{{"/", true}, {"/news/", true}, {"/no-such/", true}, {"/css/site.css", false}, {"/index.xml", false}}
	for _, tt := range tests {
		body := get(s, tt.target).Body.String()
		got := strings.Contains(body, `<script src="/__livereload.js" data-version="1" defer></script></body>`)
		if got != tt.want {
			t.Errorf("%s: script injected before </body> = %v, want %v", tt.target, got, tt.want)
		}
	}
}

func TestBuildErrorKeepsLastGoodSite(t *testing.T) {
	root := newSite(t, 8)
	s := newServer(t, root)
	page := buildtest.PagePath(1)
	url := "/chanye/p0001/"
	before := get(s, url).Body.String()
	if !strings.Contains(before, "第1号测试页面") {
		t.Fatalf("page %s not served: %.300s", url, before)
	}
	broken := strings.Replace(buildtest.PageText(1, "正文"), "title: 第1号测试页面", "title: [没有闭合", 1)
	buildtest.WriteFile(t, root, page, broken)
	ev := s.Rebuild([]string{page})
	if ev.OK || len(ev.Problems) == 0 {
		t.Fatalf("broken front matter: event %+v", ev)
	}
	p := ev.Problems[0]
	if !strings.HasPrefix(p.Pos, page+":2:") {
		t.Errorf("position %q, want %s:2:col", p.Pos, page)
	}
	if p.Source != "title: [没有闭合" {
		t.Errorf("source line %q", p.Source)
	}
	if p.Msg == "" || p.Msg[0] < 0x80 {
		t.Errorf("message not Chinese first: %q", p.Msg)
	}
	if got := get(s, url).Body.String(); got != before {
		t.Errorf("the last good page is no longer served")
	}
	ch, stop := s.Subscribe()
	defer stop()
	if first := <-ch; first.OK {
		t.Errorf("a page opened now is not told about the error")
	}
	buildtest.WriteFile(t, root, page, buildtest.PageText(1, "修好了的正文"))
	if ev := s.Rebuild([]string{page}); !ev.OK || !slices.Contains(ev.Changed, url) {
		t.Fatalf("fixed: event %+v", ev)
	}
	if got := get(s, url).Body.String(); !strings.Contains(got, "修好了的正文") {
		t.Errorf("fixed page not served")
	}
}

// running starts s.Run and returns a function that stops it and waits.
func running(t *testing.T, s *Server) (addr string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, func(a string) { ready <- a }) }()
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("Run: %v", err)
	}
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(10 * time.Second): // a hang guard, not a speed check
				t.Fatal("Run did not return after cancel")
			}
		})
	}
	t.Cleanup(stop)
	return addr, stop
}

// waitFor returns the first event that names want, failing on a timeout.
func waitFor(t *testing.T, ch <-chan Event, want string) Event {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		select {
		case ev := <-ch:
			if slices.Contains(ev.Names, want) {
				return ev
			}
		case <-deadline:
			t.Fatalf("no rebuild for %s", want)
		}
	}
}

func TestWatcher(t *testing.T) {
	root := newSite(t, 8)
	cfg := testConfig(root)
	cfg.Debounce = 150 * time.Millisecond // generous, so a slow disk cannot split the burst
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	running(t, s)
	ch, unsub := s.Subscribe()
	defer unsub()
	<-ch // the state on connecting

	steps := []struct {
		name string
		do   func(t *testing.T) string // returns a name the rebuild must report
		url  string
		want string // text the page at url must show; "" means 404
	}{
		{"new folder with a page", func(t *testing.T) string {
			if err := os.Mkdir(filepath.Join(root, "content/news/fresh"), 0o755); err != nil {
				t.Fatal(err)
			}
			buildtest.WriteFile(t, root, "content/news/fresh/a.md", "---\ntitle: 新文件夹页面\n---\n\n新文件夹里的第一页。\n")
			return "content/news/fresh"
		}, "/news/fresh/a/", "新文件夹里的第一页"},
		{"second page in the new folder", func(t *testing.T) string {
			buildtest.WriteFile(t, root, "content/news/fresh/b.md", "---\ntitle: 第二页\n---\n\n新文件夹里的第二页。\n")
			return "content/news/fresh/b.md"
		}, "/news/fresh/b/", "新文件夹里的第二页"},
		{"page deleted", func(t *testing.T) string {
			if err := os.Remove(filepath.Join(root, "content/news/fresh/b.md")); err != nil {
				t.Fatal(err)
			}
			return "content/news/fresh/b.md"
		}, "/news/fresh/b/", ""},
		{"atomic save: temp file renamed over", func(t *testing.T) string {
			buildtest.WriteFile(t, root, "content/news/fresh/a.md.tmp", "---\ntitle: 新文件夹页面\n---\n\n原子保存后的正文。\n")
			if err := os.Rename(filepath.Join(root, "content/news/fresh/a.md.tmp"), filepath.Join(root, "content/news/fresh/a.md")); err != nil {
				t.Fatal(err)
			}
			return "content/news/fresh/a.md"
		}, "/news/fresh/a/", "原子保存后的正文"},
		{"page renamed", func(t *testing.T) string {
			if err := os.Rename(filepath.Join(root, "content/news/fresh/a.md"), filepath.Join(root, "content/news/fresh/c.md")); err != nil {
				t.Fatal(err)
			}
			return "content/news/fresh/a.md"
		}, "/news/fresh/a/", ""},
		{"folder deleted", func(t *testing.T) string {
			if err := os.RemoveAll(filepath.Join(root, "content/news/fresh")); err != nil {
				t.Fatal(err)
			}
			return "content/news/fresh"
		}, "/news/fresh/c/", ""},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			waitFor(t, ch, st.do(t))
			rec := get(s, st.url)
			if st.want == "" {
				if rec.Code != 404 {
					t.Errorf("%s: status %d, want 404", st.url, rec.Code)
				}
				return
			}
			if !strings.Contains(rec.Body.String(), st.want) {
				t.Errorf("%s (status %d) does not show %q", st.url, rec.Code, st.want)
			}
		})
	}

	t.Run("swap and backup files ignored", func(t *testing.T) {
		for _, n := range []string{"content/news/.p0000.md.swp", "content/news/p0000.md~", "content/news/4913",
			"content/news/.#p0000.md", "layouts/partials/footer.html.swx", "content/news/#p0000.md#"} {
			buildtest.WriteFile(t, root, n, "垃圾")
		}
		real := buildtest.PagePath(0)
		buildtest.WriteFile(t, root, real, buildtest.PageText(0, "交换文件之后的修改。"))
		ev := waitFor(t, ch, real)
		if len(ev.Names) != 1 {
			t.Errorf("rebuild names %v, want only %s", ev.Names, real)
		}
	})

	t.Run("a burst of 100 writes is one rebuild", func(t *testing.T) {
		before := s.Rebuilds()
		var names []string
		for i := 0; i < 100; i++ {
			n := "content/wenlv/burst/p" + strconv.Itoa(i) + ".md"
			names = append(names, n)
			buildtest.WriteFile(t, root, n, "---\ntitle: 批量"+strconv.Itoa(i)+"\n---\n\n批量页面。\n")
		}
		ev := waitFor(t, ch, "content/wenlv/burst")
		// Files written before the folder's watch began come with the folder;
		// any later ones must be in the same event.
		for _, n := range names {
			if !slices.Contains(ev.Names, n) && !slices.Contains(ev.Names, "content/wenlv/burst") {
				t.Errorf("%s not in the burst's rebuild", n)
			}
		}
		if got := s.Rebuilds() - before; got != 1 {
			t.Errorf("%d rebuilds for one burst, want 1", got)
		}
		if rec := get(s, "/wenlv/burst/p99/"); rec.Code != 200 {
			t.Errorf("last page of the burst: status %d", rec.Code)
		}
	})
}

func TestNoGoroutineLeak(t *testing.T) {
	root := newSite(t, 8)
	before := runtime.NumGoroutine()
	s := newServer(t, root)
	addr, stop := running(t, s)
	// An open event stream must not hold up the shutdown.
	resp, err := http.Get("http://" + addr + ReloadPath)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	for i := 0; i < 5; i++ {
		buildtest.WriteFile(t, root, buildtest.PagePath(2), buildtest.PageText(2, "第"+strconv.Itoa(i)+"次修改"))
		s.Rebuild([]string{buildtest.PagePath(2)})
	}
	stop()
	resp.Body.Close()
	http.DefaultClient.CloseIdleConnections()
	deadline := time.Now().Add(10 * time.Second)
	for {
		n := runtime.NumGoroutine()
		if n <= before+2 {
			break
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines before, %d after stopping:\n%s", before, n, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestPortTaken(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	cfg := testConfig(newSite(t, 2))
	cfg.Port = port
	var log bytes.Buffer
	cfg.Log = &log
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	addr, stop := running(t, s)
	stop()
	if addr == ln.Addr().String() {
		t.Fatalf("bound the taken port %s", addr)
	}
	if !strings.HasPrefix(addr, "127.0.0.1:") {
		t.Errorf("not on loopback: %s", addr)
	}
	if !strings.Contains(log.String(), "已被占用") {
		t.Errorf("no message about the taken port: %q", log.String())
	}
}

func TestContentType(t *testing.T) {
	tests := []struct{ path, want string }{
		{"/", "text/html; charset=utf-8"},
		{"/a/b.html", "text/html; charset=utf-8"},
		{"/x.css", "text/css; charset=utf-8"},
		{"/x.js", "text/javascript; charset=utf-8"},
		{"/x.json", "application/json; charset=utf-8"},
		{"/x.svg", "image/svg+xml; charset=utf-8"},
		{"/x.png", "image/png"},
		{"/x.xml", "application/xml; charset=utf-8"},
		{"/x.unknownext", "application/octet-stream"},
	}
	for _, tt := range tests {
		if got := contentType(tt.path); got != tt.want {
			t.Errorf("contentType(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

// The search index is built after the reload signal and then served; until it
// is ready the previous index keeps being served.
func TestSearchIndexFollowsEdits(t *testing.T) {
	root := newSite(t, 8)
	s := newServer(t, root)
	s.WaitSearch()
	meta := get(s, "/search/meta.json")
	if meta.Code != http.StatusOK {
		t.Fatalf("no search index after the first render: %d", meta.Code)
	}
	before := meta.Body.String()
	page := buildtest.PagePath(1)
	buildtest.WriteFile(t, root, page, buildtest.PageText(1, "新增一段关于蓝莓种植基地的正文。"))
	ev := s.Rebuild([]string{page})
	if !ev.OK {
		t.Fatalf("rebuild: %+v", ev)
	}
	if get(s, "/search/meta.json").Code != http.StatusOK {
		t.Error("the index disappeared while the new one was being built")
	}
	s.WaitSearch()
	after := get(s, "/search/meta.json").Body.String()
	if after == before {
		t.Error("the search index did not change after an edit")
	}
}

// A site published under a sub-path is served under it, and the pages it
// tells to reload carry the prefix, as the browser's location does.
func TestSubPathSite(t *testing.T) {
	root := newSite(t, 8)
	cfg, err := os.ReadFile(filepath.Join(root, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	buildtest.WriteFile(t, root, "site.toml", strings.Replace(string(cfg), `baseURL = "https://example.gov.cn/"`, `baseURL = "https://example.gov.cn/sub/"`, 1))
	s := newServer(t, root)
	url := "/sub/chanye/p0001/"
	if rec := get(s, url); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "第1号测试页面") {
		t.Fatalf("%s: %d", url, rec.Code)
	}
	if rec := get(s, "/"); rec.Code != http.StatusFound || rec.Header().Get("Location") != "/sub/" {
		t.Errorf("/ → %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if rec := get(s, "/sub/no-such-page/"); rec.Code != http.StatusNotFound {
		t.Errorf("unknown page: %d", rec.Code)
	}
	page := buildtest.PagePath(1)
	buildtest.WriteFile(t, root, page, buildtest.PageText(1, "子路径下的修改。"))
	ev := s.Rebuild([]string{page})
	if !ev.OK || !slices.Contains(ev.Changed, url) {
		t.Errorf("reload event lists %v, want %s", ev.Changed, url)
	}
}

// Saves in quick succession, each only in a page's body, take the body-edit
// path while the search index of the save before may still be building; the
// index that finally serves has the last save's words, and the page shows
// them.
func TestRapidBodyEditsAndSearch(t *testing.T) {
	root := newSite(t, 12)
	s := newServer(t, root)
	page := buildtest.PagePath(2)
	words := []string{"蓝莓", "油茶", "黄贡椒", "湘莲", "茶油", "芝麻", "香芋", "黑山羊"}
	for i, w := range words {
		buildtest.WriteFile(t, root, page, buildtest.PageText(2, "第"+strconv.Itoa(i)+"次保存：本县特产"+w+"。"))
		if ev := s.Rebuild([]string{page}); !ev.OK {
			t.Fatalf("save %d: %+v", i, ev)
		}
		if i > 0 && !s.inc.Stats.TreeReused {
			t.Errorf("save %d rebuilt the page tree; want the body-edit path", i)
		}
		if i%3 == 0 {
			time.Sleep(searchDelay + 50*time.Millisecond) // let an index build start now and then
		}
	}
	s.WaitSearch()
	s.mu.RLock()
	files := s.files
	s.mu.RUnlock()
	last := words[len(words)-1]
	hits, _, err := search.Query(files, last, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 {
		t.Errorf("the search index does not find %q, the last save's word", last)
	}
	if hits, _, _ := search.Query(files, words[0], 10); len(hits) != 0 {
		t.Errorf("the search index still finds %q, which the last save removed", words[0])
	}
	url := strings.TrimSuffix(strings.TrimPrefix(page, "content"), ".md") + "/"
	if body := get(s, url).Body.String(); !strings.Contains(body, last) {
		t.Errorf("%s does not show the last save", url)
	}
}

// Every change pages are told of carries the next version, a page is served
// with the version it shows, and a page that connects late is greeted with
// the version it missed (livereload.js reloads on it).
func TestEventVersions(t *testing.T) {
	root := newSite(t, 6)
	s := newServer(t, root)
	page := buildtest.PagePath(1)
	url := strings.TrimSuffix(strings.TrimPrefix(page, "content"), ".md") + "/"
	servedAt := func() string {
		body := get(s, url).Body.String()
		i := strings.Index(body, `data-version="`)
		if i < 0 {
			t.Fatal("no version in the page")
		}
		body = body[i+len(`data-version="`):]
		return body[:strings.IndexByte(body, '"')]
	}
	if v := servedAt(); v != "1" {
		t.Fatalf("first render served at version %s, want 1", v)
	}
	ch, stop := s.Subscribe()
	defer stop()
	if hello := <-ch; hello.Version != 1 || !hello.Hello {
		t.Fatalf("state on connecting: version %d, hello %v; want 1, true", hello.Version, hello.Hello)
	}
	buildtest.WriteFile(t, root, page, buildtest.PageText(1, "第二版正文。"))
	ev := s.Rebuild([]string{page})
	if !ev.OK || ev.Version != 2 {
		t.Fatalf("rebuild: ok %v, version %d, want 2", ev.OK, ev.Version)
	}
	if got := <-ch; got.Version != 2 || !slices.Contains(got.Changed, url) {
		t.Errorf("event: version %d, changed %v", got.Version, got.Changed)
	}
	for len(ch) > 0 { // the whole-site pages rendered after the reload, if any
		got := <-ch
		if got.Check != nil { // the checks' findings, which change no file
			if got.Version < 2 || len(got.Changed) > 0 || got.All {
				t.Errorf("the checks' event: version %d, changed %v", got.Version, got.Changed)
			}
			continue
		}
		if got.Version <= 2 {
			t.Errorf("a later event has version %d", got.Version)
		}
	}
	s.mu.RLock()
	now := s.version
	s.mu.RUnlock()
	if v := servedAt(); v != strconv.Itoa(now) {
		t.Errorf("page served at version %s, want %d", v, now)
	}
	// A broken file: the error keeps the version of the files still served.
	buildtest.WriteFile(t, root, page, strings.Replace(buildtest.PageText(1, "x"), "title: 第1号测试页面", "title: [坏", 1))
	if ev := s.Rebuild([]string{page}); ev.OK || ev.Version != now {
		t.Errorf("failed rebuild: ok %v, version %d, want %d", ev.OK, ev.Version, now)
	}
	// A page connecting now is greeted with the state, marked as such.
	late, stopLate := s.Subscribe()
	defer stopLate()
	if hello := <-late; hello.OK || hello.Version != now || !hello.Hello {
		t.Errorf("late greeting: ok %v, version %d, hello %v", hello.OK, hello.Version, hello.Hello)
	}
}

// TestRangeRequests checks that serve answers byte ranges as a web server
// does: a media element seeks with them.
func TestRangeRequests(t *testing.T) {
	root := newSite(t, 2)
	s := newServer(t, root)
	whole := get(s, "/css/site.css").Body.Bytes()
	if len(whole) < 20 {
		t.Fatalf("site.css is only %d bytes", len(whole))
	}
	tests := []struct {
		rng    string
		status int
		body   []byte
		cr     string // Content-Range
	}{
		{"bytes=0-9", http.StatusPartialContent, whole[:10], "bytes 0-9/" + strconv.Itoa(len(whole))},
		{"bytes=-5", http.StatusPartialContent, whole[len(whole)-5:], "bytes " + strconv.Itoa(len(whole)-5) + "-" + strconv.Itoa(len(whole)-1) + "/" + strconv.Itoa(len(whole))},
		{"bytes=" + strconv.Itoa(len(whole)) + "-", http.StatusRequestedRangeNotSatisfiable, nil, "bytes */" + strconv.Itoa(len(whole))},
		{"", http.StatusOK, whole, ""},
	}
	for _, tt := range tests {
		t.Run(tt.rng, func(t *testing.T) {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(http.MethodGet, "/css/site.css", nil)
			req.Host = "127.0.0.1"
			if tt.rng != "" {
				req.Header.Set("Range", tt.rng)
			}
			s.Handler().ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			if got := rec.Header().Get("Content-Range"); got != tt.cr {
				t.Errorf("Content-Range %q, want %q", got, tt.cr)
			}
			if tt.body != nil && !bytes.Equal(rec.Body.Bytes(), tt.body) {
				t.Errorf("body %q, want %q", rec.Body.Bytes(), tt.body)
			}
			if got := rec.Header().Get("Content-Type"); got != "text/css; charset=utf-8" && tt.status != http.StatusRequestedRangeNotSatisfiable {
				t.Errorf("Content-Type %q", got)
			}
		})
	}
}
