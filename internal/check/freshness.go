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

// cst is Beijing time, for dates in messages.
var cst = time.FixedZone("CST", 8*3600)

// checkFreshness warns about each news-type section ([sections.X] maxAgeDays
// in site.toml) whose newest page is older than maxAgeDays at now. The
// inspection counts a 动态/要闻 column with nothing new in two weeks as 未更新.
func (s *site) checkFreshness(now time.Time) {
	names := make([]string, 0, len(s.cfg.Sections))
	for n := range s.cfg.Sections {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		limit := s.cfg.Sections[name].MaxAgeDays
		if limit <= 0 {
			continue
		}
		var sec *content.Page
		for _, p := range s.res.Tree.All {
			if p.Kind == content.KindSection && p.Dir == name {
				sec = p
				break
			}
		}
		if sec == nil {
			s.add(Finding{File: config.FileName, Line: s.configLine("[sections." + name + "]"), Col: 1, Rule: RuleFreshness,
				Msg: "site.toml 为栏目 " + name + " 设置了更新期限，但没有这个栏目",
				Fix: "请检查 [sections." + name + "] 的栏目名（content/ 下的文件夹名）", Detail: "no section " + name})
			continue
		}
		var newest *content.Page
		for _, p := range sec.RegularPages {
			if newest == nil || p.Date.After(newest.Date) {
				newest = p
			}
		}
		if newest == nil || newest.Date.IsZero() {
			continue // section-empty or page-date reports it
		}
		age := now.Sub(newest.Date)
		if age <= time.Duration(limit)*24*time.Hour {
			continue
		}
		file := sec.File
		if file == "" {
			file = path.Join("content", name) + "/"
		}
		s.add(Finding{File: file, Line: 1, Col: 1, Rule: RuleFreshness,
			Msg: fmt.Sprintf("栏目“%s”已 %d 天没有更新（最新一篇是 %s 发布的 %s），超过了 %d 天的期限",
				sec.Title, int(age.Hours()/24), newest.Date.In(cst).Format("2006-01-02"), newest.File, limit),
			Fix:    "请发布新的信息；动态、要闻类栏目两周不更新会被视为未更新",
			Detail: fmt.Sprintf("newest page is %d days old, limit %d", int(age.Hours()/24), limit)})
	}
}

// configLine returns the line of site.toml holding needle, else 1.
func (s *site) configLine(needle string) int {
	for i, l := range strings.Split(string(s.in.Config), "\n") {
		if strings.TrimSpace(l) == needle {
			return i + 1
		}
	}
	return 1
}
