package browsertest

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func TestBrowserRendersPage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!doctype html><html lang="zh-CN"><title>测试</title><p id="x">你好</p><script>document.getElementById("x").textContent += "，世界"</script>`))
	}))
	defer srv.Close()
	ctx := New(t, 60*time.Second)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL)); err != nil {
		t.Fatal(err)
	}
	got, err := Eval[string](ctx, `document.getElementById("x").textContent`)
	if err != nil {
		t.Fatal(err)
	}
	if got != "你好，世界" {
		t.Errorf("got %q", got)
	}
}
