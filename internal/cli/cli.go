// Package cli is the command line: build, serve, check, new and version, with
// flags in Hugo's spelling so users' habits carry over.
package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"hengdong/internal/build"
	"hengdong/internal/check"
	"hengdong/internal/config"
	"hengdong/internal/diag"
	"hengdong/internal/output"
	"hengdong/internal/search"
)

// Version is the generator's version.
const Version = "0.1.0"

// Exit codes.
const (
	ExitOK    = 0
	ExitFail  = 1
	ExitUsage = 2
)

// Env is what a command needs from the outside world, injectable for tests.
type Env struct {
	Theme  fs.FS // the embedded default theme (layouts/, static/, archetypes/)
	Stdout io.Writer
	Stderr io.Writer
	Now    func() time.Time
}

const usage = `衡东门户站点生成器 %s

用法 (usage):
  go run . build   [flags]   生成站点到 public/ (build the site)
  go run . serve   [flags]   本地预览，保存即刷新 (live preview)
  go run . check   [flags]   发布前检查 (pre-publication checks)
  go run . new     <路径.md>  按模板新建页面，如 news/标题.md (new page from an archetype)
  go run . version           显示版本

每个命令都可加 -h 查看参数。(Each command takes -h.)
`

// Run runs the command line args (without the program name) and returns the exit code.
func Run(args []string, env Env) int {
	if env.Now == nil {
		env.Now = time.Now
	}
	if len(args) == 0 {
		fmt.Fprintf(env.Stderr, usage, Version)
		return ExitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "build":
		return runBuild(rest, env)
	case "serve", "server":
		return runServe(rest, env)
	case "check":
		return runCheck(rest, env)
	case "new":
		return runNew(rest, env)
	case "fix-encoding":
		return runFixEncoding(rest, env)
	case "version", "--version", "-v":
		fmt.Fprintf(env.Stdout, "hengdong %s\n", Version)
		return ExitOK
	case "-h", "--help", "help":
		fmt.Fprintf(env.Stdout, usage, Version)
		return ExitOK
	}
	fmt.Fprintf(env.Stderr, "不认识的命令 %q (unknown command)\n\n"+usage, cmd, Version)
	return ExitUsage
}

// siteFlags are the flags build, serve and check share.
type siteFlags struct {
	source, destination, baseURL string
	drafts, future, expired      bool
	quiet                        bool
}

func (f *siteFlags) register(fs *flag.FlagSet, withDest bool) {
	fs.StringVar(&f.source, "s", ".", "站点目录 (site root)")
	fs.StringVar(&f.source, "source", ".", "站点目录 (site root)")
	if withDest {
		fs.StringVar(&f.destination, "d", "", "输出目录，默认为站点目录下的 public (destination)")
		fs.StringVar(&f.destination, "destination", "", "输出目录 (destination)")
	}
	fs.BoolVar(&f.drafts, "D", false, "包括草稿 (include drafts)")
	fs.BoolVar(&f.drafts, "buildDrafts", false, "包括草稿 (include drafts)")
	fs.BoolVar(&f.future, "F", false, "包括未到发布日期的页面 (include future pages)")
	fs.BoolVar(&f.future, "buildFuture", false, "包括未到发布日期的页面 (include future pages)")
	fs.BoolVar(&f.expired, "E", false, "包括已过期的页面 (include expired pages)")
	fs.BoolVar(&f.expired, "buildExpired", false, "包括已过期的页面 (include expired pages)")
	fs.StringVar(&f.baseURL, "baseURL", "", "覆盖 site.toml 的 baseURL")
	fs.BoolVar(&f.quiet, "quiet", false, "只输出错误 (errors only)")
}

func newFlagSet(name, synopsis string, env Env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "用法 (usage): go run . %s\n\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags; it returns an exit code and false when the command should stop.
func parse(fs *flag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK, false
		}
		return ExitUsage, false
	}
	if fs.NArg() > 0 && fs.Name() != "new" {
		fmt.Fprintf(fs.Output(), "多余的参数：%s (unexpected arguments)\n", strings.Join(fs.Args(), " "))
		return ExitUsage, false
	}
	return 0, true
}

// printErrors lists problems one per line as file:line:col: 中文说明 (English detail).
func printErrors(w io.Writer, err error) {
	for _, e := range diag.Collect(err) {
		fmt.Fprintln(w, e.Error())
	}
}

func runBuild(args []string, env Env) int {
	var f siteFlags
	var stats, strict, all, production bool
	precompress, useCache := true, true
	var cpuProfile, memProfile string
	fs := newFlagSet("build", "build [-s 站点目录] [-d 输出目录] [-D] [-F] [--baseURL URL] [--quiet] [--stats] [--strict] [--all] [--production] [--precompress=false] [--cache=false] [--profile-cpu 文件] [--profile-mem 文件]", env)
	f.register(fs, true)
	fs.BoolVar(&all, "all", false, "列出检查发现的每一处问题，不按规则归并 (print every finding, not grouped)")
	fs.BoolVar(&precompress, "precompress", true, "在每个文本文件旁写 site.toml 中 precompress 所列的压缩副本（默认 .gz，供 nginx 的 gzip_static 使用）；=false 则全部不写 (precompressed copies)")
	fs.BoolVar(&useCache, "cache", true, "复用上次生成到同一目录时的结果，只重做改动涉及的页面 (reuse the last build into the same folder)")
	fs.BoolVar(&stats, "stats", false, "输出各阶段耗时和最慢的模板 (per-stage times and slowest templates)")
	fs.BoolVar(&strict, "strict", false, "检查发现警告也使生成失败 (warnings from the checks fail the build)")
	fs.BoolVar(&production, "production", false, productionUsage)
	fs.StringVar(&cpuProfile, "profile-cpu", "", "把 CPU 剖析写入该文件，供 go tool pprof 分析 (write a CPU profile for go tool pprof)")
	fs.StringVar(&memProfile, "profile-mem", "", "生成结束时把内存分配剖析写入该文件，供 go tool pprof 分析 (write an allocation profile for go tool pprof)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if memProfile != "" {
		defer writeAllocProfile(env, memProfile)
	}
	if cpuProfile != "" {
		stop, err := startCPUProfile(cpuProfile)
		if err != nil {
			fmt.Fprintf(env.Stderr, "无法写入 CPU 剖析文件 %s：%v (cannot write the CPU profile)\n", cpuProfile, err)
			return ExitFail
		}
		defer stop()
	}
	dest := f.destination
	if dest == "" {
		dest = filepath.Join(f.source, "public")
	}
	// A build holds the whole site in memory at its end: collecting garbage
	// at 1.75× the live heap keeps its peak 5–20 % below Go's default (2×),
	// and costs 3–18 % less CPU than 1.5× did (docs/benchmarks.md); a heap
	// floor spares the many small collections of the early stages
	// (gcfloor.go). GOGC still rules when set.
	gcDefault := os.Getenv("GOGC") == ""
	if gcDefault {
		debug.SetGCPercent(buildGCPercent)
	}
	start := time.Now()
	// The floor for a small site while the sources are read (a live heap
	// that only grows, which collections would mark again and again), then
	// the floor for these sources (gcfloor.go).
	var floor *gcFloor
	if gcDefault {
		floor = startGCFloor(buildGCPercent, heapFloor(nil))
		defer floor.stop()
	}
	in, err := build.ReadInputs(f.source, env.Theme)
	if err != nil {
		printErrors(env.Stderr, err)
		return ExitFail
	}
	if gcDefault {
		floor.raise(heapFloor(in.Content))
	}
	// Refuse a dangerous destination before doing any work.
	if err := output.CheckDestination(f.source, dest); err != nil {
		printErrors(env.Stderr, err)
		return ExitFail
	}
	// The same inputs as the last build into dest, which is as that build
	// left it: nothing to do but say so (lastbuild.go). Not when timing.
	reuse := !stats && cpuProfile == "" && memProfile == ""
	key := func() string { return "" }
	if reuse {
		flags := fmt.Sprintf("%v|%v|%v|%q|%v|%v|%v|%v|%v|%v", f.drafts, f.future, f.expired, f.baseURL,
			precompress, strict, production, all, f.quiet, Version)
		// With no last build to compare with (a first build), the key is
		// only kept for the next one: it is hashed beside the render
		// (which only reads the inputs) instead of before it.
		lb := readLastBuild(dest)
		key = sync.OnceValue(func() string { return inputKey(in, flags) })
		if lb == nil {
			go key()
		}
		if lb != nil && lb.Key == key() && env.Now().Before(lb.ValidUntil) && output.Intact(dest) {
			io.WriteString(env.Stderr, lb.Stderr)
			if !f.quiet {
				fmt.Fprintf(env.Stdout, "完成：%d 个页面，%d 个栏目，%d 个静态文件，共输出 %d 个文件，用时 %d 毫秒 → %s（输入与上次生成时相同，输出无需改动）\n",
					lb.Pages, lb.Sections, lb.Static, lb.Files, time.Since(start).Milliseconds(), dest)
				io.WriteString(env.Stdout, lb.Stdout)
			}
			return ExitOK
		}
	}
	committed := false      // the new output is in place (the Cache is kept)
	var errOut bytes.Buffer // what the build reports, kept for the next one
	env.Stderr = io.MultiWriter(env.Stderr, &errOut)
	// What the last build into dest learned spares the pages whose inputs
	// are unchanged (build.Cache).
	var last *build.Cache
	var lastCheck *check.Cache
	var read func(string) ([]byte, bool)
	if useCache {
		var root *os.Root
		if last, lastCheck, root = readBuildCache(dest); root != nil {
			defer root.Close()
			read = func(name string) ([]byte, bool) {
				b, err := root.ReadFile(name)
				return b, err == nil
			}
		}
		defer cleanBuildCaches(dest)() // now that dest's own cache was read
	}
	res, learned, renderErr := build.RenderReusing(context.Background(), in, build.Options{BuildDrafts: f.drafts, BuildFuture: f.future,
		BuildExpired: f.expired, BaseURL: f.baseURL, Now: env.Now(), Version: Version, ImageCache: imageCache(f.source)}, last, read)
	keepChecks := func(*check.Cache) {}
	if useCache && renderErr == nil {
		var finish func(bool)
		keepChecks, finish = encodeBuildCache(dest, learned)
		defer func() { finish(committed) }()
	}
	var policy check.Policy
	if res != nil {
		policy, err = check.PolicyOf(res.Config)
	}
	if res == nil || err != nil {
		printErrors(env.Stderr, renderErr)
		printErrors(env.Stderr, err)
		fmt.Fprintf(env.Stderr, "生成失败，%s 保持不变 (build failed; the previous output is untouched)\n", dest)
		return ExitFail
	}
	// The disk writes the new site into a staging folder while the
	// pre-publication checks run (check.go); it is swapped in only when both
	// succeed. Errors, or warnings with --strict, fail the build. Pages that
	// failed to render (renderErr) are reported with the checks' findings,
	// so that one build shows every problem of the site.
	type staged struct {
		st  *output.Staged
		err error
		d   time.Duration
	}
	stageDone := make(chan staged, 1)
	go func() {
		w0 := time.Now()
		opts := output.Options{Gzip: precompress && res.Config.Precompresses(config.Gzip),
			Brotli: precompress && res.Config.Precompresses(config.Brotli), Dense: search.Dense}
		st, err := output.Stage(f.source, dest, res.Files, opts)
		stageDone <- staged{st, err, time.Since(w0)}
	}()
	c0 := time.Now()
	checked, learnedCheck := postBuildCheck(env.Stderr, in, res, renderErr, policy, env.Now(), strict, f.quiet, all, production, lastCheck, useCache && renderErr == nil)
	keepChecks(learnedCheck)
	res.Stages = append(res.Stages, build.Stage{Name: "check", Time: time.Since(c0)})
	w := <-stageDone
	if w.err != nil {
		printErrors(env.Stderr, w.err)
		fmt.Fprintf(env.Stderr, "写入失败，%s 保持不变 (write failed; the previous output is untouched)\n", dest)
		return ExitFail
	}
	if !checked {
		w.st.Abort()
		fmt.Fprintf(env.Stderr, "生成失败，%s 保持不变 (build failed; the previous output is untouched)\n", dest)
		return ExitFail
	}
	w0 := time.Now()
	if err := w.st.Commit(); err != nil {
		printErrors(env.Stderr, err)
		fmt.Fprintf(env.Stderr, "写入失败，%s 保持不变 (write failed; the previous output is untouched)\n", dest)
		return ExitFail
	}
	res.Stages = append(res.Stages, build.Stage{Name: "write (beside check)", Time: w.d})
	res.Stages = append(res.Stages, build.Stage{Name: "swap", Time: time.Since(w0)})
	st := w.st
	committed = true
	if !f.quiet {
		fmt.Fprintf(env.Stdout, "完成：%d 个页面，%d 个栏目，%d 个静态文件，共输出 %d 个文件，用时 %d 毫秒 → %s\n",
			res.Pages, res.Sections, res.Static, len(res.Files), time.Since(start).Milliseconds(), dest)
	}
	var leftOut bytes.Buffer
	if !f.quiet {
		printLeftOut(io.MultiWriter(env.Stdout, &leftOut), res.Tree)
	}
	if reuse {
		writeLastBuild(dest, &lastBuild{Key: key(), ValidUntil: validUntil(res, env.Now()), Stdout: leftOut.String(),
			Stderr: errOut.String(), Pages: res.Pages, Sections: res.Sections, Static: res.Static, Files: len(res.Files)})
	}
	if stats {
		printStats(env.Stdout, res)
		r := res.Reused()
		fmt.Fprintf(env.Stdout, "复用上次生成 (reused): 页面 %d 个重新渲染、%d 个沿用，Markdown %d 个重新渲染、%d 个沿用\n",
			r.PagesRendered, r.PagesReused, r.MarkdownRendered, r.MarkdownReused)
		kept, again := learnedCheck.Reused()
		fmt.Fprintf(env.Stdout, "检查复用 (check reused): 输出 %d 个重新检查、%d 个沿用\n", again, kept)
		fmt.Fprintf(env.Stdout, "写入 (write): %d 个文件写入（其中压缩副本 %d 个），%d 个未变，%d 个删除\n",
			st.Written, st.Compressed, st.Unchanged, st.Removed)
	}
	return ExitOK
}

func printStats(w io.Writer, res *build.Result) {
	fmt.Fprintln(w, "\n阶段 (stage)                 用时 (time)")
	for _, s := range res.Stages {
		fmt.Fprintf(w, "  %-26s %8.1f ms\n", s.Name, float64(s.Time.Microseconds())/1000)
	}
	fmt.Fprintln(w, "\n最慢的模板 (slowest templates)        次数 (count)   累计 (total)   平均 (mean)")
	for i, s := range res.Engine.Stats() {
		if i == 10 {
			break
		}
		fmt.Fprintf(w, "  %-36s %6d %12.1f ms %10.3f ms\n", s.Name, s.Count,
			float64(s.Total.Microseconds())/1000, float64(s.Total.Microseconds())/1000/float64(s.Count))
	}
	fmt.Fprintf(w, "\n搜索索引 (search index): %d 篇, %d 个词, %d 个分片, 共 %d 个文件 %d 字节, 用时 %.1f ms (与模板渲染同时进行)\n",
		res.Search.Docs, res.Search.Terms, res.Search.Shards, res.Search.Shards+res.Search.Chunks+res.Search.Hot+1, res.Search.Bytes,
		float64(res.SearchTime.Microseconds())/1000)
	if res.Search.Reused > 0 {
		fmt.Fprintf(w, "  其中 %d 篇沿用上次生成的分词 (docs reused from the last build), %d 篇重新分词\n",
			res.Search.Reused, res.Search.Docs-res.Search.Reused)
	}
}

// writeAllocProfile writes the allocations made so far (pprof's "allocs"
// profile: -sample_index=alloc_space shows where a build allocates).
func writeAllocProfile(env Env, path string) {
	fh, err := os.Create(path)
	if err == nil {
		err = pprof.Lookup("allocs").WriteTo(fh, 0)
		if cerr := fh.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "无法写入内存剖析文件 %s：%v (cannot write the allocation profile)\n", path, err)
	}
}

// startCPUProfile starts the runtime's CPU profiler writing to path; the
// returned function stops it and closes the file.
func startCPUProfile(path string) (func(), error) {
	fh, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(fh); err != nil {
		fh.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); fh.Close() }, nil
}

// imageCache is where processed images are kept between builds: .cache/images
// under the site root, beside content/ and never inside public/ (README).
func imageCache(source string) string {
	return filepath.Join(source, ".cache", "images")
}
