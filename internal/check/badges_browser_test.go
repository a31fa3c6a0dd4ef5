package check

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hengdong/internal/browsertest"
)

// TestBadgesInBrowser lays the portal's footer out with the badges set, in
// headless Chromium at a phone's 390 px and at desktop width: the 标识 at
// the bottom centre, the 公安 icon on the line of the 公安机关备案号 and
// before it, nothing wider than the screen, and axe-core's WCAG rules on the
// page when axe-core is installed.
func TestBadgesInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	_, res := portalWithBadges(t)
	srv := serveResult(t, res)
	ctx := browsertest.New(t, 2*time.Minute)
	eval := func(expr string) string { t.Helper(); return browsertest.MustEval[string](t, ctx, expr) }
	num := func(expr string) float64 {
		t.Helper()
		f, err := strconv.ParseFloat(eval("String("+expr+")"), 64)
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return f
	}
	for _, width := range []int64{390, 1280} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 844), chromedp.Navigate(srv.URL+"/about/"), chromedp.WaitReady("body")); err != nil {
			t.Fatal(err)
		}
		// The images are loaded, as a page's visitor sees them.
		if got := eval(`String([...document.querySelectorAll(".site-footer img")].map(i => i.complete && i.naturalWidth > 0))`); got != "true,true" {
			t.Fatalf("%d px: footer images loaded: %s", width, got)
		}
		if w := num(`document.documentElement.scrollWidth`); w > float64(width) {
			t.Errorf("%d px: the page is %.0f px wide", width, w)
		}
		// The 标识: the last thing in the footer, its centre on the footer's.
		badge := num(`(r => r.left + r.width / 2)(document.querySelector(".conac-badge img").getBoundingClientRect())`)
		wrap := num(`(r => r.left + r.width / 2)(document.querySelector(".site-footer .wrap").getBoundingClientRect())`)
		if badge < wrap-2 || badge > wrap+2 {
			t.Errorf("%d px: the 标识 is centred at %.1f px, the footer at %.1f px", width, badge, wrap)
		}
		if got := eval(`String(document.querySelector(".site-footer .wrap").lastElementChild.className)`); got != "conac-badge" {
			t.Errorf("%d px: the footer ends with %q, not the 标识", width, got)
		}
		// The 公安 icon: before the number, on its line, in its link.
		icon := `document.querySelector(".police-record img").getBoundingClientRect()`
		text := `(() => { const r = document.createRange(); r.selectNodeContents(document.querySelector(".police-record").lastChild); return r.getBoundingClientRect(); })()`
		if l, r := num(icon+".right"), num(text+".left"); l > r+1 {
			t.Errorf("%d px: the 公安 icon ends at %.1f px, after the number starting at %.1f px", width, l, r)
		}
		if a, b := num(icon+".top + "+icon+".height / 2"), num(text+".top + "+text+".height / 2"); a < b-8 || a > b+8 {
			t.Errorf("%d px: the 公安 icon's middle is at %.1f px, the number's line at %.1f px", width, a, b)
		}
		if h := num(text + ".height"); h > 40 {
			t.Errorf("%d px: the 公安机关备案号 wraps (%.0f px high)", width, h)
		}
	}
	p := axePath
	if env := os.Getenv("AXE_CORE"); env != "" {
		p = env
	}
	if _, err := os.Stat(p); err != nil && os.Getenv("CI") != "true" {
		t.Logf("axe-core not installed (%s): layout checked, axe not run", p)
		return
	}
	axe := loadAxe(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	for _, v := range runAxe(t, ctx, axe, srv.URL+"/about/") {
		t.Errorf("/about/ at 390 px with the badges: axe %s (%s): %s\n    at %s", v.ID, v.Impact, v.Help, strings.Join(v.Targets, "\n    at "))
	}
}
