package check

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hengdong/internal/browsertest"
)

// TestToolbarInBrowser drives the default theme's 适老化 toolbar with the
// keyboard in headless Chromium: three text sizes, high contrast and the large
// cursor work, the choices persist on the next page, and 重置 clears them.
func TestToolbarInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	srv, res := servePortal(t)

	// Without JavaScript the toolbar is hidden in the HTML itself, so the page
	// offers no control that cannot work.
	home := string(res.Files["/"])
	if !regexp.MustCompile(`<div[^>]*id="?a11y-toolbar"?[^>]*\shidden`).MatchString(home) {
		t.Error("the toolbar is not hidden until JavaScript shows it")
	}

	ctx := browsertest.New(t, 90*time.Second)
	eval := func(expr string) string { t.Helper(); return browsertest.MustEval[string](t, ctx, expr) }
	press := func(selector, key string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Focus(selector), chromedp.KeyEvent(key)); err != nil {
			t.Fatalf("pressing %q on %s: %v", key, selector, err)
		}
	}
	fontSize := `getComputedStyle(document.documentElement).fontSize`
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible("#a11y-toolbar")); err != nil {
		t.Fatal(err)
	}
	base := eval(fontSize)
	sizes := map[string]string{}
	for _, size := range []string{"large", "xlarge"} {
		sel := `#a11y-toolbar [data-a11y-size="` + size + `"]`
		press(sel, "\r") // Enter on a real <button>
		if got := eval(`document.querySelector('` + sel + `').getAttribute("aria-pressed")`); got != "true" {
			t.Errorf("%s: aria-pressed=%s", size, got)
		}
		sizes[size] = eval(fontSize)
	}
	if px(base) >= px(sizes["large"]) || px(sizes["large"]) >= px(sizes["xlarge"]) {
		t.Errorf("text sizes do not grow: %s, %s, %s", base, sizes["large"], sizes["xlarge"])
	}
	press(`#a11y-toolbar [data-a11y-toggle="contrast"]`, " ") // Space toggles too
	press(`#a11y-toolbar [data-a11y-toggle="cursor"]`, "\r")
	classes := eval(`document.documentElement.className`)
	for _, c := range []string{"a11y-fs-xlarge", "a11y-contrast", "a11y-cursor"} {
		if !strings.Contains(classes, c) {
			t.Errorf("after the toolbar: html class %q lacks %s", classes, c)
		}
	}
	if bg := eval(`getComputedStyle(document.body).backgroundColor`); bg == "rgb(255, 255, 255)" {
		t.Errorf("high contrast did not change the background: %s", bg)
	}
	if cur := eval(`getComputedStyle(document.body).cursor`); !strings.Contains(cur, "url(") {
		t.Errorf("large cursor not applied: %s", cur)
	}

	// The choices persist on the next page, before any click.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/news/"), chromedp.WaitVisible("#a11y-toolbar")); err != nil {
		t.Fatal(err)
	}
	if got := eval(`document.documentElement.className`); !strings.Contains(got, "a11y-contrast") || !strings.Contains(got, "a11y-fs-xlarge") {
		t.Errorf("choices lost on the next page: %q", got)
	}
	press(`#a11y-toolbar [data-a11y-reset]`, "\r")
	if got := eval(`document.documentElement.className`); strings.Contains(got, "a11y-") {
		t.Errorf("重置 left %q", got)
	}
	if got := eval(fontSize); got != base {
		t.Errorf("text size after 重置: %s, want %s", got, base)
	}
}

// px reads a computed CSS length such as "20px".
func px(s string) float64 {
	v, _ := strconv.ParseFloat(strings.TrimSuffix(s, "px"), 64)
	return v
}
