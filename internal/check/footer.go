package check

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"hengdong/internal/content"
)

// provinces are the one-character names 备案 numbers start with.
const provinces = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"

var (
	// icpRe is an ICP备案号: 湘ICP备12345678号, optionally -1 for the site.
	icpRe = regexp.MustCompile(`[` + provinces + `]ICP备\d{6,10}号(?:-\d+)?`)
	// policeRe is a 公安机关备案号: 湘公网安备43042402000000号.
	policeRe = regexp.MustCompile(`[` + provinces + `]公网安备\s*(\d{14})号`)
	// siteCodeRe is the 网站标识码 after its label: ten letters or digits.
	siteCodeRe = regexp.MustCompile(`网站标识码\s*[：:]?\s*(\d{10})(?:[^0-9A-Za-z]|$)`)
	labelRe    = func(label string) *regexp.Regexp {
		return regexp.MustCompile(label + `\s*[：:]?\s*\S`)
	}
	sponsorRe = labelRe("主办单位")
	contactRe = labelRe("联系方式")
)

// ICPURL and PoliceURL are the lookups the 备案 numbers must link to.
const (
	ICPURL    = "https://beian.miit.gov.cn/"
	PoliceURL = "https://beian.mps.gov.cn/#/query/webSearch?code="
)

// footerLink is one <a> in the footer.
type footerLink struct{ href, text string }

// checkFooter reports missing or malformed 底部功能区 facts in d's <footer>.
func (s *site) checkFooter(d *doc) {
	var text strings.Builder
	var links []footerLink
	var badgeLinks []badgeLink
	found := false
	walk(d.root, func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom == atom.Footer && n.Namespace == "" {
			found = true
			badgeLinks = append(badgeLinks, footerBadgeLinks(n)...)
			text.WriteString(textOf(n))
			text.WriteByte(' ')
			walk(n, func(c *html.Node) bool {
				if c.Type == html.ElementNode && c.DataAtom == atom.A {
					h, _ := attr(c, "href")
					links = append(links, footerLink{strings.TrimSpace(h), textOf(c)})
				}
				return true
			})
			return false
		}
		return true
	})
	file, line, col := s.source(d.path)
	add := func(rule, msg, fix, detail string) {
		d.add(Finding{File: file, Line: line, Col: col, Rule: rule, Msg: msg, Fix: fix, Detail: detail})
	}
	// A fault in a number site.toml holds is reported once, at its key: the
	// site keeps the first page's in path order (newSite).
	fromConfig := func(key, value, rule, msg, fix, detail string) {
		if value == "" || !strings.Contains(text.String(), value) {
			add(rule, msg, fix, detail)
			return
		}
		l, c := s.footerKeyLine(key)
		d.atConfig = append(d.atConfig, configFinding{Key: rule + key,
			Finding: Finding{File: "site.toml", Line: l, Col: c, Rule: rule, Msg: msg, Fix: fix, Detail: detail}})
	}
	if !found {
		add(RuleFooterMissing, "页面没有页脚（<footer>），缺少主办单位、联系方式、网站标识码和备案号",
			"请在模板中加入页脚：{{ partial \"footer.html\" . }}", "page has no <footer>")
		return
	}
	t := text.String()
	var missing []string
	if !sponsorRe.MatchString(t) {
		missing = append(missing, "主办单位")
	}
	if !contactRe.MatchString(t) {
		missing = append(missing, "联系方式")
	}
	// A 网站标识码 from site.toml that is shown but malformed is reported at its key (checkFooterConfig).
	if c := s.cfg.Footer.SiteCode; !siteCodeRe.MatchString(t) && !(c != "" && strings.Contains(t, c)) {
		missing = append(missing, "网站标识码（10 位数字）")
	}
	if len(missing) > 0 {
		add(RuleFooterMissing, "页脚缺少"+strings.Join(missing, "、"),
			"请在 site.toml 的 [footer] 中填写 sponsor、contact、siteCode，并在页脚模板中显示“主办单位”“联系方式”“网站标识码”",
			"footer lacks "+strings.Join(missing, ", "))
	}

	switch icp := icpRe.FindString(t); {
	case icp == "" && strings.Contains(t, "ICP"):
		fromConfig("icp", s.cfg.Footer.ICP, RuleFooterICP, "页脚的 ICP 备案号格式不对："+shorten(around(t, "ICP")),
			"应写成“湘ICP备12345678号”或“湘ICP备12345678号-1”", "malformed ICP number")
	case icp == "":
		add(RuleFooterICP, "页脚缺少 ICP 备案号", "请在 site.toml 的 [footer] 中填写 icp，如“湘ICP备12345678号-1”", "footer lacks the ICP number")
	case !linked(links, icp, isICPURL):
		add(RuleFooterICP, "页脚的 ICP 备案号“"+icp+"”没有链接到工信部备案系统",
			"请把备案号写成指向 "+ICPURL+" 的链接", "ICP number not linked to "+ICPURL)
	}

	m := policeRe.FindStringSubmatch(t)
	switch {
	case m == nil && strings.Contains(t, "公网安备"):
		fromConfig("policeRecord", s.cfg.Footer.PoliceRecord, RuleFooterPolice, "页脚的公安机关备案号格式不对："+shorten(around(t, "公网安备")),
			"应写成“湘公网安备43042402000000号”", "malformed public security record number")
	case m == nil:
		add(RuleFooterPolice, "页脚缺少公安机关备案号", "请在 site.toml 的 [footer] 中填写 policeRecord，如“湘公网安备43042402000000号”",
			"footer lacks the public security record number")
	default:
		want := PoliceURL + m[1]
		if !linked(links, m[1], func(h string) bool { return isPoliceURL(h, m[1]) }) {
			add(RuleFooterPolice, "页脚的公安机关备案号“"+m[0]+"”没有链接到公安备案查询",
				"请把备案号写成指向 "+want+" 的链接", "record number not linked to "+want)
		}
	}
	code := ""
	if m := siteCodeRe.FindStringSubmatch(t); m != nil {
		code = m[1]
	}
	s.checkJiucuo(d, links, code, add)
	s.checkBadges(d, badgeLinks, s.production)
}

// isICPURL reports whether h is the MIIT 备案 lookup: https, http or
// scheme-relative (//beian.miit.gov.cn/), with or without the final slash.
func isICPURL(h string) bool {
	u, err := url.Parse(h)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http" || u.Scheme == "") &&
		u.Host == "beian.miit.gov.cn" && (u.Path == "" || u.Path == "/") && u.RawQuery == ""
}

// isPoliceURL reports whether h looks record number code up: the 公安 备案
// lookup (PoliceURL), or the older www.beian.gov.cn page many sites still link
// (/portal/registerSystemInfo?recordcode=…).
func isPoliceURL(h, code string) bool {
	if h == PoliceURL+code || h == "http"+strings.TrimPrefix(PoliceURL, "https")+code {
		return true
	}
	u, err := url.Parse(h)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http" || u.Scheme == "") &&
		u.Host == "www.beian.gov.cn" && u.Path == "/portal/registerSystemInfo" && u.Query().Get("recordcode") == code
}

// linked reports whether a footer link whose text contains s has an href ok accepts.
func linked(links []footerLink, s string, ok func(string) bool) bool {
	for _, l := range links {
		if strings.Contains(strings.ReplaceAll(l.text, " ", ""), strings.ReplaceAll(s, " ", "")) && ok(l.href) {
			return true
		}
	}
	return false
}

// around returns the words of t around the first sub.
func around(t, sub string) string {
	i := strings.Index(t, sub)
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(t[:i], " ") + 1
	end := strings.Index(t[i:], " ")
	if end < 0 {
		return t[start:]
	}
	return t[start : i+end]
}

var pubDateRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$`)

// checkMeta reports missing 政府网站网页标签: the site tags on every page, the
// column tags on section pages and the article tags on regular pages.
func (s *site) checkMeta(d *doc) {
	metas := map[string]string{}
	walk(d.root, func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom == atom.Meta {
			if name, ok := attr(n, "name"); ok {
				c, _ := attr(n, "content")
				if _, dup := metas[name]; !dup {
					metas[name] = strings.TrimSpace(c)
				}
			}
		}
		return n.DataAtom != atom.Body
	})
	file, line, col := s.source(d.path)
	need := func(rule, what string, names ...string) {
		var miss []string
		for _, n := range names {
			if metas[n] == "" {
				miss = append(miss, n)
			}
		}
		if len(miss) > 0 {
			d.add(Finding{File: file, Line: line, Col: col, Rule: rule,
				Msg:    what + "缺少网页标签 " + strings.Join(miss, "、"),
				Fix:    "请在模板的 <head> 中输出 <meta name=\"" + miss[0] + "\" content=\"…\">（见 layouts/partials/head-meta.html）",
				Detail: "missing meta " + strings.Join(miss, ", ")})
		}
	}
	need(RuleMetaSite, "页面", "SiteName", "SiteDomain", "SiteIDCode")
	kind := ""
	if d.page != nil {
		kind = d.page.Kind
	}
	switch kind {
	case content.KindSection:
		need(RuleMetaColumn, "栏目页", "ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType")
	case content.KindPage:
		names := []string{"ArticleTitle", "PubDate", "ContentSource"}
		if d.page.Date.IsZero() {
			names = []string{"ArticleTitle", "ContentSource"} // page-date reports the missing date
		}
		need(RuleMetaArticle, "文章页", names...)
		if v := metas["PubDate"]; v != "" && !pubDateRe.MatchString(v) {
			d.add(Finding{File: file, Line: line, Col: col, Rule: RuleMetaArticle,
				Msg:    fmt.Sprintf("网页标签 PubDate 的格式不对：“%s”", v),
				Fix:    "应为“YYYY-MM-DD HH:MM”，如 2025-02-07 09:00；模板中用 dateFormat \"2006-01-02 15:04\" .Date",
				Detail: "PubDate must be YYYY-MM-DD HH:MM"})
		}
	}
}
