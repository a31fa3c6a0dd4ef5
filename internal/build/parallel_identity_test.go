package build_test

import (
	"bytes"
	"os"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"

	"hengdong/bench/corpus/gen"
	"hengdong/internal/build"
	"hengdong/internal/build/buildtest"
	"hengdong/internal/output"
)

// corpusInputs reads a 120-page generated corpus; the tests that build it
// twice skip under -short.
func corpusInputs(t *testing.T) *build.Inputs {
	t.Helper()
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
	return in
}

// TestParallelBuildIdentical builds the generated corpus on one CPU (every
// parallel stage and the background search index then run one at a time) and
// on all of them, and requires byte-identical output: the optimisations that
// overlap stages must not change a byte.
func TestParallelBuildIdentical(t *testing.T) {
	in := corpusInputs(t)
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

var fingerprinted = regexp.MustCompile(`\.[0-9a-f]{8}\.(css|js)$`)

// TestFusedMinifyIdentical: build renders and minifies each page in one step,
// from a reused buffer, and minifies its own outputs in place. The result must
// be exactly that of rendering everything unminified and then minifying every
// file on its own, the plain way.
func TestFusedMinifyIdentical(t *testing.T) {
	in := corpusInputs(t)
	fused, err := build.Render(in, build.Options{Now: benchNow})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := build.Render(in, build.Options{Now: benchNow, NoMinify: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(fused.Files) != len(raw.Files) {
		t.Fatalf("%d files minified, %d unminified", len(fused.Files), len(raw.Files))
	}
	m := output.NewMinifier()
	for name, data := range raw.Files {
		file := name
		if strings.HasSuffix(file, "/") {
			file += "index.html"
		}
		want, err := m.Minify(file, data)
		if err != nil {
			t.Fatal(err)
		}
		// Fingerprinted copies are published minified either way (their
		// integrity is of those bytes), and minifying JS twice is not a no-op.
		if fingerprinted.MatchString(name) {
			want = data
		}
		if !bytes.Equal(fused.Files[name], want) {
			t.Errorf("%s differs from its plain minification", name)
		}
	}
}
