package build_test

import (
	"bytes"
	"os"
	"runtime"
	"sort"
	"testing"

	"hengdong/bench/corpus/gen"
	"hengdong/internal/build"
	"hengdong/internal/build/buildtest"
)

// TestParallelBuildIdentical builds the generated corpus on one CPU (every
// parallel stage and the background search index then run one at a time) and
// on all of them, and requires byte-identical output: the optimisations that
// overlap stages must not change a byte.
func TestParallelBuildIdentical(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 120-page corpus twice")
	}
	root, err := gen.Cached(120)
	if err != nil {
		t.Fatal(err)
	}
	in, err := build.ReadInputs(root, os.DirFS(buildtest.RepoRoot()))
	if err != nil {
		t.Fatal(err)
	}
	prev := runtime.GOMAXPROCS(1)
	serial, err := build.Render(in, build.Options{Now: benchNow})
	runtime.GOMAXPROCS(prev)
	if err != nil {
		t.Fatal(err)
	}
	if prev < 4 {
		runtime.GOMAXPROCS(4) // force real concurrency even on small machines
		defer runtime.GOMAXPROCS(prev)
	}
	par, err := build.Render(in, build.Options{Now: benchNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(serial.Files) != len(par.Files) {
		t.Fatalf("serial build wrote %d files, parallel %d", len(serial.Files), len(par.Files))
	}
	var names []string
	for n := range serial.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if !bytes.Equal(serial.Files[n], par.Files[n]) {
			t.Errorf("%s differs between the serial and the parallel build", n)
		}
	}
	if serial.Search != par.Search {
		t.Errorf("search stats differ: %+v vs %+v", serial.Search, par.Search)
	}
}
