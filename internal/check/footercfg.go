package check

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"hengdong/internal/config"
)

// Rule ids of the footer facts checked in site.toml and in the footer.
const (
	RuleFooterPlaceholder = "footer-placeholder" // placeholder 备案号 or 标识码 in a production build
	RuleFooterJiucuo      = "footer-jiucuo"      // 「我为政府网站找错」 missing or not the national one
)

// JiucuoURL is the national 「我为政府网站找错」 platform; the link carries the
// site's 网站标识码 and the page's own address (site_code=…&url=…).
const JiucuoURL = "https://zfwzgl.www.gov.cn/exposure/jiucuo.html"

// province is one provincial-level division: its name, the one character
// 备案 numbers start with, and the first two digits of its area code (GB/T 2260),
// which 公安机关备案号 and 网站标识码 start with.
type province struct{ name, abbr, code string }

var provinceList = []province{
	{"北京", "京", "11"}, {"天津", "津", "12"}, {"河北", "冀", "13"}, {"山西", "晋", "14"}, {"内蒙古", "蒙", "15"},
	{"辽宁", "辽", "21"}, {"吉林", "吉", "22"}, {"黑龙江", "黑", "23"}, {"上海", "沪", "31"}, {"江苏", "苏", "32"},
	{"浙江", "浙", "33"}, {"安徽", "皖", "34"}, {"福建", "闽", "35"}, {"江西", "赣", "36"}, {"山东", "鲁", "37"},
	{"河南", "豫", "41"}, {"湖北", "鄂", "42"}, {"湖南", "湘", "43"}, {"广东", "粤", "44"}, {"广西", "桂", "45"},
	{"海南", "琼", "46"}, {"重庆", "渝", "50"}, {"四川", "川", "51"}, {"贵州", "贵", "52"}, {"云南", "云", "53"},
	{"西藏", "藏", "54"}, {"陕西", "陕", "61"}, {"甘肃", "甘", "62"}, {"青海", "青", "63"}, {"宁夏", "宁", "64"},
	{"新疆", "新", "65"},
}

// siteProvince is the province the site belongs to: by the area code its
// 网站标识码 starts with, else by the province named in its 地址 or 主办单位.
func siteProvince(f config.Footer) (province, bool) {
	if len(f.SiteCode) >= 2 {
		for _, p := range provinceList {
			if strings.HasPrefix(f.SiteCode, p.code) {
				return p, true
			}
		}
	}
	for _, p := range provinceList {
		if strings.Contains(f.Address, p.name) || strings.Contains(f.Sponsor, p.name) {
			return p, true
		}
	}
	return province{}, false
}

var (
	icpFull      = regexp.MustCompile(`^([` + provinces + `])ICP备(\d{8})号(?:-\d+)?$`)
	policeFull   = regexp.MustCompile(`^([` + provinces + `])公网安备(\d{14})号$`)
	siteCodeFull = regexp.MustCompile(`^\d{10}$`)
	zeros        = regexp.MustCompile(`0{6,}`)
)

// checkFooterConfig checks the [footer] numbers of site.toml once, at their
// lines: the province of the ICP and 公安 numbers, the 14 digits of the 公安
// number and its area code, the 10 digits of the 网站标识码, and, when
// production is set, that none is a placeholder (all zeros, a sequence number
// 0000 or 000000), as the shipped site.toml's are until the county has its own.
func (s *site) checkFooterConfig(production bool) {
	if !s.gov {
		return
	}
	f := s.cfg.Footer
	prov, haveProv := siteProvince(f)
	at := func(key, rule, msg, fix, detail string) {
		if s.configFound[rule+key] {
			return // the footer rule already reported it there
		}
		line, col := s.footerKeyLine(key)
		s.add(Finding{File: config.FileName, Line: line, Col: col, Rule: rule, Msg: msg, Fix: fix, Detail: detail})
	}
	placeholder := func(key, what string) {
		if production {
			at(key, RuleFooterPlaceholder, "site.toml 的"+what+"“"+shorten(fieldOf(f, key))+"”是占位值，不能正式发布",
				"请换成主管部门核发的真实编号；未正式发布时不加 --production", "placeholder "+key+" in a production build")
		}
	}
	if v := f.ICP; v != "" {
		m := icpFull.FindStringSubmatch(v)
		switch {
		case m == nil:
			at("icp", RuleFooterICP, "site.toml 的 ICP 备案号格式不对："+shorten(v), "应写成“湘ICP备12345678号-1”（省简称 + ICP备 + 8 位数字 + 号）", "malformed ICP number")
		case haveProv && m[1] != prov.abbr:
			at("icp", RuleFooterICP, fmt.Sprintf("ICP 备案号以“%s”开头，但网站属于%s（简称“%s”）", m[1], prov.name, prov.abbr),
				fmt.Sprintf("请核对备案号，%s网站的 ICP 备案号以“%sICP备”开头", prov.name, prov.abbr), "ICP number of another province")
		case strings.Trim(m[2], "0") == "":
			placeholder("icp", "ICP 备案号")
		}
	}
	if v := f.PoliceRecord; v != "" {
		m := policeFull.FindStringSubmatch(v)
		switch {
		case m == nil:
			at("policeRecord", RuleFooterPolice, "site.toml 的公安机关备案号格式不对："+shorten(v),
				"应写成“湘公网安备43042402000001号”（省简称 + 公网安备 + 14 位数字 + 号）", "malformed public security record number")
		case haveProv && (m[1] != prov.abbr || !strings.HasPrefix(m[2], prov.code)):
			at("policeRecord", RuleFooterPolice, fmt.Sprintf("公安机关备案号“%s”与网站所在的%s不符（应以“%s公网安备%s”开头）", v, prov.name, prov.abbr, prov.code),
				"请核对备案号：省简称和行政区划代码的前两位都应是本省的", "public security record number of another province")
		case strings.Trim(m[2][8:], "0") == "":
			placeholder("policeRecord", "公安机关备案号")
		}
	}
	if v := f.SiteCode; v != "" {
		switch {
		case !siteCodeFull.MatchString(v):
			at("siteCode", RuleFooterMissing, "site.toml 的网站标识码应为 10 位数字："+shorten(v),
				"请填写全国政府网站基本数据库核发的 10 位网站标识码", "site code must be 10 digits")
		case strings.HasSuffix(v, "0000"):
			placeholder("siteCode", "网站标识码")
		}
	}
	if v := f.Contact; v != "" && zeros.MatchString(v) {
		placeholder("contact", "联系电话")
	}
}

// fieldOf returns the [footer] value of key.
func fieldOf(f config.Footer, key string) string {
	switch key {
	case "icp":
		return f.ICP
	case "policeRecord":
		return f.PoliceRecord
	case "siteCode":
		return f.SiteCode
	case "contact":
		return f.Contact
	case "conacBadge":
		return f.ConacBadge
	case "policeBadge":
		return f.PoliceBadge
	}
	return ""
}

// footerKeyLine returns the line and column of key's value in the [footer]
// table of site.toml, else of the key commented out there ("# key = …", as
// the shipped site.toml has the badges), else the table's line, else 1.
func (s *site) footerKeyLine(key string) (int, int) {
	table, tableLine, commented := "", 1, 0
	for i, l := range strings.Split(string(s.in.Config), "\n") {
		t := strings.TrimSpace(l)
		if c, ok := strings.CutPrefix(t, "#"); ok {
			if rest, ok := strings.CutPrefix(strings.TrimSpace(c), key); ok && table == "[footer]" && commented == 0 &&
				strings.HasPrefix(strings.TrimSpace(rest), "=") {
				commented = i + 1
			}
			continue
		}
		if strings.HasPrefix(t, "[") {
			table = t
			if t == "[footer]" {
				tableLine = i + 1
			}
			continue
		}
		if table != "[footer]" {
			continue
		}
		if rest, ok := strings.CutPrefix(t, key); ok && strings.HasPrefix(strings.TrimSpace(rest), "=") {
			eq := strings.Index(l, "=")
			col := eq + 2
			for col <= len(l) && l[col-1] == ' ' {
				col++
			}
			return i + 1, len([]rune(l[:col-1])) + 1
		}
	}
	if commented > 0 {
		return commented, 1
	}
	return tableLine, 1
}

// checkJiucuo reports a page whose footer has no 「我为政府网站找错」 link to
// the national platform with the site's 标识码 and the page's own address.
func (s *site) checkJiucuo(d *doc, links []footerLink, siteCode string, add func(rule, msg, fix, detail string)) {
	fix := "请在页脚加上链接 " + JiucuoURL + "?site_code=<网站标识码>&url=<本页地址>，文字为“我为政府网站找错”"
	var l *footerLink
	for i := range links {
		if strings.Contains(links[i].text, "找错") {
			l = &links[i]
			break
		}
	}
	if l == nil {
		add(RuleFooterJiucuo, "页脚缺少“我为政府网站找错”入口", fix, "footer lacks the jiucuo link")
		return
	}
	u, err := url.Parse(l.href)
	if err != nil || u.Host != "zfwzgl.www.gov.cn" || u.Path != "/exposure/jiucuo.html" {
		add(RuleFooterJiucuo, "“我为政府网站找错”没有链接到全国政府网站找错平台："+shorten(l.href), fix, "jiucuo link to "+l.href)
		return
	}
	q := u.Query()
	if siteCode != "" && q.Get("site_code") != siteCode {
		add(RuleFooterJiucuo, "“我为政府网站找错”链接的 site_code 不是本站的网站标识码 "+siteCode, fix, "jiucuo site_code is not the site's")
		return
	}
	got, err := url.PathUnescape(q.Get("url"))
	if err != nil {
		got = q.Get("url")
	}
	want := s.absURL(d.path)
	if isPager(d.path) { // .Permalink of a list's later pages is the list's
		want = s.absURL(d.path[:strings.LastIndex(strings.TrimSuffix(d.path, "/"), "/page/")+1])
	}
	// A 404 page has no address of its own: it is shown at the missing one.
	if got != want && !strings.HasSuffix(d.path, "/404.html") {
		add(RuleFooterJiucuo, "“我为政府网站找错”链接的 url 参数不是本页地址", fix+"（模板中写 url={{ .Permalink }}）", "jiucuo url is not the page's address")
	}
}

// absURL is the address output path p is published at.
func (s *site) absURL(p string) string {
	return strings.TrimSuffix(s.cfg.BaseURL, "/") + p
}
