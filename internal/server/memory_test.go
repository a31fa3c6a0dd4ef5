package server

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"hengdong/internal/build/buildtest"
)

// liveHeap is the heap in use after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC() // the first may leave finalizer-held objects for the second
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// Serve's memory stays flat however long it runs: every kind of edit, applied
// again and again through Rebuild, leaves the live heap near where it was
// after the first round. Before, each render's state held the one before it,
// and the heap grew by a whole site's output with every full render.
func TestMemoryFlatAcrossEdits(t *testing.T) {
	const pages = 200
	rounds := 16 // × 66 edits
	if testing.Short() {
		rounds = 6
	}
	root := newSite(t, pages)
	s := newServer(t, root)
	footer, err := os.ReadFile(filepath.Join(buildtest.RepoRoot(), "layouts", "partials", "footer.html"))
	if err != nil {
		t.Fatal(err)
	}
	single, err := os.ReadFile(filepath.Join(buildtest.RepoRoot(), "layouts", "_default", "single.html"))
	if err != nil {
		t.Fatal(err)
	}
	const extra = "content/news/extra.md"
	edits := []func(n int) string{
		func(n int) string { // body
			p := buildtest.PagePath(10)
			buildtest.WriteFile(t, root, p, buildtest.PageText(10, fmt.Sprintf("第%d次修改正文。", n)))
			return p
		},
		func(n int) string { // title (front matter, the light path)
			p := buildtest.PagePath(11)
			text := strings.Replace(buildtest.PageText(11, "正文。"), "title: 第11号测试页面", fmt.Sprintf("title: 第%d版标题", n), 1)
			buildtest.WriteFile(t, root, p, text)
			return p
		},
		func(n int) string { // date: the order of lists changes
			p := buildtest.PagePath(12)
			text := strings.Replace(buildtest.PageText(12, "正文。"), "date: 2022-", fmt.Sprintf("date: %d-", 2000+n%20), 1)
			buildtest.WriteFile(t, root, p, text)
			return p
		},
		func(n int) string { // tags: a new term page each time
			p := buildtest.PagePath(13)
			text := strings.Replace(buildtest.PageText(13, "正文。"), "tags: [", fmt.Sprintf("tags: [轮换%d, ", n), 1)
			buildtest.WriteFile(t, root, p, text)
			return p
		},
		func(n int) string { // a new page
			buildtest.WriteFile(t, root, extra, fmt.Sprintf("---\ntitle: 新页面%d\ndate: 2024-01-02\n---\n\n新页面正文%d。\n", n, n))
			return extra
		},
		func(n int) string { // the page deleted
			if err := os.Remove(filepath.Join(root, filepath.FromSlash(extra))); err != nil {
				t.Fatal(err)
			}
			return extra
		},
		func(n int) string { // a seeds value
			buildtest.WriteFile(t, root, "seeds/economy.yaml", buildtest.SeedsText(fmt.Sprintf("%d.5", 300+n)))
			return "seeds/economy.yaml"
		},
		func(n int) string { // a partial
			name := "layouts/partials/footer.html"
			buildtest.WriteFile(t, root, name, string(footer)+fmt.Sprintf("\n{{/* 第%d版 */}}\n", n))
			return name
		},
		func(n int) string { // a content template
			name := "layouts/_default/single.html"
			buildtest.WriteFile(t, root, name, string(single)+fmt.Sprintf("\n{{/* 第%d版 */}}\n", n))
			return name
		},
		func(n int) string { // a stylesheet
			buildtest.WriteFile(t, root, "static/css/extra.css", fmt.Sprintf("body { margin: %dpx; }\n", n))
			return "static/css/extra.css"
		},
		func(n int) string { // site.toml
			text := fmt.Sprintf("title = \"测试站点%d\"\nbaseURL = \"https://example.gov.cn/\"\npaginate = 10\n[taxonomies]\ntag = \"tags\"\n", n)
			buildtest.WriteFile(t, root, "site.toml", text)
			return "site.toml"
		},
		func(n int) string { // body again, several pages at once
			var names []string
			for _, i := range []int{20, 21, 22} {
				buildtest.WriteFile(t, root, buildtest.PagePath(i), buildtest.PageText(i, fmt.Sprintf("批量修改%d。", n)))
				names = append(names, buildtest.PagePath(i))
			}
			return strings.Join(names, "\n")
		},
	}
	// The cheap kinds are repeated within a round, so that the test makes
	// thousands of edits in a reasonable time.
	cheap := map[int]bool{0: true, 1: true, 2: true, 6: true, 9: true, 11: true}
	count := 0
	round := func(n int) {
		for rep := 0; rep < 10; rep++ {
			for i, edit := range edits {
				if rep > 0 && !cheap[i] {
					continue
				}
				names := strings.Split(edit(n*10+rep), "\n")
				if ev := s.Rebuild(names); !ev.OK {
					t.Fatalf("round %d, edit %d (%v): %+v", n, i, names, ev.Problems)
				}
				count++
			}
		}
	}
	for n := 0; n < 2; n++ { // warm up: every cache holds one generation
		round(n)
	}
	s.WaitSearch()
	base := liveHeap()
	count = 0
	for n := 2; n < rounds; n++ {
		round(n)
	}
	s.WaitSearch()
	end := liveHeap()
	runtime.KeepAlive(s) // measured with the server alive, as serve is
	t.Logf("live heap after warm-up %.1f MB, after %d more edits %.1f MB", mb(base), count, mb(end))
	// A site's output and caches are a few MB here; one generation more than
	// the warm-up is allowed for, a chain of them is not.
	if end > base+base/2+8<<20 {
		t.Errorf("live heap grew from %.1f MB to %.1f MB over %d edits", mb(base), mb(end), count)
	}
}

func mb(n uint64) float64 { return float64(n) / (1 << 20) }
