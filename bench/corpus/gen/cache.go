package gen

import (
	"os"
	"path/filepath"
	"strconv"
	"sync"
)

// BenchPages is the corpus size for Go benchmarks: $HENGDONG_BENCH_PAGES, else
// 200, small enough that `go test -bench . -benchtime=1x` stays quick in CI.
func BenchPages() int {
	if n, err := strconv.Atoi(os.Getenv("HENGDONG_BENCH_PAGES")); err == nil && n > 0 {
		return n
	}
	return 200
}

var (
	cacheMu sync.Mutex
	cache   = map[int]string{}
)

// Cached generates (once per process) a corpus of n pages without the Hugo site
// in a temporary folder and returns the root of the site for this generator
// (".../ours"). Call Cleanup when the tests are done.
func Cached(n int) (string, error) {
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if dir, ok := cache[n]; ok {
		return filepath.Join(dir, "ours"), nil
	}
	dir, err := os.MkdirTemp("", "hengdong-corpus-")
	if err != nil {
		return "", err
	}
	if err := Generate(dir, Options{Pages: n}); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	cache[n] = dir
	return filepath.Join(dir, "ours"), nil
}

// Cleanup removes the corpora made by Cached.
func Cleanup() {
	cacheMu.Lock()
	defer cacheMu.Unlock()
	for n, dir := range cache {
		os.RemoveAll(dir)
		delete(cache, n)
	}
}
