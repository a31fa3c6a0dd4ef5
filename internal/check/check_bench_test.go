package check

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"hengdong/bench/corpus/gen"
	"hengdong/internal/build"
	"hengdong/internal/build/buildtest"
)

// The benchmarks check the generated corpus (bench/corpus/gen) of
// $HENGDONG_BENCH_PAGES pages (200 by default), rendered once as `build`
// renders it. Run them with -cpu 1 to compare the CPU they cost: Run spreads
// the pages over every core.

// benchSite renders the corpus in memory: the Chinese one (a government
// site: every rule applies) or, with plain, the plain one (compare.sh's).
func benchSite(b *testing.B, plain bool) (*build.Inputs, *build.Result) {
	b.Helper()
	var root string
	if plain {
		dir := b.TempDir()
		if err := gen.Generate(dir, gen.Options{Pages: gen.BenchPages(), Plain: true}); err != nil {
			b.Fatal(err)
		}
		root = filepath.Join(dir, "ours")
	} else {
		var err error
		if root, err = gen.Cached(gen.BenchPages()); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(gen.Cleanup)
	}
	in, err := build.ReadInputs(root, os.DirFS(buildtest.RepoRoot()))
	if err != nil {
		b.Fatal(err)
	}
	res, err := build.Render(in, build.Options{Now: fixtureNow})
	if err != nil {
		b.Fatal(err)
	}
	return in, res
}

// BenchmarkCheck is the check `build` runs on every output of a first build:
// each page parsed and its rules run, then the site-wide rules.
func BenchmarkCheck(b *testing.B) {
	for _, corpus := range []string{"chinese", "plain"} {
		b.Run(corpus, func(b *testing.B) {
			in, res := benchSite(b, corpus == "plain")
			b.ReportAllocs()
			cpu := cpuNow()
			for b.Loop() {
				Run(context.Background(), in, res, Options{Now: fixtureNow})
			}
			pages := float64(b.N) * float64(htmlFiles(res))
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/pages/1e3, "µs/page")
			// CPU time, of every thread (the GC's too): on a machine shared
			// with other work, wall time says more about the neighbours.
			b.ReportMetric(float64(cpuNow()-cpu)/pages/1e3, "cpu-µs/page")
		})
	}
}

// htmlFiles is how many outputs of res are HTML pages.
func htmlFiles(res *build.Result) int {
	n := 0
	for p := range res.Files {
		if isHTMLPath(p) {
			n++
		}
	}
	return n
}

// BenchmarkCheckParse parses every HTML output, one arena after the other
// as newSite does.
func BenchmarkCheckParse(b *testing.B) {
	_, res := benchSite(b, false)
	var pages [][]byte
	size := 0
	for p, data := range res.Files {
		if isHTMLPath(p) {
			pages = append(pages, data)
			size += len(data)
		}
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	a := new(arena)
	for b.Loop() {
		for _, data := range pages {
			a.parse(data)
			a.reset()
		}
	}
}

// cpuNow is the CPU time the process has used, in nanoseconds.
func cpuNow() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
