package search_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hengdong/internal/browsertest"
	"hengdong/internal/build"
)

// ranged counts the Range requests servePortal answered.
var ranged atomic.Int64

// servePortal builds the shipped portal in memory and serves it.
func servePortal(t *testing.T) *httptest.Server { return servePortalRanges(t, true) }

// servePortalRanges is servePortal; without ranges it answers every request
// with the whole file, as a server without Range support does.
func servePortalRanges(t *testing.T, ranges bool) *httptest.Server {
	t.Helper()
	in, err := build.ReadInputs(filepath.Join("..", ".."), nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := build.Render(in, build.Options{Now: time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		b, ok := res.Files[p]
		if !ok && !strings.HasSuffix(p, "/") {
			b, ok = res.Files[p+"/"]
		}
		if !ok {
			http.NotFound(w, r)
			return
		}
		if r.Header.Get("Range") != "" {
			ranged.Add(1)
		}
		switch {
		case strings.HasSuffix(p, ".js"):
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		case strings.HasSuffix(p, ".json"):
			w.Header().Set("Content-Type", "application/json")
		case strings.HasSuffix(p, ".css"):
			w.Header().Set("Content-Type", "text/css; charset=utf-8")
		default:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		// ServeContent answers Range requests (with multipart for several
		// ranges), as nginx and most static hosts do.
		if !ranges {
			w.Write(b)
			return
		}
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// The acceptance queries, run in headless Chromium on the real portal.
func TestSearchPortalInBrowser(t *testing.T) {
	srv := servePortal(t)
	ctx := browsertest.New(t, 90*time.Second)
	tests := []struct {
		q         string
		firstURL  string // the page that must rank first; "" means no results
		wantTitle string
	}{
		{"土菜", "/wenlv/tucai-jie/", "土菜文化旅游节"},
		{"罗荣桓", "/wenlv/luoronghuan/", "罗荣桓故居纪念馆"},
		{"印章 大会", "/chanye/yinzhang-dahui/", "印章产业与文旅融合发展大会"},
		{"ＧＤＰ", "/jingji/shuoming/", ""}, // full-width, upper case: folded to "gdp"
		{"zzqx蓝鲸火箭", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			u := srv.URL + "/search/?q=" + url.QueryEscape(tt.q)
			if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
				t.Fatal(err)
			}
			// Wait until the script has answered in the live region.
			status, err := chromedp.Run(ctx, chromedp.Poll[string](`(function(){var s=document.getElementById("search-status").textContent;return /找到|未找到/.test(s)?s:null})()`, chromedp.WithPollingTimeout(20*time.Second)))
			if err != nil {
				t.Fatalf("no answer for %q: %v", tt.q, err)
			}
			urls, err := browsertest.Eval[[]string](ctx, `Array.from(document.querySelectorAll("#search-results a.result-title")).map(a=>new URL(a.href).pathname)`)
			if err != nil {
				t.Fatal(err)
			}
			titles, _ := browsertest.Eval[[]string](ctx, `Array.from(document.querySelectorAll("#search-results a.result-title")).map(a=>a.textContent)`)
			switch {
			case tt.q == "ＧＤＰ":
				if len(urls) == 0 || urls[0] != tt.firstURL {
					t.Errorf("full-width GDP query: %v; status %q", urls, status)
				}
			case tt.firstURL == "":
				if len(urls) != 0 || !strings.Contains(status, "未找到") {
					t.Errorf("nonsense query: status %q, results %v", status, urls)
				}
			default:
				if len(urls) == 0 || urls[0] != tt.firstURL {
					t.Fatalf("first result for %q is %v, want %s (status %q)", tt.q, urls, tt.firstURL, status)
				}
				if !strings.Contains(titles[0], tt.wantTitle) {
					t.Errorf("first title %q lacks %q", titles[0], tt.wantTitle)
				}
				if !strings.Contains(status, "找到") {
					t.Errorf("status %q", status)
				}
				marks, _ := browsertest.Eval[int](ctx, `document.querySelectorAll("#search-results mark").length`)
				if marks == 0 {
					t.Error("matched terms are not highlighted")
				}
			}
		})
	}
}

// waitStatus waits until the live region has answered and returns it.
func waitStatus(t *testing.T, ctx context.Context) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Poll[string](`(function(){var s=document.getElementById("search-status").textContent;return /找到|未找到|没有完全匹配/.test(s)?s:null})()`, chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	return s
}

// Snippets show the match even far into a page, highlighted, from ranges of
// the stored text; each new query is a history entry and Back returns to the
// previous one; paging replaces the entry; the query is capped from the URL
// as from the box, and the status line echoes a shortened query.
func TestSearchSnippetsAndHistoryInBrowser(t *testing.T) {
	srv := servePortal(t)
	ctx := browsertest.New(t, 120*time.Second)
	nav := func(q string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/search/?q="+url.QueryEscape(q))); err != nil {
			t.Fatal(err)
		}
	}
	histLen := func() int {
		n, err := browsertest.Eval[int](ctx, `history.length`)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	// 家庭教育 stands in the last paragraph of /wenlv/lvyou-fazhan/ and far into
	// /wenlv/luoronghuan/, past the 200 characters the index used to keep.
	before := ranged.Load()
	nav("家庭教育")
	waitStatus(t, ctx)
	type result struct {
		Path    string
		Snippet string
		Marks   []string
	}
	rs, err := browsertest.Eval[[]result](ctx, `Array.from(document.querySelectorAll("#search-results li")).map(li=>{var p=li.querySelector(".result-snippet");
		return {path:new URL(li.querySelector("a").href).pathname,snippet:p?p.textContent:"",marks:p?Array.from(p.querySelectorAll("mark")).map(m=>m.textContent):[]}})`)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rs {
		found = found || r.Path == "/wenlv/lvyou-fazhan/"
		if !strings.Contains(r.Snippet, "家庭教育") || !slices.Contains(r.Marks, "家庭教育") {
			t.Errorf("家庭教育: %s snippet %q, marks %q", r.Path, r.Snippet, r.Marks)
		}
	}
	if !found {
		t.Errorf("家庭教育 does not find /wenlv/lvyou-fazhan/: %v", rs)
	}
	if ranged.Load() == before {
		t.Error("the snippet text was not fetched with a Range request")
	}

	// History: a new query is pushed, Back shows the previous one again.
	nav("土菜")
	waitStatus(t, ctx)
	n0 := histLen()
	if _, err := browsertest.Eval[bool](ctx, `(document.getElementById("search-q").value="罗荣桓", document.querySelector(".search-row button").click(), true)`); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`(function(){var a=document.querySelector("#search-results a.result-title");return a&&new URL(a.href).pathname==="/wenlv/luoronghuan/"||null})()`, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("罗荣桓 after submit: %v", err)
	}
	if n := histLen(); n != n0+1 {
		t.Errorf("history.length after a new query = %d, want %d", n, n0+1)
	}
	if _, err := browsertest.Eval[bool](ctx, `(history.back(), true)`); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`(function(){var a=document.querySelector("#search-results a.result-title");return document.getElementById("search-q").value==="土菜"&&a&&new URL(a.href).pathname==="/wenlv/tucai-jie/"||null})()`, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("Back did not return to 土菜: %v", err)
	}

	// Paging replaces the entry.
	nav("衡东")
	status := waitStatus(t, ctx)
	if !strings.Contains(status, "第 1/") {
		t.Fatalf("衡东 has one page only (%q); the paging check needs two", status)
	}
	n1 := histLen()
	if _, err := browsertest.Eval[bool](ctx, `(document.querySelector('#search-pager button[aria-label="第 2 页"]').click(), true)`); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`/第 2\//.test(document.getElementById("search-status").textContent)&&location.search.indexOf("page=2")>=0||null`, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("page 2: %v", err)
	}
	if n := histLen(); n != n1 {
		t.Errorf("history.length after paging = %d, want %d (replaced)", n, n1)
	}

	// A typo: the results of the closest query from the index's own words,
	// and a link to it.
	nav("衡东土莱")
	status = waitStatus(t, ctx)
	sugg, _ := browsertest.Eval[string](ctx, `(document.querySelector("#search-suggest a")||{}).textContent||""`)
	n, _ := browsertest.Eval[int](ctx, `document.querySelectorAll("#search-results li").length`)
	if sugg != "衡东土菜" || n == 0 || !strings.Contains(status, "以下是“衡东土菜”") {
		t.Errorf("衡东土莱: suggestion %q, %d results, status %q", sugg, n, status)
	}

	// A long query from the URL is capped as the box caps it, and echoed short.
	long := strings.Repeat("无此内容", 50)
	nav(long)
	status = waitStatus(t, ctx)
	v, _ := browsertest.Eval[string](ctx, `document.getElementById("search-q").value`)
	if len([]rune(v)) != 100 {
		t.Errorf("query from the URL kept %d characters, want 100", len([]rune(v)))
	}
	if strings.Contains(status, strings.Repeat("无此内容", 6)) || !strings.Contains(status, "…") {
		t.Errorf("status echoes the whole query: %q", status)
	}
}

// A server without Range support sends whole text files: the results are the
// same.
func TestSearchWithoutRangeInBrowser(t *testing.T) {
	srv := servePortalRanges(t, false)
	ctx := browsertest.New(t, 60*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/search/?q="+url.QueryEscape("家庭教育"))); err != nil {
		t.Fatal(err)
	}
	waitStatus(t, ctx)
	snips, err := browsertest.Eval[[]string](ctx, `Array.from(document.querySelectorAll("#search-results .result-snippet mark")).map(m=>m.textContent)`)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(snips, "家庭教育") {
		t.Errorf("no highlighted 家庭教育 in the snippets: %q", snips)
	}
}
