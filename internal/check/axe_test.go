package check

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hengdong/internal/browsertest"
	"hengdong/internal/build"
	"hengdong/internal/content"
	"hengdong/internal/output"
)

// axePath is where `npm ci --prefix tools/axe` puts axe-core; AXE_CORE overrides it.
var axePath = filepath.Join(portalRoot, "tools", "axe", "node_modules", "axe-core", "axe.min.js")

// axeTags are the rule sets run: WCAG 2.0 and 2.1, levels A and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// axeViolation is the part of an axe-core violation the test prints.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

// loadAxe returns the source of axe.min.js, skipping the test when it is not
// installed (failing under CI=true, where the browser tests must run).
func loadAxe(t *testing.T) string {
	t.Helper()
	p := axePath
	if env := os.Getenv("AXE_CORE"); env != "" {
		p = env
	}
	src, err := os.ReadFile(p)
	if err != nil {
		msg := fmt.Sprintf("axe-core not found at %s: install it with `npm ci --prefix tools/axe` (or set AXE_CORE to axe.min.js)", p)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + " (CI=true: the accessibility test must run)")
		}
		t.Skip(msg)
	}
	return string(src)
}

// TestShippedPortalAccessibility builds the shipped portal into a temporary
// folder, serves it, and runs axe-core's WCAG 2.1 A and AA rules in headless
// Chromium on every HTML page, expecting no violation.
func TestShippedPortalAccessibility(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	axe := loadAxe(t)
	srv, res := servePortal(t)

	var pages []string
	for p := range res.Files {
		if !isHTMLPath(p) {
			continue
		}
		if _, alias := res.Tree.Aliases[p]; alias {
			continue // a redirect to a page tested anyway
		}
		pages = append(pages, p)
	}
	sort.Strings(pages)
	if len(pages) == 0 {
		t.Fatal("the portal has no HTML page")
	}

	ctx := browsertest.New(t, 10*time.Minute)
	total := 0
	for _, p := range pages {
		vs := runAxe(t, ctx, axe, srv.URL+strings.TrimSuffix(res.Config.BasePath(), "/")+content.EscapePath(p))
		for _, v := range vs {
			total++
			t.Errorf("%s: axe %s (%s): %s\n    at %s", p, v.ID, v.Impact, v.Help, strings.Join(v.Targets, "\n    at "))
		}
	}
	t.Logf("axe-core (%s) ran on %d pages: %d violations", strings.Join(axeTags, ", "), len(pages), total)
}

// servePortal builds the shipped portal into a temporary folder, as `build`
// writes it, and serves that folder for the browser tests.
func servePortal(t *testing.T) (*httptest.Server, *build.Result) {
	t.Helper()
	_, res := renderSite(t, portalRoot, time.Now())
	return serveResult(t, res), res
}

// serveResult writes res's files to a temporary folder and serves them.
func serveResult(t *testing.T, res *build.Result) *httptest.Server {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "public")
	if err := output.Write(portalRoot, dir, res.Files); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	return srv
}

// runAxe opens u and returns axe-core's violations of the WCAG A and AA rules.
func runAxe(t *testing.T, ctx context.Context, axe, u string) []axeViolation {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	ok, err := browsertest.Eval[bool](ctx, axe+"\n;typeof axe === 'object'")
	if err != nil || !ok {
		t.Fatalf("%s: injecting axe-core: %v", u, err)
	}
	tags := `["` + strings.Join(axeTags, `","`) + `"]`
	run := `axe.run(document, {runOnly: {type: "tag", values: ` + tags + `}, resultTypes: ["violations"]})
		.then(r => r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help,
			targets: v.nodes.map(n => n.target.join(" "))})))`
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](run, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: running axe-core: %v", u, err)
	}
	return vs
}

// TestAxeHarnessFindsViolations proves the harness reports what axe finds: a
// page with an unlabelled image and a missing lang must fail.
func TestAxeHarnessFindsViolations(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	axe := loadAxe(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html><head><title>坏页面</title></head><body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>`)
	}))
	defer srv.Close()
	ctx := browsertest.New(t, 2*time.Minute)
	got := map[string]bool{}
	for _, v := range runAxe(t, ctx, axe, srv.URL) {
		got[v.ID] = true
	}
	for _, want := range []string{"image-alt", "html-has-lang"} {
		if !got[want] {
			t.Errorf("axe did not report %s; got %v", want, got)
		}
	}
}
