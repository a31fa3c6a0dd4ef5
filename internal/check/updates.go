package check

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"time"

	"hengdong/internal/config"
	"hengdong/internal/content"
)

// Rule ids of the timeliness (及时性) rules besides freshness-stale.
const (
	RuleFreshnessHome = "freshness-home" // nothing new on the home page for two weeks (单项否决)
	RuleFreshnessVeto = "freshness-veto" // the stale or empty columns reach the inspection's thresholds (单项否决)
)

// Update classes: how long a section may go without a new page.
const (
	classNews   = "动态"   // 动态、要闻、新闻: two weeks
	classNotice = "通知公告" // 通知公告、政策文件: six months
	classStatic = "静态"   // 机构概况 and the like: never stale
)

// classDays is each update class's limit in days (0: none).
var classDays = map[string]int{classNews: 14, classNotice: 183, classStatic: 0}

// classAliases maps what site.toml may write as updateClass to a class.
var classAliases = map[string]string{
	"动态": classNews, "要闻": classNews, "新闻": classNews, "news": classNews,
	"通知公告": classNotice, "通知": classNotice, "公告": classNotice, "政策文件": classNotice, "政策": classNotice, "notice": classNotice,
	"静态": classStatic, "static": classStatic,
}

// The inspection's thresholds (政府网站与政务新媒体检查指标, 单项否决 “内容更新”):
// a site fails with this many columns of each kind.
const (
	homeMaxDays      = 14
	vetoStaleNews    = 5  // 动态、要闻类栏目 not updated within two weeks
	vetoStaleAll     = 10 // 应更新而长期未更新的栏目 of any class
	vetoEmptyColumns = 5  // 空白栏目, intro-only ones included
)

// updateClass returns sec's class and its limit in days, and where the
// choice came from ("" when from the name).
func (s *site) updateClass(sec *content.Page) (class string, days int, fromConfig bool) {
	if c, ok := s.cfg.Sections[sec.Dir]; ok {
		if c.MaxAgeDays > 0 {
			class = classNews
			if cl, ok := classAliases[c.UpdateClass]; ok {
				class = cl
			}
			return class, c.MaxAgeDays, true
		}
		if cl, ok := classAliases[c.UpdateClass]; ok {
			return cl, classDays[cl], true
		}
	}
	if !s.gov {
		return classStatic, 0, false // the inspection's classes are for government sites
	}
	name := sec.Title + " " + path.Base(sec.Dir)
	switch {
	case strings.Contains(name, "动态") || strings.Contains(name, "要闻") || strings.Contains(name, "新闻") || path.Base(sec.Dir) == "news":
		return classNews, classDays[classNews], false
	case strings.Contains(name, "通知") || strings.Contains(name, "公告") || strings.Contains(name, "政策") || strings.Contains(name, "文件"):
		return classNotice, classDays[classNotice], false
	}
	return classStatic, 0, false
}

// checkUpdates is the timeliness rule as inspectors count it: each section's
// newest page against its update class (freshness-stale), the home page's
// newest item (freshness-home), and the thresholds of stale and empty columns
// at which the whole site fails (freshness-veto).
func (s *site) checkUpdates(now time.Time) {
	names := make([]string, 0, len(s.cfg.Sections))
	for n := range s.cfg.Sections {
		names = append(names, n)
	}
	sort.Strings(names)
	secs := map[string]*content.Page{}
	for _, p := range s.res.Tree.All {
		if p.Kind == content.KindSection {
			secs[p.Dir] = p
		}
	}
	for _, name := range names {
		c := s.cfg.Sections[name]
		if c.UpdateClass != "" && classAliases[c.UpdateClass] == "" {
			s.add(Finding{File: config.FileName, Line: s.configLine("[sections." + name + "]"), Col: 1, Rule: RuleFreshness,
				Msg: fmt.Sprintf("site.toml 中栏目 %s 的 updateClass“%s”无法识别", name, c.UpdateClass),
				Fix: "应为“动态”（两周）、“通知公告”（六个月）或“静态”（不要求更新）", Detail: "unknown updateClass " + c.UpdateClass})
		}
		if secs[name] == nil {
			s.add(Finding{File: config.FileName, Line: s.configLine("[sections." + name + "]"), Col: 1, Rule: RuleFreshness,
				Msg: "site.toml 为栏目 " + name + " 设置了更新要求，但没有这个栏目",
				Fix: "请检查 [sections." + name + "] 的栏目名（content/ 下的文件夹名）", Detail: "no section " + name})
		}
	}
	var staleNews, staleAll, empty []string
	var dirs []string
	for d := range secs {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	for _, dir := range dirs {
		sec := secs[dir]
		if sec.Layout != "" || sec.FrontType != "" {
			continue // a page of its own kind (search, a map), not a column
		}
		if len(sec.RegularPages) == 0 {
			empty = append(empty, sec.Title)
			continue
		}
		class, limit, _ := s.updateClass(sec)
		if limit <= 0 {
			continue
		}
		var newest *content.Page
		for _, p := range sec.RegularPages {
			if newest == nil || p.Date.After(newest.Date) {
				newest = p
			}
		}
		if newest.Date.IsZero() {
			continue // page-date reports it
		}
		age := now.Sub(newest.Date)
		if age <= time.Duration(limit)*24*time.Hour {
			continue
		}
		staleAll = append(staleAll, sec.Title)
		if class == classNews {
			staleNews = append(staleNews, sec.Title)
		}
		file := sec.File
		if file == "" {
			file = path.Join("content", dir) + "/"
		}
		s.add(Finding{File: file, Line: 1, Col: 1, Rule: RuleFreshness,
			Msg: fmt.Sprintf("栏目“%s”（%s类）已 %d 天没有更新（最新一篇是 %s 发布的 %s），超过了 %d 天的期限",
				sec.Title, class, int(age.Hours()/24), newest.Date.In(cst).Format("2006-01-02"), newest.File, limit),
			Fix:    "请发布新的信息；动态、要闻类栏目两周、通知公告和政策文件类栏目六个月不更新即为未更新；不需更新的栏目请在 site.toml 写 [sections." + dir + "] updateClass = \"静态\"",
			Detail: fmt.Sprintf("newest page is %d days old, limit %d", int(age.Hours()/24), limit)})
	}
	if !s.gov {
		return // the home page rule and the thresholds are the government inspection's
	}
	s.checkHome(now)
	var why []string
	if len(staleNews) >= vetoStaleNews {
		why = append(why, fmt.Sprintf("%d 个动态、要闻类栏目两周未更新（%s）", len(staleNews), strings.Join(staleNews, "、")))
	}
	if len(staleAll) >= vetoStaleAll {
		why = append(why, fmt.Sprintf("%d 个栏目应更新而未更新（%s）", len(staleAll), strings.Join(staleAll, "、")))
	}
	if len(empty) >= vetoEmptyColumns {
		why = append(why, fmt.Sprintf("%d 个空白栏目（%s）", len(empty), strings.Join(empty, "、")))
	}
	if len(why) > 0 {
		s.add(Finding{File: "content/", Rule: RuleFreshnessVeto,
			Msg:    "按政府网站检查指标，本站将被判为不合格（单项否决）：" + strings.Join(why, "；"),
			Fix:    "请更新上述栏目，或删除、合并长期无内容的栏目",
			Detail: fmt.Sprintf("%d stale news columns, %d stale columns, %d empty columns", len(staleNews), len(staleAll), len(empty))})
	}
}

// checkHome reports a home page whose newest linked page is more than two
// weeks old: the inspection counts a home page with nothing new for two
// weeks as not updated, which alone fails the site.
func (s *site) checkHome(now time.Time) {
	home := s.docs["/"]
	if home == nil || home.kind != kindPage {
		return
	}
	var newest *content.Page
	for _, r := range home.refs {
		if r.asset {
			continue
		}
		p, _, _, internal := s.relPath("/", r.val)
		if !internal {
			continue
		}
		if d := s.docs[s.target(p)]; d != nil && d.page != nil && d.page.Kind == content.KindPage && !d.page.Date.IsZero() {
			if newest == nil || d.page.Date.After(newest.Date) {
				newest = d.page
			}
		}
	}
	listed := newest != nil
	if !listed { // a home page that lists nothing is as new as the site's newest page
		for _, p := range s.res.Tree.All {
			if p.Kind == content.KindPage && !p.Date.IsZero() && (newest == nil || p.Date.After(newest.Date)) {
				newest = p
			}
		}
	}
	file := "content/_index.md"
	if home.page == nil || home.page.File == "" {
		file = "/"
	}
	line := 1
	if file == "/" {
		line = 0
	}
	if newest != nil && now.Sub(newest.Date) > homeMaxDays*24*time.Hour {
		days := int(now.Sub(newest.Date).Hours() / 24)
		where := "首页上"
		if !listed {
			where = "首页没有列出信息；全站"
		}
		s.add(Finding{File: file, Line: line, Col: line, Rule: RuleFreshnessHome,
			Msg:    fmt.Sprintf("首页已 %d 天没有新信息（%s最新的是 %s 发布的 %s）", days, where, newest.Date.In(cst).Format("2006-01-02"), newest.File),
			Fix:    "请发布新信息并在首页展示；首页两周无更新即判为不合格（单项否决）",
			Detail: fmt.Sprintf("newest page on the home page is %d days old, limit %d", days, homeMaxDays)})
	}
}

// BlocksBuild reports whether f may stop `build` from writing the site.
// Staleness never does: a build that adds new content must go out, and the
// scheduled `check` is what fails a site that is not kept up to date.
func BlocksBuild(f Finding) bool {
	return f.Rule != RuleFreshness && f.Rule != RuleFreshnessHome && f.Rule != RuleFreshnessVeto
}
