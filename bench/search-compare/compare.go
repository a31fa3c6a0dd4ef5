package main

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/chromedp/chromedp"

	"hengdong/internal/search"
)

// judged is one query of the judged set. A page is relevant when its text
// (title and body, folded as the index folds it) holds every string of want;
// want defaults to the query's own space-separated words.
type judged struct {
	Q    string   `json:"q"`
	Kind string   `json:"kind"`
	Want []string `json:"want"`
}

// outcome is one engine's answer to one query, as measured in Chromium.
type outcome struct {
	MS    float64  `json:"ms"`
	URLs  []string `json:"urls"`
	N     int      `json:"n"`
	Bytes int64    `json:"-"`
	Code  int64    `json:"-"`
	Reqs  int64    `json:"-"`
}

// counting serves a site as a static host would: gzip for text types (not
// for Range requests), Range through http.ServeContent, and counts the bytes
// and requests it sends.
type counting struct {
	root        string
	bytes, reqs atomic.Int64
	code        atomic.Int64 // bytes of scripts and WebAssembly (the engine, not the index)
	index       atomic.Int64 // bytes of /search/*.json and *.bin
	harness     map[string]string
}

type countWriter struct {
	http.ResponseWriter
	c           *counting
	code, index bool
}

func (w countWriter) Write(b []byte) (int, error) {
	w.c.bytes.Add(int64(len(b)))
	if w.code {
		w.c.code.Add(int64(len(b)))
	}
	if w.index {
		w.c.index.Add(int64(len(b)))
	}
	return w.ResponseWriter.Write(b)
}

func (c *counting) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h, ok := c.harness[r.URL.Path]; ok {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, h)
		return
	}
	c.reqs.Add(1)
	cw := countWriter{w, c, strings.HasSuffix(r.URL.Path, ".js") || strings.Contains(r.URL.Path, "wasm"),
		strings.HasPrefix(r.URL.Path, "/search/") && (strings.HasSuffix(r.URL.Path, ".json") || strings.HasSuffix(r.URL.Path, ".bin"))}
	p := filepath.Join(c.root, filepath.FromSlash(r.URL.Path))
	if strings.HasSuffix(r.URL.Path, "/") {
		p = filepath.Join(p, "index.html")
	}
	f, err := os.Open(p)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	st, _ := f.Stat()
	ext := filepath.Ext(p)
	types := map[string]string{".js": "text/javascript", ".json": "application/json", ".html": "text/html; charset=utf-8",
		".css": "text/css", ".wasm": "application/wasm"}
	if t, ok := types[ext]; ok {
		w.Header().Set("Content-Type", t)
	} else {
		w.Header().Set("Content-Type", "application/octet-stream")
	}
	if _, ok := types[ext]; ok && r.Header.Get("Range") == "" && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		w.Header().Set("Content-Encoding", "gzip")
		gz := gzip.NewWriter(cw) // level 6, as static hosts use
		io.Copy(gz, f)
		gz.Close()
		return
	}
	http.ServeContent(cw, r, "", st.ModTime(), f)
}

const oursHarness = `<!doctype html><meta charset="utf-8"><title>ours</title><script>
window.runQuery = async function (q) {
  const t0 = performance.now();
  await new Promise((ok, bad) => { const s = document.createElement("script"); s.src = "/js/search.js"; s.onload = ok; s.onerror = bad; document.head.appendChild(s); });
  const S = window.hengdongSearch, idx = new S.Index("/search/", S.io);
  const res = await idx.search(q);
  const docs = res.hits.length ? await idx.describe(res, 0, 10) : [];
  return { ms: performance.now() - t0, urls: docs.map((d) => d.u), n: res.hits.length };
};
</script>`

const pagefindHarness = `<!doctype html><meta charset="utf-8"><title>pagefind</title><script>
window.runQuery = async function (q) {
  const t0 = performance.now();
  const pf = await import("/pagefind/pagefind.js");
  await pf.init();
  const r = await pf.search(q);
  const data = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
  return { ms: performance.now() - t0, urls: data.map((d) => d.url.replace(/index\.html$/, "")), n: r.results.length };
};
</script>`

// compare runs the judged queries through both engines in headless Chromium,
// each query in a fresh browser context (an empty cache), and prints the table.
func compare(site, queriesFile, chromium string) error {
	var qs []judged
	b, err := os.ReadFile(queriesFile)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, &qs); err != nil {
		return err
	}
	files, err := readIndex(site)
	if err != nil {
		return err
	}
	texts, err := pageTexts(files)
	if err != nil {
		return err
	}
	srv := &counting{root: site, harness: map[string]string{"/__bench/ours.html": oursHarness, "/__bench/pagefind.html": pagefindHarness}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go http.Serve(ln, srv)
	base := "http://" + ln.Addr().String()

	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true)}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	if _, err := chromedp.Run(bctx, chromedp.Navigate("about:blank")); err != nil {
		return fmt.Errorf("starting Chromium: %w", err)
	}
	run := func(engine, q string) (outcome, error) {
		tctx, tcancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
		defer tcancel()
		if _, err := chromedp.Run(tctx, chromedp.Navigate(base+"/__bench/"+engine+".html")); err != nil {
			return outcome{}, err
		}
		b0, r0, c0 := srv.bytes.Load(), srv.reqs.Load(), srv.code.Load()
		qj, _ := json.Marshal(q)
		o, err := chromedp.Run(tctx, chromedp.Evaluate[outcome](`runQuery(`+string(qj)+`)`, chromedp.EvalAwaitPromise))
		o.Bytes, o.Reqs, o.Code = srv.bytes.Load()-b0, srv.reqs.Load()-r0, srv.code.Load()-c0
		return o, err
	}
	type row struct {
		q          judged
		rel        int
		ours, pf   outcome
		pOurs, pPf float64
	}
	var rows []row
	for _, q := range qs {
		want := q.Want
		if len(want) == 0 {
			want = strings.Fields(q.Q)
		}
		relevant := map[string]bool{}
		for u, t := range texts {
			ok := true
			for _, w := range want {
				ok = ok && strings.Contains(t, search.Normalize(w))
			}
			if ok {
				relevant[u] = true
			}
		}
		r := row{q: q, rel: len(relevant)}
		if r.ours, err = run("ours", q.Q); err != nil {
			return fmt.Errorf("ours %q: %w", q.Q, err)
		}
		if r.pf, err = run("pagefind", q.Q); err != nil {
			return fmt.Errorf("pagefind %q: %w", q.Q, err)
		}
		r.pOurs, r.pPf = precision5(r.ours.URLs, relevant), precision5(r.pf.URLs, relevant)
		rows = append(rows, r)
	}
	fmt.Printf("%-26s %-6s %5s | %5s %5s %7s %7s %4s | %5s %5s %7s %7s %4s\n", "query", "kind", "rel",
		"ours", "P@5", "ms", "bytes", "req", "pf", "P@5", "ms", "bytes", "req")
	var sum [2]struct {
		p, ms       float64
		bytes, code int64
	}
	var msO, msP []float64
	for _, r := range rows {
		fmt.Printf("%-26s %-6s %5d | %5d %5.2f %7.0f %7d %4d | %5d %5.2f %7.0f %7d %4d\n", r.q.Q, r.q.Kind, r.rel,
			r.ours.N, r.pOurs, r.ours.MS, r.ours.Bytes, r.ours.Reqs, r.pf.N, r.pPf, r.pf.MS, r.pf.Bytes, r.pf.Reqs)
		sum[0].p += r.pOurs
		sum[0].bytes += r.ours.Bytes
		sum[0].code += r.ours.Code
		sum[1].code += r.pf.Code
		sum[1].p += r.pPf
		sum[1].bytes += r.pf.Bytes
		msO, msP = append(msO, r.ours.MS), append(msP, r.pf.MS)
	}
	n := float64(len(rows))
	fmt.Printf("\n%-40s %12s %12s\n", "", "ours", "pagefind")
	fmt.Printf("%-40s %12.3f %12.3f\n", "mean precision at 5", sum[0].p/n, sum[1].p/n)
	fmt.Printf("%-40s %12.0f %12.0f\n", "median ms to first 10 results (cold)", median(msO), median(msP))
	fmt.Printf("%-40s %12d %12d\n", "mean bytes per cold query", sum[0].bytes/int64(n), sum[1].bytes/int64(n))
	fmt.Printf("%-40s %12d %12d\n", "  of which the engine (JS, WebAssembly)", sum[0].code/int64(n), sum[1].code/int64(n))
	fmt.Printf("%-40s %12d %12d\n", "  of which the index", (sum[0].bytes-sum[0].code)/int64(n), (sum[1].bytes-sum[1].code)/int64(n))
	return nil
}

// precision5 is the share of the first five results that are relevant (of
// min(5, relevant) when fewer exist; 1 when nothing is relevant and nothing
// was returned).
func precision5(urls []string, relevant map[string]bool) float64 {
	k := min(5, len(relevant))
	if k == 0 {
		if len(urls) == 0 {
			return 1
		}
		return 0
	}
	hit := 0
	for i := 0; i < len(urls) && i < 5; i++ {
		if relevant[urls[i]] {
			hit++
		}
	}
	return float64(hit) / float64(k)
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}

// pageTexts is every indexed page's text, folded as the index folds it, by URL.
func pageTexts(files map[string][]byte) (map[string]string, error) {
	ts, err := search.Texts(files)
	if err != nil {
		return nil, err
	}
	for u, t := range ts {
		ts[u] = search.Normalize(t)
	}
	return ts, nil
}

// page measures the site's own search page, as a visitor meets it: for each
// query a fresh browser context opens /search/?q=…, and the script's and the
// index's bytes are counted until the status line answers. It works on any
// build of the portal's search page, so it measures older builds too.
func page(site, queriesFile, chromium string) error {
	var qs []judged
	b, err := os.ReadFile(queriesFile)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, &qs); err != nil {
		return err
	}
	srv := &counting{root: site}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go http.Serve(ln, srv)
	base := "http://" + ln.Addr().String()
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true)}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	bctx, bcancel := chromedp.NewContext(actx)
	defer bcancel()
	if _, err := chromedp.Run(bctx, chromedp.Navigate("about:blank")); err != nil {
		return fmt.Errorf("starting Chromium: %w", err)
	}
	var code, index, reqs int64
	var ms []float64
	fmt.Printf("%-26s %7s %7s %5s %7s  %s\n", "query", "script", "index", "req", "ms", "status")
	for _, q := range qs {
		tctx, tcancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext())
		c0, i0, r0 := srv.code.Load(), srv.index.Load(), srv.reqs.Load()
		t0 := time.Now()
		if _, err := chromedp.Run(tctx, chromedp.Navigate(base+"/search/?q="+url.QueryEscape(q.Q))); err != nil {
			tcancel()
			return err
		}
		st, err := chromedp.Run(tctx, chromedp.Poll[string](`(function(){var s=document.getElementById("search-status").textContent;return /找到|未找到|没有完全匹配|以下是/.test(s)&&!document.querySelector("form[aria-busy]")?s:null})()`, chromedp.WithPollingTimeout(30*time.Second)))
		el := time.Since(t0)
		tcancel()
		if err != nil {
			return fmt.Errorf("%q: %w", q.Q, err)
		}
		dc, di, dr := srv.code.Load()-c0, srv.index.Load()-i0, srv.reqs.Load()-r0
		code, index, reqs = code+dc, index+di, reqs+dr
		ms = append(ms, float64(el.Milliseconds()))
		rs := []rune(st)
		fmt.Printf("%-26s %7d %7d %5d %7d  %s\n", q.Q, dc, di, dr, el.Milliseconds(), string(rs[:min(len(rs), 30)]))
	}
	n := int64(len(qs))
	fmt.Printf("\nmean per cold query: script %d B, index %d B, together %d B, %d requests (page, stylesheets included); median %0.f ms from navigation to the answer\n",
		code/n, index/n, (code+index)/n, reqs/n, median(ms))
	return nil
}
