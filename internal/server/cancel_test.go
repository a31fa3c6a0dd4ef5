package server

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"hengdong/internal/build/buildtest"
)

// A cancelled rebuild tells no page anything and leaves the last good files
// served; the files it read are rendered by the next rebuild.
func TestCancelledRebuildKeepsServedFiles(t *testing.T) {
	root := newSite(t, 40)
	s := newServer(t, root)
	ch, stop := s.Subscribe()
	defer stop()
	<-ch // hello
	page := buildtest.PagePath(5)
	url := strings.TrimSuffix(strings.TrimPrefix(page, "content"), ".md") + "/"
	before := get(s, url).Body.String()
	rebuilds := s.Rebuilds()

	buildtest.WriteFile(t, root, page, buildtest.PageText(5, "取消了的修改。"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if ev := s.RebuildContext(ctx, []string{page}); !ev.Cancelled || ev.OK {
		t.Fatalf("cancelled rebuild: %+v", ev)
	}
	if got := get(s, url).Body.String(); got != before {
		t.Errorf("a cancelled render changed %s", url)
	}
	if len(ch) != 0 {
		t.Errorf("pages told of a cancelled render: %+v", <-ch)
	}
	if s.Rebuilds() != rebuilds {
		t.Errorf("a cancelled render counted as a rebuild")
	}
	// The next save, of another file, renders the first one's edit too.
	other := buildtest.PagePath(6)
	buildtest.WriteFile(t, root, other, buildtest.PageText(6, "后来的修改。"))
	if ev := s.Rebuild([]string{other}); !ev.OK {
		t.Fatalf("rebuild: %+v", ev)
	}
	if !strings.Contains(get(s, url).Body.String(), "取消了的修改") {
		t.Errorf("the cancelled render's edit is not shown after the next rebuild")
	}
}

// A burst queued while a rebuild renders cancels it; the rebuild loop then
// renders both bursts' files, and the site served is what a fresh start on
// the same files serves.
func TestNewerSaveOvertakesRender(t *testing.T) {
	root := newSite(t, 200)
	cfg := testConfig(root)
	var log syncBuffer
	cfg.Log = &log
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.rebuildLoop(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	ch, stop := s.Subscribe()
	defer stop()

	var single []byte
	single, err = os.ReadFile(filepath.Join(buildtest.RepoRoot(), "layouts", "_default", "single.html"))
	if err != nil {
		t.Fatal(err)
	}
	layout := "layouts/_default/single.html"
	buildtest.WriteFile(t, root, layout, strings.Replace(string(single), "{{ .Content }}", "<p>模板改过</p>{{ .Content }}", 1))
	s.queue([]string{layout}) // every page renders again
	for rendering := false; !rendering; {
		s.queueMu.Lock()
		rendering = s.cancel != nil
		s.queueMu.Unlock()
		time.Sleep(time.Millisecond)
	}
	page := buildtest.PagePath(8)
	for i := 0; i < 5; i++ { // saves while it renders
		buildtest.WriteFile(t, root, page, buildtest.PageText(8, "最后一次保存"+strings.Repeat("。", i)))
		s.queue([]string{page})
	}
	url := strings.TrimSuffix(strings.TrimPrefix(page, "content"), ".md") + "/"
	deadline := time.After(60 * time.Second) // a hang guard, not a speed check
	for {
		body := get(s, url).Body.String()
		if strings.Contains(body, "模板改过") && strings.Contains(body, "最后一次保存。。。。") {
			break
		}
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("%s never showed both saves", url)
		}
	}
	t.Log(log.String())
	s.WaitSearch()
	fresh := newServer(t, root)
	fresh.WaitSearch()
	s.mu.RLock()
	got := s.files
	s.mu.RUnlock()
	for p, want := range fresh.files {
		if !bytes.Equal(got[p], want) {
			t.Errorf("%s differs from a fresh start's", p)
		}
	}
	if len(got) != len(fresh.files) {
		t.Errorf("%d files served, a fresh start serves %d", len(got), len(fresh.files))
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
