package check

import (
	"strings"
	"testing"
)

// fixtureFooter is the fault fixture's [footer], which TestFooterConfig varies.
const fixtureFooter = `sponsor = "测试县人民政府办公室"
contact = "电话：0734-5212345"
siteCode = "4304240001"
icp = "湘ICP备12345678号-1"
policeRecord = "湘公网安备43042402000001号"
`

func footerConfig(footer string) string {
	return "title = \"测试\"\nbaseURL = \"https://www.example.gov.cn/\"\n\n[footer]\n" + footer
}

func TestFooterConfig(t *testing.T) {
	// [footer] starts at line 4; its keys are on lines 5–9.
	tests := []struct {
		name       string
		from, to   string
		production bool
		want       []string
	}{
		{"clean", "", "", true, nil},
		{"ICP of another province", "湘ICP备", "粤ICP备", false, []string{"footer-icp@site.toml:8:7"}},
		{"ICP malformed", "湘ICP备12345678号", "湘ICP备123号", false, []string{"footer-icp@site.toml:8:7"}},
		{"police number of 13 digits", "43042402000001", "4304240200001", false, []string{"footer-police@site.toml:9:16"}},
		{"police number of another province", "43042402000001", "44042402000001", false, []string{"footer-police@site.toml:9:16"}},
		{"site code with a letter", "4304240001", "43042400A1", false, []string{"footer-missing@site.toml:7:12"}},
		{"placeholder, not production", "4304240001", "4304240000", false, nil},
		{"placeholder site code", "4304240001", "4304240000", true, []string{"footer-placeholder@site.toml:7:12"}},
		{"placeholder ICP", "12345678", "00000000", true, []string{"footer-placeholder@site.toml:8:7"}},
		{"placeholder police", "43042402000001", "43042402000000", true, []string{"footer-placeholder@site.toml:9:16"}},
		{"placeholder phone", "5212345", "0000000", true, []string{"footer-placeholder@site.toml:6:11"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			footer := fixtureFooter
			if tt.from != "" {
				footer = strings.Replace(footer, tt.from, tt.to, 1)
			}
			got, _ := findingsWith(t, map[string]string{"content/news/a.md": article("正文。")},
				map[string]string{"site.toml": footerConfig(footer)}, tt.production,
				RuleFooterICP, RuleFooterPolice, RuleFooterMissing, RuleFooterPlaceholder, RuleFooterJiucuo)
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFooterLinks(t *testing.T) {
	const head = `{{- $f := .Site.Footer -}}<footer><p>主办单位：{{ $f.Sponsor }}</p><p>联系方式：{{ $f.Contact }}</p><p>网站标识码：{{ $f.SiteCode }}</p>`
	const jiucuo = `<a href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code={{ $f.SiteCode }}&amp;url={{ .Permalink }}">我为政府网站找错</a>`
	const icp = `<a href="https://beian.miit.gov.cn/">{{ $f.ICP }}</a>`
	const police = `<a href="https://beian.mps.gov.cn/#/query/webSearch?code={{ $f.PoliceCode }}">{{ $f.PoliceRecord }}</a>`
	tests := []struct {
		name   string
		footer string
		want   []string // rules, at the output path
	}{
		{"clean", icp + police + jiucuo, nil},
		{"scheme-relative ICP link", `<a href="//beian.miit.gov.cn/">{{ $f.ICP }}</a>` + police + jiucuo, nil},
		{"older police link", icp + `<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode={{ $f.PoliceCode }}">{{ $f.PoliceRecord }}</a>` + jiucuo, nil},
		{"police link to another number", icp + `<a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=1">{{ $f.PoliceRecord }}</a>` + jiucuo, []string{RuleFooterPolice}},
		{"ICP link elsewhere", `<a href="https://beian.miit.gov.cn.example.com/">{{ $f.ICP }}</a>` + police + jiucuo, []string{RuleFooterICP}},
		{"no jiucuo", icp + police, []string{RuleFooterJiucuo}},
		{"old jiucuo address", icp + police + `<a href="https://zfwzzc.www.gov.cn/">我为政府网站找错</a>`, []string{RuleFooterJiucuo}},
		{"jiucuo without the page", icp + police + `<a href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code={{ $f.SiteCode }}">我为政府网站找错</a>`, []string{RuleFooterJiucuo}},
		{"jiucuo of another site", icp + police + `<a href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=4301000001&amp;url={{ .Permalink }}">我为政府网站找错</a>`, []string{RuleFooterJiucuo}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := findingsWith(t, map[string]string{"content/news/a.md": article("正文。")},
				map[string]string{"layouts/partials/footer.html": head + tt.footer + "</footer>", "site.toml": footerConfig(fixtureFooter)}, false,
				RuleFooterICP, RuleFooterPolice, RuleFooterMissing, RuleFooterPlaceholder, RuleFooterJiucuo)
			var rules []string
			for _, g := range got {
				rule, where, _ := strings.Cut(g, "@")
				if !strings.HasPrefix(where, "/") {
					t.Errorf("%s not at an output path", g)
				}
				rules = append(rules, rule)
			}
			if strings.Join(rules, " ") != strings.Join(tt.want, " ") {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
