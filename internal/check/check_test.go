package check

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hengdong/internal/build"
)

// fixtureNow is the clock of the fault fixture: the newest news page
// (2025-03-01) is then 19 days old, over the 14-day limit.
var fixtureNow = time.Date(2025, 3, 20, 12, 0, 0, 0, time.FixedZone("CST", 8*3600))

// renderSite builds the site at root in memory, with theme layered under it.
func renderSite(t *testing.T, root string, now time.Time) (*build.Inputs, *build.Result) {
	t.Helper()
	in, err := build.ReadInputs(root, nil)
	if err != nil {
		t.Fatal(err)
	}
	addThemeWordList(t, in)
	res, err := build.Render(in, build.Options{Now: now})
	if err != nil {
		t.Fatalf("render %s:\n%v", root, err)
	}
	return in, res
}

// TestFaultFixture checks that every rule fires exactly once on the fixture
// site, at the right place, and that nothing else fires.
func TestFaultFixture(t *testing.T) {
	in, res := renderSite(t, filepath.Join("testdata", "faults"), fixtureNow)
	got := Run(context.Background(), in, res, Options{Now: fixtureNow})

	tests := []struct {
		rule string
		file string
		line int
	}{
		{RuleLinkBroken, "static/legacy.html", 7},
		{RuleLinkAnchor, "content/news/links.md", 9},
		{RuleLinkAsset, "/about/asset/", 0},
		{RuleImgAlt, "content/news/images.md", 9},
		{RuleTitleDuplicate, "content/about/dup-b.md", 2},
		{RuleHeadingSkip, "content/news/headings.md", 9},
		{RuleIDDuplicate, "content/news/headings.md", 11},
		{RulePageDate, "content/about/nodate.md", 1},
		{RulePageSource, "content/about/nosource.md", 1},
		{RuleSectionEmpty, "content/empty/_index.md", 1},
		{RuleFreshness, "content/news/_index.md", 1},
		{RuleFreshnessHome, "content/_index.md", 1},
		{RuleFooterMissing, "/about/nocontact/", 0},
		{RuleFooterICP, "/about/badicp/", 0},
		{RuleFooterPolice, "/about/badpolice/", 0},
		{RuleMetaSite, "/about/nositemeta/", 0},
		{RuleMetaColumn, "/about/", 0},
		{RuleMetaArticle, "/about/noarticlemeta/", 0},
		{RuleTypoASCII, "content/news/typo.md", 7},
		{RuleTypoDouble, "content/news/typo.md", 9},
		{RuleTypoSpace, "content/news/typo.md", 11},
		{RuleFooterJiucuo, "/about/nojiucuo/", 0},
		// The footer template leaves the 标识 out of /about/nobadge/: found
		// at the badge's line in the template, a warning without --production.
		{RuleFooterBadge, "layouts/partials/footer.html", 23},
		{RuleWording, "content/news/wording.md", 9},
		{RulePrivacy, "content/news/privacy.md", 9},
		{RulePageDateShown, "/about/nodateshown/", 0},
		{RulePageSourceShow, "/about/nosourceshown/", 0},
		{RuleFrontMatterKey, "content/news/_index.md", 3},
		// The accessibility rules: a fault written in the layout is found at
		// its line there; a missing thing at the page that lacks it.
		{RuleHTMLLang, "layouts/_default/baseof.html", 4},
		{RuleViewport, "layouts/_default/baseof.html", 11},
		{RulePageTitle, "/about/notitle/", 0},
		{RuleSkipLink, "/about/noskip/", 0},
		{RuleFormLabel, "layouts/_default/baseof.html", 45},
	}
	byRule := map[string][]Finding{}
	for _, f := range got {
		byRule[f.Rule] = append(byRule[f.Rule], f)
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			fs := byRule[tt.rule]
			if len(fs) != 1 {
				t.Fatalf("%s fired %d times, want once:\n%s", tt.rule, len(fs), lines(fs))
			}
			f := fs[0]
			if f.File != tt.file || f.Line != tt.line {
				t.Errorf("%s at %s:%d, want %s:%d\n%s", tt.rule, f.File, f.Line, tt.file, tt.line, f)
			}
			level := LevelOf(tt.rule)
			if tt.rule == RuleFooterBadge {
				level = Warning // an error only with --production (TestFooterBadges)
			}
			if f.Level != level {
				t.Errorf("level %s, want %s", f.Level, level)
			}
			if f.Msg == "" || f.Fix == "" || f.Detail == "" {
				t.Errorf("finding lacks message, fix or detail: %s", f)
			}
		})
		delete(byRule, tt.rule)
	}
	for rule, fs := range byRule {
		t.Errorf("unexpected %s findings:\n%s", rule, lines(fs))
	}
	// Every rule but those that need the command line is covered above
	// (footer-placeholder by TestFaultFixtureProduction) and freshness-veto,
	// which needs five faulty columns (TestUpdates).
	covered := map[string]bool{RuleBuild: true, RuleLinkExternal: true, RuleFooterPlaceholder: true, RuleFreshnessVeto: true}
	for _, tt := range tests {
		covered[tt.rule] = true
	}
	for _, r := range Rules {
		if !covered[r.ID] {
			t.Errorf("rule %s has no fault in the fixture", r.ID)
		}
	}
}

func lines(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("  " + f.String() + "\n")
	}
	return b.String()
}

// addThemeWordList gives a site read without the theme (as the tests read
// them) the theme's word list, as `go run . check` has it.
func addThemeWordList(t *testing.T, in *build.Inputs) {
	t.Helper()
	name := WordingDir + "wording.toml"
	if _, ok := in.Layouts[name]; ok {
		return
	}
	data, err := os.ReadFile(filepath.Join(portalRoot, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	in.Layouts[name] = data
}

// TestFaultFixtureProduction checks the fixture as `check --production` does:
// its placeholder 网站标识码 is then an error at its site.toml line.
func TestFaultFixtureProduction(t *testing.T) {
	in, res := renderSite(t, filepath.Join("testdata", "faults"), fixtureNow)
	var got []Finding
	for _, f := range Run(context.Background(), in, res, Options{Now: fixtureNow, Production: true}) {
		if f.Rule == RuleFooterPlaceholder {
			got = append(got, f)
		}
	}
	if len(got) != 1 || got[0].File != "site.toml" || got[0].Line != 10 || got[0].Col != 12 {
		t.Errorf("got:\n%s\nwant one footer-placeholder at site.toml:10:12", lines(got))
	}
}
