package check

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"hengdong/internal/build"
	"hengdong/internal/config"
	"hengdong/internal/content"
)

// miniSite renders pages (content path → text) with the fixture's site.toml and
// layouts, and no static files but the footer badges.
func miniSite(t *testing.T, pages map[string]string) (*build.Inputs, *build.Result) {
	t.Helper()
	return miniSiteWith(t, pages, nil)
}

// miniSiteWith is miniSite with some of the fixture's layouts replaced.
func miniSiteWith(t *testing.T, pages, layouts map[string]string) (*build.Inputs, *build.Result) {
	t.Helper()
	in, err := build.ReadInputs(filepath.Join("testdata", "faults"), nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range layouts {
		in.Layouts[name] = []byte(text)
	}
	in.Static = badgeFiles(in.Static)
	in.Content = nil
	for name, text := range pages {
		in.Content = append(in.Content, content.SourceFile{Path: name, Data: []byte(text)})
	}
	res, err := build.Render(in, build.Options{Now: fixtureNow})
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	return in, res
}

// badgeFiles keeps the fixture's footer badges (static/images/badges/) of
// its static files: the tests that leave out static files keep a footer
// without faults.
func badgeFiles(static map[string][]byte) map[string][]byte {
	out := map[string][]byte{}
	for name, data := range static {
		if strings.HasPrefix(name, "static/images/badges/") {
			out[name] = data
		}
	}
	return out
}

// article is a complete news page with body.
func article(body string) string {
	return "---\ntitle: 测试\ndate: 2025-03-19T09:00:00+08:00\nsource: 测试县融媒体中心\n---\n\n" + body + "\n"
}

// bodyLine is the file line of the first body line written by article.
const bodyLine = 7

func TestTypography(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []string // "rule@col", all on the first body line
	}{
		{"comma", "衡东,县城", []string{"typo-ascii-punct@3"}},
		{"comma and space", "衡东, 县城", []string{"typo-ascii-punct@3"}},
		{"colon", "时间:上午", []string{"typo-ascii-punct@3"}},
		{"parenthesis", "衡东(县)城", []string{"typo-ascii-punct@3", "typo-ascii-punct@5"}},
		{"English", "Hello, world. OK!", nil},
		{"number", "3,000人, 2.5亿元", nil},
		{"mixed", "衡东 GDP 增长", nil},
		{"space", "衡东 县", []string{"typo-han-space@3"}},
		{"spaces", "衡东   县", []string{"typo-han-space@3"}},
		{"ideographic space kept", "王　伟", nil},
		{"double exclamation", "好！！", []string{"typo-double-punct@2"}},
		{"triple question", "什么？？？", []string{"typo-double-punct@3"}},
		{"double full stop", "完了。。", []string{"typo-double-punct@3"}},
		{"ellipsis and dash", "好……是——的", nil},
		{"question exclamation", "真的？！", nil},
		{"code span", "代码`衡东,县`和`衡东 县`", nil},
		{"url", "见https://example.com/a,b。", nil},
		{"link text counts", "[衡东,县](https://example.com/)", []string{"typo-ascii-punct@4"}},
		{"two on a line", "衡东,县 城", []string{"typo-ascii-punct@3", "typo-han-space@5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, res := miniSite(t, map[string]string{"content/news/a.md": article(tt.body)})
			var got []string
			for _, f := range Run(context.Background(), in, res, Options{Now: fixtureNow}) {
				if strings.HasPrefix(f.Rule, "typo-") {
					if f.File != "content/news/a.md" || f.Line != bodyLine {
						t.Errorf("at %s:%d, want content/news/a.md:%d", f.File, f.Line, bodyLine)
					}
					got = append(got, fmt.Sprintf("%s@%d", f.Rule, f.Col))
				}
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("%q: got %v, want %v", tt.body, got, tt.want)
			}
		})
	}
}

func TestCodeBlocksAreNotProse(t *testing.T) {
	body := "```\n衡东,县 城！！\n```\n\n    缩进,代码 块\n\n<div>衡东,县</div>"
	in, res := miniSite(t, map[string]string{"content/news/a.md": article(body)})
	for _, f := range Run(context.Background(), in, res, Options{Now: fixtureNow}) {
		if strings.HasPrefix(f.Rule, "typo-") {
			t.Errorf("unexpected %s", f)
		}
	}
}

func TestLinksInMarkdown(t *testing.T) {
	tests := []struct {
		name string
		body string
		rule string // "" for no finding
		line int
	}{
		{"anchor on the page", "## 概况\n\n[见](#概况)", "", 0},
		{"missing anchor", "正文\n\n[见](#没有)", RuleLinkAnchor, bodyLine + 2},
		{"anchor on another page", "[见](b.md#乙)", "", 0},
		{"missing anchor on another page", "[见](b.md#丙)", RuleLinkAnchor, bodyLine},
		{"top", "[回到顶部](#top)", "", 0},
		{"external is not tried", "[外](https://example.invalid/x)", "", 0},
		{"image alt", "![](/news/b/)", RuleImgAlt, bodyLine},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, res := miniSite(t, map[string]string{
				"content/news/a.md": article(tt.body),
				"content/news/b.md": "---\ntitle: 乙页\ndate: 2025-03-18T09:00:00+08:00\nsource: 测试\n---\n\n## 乙\n",
			})
			var got []Finding
			for _, f := range Run(context.Background(), in, res, Options{Now: fixtureNow}) {
				if f.Rule == RuleLinkAnchor || f.Rule == RuleLinkBroken || f.Rule == RuleImgAlt {
					got = append(got, f)
				}
			}
			switch {
			case tt.rule == "" && len(got) > 0:
				t.Errorf("unexpected:\n%s", lines(got))
			case tt.rule != "" && (len(got) != 1 || got[0].Rule != tt.rule || got[0].File != "content/news/a.md" || got[0].Line != tt.line):
				t.Errorf("got:\n%swant %s at content/news/a.md:%d", lines(got), tt.rule, tt.line)
			}
		})
	}
}

// TestSummaryAnchors lists articles with their summaries: a link to an anchor
// near the top of an article must not become a broken link on the list page,
// and a broken one is reported once, at the article's Markdown.
func TestSummaryAnchors(t *testing.T) {
	list := `{{ define "main" }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ .Summary }}</li>{{ end }}</ul>{{ end }}`
	tests := []struct {
		name, body string
		want       []string // "file:line:col rule"
	}{
		{"anchor exists", "[见下文](#概况)。\n\n## 概况\n\n正文。", nil},
		{"anchor missing", "正文，[见下文](#没有)。\n\n## 概况", []string{"content/news/a.md:7:9 link-anchor"}},
		{"more marker", "[见下文](#概况)。\n\n<!--more-->\n\n## 概况", nil},
		{"front matter", "summary: \"[见下文](#概况)\"\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := article(tt.body)
			if strings.HasPrefix(tt.body, "summary:") {
				page = strings.Replace(article("## 概况"), "---\ntitle:", "---\n"+tt.body+"title:", 1)
			}
			in, res := miniSiteWith(t, map[string]string{"content/news/a.md": page},
				map[string]string{"layouts/_default/list.html": list})
			if !strings.Contains(string(res.Files["/news/"]), "见下文") {
				t.Fatalf("the list page shows no summary:\n%s", res.Files["/news/"])
			}
			var got []string
			for _, f := range Run(context.Background(), in, res, Options{Now: fixtureNow}) {
				if strings.HasPrefix(f.Rule, "link-") {
					got = append(got, fmt.Sprintf("%s %s", f.Pos(), f.Rule))
				}
			}
			if strings.Join(got, "; ") != strings.Join(tt.want, "; ") {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// footerSite is a site value with nothing but what checkFooter and checkMeta use.
func footerSite() *site {
	return &site{verbatim: map[string]string{}, in: &build.Inputs{}, cfg: &config.Config{BaseURL: "https://www.example.gov.cn/"}}
}

func parseDoc(t *testing.T, h string) *doc {
	t.Helper()
	root, err := html.Parse(strings.NewReader(h))
	if err != nil {
		t.Fatal(err)
	}
	d := &doc{path: "/x/", root: root}
	d.scan(new(arena))
	return d
}

func TestFooter(t *testing.T) {
	const (
		sponsor = `<p>主办单位：测试县人民政府办公室</p>`
		contact = `<p>联系方式：0734-0000000</p>`
		code    = `<p>网站标识码：4304240000</p>`
		icp     = `<a href="https://beian.miit.gov.cn/">湘ICP备12345678号-1</a>`
		police  = `<a href="https://beian.mps.gov.cn/#/query/webSearch?code=43042402000001">湘公网安备43042402000001号</a>`
		jiucuo  = `<a href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=4304240000&amp;url=https%3A%2F%2Fwww.example.gov.cn%2Fx%2F">我为政府网站找错</a>`
	)
	tests := []struct {
		name, footer string
		want         []string
	}{
		{"complete", sponsor + contact + code + icp + police, nil},
		{"ICP without -n", sponsor + contact + code + `<a href="https://beian.miit.gov.cn">湘ICP备12345678号</a>` + police, nil},
		{"no sponsor", contact + code + icp + police, []string{RuleFooterMissing}},
		{"short site code", sponsor + contact + `<p>网站标识码：43042</p>` + icp + police, []string{RuleFooterMissing}},
		{"no ICP", sponsor + contact + code + police, []string{RuleFooterICP}},
		{"ICP malformed", sponsor + contact + code + `<a href="https://beian.miit.gov.cn/">ICP备12345678</a>` + police, []string{RuleFooterICP}},
		{"ICP not linked", sponsor + contact + code + `<p>湘ICP备12345678号</p>` + police, []string{RuleFooterICP}},
		{"ICP wrong link", sponsor + contact + code + `<a href="http://www.miitbeian.gov.cn/">湘ICP备12345678号</a>` + police, []string{RuleFooterICP}},
		{"police code mismatch", sponsor + contact + code + icp + `<a href="https://beian.mps.gov.cn/#/query/webSearch?code=1">湘公网安备43042402000001号</a>`, []string{RuleFooterPolice}},
		{"police malformed", sponsor + contact + code + icp + `<p>湘公网安备号</p>`, []string{RuleFooterPolice}},
		{"no police", sponsor + contact + code + icp, []string{RuleFooterPolice}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := footerSite()
			d := parseDoc(t, `<!doctype html><title>x</title><footer>`+tt.footer+jiucuo+`</footer>`)
			s.checkFooter(d)
			var got []string
			for _, f := range d.found {
				got = append(got, f.Rule)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("got %v, want %v\n%s", got, tt.want, lines(d.found))
			}
		})
	}
	t.Run("no footer", func(t *testing.T) {
		s := footerSite()
		d := parseDoc(t, `<!doctype html><title>x</title><p>正文</p>`)
		s.checkFooter(d)
		if len(d.found) != 1 || d.found[0].Rule != RuleFooterMissing {
			t.Errorf("got %v", d.found)
		}
	})
}

func TestMeta(t *testing.T) {
	const site = `<meta name="SiteName" content="站"><meta name="SiteDomain" content="www.example.gov.cn"><meta name="SiteIDCode" content="4304240000">`
	const column = `<meta name="ColumnName" content="新闻"><meta name="ColumnDescription" content="新闻"><meta name="ColumnKeywords" content="新闻"><meta name="ColumnType" content="新闻">`
	article := func(pub string) string {
		return `<meta name="ArticleTitle" content="题"><meta name="PubDate" content="` + pub + `"><meta name="ContentSource" content="源">`
	}
	dated := &content.Page{Kind: content.KindPage}
	dated.Date = fixtureNow
	tests := []struct {
		name string
		page *content.Page
		head string
		want []string
	}{
		{"home", &content.Page{Kind: content.KindHome}, site, nil},
		{"no page", nil, site, nil},
		{"empty SiteIDCode", nil, strings.Replace(site, "4304240000", "", 1), []string{RuleMetaSite}},
		{"section", &content.Page{Kind: content.KindSection}, site + column, nil},
		{"section without column tags", &content.Page{Kind: content.KindSection}, site, []string{RuleMetaColumn}},
		{"article", dated, site + article("2025-03-20 12:00"), nil},
		{"article PubDate with seconds", dated, site + article("2025-03-20 12:00:00"), []string{RuleMetaArticle}},
		{"article PubDate date only", dated, site + article("2025-03-20"), []string{RuleMetaArticle}},
		{"article without tags", dated, site, []string{RuleMetaArticle}},
		{"undated article: page-date reports it", &content.Page{Kind: content.KindPage}, site + article(""), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := footerSite()
			d := parseDoc(t, `<!doctype html><head><title>x</title>`+tt.head+`</head><body></body>`)
			d.page = tt.page
			s.checkMeta(d)
			var got []string
			for _, f := range d.found {
				got = append(got, f.Rule)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("got %v, want %v\n%s", got, tt.want, lines(d.found))
			}
		})
	}
}

func TestGovernment(t *testing.T) {
	tests := []struct {
		name string
		cfg  config.Config
		want bool
	}{
		{"plain site", config.Config{BaseURL: "https://example.com/"}, false},
		{"gov.cn domain", config.Config{BaseURL: "https://www.hengdong.gov.cn/"}, true},
		{"footer facts", config.Config{BaseURL: "/", Footer: config.Footer{ICP: "湘ICP备12345678号"}}, true},
	}
	for _, tt := range tests {
		if got := Government(&tt.cfg); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestRelPath(t *testing.T) {
	s := &site{cfg: &config.Config{BaseURL: "https://www.example.gov.cn/sub/"}, base: "/sub/"}
	tests := []struct {
		from, ref string
		path      string
		frag      string
		internal  bool
	}{
		{"/news/a/", "/sub/news/b/", "/news/b/", "", true},
		{"/news/a/", "../b/#x", "/news/b/", "x", true},
		{"/news/a/", "#%E6%A6%82%E5%86%B5", "/news/a/", "概况", true},
		{"/news/a/", "https://www.example.gov.cn/sub/about/", "/about/", "", true},
		{"/news/a/", "https://other.example.com/", "", "", false},
		{"/news/a/", "mailto:a@b.cn", "", "", false},
		{"/news/a/", "/other/", "", "", true}, // outside the base path: no file serves it
		{"/404.html", "css/site.css", "/css/site.css", "", true},
		{"/tags/印章/", "../", "/tags/", "", true},
	}
	for _, tt := range tests {
		p, frag, _, internal := s.relPath(tt.from, tt.ref)
		if p != tt.path || frag != tt.frag || internal != tt.internal {
			t.Errorf("relPath(%q, %q) = %q, %q, %v; want %q, %q, %v", tt.from, tt.ref, p, frag, internal, tt.path, tt.frag, tt.internal)
		}
	}
}

func TestFindingString(t *testing.T) {
	f := Finding{File: "content/a.md", Line: 3, Col: 5, Rule: RuleTypoSpace, Level: Warning, Msg: "两个汉字之间有空格", Fix: "请删除空格", Detail: "space"}
	if got, want := f.String(), "content/a.md:3:5: warning [typo-han-space] 两个汉字之间有空格；请删除空格 (space)"; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	g := Finding{File: "/about/", Rule: RuleMetaSite, Level: Error, Msg: "缺", Detail: "missing"}
	if got, want := g.String(), "/about/: error [meta-site] 缺 (missing)"; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestTemplateProblemsAreGrouped(t *testing.T) {
	fs := finish([]Finding{
		{File: "/b/", Rule: RuleMetaSite, Level: Error, Msg: "缺", Detail: "d"},
		{File: "/a/", Rule: RuleMetaSite, Level: Error, Msg: "缺", Detail: "d"},
		{File: "content/x.md", Line: 1, Rule: RulePageDate, Level: Error, Msg: "缺", Detail: "d"},
	})
	if len(fs) != 2 || fs[0].File != "/a/" || !strings.Contains(fs[0].Msg, "共 2 个页面") {
		t.Errorf("got:\n%s", lines(fs))
	}
}

func TestSectionOfDraftsIsEmpty(t *testing.T) {
	in, res := miniSite(t, map[string]string{
		"content/news/a.md":   article("正文。"),
		"content/notice/b.md": "---\ntitle: 草稿\ndraft: true\ndate: 2025-03-19T09:00:00+08:00\nsource: 测试\n---\n",
	})
	var got []Finding
	for _, f := range Run(context.Background(), in, res, Options{Now: fixtureNow}) {
		if f.Rule == RuleSectionEmpty {
			got = append(got, f)
		}
	}
	if len(got) != 1 || got[0].File != "content/notice/" {
		t.Errorf("got:\n%s", lines(got))
	}
}

// TestLinksToGeneratedFiles: links to files the build writes itself (a
// section's feed, sitemap.xml, robots.txt) are not broken.
func TestLinksToGeneratedFiles(t *testing.T) {
	in, res := miniSiteWith(t, map[string]string{
		"content/news/_index.md": "---\ntitle: 新闻\n---\n",
		"content/news/a.md":      article("[订阅](/news/index.xml)、[地图](/sitemap.xml)、[robots](/robots.txt)"),
	}, map[string]string{
		"layouts/_default/rss.xml": "<rss>{{ xmlEscape .Title }}</rss>",
		"layouts/sitemap.xml":      "<urlset/>",
		"layouts/robots.txt":       "User-agent: *\n",
	})
	for _, p := range []string{"/news/index.xml", "/sitemap.xml", "/robots.txt"} {
		if _, ok := res.Files[p]; !ok {
			t.Errorf("%s is not written", p)
		}
	}
	for _, f := range Run(context.Background(), in, res, Options{Now: fixtureNow}) {
		if f.Rule == RuleLinkBroken || f.Rule == RuleLinkAsset {
			t.Errorf("unexpected: %s", lines([]Finding{f}))
		}
	}
}
