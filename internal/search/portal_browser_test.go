package search_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hengdong/internal/browsertest"
	"hengdong/internal/build"
)

// servePortal builds the shipped portal in memory and serves it.
func servePortal(t *testing.T) *httptest.Server {
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
		w.Write(b)
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
