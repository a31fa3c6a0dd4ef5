package server

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"hengdong/internal/build/buildtest"
)

// BenchmarkServeEditToReload generates a site (4,000 pages; set
// HENGDONG_BENCH_PAGES for another size, CI uses 200 to keep -benchtime=1x
// quick), starts the server with its watcher, and measures from writing one
// page's Markdown to the reload signal that open pages receive. Run it with
//
//	go test -run '^$' -bench ServeEditToReload -benchtime 20x ./internal/server/
//
// save-to-reload-ms is the whole wait (including the watcher's quiet window);
// rebuild-ms is from the end of the burst to the signal. Each save waits until
// the server is idle (deferred pages and search index done), as an editor's
// saves are seconds apart.
func BenchmarkServeEditToReload(b *testing.B) {
	pages := 4000
	if n, err := strconv.Atoi(os.Getenv("HENGDONG_BENCH_PAGES")); err == nil && n > 0 {
		pages = n
	} else if os.Getenv("CI") == "true" {
		pages = 200
	}
	root := newSite(b, pages)
	cfg := testConfig(root)
	t0 := time.Now()
	s, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("first full render of %d pages: %v", pages, time.Since(t0))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	ready := make(chan string, 1)
	go func() { done <- s.Run(ctx, func(a string) { ready <- a }) }()
	<-ready
	defer func() { cancel(); <-done }()
	ch, unsub := s.Subscribe()
	defer unsub()
	<-ch

	n := pages/2 + 2 // a page in the middle, in wenlv/ (n%4 == 2) and not in a sub-folder
	for n%4 != 2 || n%5 == 4 {
		n++
	}
	page := buildtest.PagePath(n)
	url := fmt.Sprintf("/wenlv/p%04d/", n)
	var total, rebuild time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		text := buildtest.PageText(n, "第"+strconv.Itoa(i)+"次修改的正文。")
		start := time.Now()
		buildtest.WriteFile(b, root, page, text)
		for {
			ev := <-ch
			if slices.Contains(ev.Names, page) {
				now := time.Now()
				if !ev.OK || !slices.Contains(ev.Changed, url) {
					b.Fatalf("edit %d: event %+v", i, ev)
				}
				total += now.Sub(start)
				rebuild += now.Sub(ev.Started)
				// An editor saves seconds apart: let the deferred pages and
				// the search index finish before the next save.
				s.buildMu.Lock()
				//lint:ignore SA2001 taking the lock was the point: it waits for the render in progress
				s.buildMu.Unlock()
				s.WaitSearch()
				break
			}
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "save-to-reload-ms")
	b.ReportMetric(float64(rebuild.Microseconds())/1000/float64(b.N), "rebuild-ms")
	b.ReportMetric(0, "ns/op")
}
