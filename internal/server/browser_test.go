package server

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hengdong/internal/browsertest"
	"hengdong/internal/build/buildtest"
)

// poll evaluates expr in the page until it is true, failing after a while.
func poll(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second) // a hang guard, not a speed check
	for {
		ok, err := browsertest.Eval[bool](ctx, expr)
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %s never became true (last error %v)", what, expr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestBrowserLiveReload opens a page in headless Chromium, edits its Markdown on
// disk and sees the new text without reloading by hand; breaks its front matter
// and sees the overlay; fixes it and sees the overlay go.
func TestBrowserLiveReload(t *testing.T) {
	ctx := browsertest.New(t, 90*time.Second)
	root := newSite(t, 8)
	cfg := testConfig(root)
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	addr, _ := running(t, s)
	page := buildtest.PagePath(1)
	if err := chromedp.Do(ctx, chromedp.Navigate("http://"+addr+"/chanye/p0001/")); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "page loaded", `document.body.innerText.includes("这是第1号页面的正文")`)
	poll(t, ctx, "event stream open", `performance.getEntriesByType("resource").some(e => e.name.includes("/__livereload"))`)
	// Mark the document: a reload replaces it, a stylesheet swap does not.
	if _, err := browsertest.Eval[bool](ctx, `window.__marked = true`); err != nil {
		t.Fatal(err)
	}

	buildtest.WriteFile(t, root, page, buildtest.PageText(1, "浏览器里自动出现的新正文。"))
	poll(t, ctx, "new text shown", `document.body.innerText.includes("浏览器里自动出现的新正文")`)
	if marked, _ := browsertest.Eval[bool](ctx, `window.__marked === true`); marked {
		t.Errorf("the page changed without a reload?")
	}

	broken := strings.Replace(buildtest.PageText(1, "正文"), "title: 第1号测试页面", "title: [没有闭合", 1)
	buildtest.WriteFile(t, root, page, broken)
	overlay := `(() => { const o = document.getElementById("hd-serve-error"); return !!o && o.getAttribute("role") === "alertdialog" &&
		o.innerText.includes("` + page + `:2:") && o.innerText.includes("title: [没有闭合") && /[\u4e00-\u9fff]/.test(o.innerText) })()`
	poll(t, ctx, "overlay shown", overlay)
	poll(t, ctx, "last good page under the overlay", `document.body.innerText.includes("浏览器里自动出现的新正文")`)

	buildtest.WriteFile(t, root, page, buildtest.PageText(1, "修好之后的正文。"))
	poll(t, ctx, "overlay gone", `!document.getElementById("hd-serve-error")`)
	poll(t, ctx, "fixed text shown", `document.body.innerText.includes("修好之后的正文")`)

	// A stylesheet edit swaps the link without reloading the page. The fix
	// above reloaded the page: wait for its event stream.
	poll(t, ctx, "event stream open again", `window.__hdLiveReload === "open"`)
	if _, err := browsertest.Eval[bool](ctx, `window.__marked = true`); err != nil {
		t.Fatal(err)
	}
	buildtest.WriteFile(t, root, "static/css/site.css", "body { background: rgb(1, 2, 3); }\n")
	poll(t, ctx, "stylesheet swapped", `getComputedStyle(document.body).backgroundColor === "rgb(1, 2, 3)"`)
	if marked, _ := browsertest.Eval[bool](ctx, `window.__marked === true`); !marked {
		t.Errorf("a stylesheet edit reloaded the page")
	}
}
