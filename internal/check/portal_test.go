package check

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hengdong/internal/build"
)

// portalRoot is the shipped 衡东县 portal: the repository root.
var portalRoot = filepath.Join("..", "..")

// TestShippedPortalPasses builds the shipped portal and expects no finding at
// all, neither error nor warning.
//
// The freshness rule compares the newest news page with the clock. The
// content's dates are fixed in the repository, so this test sets the clock
// to the day after the site's newest page; the real clock is applied by
// `go run . check` in the scheduled CI job, where a stale column should fail.
func TestShippedPortalPasses(t *testing.T) {
	in, res := renderSite(t, portalRoot, time.Now())
	now := res.Tree.Site.LastChange.Add(24 * time.Hour)
	got := Run(context.Background(), in, res, Options{Now: now})
	if len(got) > 0 {
		errs, warns := Count(got)
		t.Errorf("the shipped portal has %d errors and %d warnings:\n%s", errs, warns, lines(got))
	}
}

// TestShippedPortalProduction documents why the portal builds without
// --production: its site.toml holds placeholder numbers and no footer badges
// (the county's 开办单位 is issued them; the repository has none), and with
// the switch those (and nothing else) are errors, each at its site.toml line
// (the badges at their commented-out keys).
func TestShippedPortalProduction(t *testing.T) {
	in, res := renderSite(t, portalRoot, time.Now())
	now := res.Tree.Site.LastChange.Add(24 * time.Hour)
	var got []string
	for _, f := range Run(context.Background(), in, res, Options{Now: now, Production: true}) {
		got = append(got, fmt.Sprintf("%s@%s:%d", f.Rule, f.File, f.Line))
	}
	want := []string{"footer-placeholder@site.toml:71", "footer-placeholder@site.toml:73", "footer-placeholder@site.toml:74", "footer-placeholder@site.toml:75",
		"footer-badge@site.toml:79", "footer-badge@site.toml:81"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got  %v\nwant %v", got, want)
	}
}

// portalWithBadges renders the shipped portal as a county would once its
// 开办单位 hands over the badges: the three commented-out keys of site.toml
// set, and grey stand-in images (the real ones are issued, never drawn here).
func portalWithBadges(t *testing.T) (*build.Inputs, *build.Result) {
	t.Helper()
	in, err := build.ReadInputs(portalRoot, nil)
	if err != nil {
		t.Fatal(err)
	}
	addThemeWordList(t, in)
	cfg := string(in.Config)
	for _, kv := range [][2]string{
		{`# conacBadge = "images/badges/conac.png"`, `conacBadge = "images/badges/conac.png"`},
		{`# conacID = "…"`, `conacID = "0A1B2C3D4E5F60718293A4B5C6D7E8F9"`},
		{`# policeBadge = "images/badges/police.png"`, `policeBadge = "images/badges/police.png"`},
	} {
		if !strings.Contains(cfg, kv[0]) {
			t.Fatalf("site.toml has no %q", kv[0])
		}
		cfg = strings.Replace(cfg, kv[0], kv[1], 1)
	}
	in.Config = []byte(cfg)
	in.Static["static/images/badges/conac.png"] = []byte(grey(t, 55, 67))
	in.Static["static/images/badges/police.png"] = []byte(grey(t, 20, 20))
	res, err := build.Render(in, build.Options{})
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	return in, res
}

// TestShippedThemeBadges: with the badges set as site.toml's comment says,
// the theme shows them and check --production finds no fault in them.
func TestShippedThemeBadges(t *testing.T) {
	in, res := portalWithBadges(t)
	now := res.Tree.Site.LastChange.Add(24 * time.Hour)
	for _, f := range Run(context.Background(), in, res, Options{Now: now, Production: true}) {
		if f.Rule != RuleFooterPlaceholder {
			t.Errorf("unexpected finding: %s", f)
		}
	}
	home := string(res.Files["/"])
	for _, want := range []string{
		`<a href="https://bszs.conac.cn/sitename?method=show&amp;id=0A1B2C3D4E5F60718293A4B5C6D7E8F9" rel="noopener"><img src="/images/badges/conac.png" alt="党政机关" width="55" height="67"></a>`,
		`<img class="police-badge" src="/images/badges/police.png" alt="公安备案" width="20" height="20">湘公网安备`,
	} {
		if !strings.Contains(home, want) {
			t.Errorf("the home page lacks %s", want)
		}
	}
	if strings.Contains(home, "conac.cn/js") || strings.Contains(home, "dcs.conac.cn") {
		t.Error("the footer loads a third-party script or image")
	}
}
