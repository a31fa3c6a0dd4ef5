package check

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"hengdong/internal/browsertest"
)

// TestNewsroomInBrowser drives the shipped portal's newsroom features in
// headless Chromium, at a phone's 390 px and at desktop width: the 焦点图
// carousel by keyboard, its pause button and reduced motion, the header's
// submenu disclosure, the QR code shown on desktops and in print but not on
// phones, and axe-core's WCAG rules on the pages with the features at 390 px.
func TestNewsroomInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	axe := loadAxe(t)
	srv, res := servePortal(t)

	// Without JavaScript: a plain list of links, no control that cannot work.
	home := string(res.Files["/"])
	focus := regexp.MustCompile(`(?s)<section[^>]*class="?focus"?.*?</section>`).FindString(home)
	if n := strings.Count(focus, `class="focus-link"`) + strings.Count(focus, "class=focus-link"); n < 2 {
		t.Errorf("the home page's 焦点图 has %d links, want at least 2:\n%s", n, focus)
	}
	if strings.Contains(focus, "<button") {
		t.Error("the 焦点图 has buttons in its HTML; they must come with the script that makes them work")
	}

	ctx := browsertest.New(t, 3*time.Minute)
	eval := func(expr string) string { t.Helper(); return browsertest.MustEval[string](t, ctx, expr) }
	press := func(selector, key string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Focus(selector), chromedp.KeyEvent(key)); err != nil {
			t.Fatalf("pressing %q on %s: %v", key, selector, err)
		}
	}
	open := func(path string, width int64, reduce bool) {
		t.Helper()
		motion := "no-preference"
		if reduce {
			motion = "reduce"
		}
		err := chromedp.Do(ctx,
			chromedp.EmulateViewport(width, 844),
			media(emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: motion}}}),
			chromedp.Navigate(srv.URL+path), chromedp.WaitReady("body"))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	visibleSlides := `String([...document.querySelectorAll(".focus-slide")].filter(s => s.offsetParent !== null).map(s => s.id))`

	// The carousel at 390 px, by keyboard.
	open("/", 390, false)
	if got := eval(`document.querySelector(".focus-pause") ? document.querySelector(".focus-pause").textContent : "none"`); got != "暂停轮播" {
		t.Errorf("pause button: %q, want 暂停轮播 while it rotates", got)
	}
	if got := eval(visibleSlides); got != "focus-slide-1" {
		t.Errorf("visible slides %q, want only the first", got)
	}
	press(".focus-next", "\r")
	if got := eval(visibleSlides); got != "focus-slide-2" {
		t.Errorf("after 下一张: visible slides %q", got)
	}
	// Focus inside stopped the rotation, and the button says so.
	if got := eval(`document.querySelector(".focus-pause").textContent + " " + document.querySelector(".focus-pause").getAttribute("aria-pressed")`); got != "播放轮播 true" {
		t.Errorf("after focus entered the carousel the pause button is %q", got)
	}
	press(".focus-next", kb.ArrowLeft)
	if got := eval(visibleSlides); got != "focus-slide-1" {
		t.Errorf("after ArrowLeft: visible slides %q", got)
	}
	if w := eval(`String(document.documentElement.scrollWidth)`); w != "390" {
		t.Errorf("the home page is %s px wide at a 390 px viewport", w)
	}

	// Reduced motion: it never starts by itself.
	open("/", 1280, true)
	if got := eval(`document.querySelector(".focus-pause").textContent`); got != "播放轮播" {
		t.Errorf("under prefers-reduced-motion the carousel plays: %q", got)
	}

	// The submenu: a disclosure button, Enter opens, Escape closes and returns focus.
	toggle := `.site-nav .submenu-toggle`
	if got := eval(`document.querySelector("` + toggle + `").getAttribute("aria-expanded") + " " + document.querySelector(".site-nav .submenu").hidden`); got != "false true" {
		t.Errorf("submenu before: %q", got)
	}
	press(toggle, "\r")
	if got := eval(`document.querySelector("` + toggle + `").getAttribute("aria-expanded") + " " + getComputedStyle(document.querySelector(".site-nav .submenu")).display`); got != "true flex" {
		t.Errorf("submenu after Enter: %q", got)
	}
	if got := eval(`document.querySelector(".site-nav .submenu a").textContent`); got != "县域经济强县" {
		t.Errorf("submenu entry from front matter: %q", got)
	}
	press(".site-nav .submenu a", kb.Escape)
	if got := eval(`document.querySelector(".site-nav .submenu").hidden + " " + document.activeElement.className`); got != "true submenu-toggle" {
		t.Errorf("after Escape: %q", got)
	}

	// Without JavaScript the submenu opens on keyboard focus, and the 焦点图
	// is every picture link at once.
	noJS := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})
	if err := chromedp.Do(ctx, noJS); err != nil {
		t.Fatal(err)
	}
	open("/", 1280, false)
	if got := eval(`String(document.querySelectorAll(".submenu-toggle, .focus-pause").length) + " " + ` + visibleSlides); !strings.HasPrefix(got, "0 focus-slide-1,focus-slide-2") {
		t.Errorf("without JavaScript: controls and visible slides %q", got)
	}
	if err := chromedp.Do(ctx, chromedp.Focus(`.site-nav .has-sub > a`)); err != nil {
		t.Fatal(err)
	}
	if got := eval(`getComputedStyle(document.querySelector(".site-nav .submenu")).display`); got != "flex" {
		t.Errorf("without JavaScript the submenu does not open on focus: display %s", got)
	}
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false})
		return err
	})); err != nil {
		t.Fatal(err)
	}

	// The QR code: on desktops and in print, not on phones.
	article := "/news/2025/quanhui/"
	qr := `getComputedStyle(document.querySelector(".qr-box")).display`
	open(article, 1280, false)
	if got := eval(qr); got == "none" {
		t.Error("the QR code is hidden on a desktop")
	}
	if got := eval(`document.querySelector(".qr-box figcaption").textContent`); got != "手机扫码阅读" {
		t.Errorf("QR label %q", got)
	}
	// A PNG of one pixel a module, drawn 120 px without smoothing, named by its alt.
	if got := eval(`(i => [i.naturalWidth > 20 && i.naturalWidth === i.naturalHeight, i.width, i.height, getComputedStyle(i).imageRendering, i.alt].join(" "))(document.querySelector(".qr-box img.qr"))`); got != "true 120 120 pixelated 本文网址的二维码" {
		t.Errorf("QR image: %q", got)
	}
	if err := chromedp.Do(ctx, media(emulation.SetEmulatedMediaParams{Media: "print"})); err != nil {
		t.Fatal(err)
	}
	if got := eval(qr); got == "none" {
		t.Error("the QR code is hidden in print")
	}
	if err := chromedp.Do(ctx, media(emulation.SetEmulatedMediaParams{})); err != nil {
		t.Fatal(err)
	}
	open(article, 390, false)
	if got := eval(qr); got != "none" {
		t.Errorf("the QR code shows on a phone: display %s", got)
	}

	// axe at 390 px on the pages with the features.
	for _, p := range []string{"/", article, "/zhuanti/qiangxianjianshe/", "/news/"} {
		open(p, 390, false)
		vs := runAxe(t, ctx, axe, srv.URL+p)
		for _, v := range vs {
			t.Errorf("%s at 390 px: axe %s (%s): %s\n    at %s", p, v.ID, v.Impact, v.Help, strings.Join(v.Targets, "\n    at "))
		}
		if w := eval(`String(document.documentElement.scrollWidth)`); w != "390" {
			t.Errorf("%s is %s px wide at a 390 px viewport", p, w)
		}
	}
}

// media emulates a CSS media type or media features (print, reduced motion).
func media(p emulation.SetEmulatedMediaParams) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, p)
		return err
	})
}
