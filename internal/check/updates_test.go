package check

import (
	"fmt"
	"strings"
	"testing"
)

// dated is a page of a section, days before fixtureNow.
func dated(title string, days int) string {
	d := fixtureNow.AddDate(0, 0, -days).Format("2006-01-02T15:04:05-07:00")
	return fmt.Sprintf("---\ntitle: %s\ndate: %s\nsource: 测试\n---\n\n正文。\n", title, d)
}

func section(title, body string) string { return "---\ntitle: " + title + "\n---\n\n" + body + "\n" }

func TestUpdates(t *testing.T) {
	rules := []string{RuleFreshness, RuleFreshnessHome, RuleFreshnessVeto, RuleSectionEmpty}
	home := section("首页", "[最新](news/a.md)")
	tests := []struct {
		name     string
		sections string // site.toml after [footer]
		pages    map[string]string
		want     []string
	}{
		{"news fresh", "", map[string]string{"content/news/_index.md": section("新闻动态", ""), "content/news/a.md": dated("甲", 3)}, nil},
		{"news stale by its name", "", map[string]string{"content/news/_index.md": section("新闻动态", ""), "content/news/a.md": dated("甲", 20)},
			[]string{"freshness-home@/:0:0", "freshness-stale@content/news/_index.md:1:1"}},
		{"news made static in site.toml", "[sections.news]\nupdateClass = \"静态\"\n",
			map[string]string{"content/news/_index.md": section("新闻动态", ""), "content/news/a.md": dated("甲", 3), "content/tzgg/_index.md": section("工作动态", ""), "content/tzgg/b.md": dated("乙", 20)},
			[]string{"freshness-stale@content/tzgg/_index.md:1:1"}},
		{"notice within six months", "", map[string]string{"content/news/a.md": dated("甲", 1), "content/tzgg/_index.md": section("通知公告", ""), "content/tzgg/b.md": dated("乙", 150)}, nil},
		{"notice after six months", "", map[string]string{"content/news/a.md": dated("甲", 1), "content/tzgg/_index.md": section("通知公告", ""), "content/tzgg/b.md": dated("乙", 200)},
			[]string{"freshness-stale@content/tzgg/_index.md:1:1"}},
		{"static never", "", map[string]string{"content/news/a.md": dated("甲", 1), "content/about/_index.md": section("机构概况", ""), "content/about/b.md": dated("乙", 900)}, nil},
		{"unknown class", "[sections.news]\nupdateClass = \"每天\"\n", map[string]string{"content/news/a.md": dated("甲", 1)},
			[]string{"freshness-stale@site.toml:11:1"}},
		{"intro only is empty", "", map[string]string{"content/news/a.md": dated("甲", 1), "content/zt/_index.md": section("专题", "本栏目介绍。")},
			[]string{"section-empty@content/zt/_index.md:1:1"}},
		{"home stale, a column fresh", "", map[string]string{"content/_index.md": home, "content/news/a.md": dated("甲", 30), "content/tzgg/_index.md": section("通知公告", ""), "content/tzgg/b.md": dated("乙", 1)},
			[]string{"freshness-home@content/_index.md:1:1", "freshness-stale@content/news/:1:1"}},
	}
	// Five stale news columns, and five empty ones, fail the site.
	stale := map[string]string{"content/_index.md": home, "content/news/a.md": dated("甲", 1)}
	empty := map[string]string{"content/_index.md": home, "content/news/a.md": dated("甲", 1)}
	var wantStale, wantEmpty []string
	for i := 1; i <= 5; i++ {
		dir := fmt.Sprintf("content/dt%d/", i)
		stale[dir+"_index.md"] = section(fmt.Sprintf("动态%d", i), "")
		stale[dir+"a.md"] = dated("旧", 20)
		wantStale = append(wantStale, "freshness-stale@"+dir+"_index.md:1:1")
		empty[dir+"_index.md"] = section(fmt.Sprintf("专栏%d", i), "介绍。")
		wantEmpty = append(wantEmpty, "section-empty@"+dir+"_index.md:1:1")
	}
	tests = append(tests,
		struct {
			name     string
			sections string
			pages    map[string]string
			want     []string
		}{"five stale news columns", "", stale, append([]string{"freshness-veto@content/:0:0"}, wantStale...)},
		struct {
			name     string
			sections string
			pages    map[string]string
			want     []string
		}{"five empty columns", "", empty, append([]string{"freshness-veto@content/:0:0"}, wantEmpty...)},
	)
	// A site that is no government site keeps its intro-only and news
	// sections without the inspection's rules.
	tests = append(tests, struct {
		name     string
		sections string
		pages    map[string]string
		want     []string
	}{"not a government site", "", map[string]string{"content/news/_index.md": section("新闻动态", ""), "content/news/a.md": dated("甲", 30),
		"content/zt/_index.md": section("专题", "介绍。")}, nil})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := footerConfig(fixtureFooter) + "\n" + tt.sections
			if tt.name == "not a government site" {
				cfg = "title = \"博客\"\nbaseURL = \"https://blog.example.com/\"\n"
			}
			got, _ := findingsWith(t, tt.pages, map[string]string{"site.toml": cfg}, false, rules...)
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("got  %v\nwant %v", got, tt.want)
			}
		})
	}
}
