package check

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
// --production: its site.toml holds placeholder numbers, and with the switch
// those (and nothing else) are errors, each at its site.toml line.
func TestShippedPortalProduction(t *testing.T) {
	in, res := renderSite(t, portalRoot, time.Now())
	now := res.Tree.Site.LastChange.Add(24 * time.Hour)
	var got []string
	for _, f := range Run(context.Background(), in, res, Options{Now: now, Production: true}) {
		got = append(got, fmt.Sprintf("%s@%s:%d", f.Rule, f.File, f.Line))
	}
	want := []string{"footer-placeholder@site.toml:71", "footer-placeholder@site.toml:73", "footer-placeholder@site.toml:74", "footer-placeholder@site.toml:75"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got  %v\nwant %v", got, want)
	}
}
