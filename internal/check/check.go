// Package check finds, before publishing, what a Chinese government portal is
// inspected for (政府网站与政务新媒体检查指标): links and anchors that lead
// nowhere, missing images and attachments, images without alt text, pages
// without a 发布时间 or 来源, stale and empty columns, the 备案 footer, the
// 政府网站网页标签 meta tags and Chinese typography slips.
//
// Run works on a site already rendered in memory by build.Render, so `check`
// and `build` see exactly the bytes that would be published. Each Finding names
// the content file and line when the problem comes from Markdown, otherwise
// the output path ("/news/x/") or the static file it was copied from. External
// links are only tried when Options.External is set (`check --external`).
//
// Rules lists every rule with its default level and the regulation behind it;
// a site changes a rule's level, or turns it off, in site.toml's [check]
// table (PolicyOf). The problems of the render itself (Options.Render) are
// reported with the findings, so one run shows everything wrong with a site.
package check

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"hengdong/internal/build"
	"hengdong/internal/config"
	"hengdong/internal/diag"
)

// Level is how serious a finding is.
type Level string

// Levels: an error fails `check` and `build`; a warning fails them only with
// --strict; a rule set to off is not reported (site.toml's [check] table).
const (
	Error   Level = "error"
	Warning Level = "warning"
	Off     Level = "off"
)

// Rule describes one check. ID is stable: scripts, docs and site.toml's
// [check] table rely on it.
type Rule struct {
	ID    string
	Level Level  // the default level
	Title string // 中文: what the rule enforces
	Basis string // the regulation or standard it comes from
}

// Rule ids.
const (
	RuleBuild          = "build"           // the site did not render
	RuleLinkBroken     = "link-broken"     // internal link to no page
	RuleLinkAnchor     = "link-anchor"     // #fragment with no such id on the target page
	RuleLinkAsset      = "link-asset"      // missing image, script, stylesheet or attachment
	RuleLinkExternal   = "link-external"   // external link that fails (check --external only)
	RuleImgAlt         = "img-alt"         // image without alt text
	RuleTitleDuplicate = "title-duplicate" // two pages with the same <title>
	RuleHeadingSkip    = "heading-skip"    // h2 followed by h4
	RuleIDDuplicate    = "id-duplicate"    // two elements of a page with one id
	RulePageDate       = "page-date"       // regular page without 发布时间 (date)
	RulePageSource     = "page-source"     // regular page without 来源 (source)
	RuleSectionEmpty   = "section-empty"   // 空白栏目
	RuleFreshness      = "freshness-stale" // news-type column not updated in time
	RuleFooterMissing  = "footer-missing"  // 主办单位, 联系方式 or 网站标识码 missing
	RuleFooterICP      = "footer-icp"      // ICP备案号 missing, malformed or not linked
	RuleFooterPolice   = "footer-police"   // 公安机关备案号 missing, malformed or not linked
	// RuleFooterBadge (badges.go): the 党政机关网站标识 and the 公安备案 icon.
	RuleMetaSite       = "meta-site"         // SiteName, SiteDomain, SiteIDCode
	RuleMetaColumn     = "meta-column"       // ColumnName, ColumnDescription, ColumnKeywords, ColumnType
	RuleMetaArticle    = "meta-article"      // ArticleTitle, PubDate, ContentSource
	RuleTypoASCII      = "typo-ascii-punct"  // 衡东,县
	RuleTypoDouble     = "typo-double-punct" // 好！！
	RuleTypoSpace      = "typo-han-space"    // 衡东 县
	RuleFrontMatterKey = "frontmatter-key"   // a front matter key nothing reads (soruce)
	// The accessibility rules of every theme: RuleHTMLLang, RulePageTitle,
	// RuleSkipLink, RuleViewport and RuleFormLabel (a11y.go).
)

// Regulations the rules cite.
const (
	guide   = "《政府网站发展指引》（国办发〔2017〕47号）"
	inspect = "《政府网站与政务新媒体检查指标》（国办函〔2019〕80号）"
	gbt     = "GB/T 37668-2019《信息技术 互联网内容无障碍可访问性技术要求与测试方法》"
	punct   = "GB/T 15834-2011《标点符号用法》"
)

// Rules lists every rule the checker can report, with its default level and
// where it comes from: `check --rules` prints it, and site.toml's [check]
// table may change any level but build's. The shipped portal keeps these
// defaults.
var Rules = []Rule{
	{RuleBuild, Error, "站点生成失败（模板出错、短代码不认识等）；不能调整", "生成器自身：页面无法生成"},
	{RuleLinkBroken, Error, "内部链接指向不存在的页面", inspect + "：不可用链接"},
	{RuleLinkAnchor, Error, "页内锚点（#）不存在", inspect + "：不可用链接"},
	{RuleLinkAsset, Error, "图片、附件、样式或脚本文件不存在", inspect + "：不可用链接（图片、附件）"},
	{RuleLinkExternal, Warning, "外部链接无法访问（仅 --external 时检查）", inspect + "：不可用链接"},
	{RuleImgAlt, Error, "图片缺少替代文字（alt）", gbt + "：非文本内容的替代文本；WCAG 2.1 1.1.1；" + guide + "：无障碍"},
	{RuleTitleDuplicate, Warning, "页面标题重复", gbt + "：网页标题；WCAG 2.1 2.4.2"},
	{RuleHeadingSkip, Warning, "标题层级跳级", gbt + "：信息和关系、标题和标签；WCAG 2.1 1.3.1、2.4.6"},
	{RuleIDDuplicate, Error, "同一页面内 id 重复", gbt + "：解析；WCAG 2.1 4.1.1"},
	{RulePageDate, Error, "页面缺少发布时间", guide + "：信息发布须注明发布时间"},
	{RulePageSource, Error, "页面缺少来源", guide + "：信息发布须注明来源"},
	{RuleSectionEmpty, Error, "空白栏目", inspect + "：单项否决指标 空白栏目"},
	{RuleFreshness, Warning, "栏目长期未更新", inspect + "：单项否决指标 内容更新（动态、要闻类栏目 2 周未更新）"},
	{RuleFooterMissing, Error, "页脚缺少主办单位、联系方式或网站标识码", guide + "：网站标识（页面底部标注主办单位、联系方式、网站标识码）"},
	{RuleFooterICP, Error, "页脚 ICP 备案号缺失、格式不对或未链接到工信部备案系统", guide + "：网站标识；《非经营性互联网信息服务备案管理办法》"},
	{RuleFooterPolice, Error, "页脚公安机关备案号缺失、格式不对或未链接到公安备案系统", guide + "：网站标识；《计算机信息网络国际联网安全保护管理办法》"},
	{RuleMetaSite, Error, "缺少网站级网页标签（SiteName、SiteDomain、SiteIDCode）", guide + "：网页标签"},
	{RuleMetaColumn, Error, "栏目页缺少栏目网页标签（ColumnName 等）", guide + "：网页标签"},
	{RuleMetaArticle, Error, "文章页缺少文章网页标签（ArticleTitle、PubDate、ContentSource）", guide + "：网页标签"},
	{RuleTypoASCII, Warning, "汉字之间使用了英文标点", punct},
	{RuleTypoDouble, Warning, "标点符号重复", punct},
	{RuleTypoSpace, Warning, "汉字之间有空格", punct},
	{RuleWording, Error, "严重表述错误、严重错别字（领导人姓名职务、国家和党的名称、重要会议、行政区划、重要提法）", inspect + "：单项否决指标 严重表述错误、严重错别字；词表各条目注明规范写法的出处（layouts/_data/wording.toml）"},
	{RulePrivacy, Error, "公开了身份证号、手机号码或银行卡号", "《中华人民共和国个人信息保护法》第二十八条（敏感个人信息）；《中华人民共和国政府信息公开条例》第十五条"},
	{RulePageDateShown, Error, "文章页面上没有显示发布时间", guide + "：信息发布须注明发布时间；" + inspect + "：未注明发布时间的信息视为不更新"},
	{RulePageSourceShow, Error, "文章页面上没有显示来源", guide + "：信息发布须注明来源"},
	{RuleFooterPlaceholder, Error, "正式发布（--production）时，site.toml 的备案号、网站标识码或电话仍是占位值", guide + "：网站标识（网站标识码、备案号须为核发的真实编号）"},
	{RuleFooterBadge, Error, "页脚缺少党政机关网站标识或公安备案图标：site.toml 未设置（仅 --production 时报告）、文件不在 static/、不是图片（PNG、GIF、JPEG、SVG），或页脚没有把它显示为链接到查询页的本地图片；未加 --production 时为警告",
		"《党政机关网站开办审核、资格复核和网站标识管理办法》（中央编办）：网站标识加挂在网站所有页面底部中间显著位置，链接到标识查询页；" + guide + "：页面底部功能区列明党政机关网站标识、公安机关备案标识；《计算机信息网络国际联网安全保护管理办法》（公安部令第33号）及全国公安机关互联网站安全管理服务平台：网页底部放置公安机关备案号和备案编号图标，链接到备案查询"},
	{RuleFooterJiucuo, Error, "页脚缺少“我为政府网站找错”入口，或链接不是全国政府网站找错平台（带网站标识码和当前页面地址）", inspect + "：“我为政府网站找错”平台入口；" + guide + "：网站标识"},
	{RuleFreshnessHome, Error, "首页两周没有新信息（单项否决）", inspect + "：单项否决指标 内容更新（首页栏目信息超过 2 周未更新）"},
	{RuleFreshnessVeto, Error, "栏目未更新或空白的数量达到检查指标的否决线（5 个动态要闻栏目、10 个应更新栏目或 5 个空白栏目）", inspect + "：单项否决指标 内容更新（动态要闻类栏目 2 周、通知公告政策文件类栏目 6 个月未更新）、空白栏目"},
	{RuleHTMLLang, Error, "页面 <html> 缺少 lang 属性，或不是有效的语言代码（BCP 47，如 zh-CN）", gbt + "：页面语言；WCAG 2.1 3.1.1；" + guide + "：无障碍"},
	{RulePageTitle, Error, "页面没有标题（<title> 缺失或为空）", gbt + "：网页标题；WCAG 2.1 2.4.2；" + guide + "：无障碍"},
	{RuleSkipLink, Error, "页面开头没有“跳到主要内容”的页内链接（前 3 个可获得焦点的元素之一），或链接的目标不存在", gbt + "：绕过块；WCAG 2.1 2.4.1；" + guide + "：无障碍"},
	{RuleViewport, Error, "缺少 <meta name=\"viewport\">，或禁止缩放（user-scalable=no、maximum-scale 小于 2）", gbt + "：调整文字大小；WCAG 2.1 1.4.4、1.4.10；" + guide + "：无障碍（适老化）"},
	{RuleFormLabel, Error, "表单输入框、下拉框、多行文本框没有标签（label[for]、包在 label 里、aria-label 或指向本页 id 的 aria-labelledby）", gbt + "：标签或说明、名称·角色·值；WCAG 2.1 1.3.1、3.3.2、4.1.2；" + guide + "：无障碍"},
	{RuleFrontMatterKey, Warning, "前言中有不认识的项（多半是拼写错误），内容不会起作用", "生成器自身：前言（front matter）的项"},
}

// LevelOf returns the default level of rule id.
func LevelOf(id string) Level {
	for _, r := range Rules {
		if r.ID == id {
			return r.Level
		}
	}
	return Error
}

// Finding is one problem found. File is a content or static file ("content/news/x.md",
// "static/legacy.html") with Line and Col when known, otherwise an output path
// ("/news/x/", "/404.html") with Line 0.
type Finding struct {
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"`
	Col    int    `json:"col,omitempty"`
	Rule   string `json:"rule"`
	Level  Level  `json:"level"`
	Msg    string `json:"message"`          // 中文说明
	Fix    string `json:"fix,omitempty"`    // 中文修改方法
	Detail string `json:"detail,omitempty"` // English detail
}

// Pos returns "file:line:col", leaving out the parts that are unknown.
func (f Finding) Pos() string {
	return (&diag.Error{File: f.File, Line: f.Line, Col: f.Col}).Pos()
}

// String formats f as `file:line:col: level [rule] 中文说明；修改方法 (English)`.
func (f Finding) String() string {
	e := diag.Error{File: f.File, Line: f.Line, Col: f.Col, Msg: f.Msg, Fix: f.Fix, Detail: f.Detail}
	s := e.Error()
	pos := e.Pos()
	rest := strings.TrimPrefix(s, pos+": ")
	if pos == "" {
		return fmt.Sprintf("%s [%s] %s", f.Level, f.Rule, s)
	}
	return fmt.Sprintf("%s: %s [%s] %s", pos, f.Level, f.Rule, rest)
}

// Options configure Run.
type Options struct {
	// Now is the clock for the freshness rule; zero means time.Now().
	Now time.Time
	// External also tries every external http(s) link (check --external).
	External bool
	// Client makes the external requests; nil means a client with Timeout.
	Client *http.Client
	// Timeout bounds each external request (default 15s, the inspection's limit).
	Timeout time.Duration
	// Concurrency is how many external requests run at once (default 8).
	Concurrency int
	// PerHost is the least time between two requests to one host (default 1s).
	PerHost time.Duration
	// Policy is the site's levels for rules (PolicyOf); nil means the defaults.
	Policy Policy
	// Render is the error build.Render returned with its Result, when some
	// pages failed: its problems are reported with the other findings.
	Render error
	// Allowances, when set, receives the wrong forms pages keep on purpose
	// (表述例外), which `check` lists.
	Allowances *[]Allowance
	// Production makes placeholder 备案号, 网站标识码 and phone numbers in
	// site.toml errors (check/build --production): the shipped site.toml holds
	// placeholders until the county has its own numbers. It also makes the
	// footer badges errors (a missing setting is reported only then; a
	// faulty one is otherwise a warning): the images are issued to the site.
	Production bool
}

// Run checks the rendered site res, built from in, and returns the findings,
// with those of opts.Render, at the levels of opts.Policy, sorted by file,
// line and column. Findings about output paths that repeat on
// many pages (a template problem) are reported once with the number of pages.
func Run(ctx context.Context, in *build.Inputs, res *build.Result, opts Options) []Finding {
	return runCached(ctx, in, res, opts, nil, nil)
}

// runCached is Run reusing last (nil: nothing) and, when next is not nil, filling
// it in for the next check (RunReusing).
func runCached(ctx context.Context, in *build.Inputs, res *build.Result, opts Options, last, next *Cache) []Finding {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	s := newSite(in, res, opts.Policy, opts.Production, last, next)
	if opts.Allowances != nil {
		*opts.Allowances = s.allowances
	}
	s.checkLoad()
	s.checkDocs()
	s.checkTypography() // parses, in parallel, the Markdown of pages that may hold a slip
	s.checkContent()
	s.checkUpdates(opts.Now)
	s.checkFooterConfig(opts.Production)
	s.checkBadgeConfig(opts.Production)
	if opts.External {
		s.checkExternal(ctx, opts)
	}
	return finish(withRender(s.findings, opts.Render, opts.Policy))
}

// Government reports whether cfg describes a government website, to which the
// 政府网站 rules apply (page-date, page-source, footer-*, meta-*): its
// site.toml fills in any [footer] fact, or its baseURL is under .gov.cn. Other
// sites built with the generator get the general rules only.
func Government(cfg *config.Config) bool {
	f := cfg.Footer
	if f.Sponsor != "" || f.Organizer != "" || f.Contact != "" || f.SiteCode != "" || f.ICP != "" || f.PoliceRecord != "" {
		return true
	}
	host := strings.ToLower(cfg.Domain())
	if i := strings.LastIndex(host, ":"); i >= 0 {
		host = host[:i]
	}
	return strings.HasSuffix(host, ".gov.cn")
}

// finish groups identical output-path findings, and findings of one rule at
// one place in a layout (the same template fault on many pages), and sorts.
func finish(fs []Finding) []Finding {
	type place struct {
		rule, file string
		line, col  int
	}
	at := map[place]int{} // index in out
	count := map[place]int{}
	kept := fs[:0:0]
	sortFindings(fs)
	for _, f := range fs {
		if f.Line > 0 && strings.HasPrefix(f.File, "layouts/") {
			p := place{f.Rule, f.File, f.Line, f.Col}
			count[p]++
			if _, ok := at[p]; ok {
				continue
			}
			at[p] = len(kept)
		}
		kept = append(kept, f)
	}
	for p, i := range at {
		if n := count[p]; n > 1 {
			kept[i].Msg += fmt.Sprintf("（共 %d 个页面，问题在模板的这一处）", n)
			kept[i].Detail += fmt.Sprintf("; on %d pages", n)
		}
	}
	fs = kept
	type key struct{ rule, msg, fix, detail string }
	groups := map[key][]int{}
	var out []Finding
	for i, f := range fs {
		if f.Line == 0 && strings.HasPrefix(f.File, "/") {
			k := key{f.Rule, f.Msg, f.Fix, f.Detail}
			groups[k] = append(groups[k], i)
			if len(groups[k]) > 1 {
				continue
			}
		}
		out = append(out, f)
	}
	for i := range out {
		f := &out[i]
		if f.Line == 0 && strings.HasPrefix(f.File, "/") {
			if n := len(groups[key{f.Rule, f.Msg, f.Fix, f.Detail}]); n > 1 {
				f.Msg += fmt.Sprintf("（共 %d 个页面有同样的问题，多半来自模板）", n)
				f.Detail += fmt.Sprintf("; on %d pages", n)
			}
		}
	}
	sortFindings(out)
	return out
}

func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Msg < b.Msg
	})
}

// Count returns the number of errors and warnings in fs.
func Count(fs []Finding) (errors, warnings int) {
	for _, f := range fs {
		if f.Level == Error {
			errors++
		} else {
			warnings++
		}
	}
	return
}

// FromBuildError turns the errors of build.Render (or of PolicyOf) into
// findings: a link or image that leads nowhere under its link rule at the
// level policy gives it (nothing when off), anything else under the build
// rule, always an error.
func FromBuildError(err error, policy Policy) []Finding {
	var out []Finding
	for _, e := range diag.Collect(err) {
		rule := RuleBuild
		if e.Rule != "" && e.Rule != RuleBuild && known(e.Rule) {
			rule = e.Rule
		}
		level := policy.Level(rule)
		if rule == RuleBuild {
			level = Error
		}
		if level == Off {
			continue
		}
		out = append(out, Finding{File: e.File, Line: e.Line, Col: e.Col, Rule: rule, Level: level,
			Msg: e.Msg, Fix: e.Fix, Detail: e.Detail})
	}
	sortFindings(out)
	return out
}

// known reports whether id is a rule of Rules.
func known(id string) bool {
	for _, r := range Rules {
		if r.ID == id {
			return true
		}
	}
	return false
}

// withRender adds the findings of the render's errors to fs. The render
// already reported the links and images of the Markdown that lead nowhere,
// at the link itself; the same link found again in the HTML is left out.
func withRender(fs []Finding, render error, policy Policy) []Finding {
	if render == nil {
		return fs
	}
	type key struct {
		file string
		line int
	}
	seen := map[key]bool{}
	for _, e := range diag.Collect(render) {
		if e.Rule != "" {
			seen[key{e.File, e.Line}] = true
		}
	}
	out := FromBuildError(render, policy)
	for _, f := range fs {
		if (f.Rule == RuleLinkBroken || f.Rule == RuleLinkAsset) && seen[key{f.File, f.Line}] {
			continue
		}
		out = append(out, f)
	}
	return out
}
