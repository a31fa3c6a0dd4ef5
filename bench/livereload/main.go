// Command livereload times save → new text visible in headless Chromium, for
// our `serve` and for `hugo server`, on the same generated corpus:
//
//	go run ./bench/livereload -n 4000 -runs 15
//	go run ./bench/livereload -dir /tmp/corpus -runs 15   # a corpus from ./bench/corpus
//	go run ./bench/livereload -dir /tmp/corpus -bin /tmp/hengdong-old   # an older build of ours
//
// Both servers run as their own processes. The browser opens the same article
// on one server, waits until the page and its reload connection have settled,
// then the Markdown file gets a new first line with a marker no page has
// held before, and the time runs until the marker is in document.body's
// innerText (polled over CDP every 2 ms; a reload in between only makes the
// poll fail until the new document answers). Runs alternate ours, Hugo, ours…
// and the medians and their ratio are printed. Each run also says whether our
// page was patched in place (a property set on window before the save
// survived) or reloaded. After each timed save the file is put back and the
// next save waits until the page shows it again, so that no save queues
// behind the render of the one before.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/chromedp/chromedp"

	"hengdong/bench/corpus/gen"
)

func main() {
	n := flag.Int("n", 4000, "pages of the generated corpus (when -dir is not given)")
	dir := flag.String("dir", "", "a corpus written by ./bench/corpus (with ours/ and hugo/); default a new one in a temporary folder")
	runs := flag.Int("runs", 15, "timed saves per server")
	page := flag.String("page", "", "the content file edited, relative to content/ (default: the middle page of chanye/)")
	settle := flag.Duration("settle", 1500*time.Millisecond, "wait after loading a page and after each save")
	ourBin := flag.String("bin", "", "our binary to run (default: built from this tree; give an older build to compare)")
	flag.Parse()
	if err := run(*n, *dir, *runs, *page, *settle, *ourBin); err != nil {
		fmt.Fprintln(os.Stderr, "livereload:", err)
		os.Exit(1)
	}
}

func run(n int, dir string, runs int, page string, settle time.Duration, bin string) error {
	tmp, err := os.MkdirTemp("", "hd-livereload-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if dir == "" {
		dir = filepath.Join(tmp, "corpus")
		fmt.Printf("generating a corpus of %d pages…\n", n)
		if err := gen.Generate(dir, gen.Options{Pages: n, Seed: 1, Hugo: true}); err != nil {
			return err
		}
	}
	if page == "" {
		entries, err := os.ReadDir(filepath.Join(dir, "ours", "content", "chanye"))
		if err != nil {
			return err
		}
		var mds []string
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), "p") && strings.HasSuffix(e.Name(), ".md") {
				mds = append(mds, e.Name())
			}
		}
		if len(mds) == 0 {
			return fmt.Errorf("no pages in %s/ours/content/chanye", dir)
		}
		page = "chanye/" + mds[len(mds)/2]
	}
	url := "/" + strings.TrimSuffix(page, ".md") + "/"

	if bin == "" {
		bin = filepath.Join(tmp, "hengdong")
		if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
			return fmt.Errorf("go build: %v\n%s", err, out)
		}
	}
	// Interrupted, the servers and the browser are stopped with it.
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()

	type server struct {
		name, base, file string
		times            []time.Duration
		patched          int
	}
	oursPort, hugoPort := freePort(), freePort()
	ours := &server{name: "ours (serve)", base: fmt.Sprintf("http://127.0.0.1:%d", oursPort),
		file: filepath.Join(dir, "ours", "content", filepath.FromSlash(page))}
	hugo := &server{name: "Hugo (hugo server)", base: fmt.Sprintf("http://127.0.0.1:%d", hugoPort),
		file: filepath.Join(dir, "hugo", "content", filepath.FromSlash(page))}
	start := func(s *server, cmd *exec.Cmd) error {
		cmd.Stdout, cmd.Stderr = nil, nil
		if err := cmd.Start(); err != nil {
			return err
		}
		go cmd.Wait()
		t0 := time.Now()
		for time.Since(t0) < 5*time.Minute {
			if r, err := http.Get(s.base + url); err == nil {
				r.Body.Close()
				if r.StatusCode == 200 {
					fmt.Printf("%s serves %s after %v\n", s.name, url, time.Since(t0).Round(time.Millisecond))
					return nil
				}
			}
			time.Sleep(100 * time.Millisecond)
		}
		return fmt.Errorf("%s did not serve %s", s.name, url)
	}
	oc := exec.CommandContext(ctx, bin, "serve", "-s", filepath.Join(dir, "ours"), "--port", fmt.Sprint(oursPort))
	if err := start(ours, oc); err != nil {
		return err
	}
	hc := exec.CommandContext(ctx, "hugo", "server", "-s", filepath.Join(dir, "hugo"), "--port", fmt.Sprint(hugoPort),
		"--bind", "127.0.0.1", "--baseURL", "http://127.0.0.1/", "--appendPort")
	if err := start(hugo, hc); err != nil {
		return err
	}

	bctx, bcancel := browser(ctx)
	defer bcancel()
	for i := 0; i < runs; i++ {
		for _, s := range []*server{ours, hugo} {
			if err := chromedp.Do(bctx, chromedp.Navigate(s.base+url)); err != nil {
				return err
			}
			time.Sleep(settle)
			if _, err := eval[bool](bctx, `window.__hdMark = true`); err != nil {
				return err
			}
			orig, err := os.ReadFile(s.file)
			if err != nil {
				return err
			}
			marker := fmt.Sprintf("基准修改标记%d号%s", i, strings.Fields(s.name)[0])
			edited := insertFirstLine(string(orig), marker+"。")
			t0 := time.Now()
			if err := os.WriteFile(s.file, []byte(edited), 0o644); err != nil {
				return err
			}
			expr := `!!document.body && document.body.innerText.includes(` + fmt.Sprintf("%q", marker) + `)`
			for {
				if ok, err := eval[bool](bctx, expr); err == nil && ok {
					break
				}
				if time.Since(t0) > 60*time.Second {
					return fmt.Errorf("%s: the marker never appeared", s.name)
				}
				time.Sleep(2 * time.Millisecond)
			}
			d := time.Since(t0)
			s.times = append(s.times, d)
			if kept, _ := eval[bool](bctx, `window.__hdMark === true`); kept {
				s.patched++
			}
			fmt.Printf("run %2d %-20s %6.1f ms\n", i+1, s.name, float64(d.Microseconds())/1000)
			time.Sleep(settle) // the servers' work after the visible change (deferred pages, search index)
			if err := os.WriteFile(s.file, orig, 0o644); err != nil {
				return err
			}
			// The next save must not queue behind this one's render: wait
			// until the page shows the file as it was, then settle.
			for t1 := time.Now(); ; time.Sleep(10 * time.Millisecond) {
				if gone, err := eval[bool](bctx, `!!document.body && !(`+expr+`)`); err == nil && gone {
					break
				}
				if time.Since(t1) > 2*time.Minute {
					return fmt.Errorf("%s: the restored page never showed", s.name)
				}
			}
			time.Sleep(settle)
		}
	}
	mo, mh := median(ours.times), median(hugo.times)
	fmt.Printf("\nsave → new text visible, %d runs each, medians (min–max):\n", runs)
	for _, s := range []*server{ours, hugo} {
		fmt.Printf("  %-20s %7.1f ms  (%.1f–%.1f)  page kept (no reload) in %d of %d\n", s.name, ms(median(s.times)),
			ms(slices.Min(s.times)), ms(slices.Max(s.times)), s.patched, len(s.times))
	}
	fmt.Printf("  ours/Hugo            %7.3f×\n", float64(mo)/float64(mh))
	return nil
}

// insertFirstLine puts line before the first paragraph of the Markdown body.
func insertFirstLine(md, line string) string {
	if strings.HasPrefix(md, "---\n") {
		if i := strings.Index(md[4:], "\n---\n"); i >= 0 {
			end := 4 + i + len("\n---\n")
			return md[:end] + "\n" + line + "\n" + md[end:]
		}
	}
	return line + "\n\n" + md
}

func browser(ctx context.Context) (context.Context, context.CancelFunc) {
	bin := os.Getenv("CHROMIUM")
	if bin == "" {
		bin = "/usr/bin/chromium"
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 900),
	}
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	return bctx, func() { bcancel(); acancel() }
}

func eval[T any](ctx context.Context, expr string) (T, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr))
}

func freePort() int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
