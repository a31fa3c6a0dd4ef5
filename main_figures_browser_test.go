package main

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"hengdong/internal/browsertest"
	"hengdong/internal/build"
	"hengdong/internal/output"
)

// tableAndChart is what the page reports of its first 指标 table and chart.
type tableAndChart struct {
	ScrollW, ClientW float64 // of the table's scroll container
	LastReached      bool    // after scrolling to the end, the 来源 column is inside the container
	HintShown        bool
	TableW, ContentW float64 // the table's width and the content column's (.wrap without padding)
	PageOverflows    bool    // the page itself scrolls sideways
	Focusable        bool    // tabindex=0, role=region and a label
	LabelPx, BodyPx  float64 // a chart axis label as drawn, and the body text
}

const measureJS = `(() => {
  const s = document.querySelector('.article .table-scroll:has(> table.indicators)');
  const hint = s.parentElement.querySelector('.scroll-hint');
  const wrap = s.closest('.wrap'), ws = getComputedStyle(wrap);
  s.scrollLeft = s.scrollWidth;
  const last = s.querySelector('thead tr > :last-child').getBoundingClientRect(), box = s.getBoundingClientRect();
  const t = document.querySelector('.article figure.chart svg g.axis text');
  const r = {
    ScrollW: s.scrollWidth, ClientW: s.clientWidth,
    LastReached: last.right <= box.right + 1 && last.left >= box.left - 1,
    HintShown: hint !== null && hint.getClientRects().length > 0 && getComputedStyle(hint).visibility === 'visible',
    TableW: box.width, ContentW: wrap.clientWidth - parseFloat(ws.paddingLeft) - parseFloat(ws.paddingRight),
    PageOverflows: document.documentElement.scrollWidth > document.documentElement.clientWidth,
    Focusable: s.tabIndex === 0 && s.getAttribute('role') === 'region' && !!s.getAttribute('aria-label'),
    LabelPx: parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a,
    BodyPx: parseFloat(getComputedStyle(document.body).fontSize),
  };
  s.scrollLeft = 0;
  return r;
})()`

// The portal's 指标 tables and charts read well on a 390 px phone and a
// 1280 px desktop: the table scrolls, says so and reaches its last column on
// the phone, and takes the full content width without overflow on the
// desktop; chart text stays near the body size and grows with 特大.
func TestTablesAndChartsInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	in, err := build.ReadInputs(".", theme)
	if err != nil {
		t.Fatal(err)
	}
	res, err := build.Render(in, build.Options{Now: time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	page := ""
	for p, b := range res.Files {
		if s := string(b); strings.HasSuffix(p, "/") && strings.Contains(s, `class="indicators"`) && strings.Contains(s, `<figure class="chart"`) &&
			strings.Contains(s, `class="article"`) && (page == "" || p < page) {
			page = p
		}
	}
	if page == "" {
		t.Fatal("no article of the portal has both an indicators table and a chart")
	}
	dir := filepath.Join(t.TempDir(), "public")
	if err := output.Write(".", dir, res.Files); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	ctx := browsertest.New(t, 90*time.Second)

	measure := func(w, h int64) tableAndChart {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, h), chromedp.Navigate(srv.URL+page),
			chromedp.WaitVisible("#a11y-toolbar")); err != nil {
			t.Fatalf("%d px: %v", w, err)
		}
		m, err := browsertest.Eval[tableAndChart](ctx, measureJS)
		if err != nil {
			t.Fatalf("%d px: %v", w, err)
		}
		return m
	}
	ratioOK := func(name string, m tableAndChart) {
		t.Helper()
		if r := m.LabelPx / m.BodyPx; r < 0.8 || r > 1.2 {
			t.Errorf("%s: chart label %.1f px against body %.1f px (ratio %.2f, want 0.8–1.2)", name, m.LabelPx, m.BodyPx, r)
		}
	}

	phone := measure(390, 844)
	t.Logf("390: %+v", phone)
	if !phone.Focusable {
		t.Error("390 px: the scroll container is not a labelled, focusable region")
	}
	if phone.ScrollW <= phone.ClientW || !phone.HintShown || !phone.LastReached {
		t.Errorf("390 px: scrollWidth %.0f clientWidth %.0f, hint shown %v, last column reachable %v; want a scrolling table with a visible hint",
			phone.ScrollW, phone.ClientW, phone.HintShown, phone.LastReached)
	}
	if phone.PageOverflows {
		t.Error("390 px: the page itself scrolls sideways")
	}
	ratioOK("390 px", phone)

	desk := measure(1280, 900)
	t.Logf("1280: %+v", desk)
	if desk.ScrollW > desk.ClientW || desk.HintShown {
		t.Errorf("1280 px: scrollWidth %.0f > clientWidth %.0f or hint shown (%v): the table should fit", desk.ScrollW, desk.ClientW, desk.HintShown)
	}
	if desk.TableW < desk.ContentW-2 || desk.PageOverflows {
		t.Errorf("1280 px: table %.0f px wide in a %.0f px content column (page overflows: %v); want the full width", desk.TableW, desk.ContentW, desk.PageOverflows)
	}
	ratioOK("1280 px", desk)

	if err := chromedp.Do(ctx, chromedp.Click(`#a11y-toolbar [data-a11y-size="xlarge"]`)); err != nil {
		t.Fatal(err)
	}
	big, err := browsertest.Eval[tableAndChart](ctx, measureJS)
	if err != nil {
		t.Fatal(err)
	}
	if big.LabelPx < desk.LabelPx*1.3 {
		t.Errorf("特大: chart label %.1f px, was %.1f px: it does not grow with the toolbar", big.LabelPx, desk.LabelPx)
	}
	ratioOK("1280 px 特大", big)
	if big.PageOverflows {
		t.Error("1280 px 特大: the page scrolls sideways")
	}
}
