// Package browsertest starts Debian's headless Chromium for browser tests through
// chromedp (a maintained Go CDP client, so tests need no Node.js). Where Chromium
// is missing the test is skipped with a clear message, except under CI=true,
// where it fails: CI must prove the browser tests ran.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Path is where Debian's chromium package puts the browser.
const Path = "/usr/bin/chromium"

// find returns the browser's path, or "" when there is none.
func find() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	if _, err := os.Stat(Path); err == nil {
		return Path
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

// New starts a headless Chromium and returns a browser context for chromedp
// actions, cancelled when the test ends. timeout bounds the whole test.
func New(t testing.TB, timeout time.Duration) context.Context {
	t.Helper()
	bin := find()
	if bin == "" {
		msg := "Chromium not found at " + Path + ": install it with `apt-get install -y chromium` to run browser tests"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + " (CI=true: browser tests must run)")
		}
		t.Skip(msg)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(func() { bcancel(); acancel(); cancel() })
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return bctx
}

// Eval evaluates a JavaScript expression in the page and decodes its value.
func Eval[T any](ctx context.Context, expr string) (T, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr))
}

// MustEval is Eval for a test: an error ends the test, naming the expression.
func MustEval[T any](t testing.TB, ctx context.Context, expr string) T {
	t.Helper()
	v, err := Eval[T](ctx, expr)
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}
