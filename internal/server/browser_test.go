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
	// Mark the document: a reload replaces it, a patch in place does not.
	if _, err := browsertest.Eval[bool](ctx, `window.__marked = true`); err != nil {
		t.Fatal(err)
	}

	buildtest.WriteFile(t, root, page, buildtest.PageText(1, "浏览器里自动出现的新正文。"))
	poll(t, ctx, "new text shown", `document.body.innerText.includes("浏览器里自动出现的新正文")`)
	if marked, _ := browsertest.Eval[bool](ctx, `window.__marked === true && window.__hdPatched >= 1`); !marked {
		t.Errorf("the edit reloaded the page instead of patching it")
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

	// A stylesheet edit swaps the link without reloading the page. Should the
	// fix above have reloaded the page, wait for its event stream.
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

// longBody is a body long enough to scroll through.
func longBody(first string) string {
	var b strings.Builder
	b.WriteString(first)
	for i := 0; i < 60; i++ {
		b.WriteString("\n\n用来滚动的一段较长的正文，保证页面比窗口高得多。")
	}
	return b.String()
}

// TestBrowserPatchInPlace edits the body of the open page and sees the new
// text without a reload: a property set on window before the edit survives,
// the scroll position is where the reader left it, and the focused link keeps
// the focus.
func TestBrowserPatchInPlace(t *testing.T) {
	ctx := browsertest.New(t, 90*time.Second)
	root := newSite(t, 8)
	page := buildtest.PagePath(1)
	buildtest.WriteFile(t, root, page, buildtest.PageText(1, longBody("第一版正文。")))
	s, err := New(testConfig(root))
	if err != nil {
		t.Fatal(err)
	}
	addr, _ := running(t, s)
	if err := chromedp.Do(ctx, chromedp.Navigate("http://"+addr+"/chanye/p0001/")); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "page loaded", `document.body.innerText.includes("第一版正文")`)
	poll(t, ctx, "event stream open", `window.__hdLiveReload === "open"`)
	// The check panel is the page's own element (panel.js): a patch keeps it.
	poll(t, ctx, "check panel shown", `document.getElementById("hd-serve-checks") !== null`)
	setup := `(() => {
		window.__panel = document.getElementById("hd-serve-checks");
		window.__marked = true;
		window.scrollTo({top: 700, behavior: "instant"});
		const a = document.querySelector("main a[href]") || document.querySelector("a[href]");
		a.focus({preventScroll: true});
		window.__focused = a;
		return window.scrollY;
	})()`
	y, err := browsertest.Eval[float64](ctx, setup)
	if err != nil {
		t.Fatal(err)
	}
	if y < 600 {
		t.Fatalf("the page does not scroll (scrollY %v after scrolling to 700)", y)
	}
	buildtest.WriteFile(t, root, page, buildtest.PageText(1, longBody("第二版正文，就地更新。")))
	poll(t, ctx, "new text shown", `document.body.innerText.includes("第二版正文，就地更新")`)
	type state struct {
		Marked, Focused, Old, Panel bool
		Y                           float64
		Patched                     int
	}
	st, err := browsertest.Eval[state](ctx, `({Marked: window.__marked === true, Focused: document.activeElement === window.__focused && window.__focused.isConnected,
		Panel: document.getElementById("hd-serve-checks") !== null,
		Old: document.body.innerText.includes("第一版正文"), Y: window.scrollY, Patched: window.__hdPatched || 0})`)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Marked || st.Patched < 1 {
		t.Errorf("the page was reloaded, not patched: %+v", st)
	}
	if st.Y != y {
		t.Errorf("scroll position %v after the patch, %v before", st.Y, y)
	}
	if !st.Focused {
		t.Errorf("the focused link lost the focus")
	}
	if st.Old {
		t.Errorf("the old text is still shown")
	}
	if !st.Panel {
		t.Errorf("the patch removed the check panel")
	}
}

// TestBrowserNavigateToChanged saves a page other than the open one: the
// browser goes to the page being edited.
func TestBrowserNavigateToChanged(t *testing.T) {
	ctx := browsertest.New(t, 90*time.Second)
	root := newSite(t, 8)
	s, err := New(testConfig(root))
	if err != nil {
		t.Fatal(err)
	}
	addr, _ := running(t, s)
	if err := chromedp.Do(ctx, chromedp.Navigate("http://"+addr+"/chanye/p0001/")); err != nil {
		t.Fatal(err)
	}
	poll(t, ctx, "page loaded", `document.body.innerText.includes("这是第1号页面的正文")`)
	poll(t, ctx, "event stream open", `window.__hdLiveReload === "open"`)
	buildtest.WriteFile(t, root, buildtest.PagePath(2), buildtest.PageText(2, "另一个页面的新正文。"))
	poll(t, ctx, "went to the edited page", `location.pathname === "/wenlv/p0002/" && document.body.innerText.includes("另一个页面的新正文")`)
}
