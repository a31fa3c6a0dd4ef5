package check

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestExternalLinks(t *testing.T) {
	var mu sync.Mutex
	var hits []time.Time
	methods := map[string][]string{}
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits = append(hits, time.Now())
		methods[r.URL.Path] = append(methods[r.URL.Path], r.Method)
		mu.Unlock()
		switch r.URL.Path {
		case "/ok":
		case "/no-head": // refuses HEAD, serves GET
			if r.Method == http.MethodHead {
				w.WriteHeader(http.StatusMethodNotAllowed)
			}
		case "/gone":
			w.WriteHeader(http.StatusNotFound)
		case "/broken":
			w.WriteHeader(http.StatusInternalServerError)
		case "/slow":
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}
	}))
	defer srv.Close()
	defer close(release)

	body := "[好](" + srv.URL + "/ok)，[无HEAD](" + srv.URL + "/no-head)，[失效](" + srv.URL + "/gone)，\n" +
		"[故障](" + srv.URL + "/broken)，[慢](" + srv.URL + "/slow)，[好](" + srv.URL + "/ok#x)。"
	in, res := miniSite(t, map[string]string{"content/news/a.md": article(body)})

	// A plain check never goes out.
	for _, f := range Run(context.Background(), in, res, Options{Now: fixtureNow}) {
		if f.Rule == RuleLinkExternal {
			t.Errorf("plain check tried external links: %s", f)
		}
	}
	if len(hits) != 0 {
		t.Fatalf("plain check made %d requests", len(hits))
	}

	const gap = 30 * time.Millisecond
	got := Run(context.Background(), in, res, Options{Now: fixtureNow, External: true, Client: srv.Client(),
		Timeout: 300 * time.Millisecond, Concurrency: 4, PerHost: gap})
	want := map[string]struct {
		level Level
		line  int
	}{
		"/gone":   {Error, bodyLine},
		"/broken": {Warning, bodyLine + 1},
		"/slow":   {Warning, bodyLine + 1},
	}
	seen := 0
	for _, f := range got {
		if f.Rule != RuleLinkExternal || !strings.Contains(f.Detail, srv.URL) {
			continue // the fixture footer's 备案 links are external too
		}
		seen++
		matched := false
		for path, w := range want {
			if strings.Contains(f.Detail, srv.URL+path) {
				matched = true
				if f.Level != w.level || f.File != "content/news/a.md" || f.Line != w.line {
					t.Errorf("%s: got %s at %s:%d, want %s at line %d", path, f.Level, f.File, f.Line, w.level, w.line)
				}
			}
		}
		if !matched {
			t.Errorf("unexpected %s", f)
		}
	}
	if seen != len(want) {
		t.Errorf("got %d external findings, want %d:\n%s", seen, len(want), lines(got))
	}
	mu.Lock()
	defer mu.Unlock()
	if m := methods["/no-head"]; strings.Join(m, " ") != "HEAD GET" {
		t.Errorf("/no-head requests: %v, want HEAD then GET", m)
	}
	if m := methods["/ok"]; len(m) != 1 {
		t.Errorf("/ok requested %d times (the #x link is the same URL), want once", len(m))
	}
	// Requests to one host start at least gap apart; arrival times jitter, so
	// check the whole span, with one gap to spare.
	if n := len(hits); n > 2 {
		if span, least := hits[n-1].Sub(hits[0]), time.Duration(n-2)*gap; span < least {
			t.Errorf("%d requests to one host within %v, want at least %v", n, span, least)
		}
	}
}
