package output_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"hengdong/bench/corpus/gen"
	"hengdong/internal/build"
	"hengdong/internal/build/buildtest"
	"hengdong/internal/output"
)

// The benchmarks take their files from an unminified build of the generated
// corpus (bench/corpus/gen), $HENGDONG_BENCH_PAGES pages (200 by default).

var (
	siteOnce sync.Once
	siteRoot string
	siteRaw  map[string][]byte // unminified
	siteMin  map[string][]byte // minified
	siteErr  error
)

func benchSite(b *testing.B) (string, map[string][]byte, map[string][]byte) {
	b.Helper()
	siteOnce.Do(func() {
		siteRoot, siteErr = gen.Cached(gen.BenchPages())
		if siteErr != nil {
			return
		}
		in, err := build.ReadInputs(siteRoot, os.DirFS(buildtest.RepoRoot()))
		if err != nil {
			siteErr = err
			return
		}
		now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
		raw, err := build.Render(in, build.Options{Now: now, NoMinify: true})
		if err != nil {
			siteErr = err
			return
		}
		min, err := build.Render(in, build.Options{Now: now})
		if err != nil {
			siteErr = err
			return
		}
		siteRaw, siteMin = raw.Files, min.Files
	})
	if siteErr != nil {
		b.Fatal(siteErr)
	}
	return siteRoot, siteRaw, siteMin
}

func TestMain(m *testing.M) {
	code := m.Run()
	gen.Cleanup()
	os.Exit(code)
}

func fileName(p string) string {
	if strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}

// BenchmarkMinifySite minifies every file of the site, one after another.
func BenchmarkMinifySite(b *testing.B) {
	_, raw, _ := benchSite(b)
	m := output.NewMinifier()
	var total int64
	for _, d := range raw {
		total += int64(len(d))
	}
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		for p, d := range raw {
			if _, err := m.Minify(fileName(p), d); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkMinifyPage minifies one article page's HTML.
func BenchmarkMinifyPage(b *testing.B) {
	_, raw, _ := benchSite(b)
	var names []string
	for p := range raw {
		if strings.Contains(p, "/p0") && strings.HasSuffix(p, "/") {
			names = append(names, p)
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		b.Fatal("no article page")
	}
	page := raw[names[len(names)/2]]
	m := output.NewMinifier()
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Minify("index.html", page); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWrite writes the minified site atomically into a fresh folder.
func BenchmarkWrite(b *testing.B) {
	root, _, files := benchSite(b)
	tmp := b.TempDir()
	var total int64
	for _, d := range files {
		total += int64(len(d))
	}
	b.SetBytes(total)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		dest := filepath.Join(tmp, fmt.Sprint("public", i))
		if err := output.Write(root, dest, files); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(files)), "files")
}

// BenchmarkRewrite writes the same site again into the same folder, as a
// second `build` with nothing changed does (dest already holds it: nothing
// is written).
func BenchmarkRewrite(b *testing.B) {
	root, _, files := benchSite(b)
	dest := filepath.Join(b.TempDir(), "public")
	if err := output.Write(root, dest, files); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := output.Write(root, dest, files); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRewriteOnePage writes the site again into the same folder with
// one page changed each time, precompressed, as `build` after an edit: the
// spare generation is updated in place and swapped in.
func BenchmarkRewriteOnePage(b *testing.B) {
	root, _, files := benchSite(b)
	var page string
	for n := range files {
		if strings.HasSuffix(n, "/") && (page == "" || n < page) && n != "/" {
			page = n
		}
	}
	own := make(map[string][]byte, len(files))
	for n, d := range files {
		own[n] = d
	}
	dest := filepath.Join(b.TempDir(), "public")
	write := func(i int) {
		own[page] = append(append([]byte(nil), files[page]...), fmt.Sprintf("<!-- %d -->", i)...)
		st, err := output.Stage(root, dest, own, output.Options{Gzip: true, Brotli: true})
		if err == nil {
			err = st.Commit()
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	write(0)
	write(1)
	i := 2
	b.ReportAllocs()
	for b.Loop() {
		write(i)
		i++
	}
}
