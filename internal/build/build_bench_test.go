package build_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"hengdong/bench/corpus/gen"
	"hengdong/internal/build"
	"hengdong/internal/build/buildtest"
	"hengdong/internal/content"
)

// The benchmarks build a generated corpus (bench/corpus/gen) of
// $HENGDONG_BENCH_PAGES pages, 200 by default so that CI's -benchtime=1x run is
// quick. docs/benchmarks.md has the numbers for 4,000 and 10,000 pages.
// $HENGDONG_BENCH_SITE, when set, is the root of a site they build instead.

var benchNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.FixedZone("CST", 8*3600))

func benchInputs(b *testing.B) (string, *build.Inputs) {
	b.Helper()
	root := os.Getenv("HENGDONG_BENCH_SITE") // a site to build instead, such as /tmp/hd-bench/plain-n4000/ours
	var err error
	if root == "" {
		if root, err = gen.Cached(gen.BenchPages()); err != nil {
			b.Fatal(err)
		}
	}
	in, err := build.ReadInputs(root, os.DirFS(buildtest.RepoRoot()))
	if err != nil {
		b.Fatal(err)
	}
	return root, in
}

// BenchmarkReadInputs reads the corpus from disk (every file once).
func BenchmarkReadInputs(b *testing.B) {
	root, _ := benchInputs(b)
	theme := os.DirFS(buildtest.RepoRoot())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := build.ReadInputs(root, theme); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuild is a full build in memory: load, Markdown, templates, feeds,
// sitemap, search index and minify (what `build` does before writing).
func BenchmarkBuild(b *testing.B) {
	_, in := benchInputs(b)
	b.ReportAllocs()
	var res *build.Result
	for b.Loop() {
		var err error
		if res, err = build.Render(in, build.Options{Now: benchNow}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(res.Pages)/1e3, "µs/page")
}

// BenchmarkBuildStages reports the time of each pipeline stage of one build.
func BenchmarkBuildStages(b *testing.B) {
	_, in := benchInputs(b)
	sum := map[string]time.Duration{}
	for b.Loop() {
		res, err := build.Render(in, build.Options{Now: benchNow})
		if err != nil {
			b.Fatal(err)
		}
		for _, s := range res.Stages {
			sum[s.Name] += s.Time
		}
	}
	for name, d := range sum {
		unit := "ms/" + strings.NewReplacer(" ", "", ",", "+").Replace(name)
		b.ReportMetric(float64(d.Microseconds())/1000/float64(b.N), unit)
	}
}

// BenchmarkBuildAndWrite is what `build` does: read, render, minify and write
// the site atomically into a fresh folder.
func BenchmarkBuildAndWrite(b *testing.B) {
	root, _ := benchInputs(b)
	theme := os.DirFS(buildtest.RepoRoot())
	dest := filepath.Join(b.TempDir(), "public")
	b.ReportAllocs()
	for b.Loop() {
		in, err := build.ReadInputs(root, theme)
		if err != nil {
			b.Fatal(err)
		}
		res, err := build.Render(in, build.Options{Now: benchNow})
		if err != nil {
			b.Fatal(err)
		}
		if err := writeSite(root, dest, res.Files); err != nil {
			b.Fatal(err)
		}
	}
}

// incrementalSetup renders the corpus as serve does and picks the page to
// edit: the first regular page with a title in the second half of the files.
func incrementalSetup(b *testing.B) (*build.Inputs, *build.Incremental, int) {
	b.Helper()
	_, in := benchInputs(b)
	inc := build.NewIncremental(build.Options{Now: benchNow, Serve: true, DeferSearch: true}) // as serve renders
	if _, err := inc.Render(in); err != nil {
		b.Fatal(err)
	}
	for i, f := range in.Content {
		if strings.HasSuffix(f.Path, ".md") && !strings.HasSuffix(f.Path, "_index.md") && i >= len(in.Content)/2 &&
			strings.Contains(string(f.Data), "\ntitle: ") {
			return in, inc, i
		}
	}
	b.Fatal("no page to edit")
	return nil, nil, 0
}

// BenchmarkIncrementalOnePage is serve's case: one page edited, the site
// rendered again reusing the previous render's work. The target is
// under 20 ms at 4,000 pages.
func BenchmarkIncrementalOnePage(b *testing.B) {
	in, inc, idx := incrementalSetup(b)
	orig := in.Content[idx].Data
	edit := 0
	b.ReportAllocs()
	for b.Loop() {
		edit++
		next := in.Clone()
		next.Content[idx].Data = append(append([]byte(nil), orig...), []byte("\n\n第"+itoa(edit)+"次修改。\n")...)
		if _, err := inc.Render(next); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(inc.Stats.PagesRendered), "pages-rendered")
	b.ReportMetric(float64(inc.Stats.MarkdownRendered), "md-rendered")
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var s []byte
	for ; n > 0; n /= 10 {
		s = append([]byte{byte('0' + n%10)}, s...)
	}
	return string(s)
}

// BenchmarkIncrementalTitleEdit is serve's case of a title changed in the
// front matter: the body-edit path takes it (the tree keeps its shape).
func BenchmarkIncrementalTitleEdit(b *testing.B) {
	benchFrontMatterEdit(b, "\ntitle: ", func(n int) string { return "\ntitle: 第" + itoa(n) + "次改名的页面" }, true)
}

// BenchmarkIncrementalDateEdit is serve's slower case: a page's date changed,
// which may reorder every list it is in, so the page tree is built again and
// every output's key checked.
func BenchmarkIncrementalDateEdit(b *testing.B) {
	benchFrontMatterEdit(b, "\ndate: ", func(n int) string { return "\ndate: " + itoa(1900+n%100) + "-01-01T09:00:00+08:00" }, false)
}

// benchFrontMatterEdit edits the benchmark page's front matter again and
// again, replacing the line that starts with key by edit(n), and checks which
// path serve took.
func benchFrontMatterEdit(b *testing.B, key string, edit func(n int) string, light bool) {
	in, inc, idx := incrementalSetup(b)
	orig := string(in.Content[idx].Data)
	at := strings.Index(orig, key)
	if at < 0 {
		b.Fatalf("the page has no %q", key)
	}
	eol := at + 1 + strings.IndexByte(orig[at+1:], '\n')
	old := orig[at:eol]
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		n++
		next := in.Clone()
		next.Content[idx].Data = []byte(strings.Replace(orig, old, edit(n), 1))
		if _, err := inc.Render(next); err != nil {
			b.Fatal(err)
		}
		if inc.Stats.TreeReused != light {
			b.Fatalf("tree reused: %v, want %v", inc.Stats.TreeReused, light)
		}
	}
	b.ReportMetric(float64(inc.Stats.PagesRendered), "pages-rendered")
}

// BenchmarkSearchIndex is the search index stage of a first build: every
// page's plain text made, tokenised and indexed (nothing reused), and the
// files minified.
func BenchmarkSearchIndex(b *testing.B) {
	_, in := benchInputs(b)
	res, err := build.Render(in, build.Options{Now: benchNow, DeferSearch: true})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var files map[string][]byte
	start := cpuNow()
	for b.Loop() {
		if files, err = build.SearchIndex(res); err != nil {
			b.Fatal(err)
		}
	}
	// CPU time as well: the index is built in parallel, and on a shared
	// machine the CPU time depends less on the neighbours than the wall
	// time does.
	b.ReportMetric(float64(cpuNow()-start)/float64(b.N), "cpu-ns/op")
	n := 0
	for _, f := range files {
		n += len(f)
	}
	b.ReportMetric(float64(len(files)), "files")
	b.ReportMetric(float64(n), "bytes")
}

// BenchmarkTemplates executes the templates of every page of a rendered
// site and of every pager page of its lists, serially: the template stage
// without minifying.
func BenchmarkTemplates(b *testing.B) {
	_, in := benchInputs(b)
	res, err := build.Render(in, build.Options{Now: benchNow})
	if err != nil {
		b.Fatal(err)
	}
	var pages []*content.Page
	for _, p := range res.Tree.All {
		if _, err := res.Engine.Lookup(p); err != nil || p.Kind == content.KindSitemap {
			continue
		}
		pages = append(pages, p)
		if pg := p.Paginator; pg != nil {
			for n := 2; n <= pg.TotalPages; n++ {
				cp := *p // as the build renders a pager page
				cp.Paginator = content.NewPager(p.RelPermalink, p.Pages, res.Config.Paginate, n)
				pages = append(pages, &cp)
			}
		}
	}
	var buf bytes.Buffer
	b.ReportAllocs()
	start := cpuNow()
	for b.Loop() {
		for _, p := range pages {
			buf.Reset()
			if err := res.Engine.Render(&buf, p); err != nil {
				b.Fatal(err)
			}
		}
	}
	// CPU time as well: on a shared machine it depends less on the
	// neighbours than the wall time does.
	b.ReportMetric(float64(cpuNow()-start)/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(len(pages)), "pages")
}

// cpuNow is the process's user and system CPU time so far.
func cpuNow() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
