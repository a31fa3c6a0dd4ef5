package deploytest

import (
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hengdong/internal/browsertest"
)

// In Chromium, the portal published by nginx in /hengdong/ applies every
// fingerprinted stylesheet (a file whose bytes did not match its integrity
// would be refused), and the search page's script — itself fingerprinted —
// fetches its index under the subfolder and links its results there.
func TestSubfolderSiteInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	srv := publish(t, deployDoc(t)["subfolder"], "example.gov.cn/hengdong", "--baseURL", "https://example.gov.cn/hengdong/")
	ctx := browsertest.New(t, 90*time.Second)

	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/hengdong/"), chromedp.WaitReady("body")); err != nil {
		t.Fatal(err)
	}
	// Every stylesheet link has loaded rules (sheet is null for a refused one).
	sheets, err := browsertest.Eval[[]string](ctx, `Array.from(document.querySelectorAll('link[rel=stylesheet]')).map(l => new URL(l.href).pathname + (l.integrity ? " sri" : "") + (l.sheet && l.sheet.cssRules.length ? " ok" : " REFUSED"))`)
	if err != nil {
		t.Fatal(err)
	}
	if len(sheets) < 2 {
		t.Errorf("stylesheets %v", sheets)
	}
	for _, s := range sheets {
		if len(s) < 6 || s[len(s)-6:] != "sri ok" {
			t.Errorf("stylesheet %s: want fingerprinted, with integrity, applied", s)
		}
	}

	u := srv.URL + "/hengdong/search/?q=" + url.QueryEscape("土菜")
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		t.Fatal(err)
	}
	status, err := chromedp.Run(ctx, chromedp.Poll[string](`(function(){var s=document.getElementById("search-status").textContent;return /找到|未找到|出错|失败/.test(s)?s:null})()`, chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		t.Fatalf("the search script did not answer (refused, or its index not found): %v\n%s", err, srv.Log())
	}
	urls, err := browsertest.Eval[[]string](ctx, `Array.from(document.querySelectorAll("#search-results a.result-title")).map(a=>new URL(a.href).pathname)`)
	if err != nil {
		t.Fatal(err)
	}
	if len(urls) == 0 || urls[0] != "/hengdong/wenlv/tucai-jie/" {
		t.Errorf("results %v, want /hengdong/wenlv/tucai-jie/ first (status %q)", urls, status)
	}
}
