package check

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// a11yPage is the layout the accessibility tests vary: each case replaces one
// of its lines (the lines are numbered in the comments).
var a11yPage = []string{
	`<!doctype html>`,              // 1
	`<html lang="zh-CN">`,          // 2
	`<head><meta charset="utf-8">`, // 3
	`<meta name="viewport" content="width=device-width, initial-scale=1">`, // 4
	`<title>{{ .Title }} - {{ .Site.Title }}</title>`,                      // 5
	`</head><body>`, // 6
	`<a class="skip-link" href="#main">跳到主要内容</a>`,                       // 7
	`<nav><a href="{{ .Site.Home.RelPermalink }}">首页</a></nav>`,          // 8
	`<main id="main"><h1>{{ .Title }}</h1>{{ block "main" . }}{{ end }}`, // 9
	`<p>正文</p>`,      // 10
	`</main>`,        // 11
	`</body></html>`, // 12
}

// a11yRules are the rules these tests look at.
var a11yRules = []string{RuleHTMLLang, RulePageTitle, RuleSkipLink, RuleViewport, RuleFormLabel, RuleImgAlt}

func TestAccessibilityRules(t *testing.T) {
	const base = "layouts/_default/baseof.html"
	tests := []struct {
		name string
		line int    // the line of a11yPage replaced (0: none)
		text string // its new text
		want []string
	}{
		{"the clean layout passes", 0, "", nil},
		{"html without lang", 2, `<html>`, []string{"html-lang@" + base + ":2:1"}},
		{"lang with an underscore", 2, `<html lang="zh_CN">`, []string{"html-lang@" + base + ":2:1"}},
		{"empty lang", 2, `<html lang="">`, []string{"html-lang@" + base + ":2:1"}},
		{"lang not a language", 2, `<html lang="chinese">`, []string{"html-lang@" + base + ":2:1"}},
		{"lang with script and region", 2, `<html lang="zh-Hans-CN">`, nil},
		{"lang from the site", 2, `<html lang="{{ .Site.LanguageCode }}">`, nil},
		{"no viewport", 4, ``, []string{"viewport@/"}},
		{"user-scalable=no", 4, `<meta name="viewport" content="width=device-width, user-scalable=no">`, []string{"viewport@" + base + ":4:1"}},
		{"maximum-scale=1", 4, `<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1.0">`, []string{"viewport@" + base + ":4:1"}},
		{"maximum-scale=2 lets users zoom", 4, `<meta name="viewport" content="width=device-width, maximum-scale=2">`, nil},
		{"user-scalable=yes", 4, `<meta name="viewport" content="width=device-width, user-scalable=yes">`, nil},
		{"no title", 5, ``, []string{"page-title@/"}},
		{"empty title", 5, `<title></title>`, []string{"page-title@" + base + ":5:1"}},
		{"no skip link", 7, ``, []string{"skip-link@/"}},
		{"skip link to nothing", 7, `<a href="#content">跳到主要内容</a>`, []string{"skip-link@" + base + ":7:1"}},
		{"skip link after three other links", 7, `<a href="/">甲</a><a href="/">乙</a><button>丙</button><a href="#main">跳到主要内容</a>`, []string{"skip-link@/"}},
		{"skip link second", 7, `<a href="/">首页</a><a href="#main">跳到主要内容</a>`, nil},
		{"input without label", 10, `<form><input type="text" name="kw"></form>`, []string{"form-label@" + base + ":10:7"}},
		{"select and textarea without label", 10, `<select name="s"><option>甲</option></select><textarea id="t"></textarea>`,
			[]string{"form-label@" + base + ":10:1", "form-label@" + base + ":10:45"}},
		{"label for", 10, `<label for="q">关键词</label><input id="q" name="q">`, nil},
		{"label wraps", 10, `<label>关键词 <input name="q"></label>`, nil},
		{"aria-label", 10, `<input name="q" aria-label="关键词">`, nil},
		{"aria-labelledby", 10, `<span id="l">关键词</span><input name="q" aria-labelledby="l">`, nil},
		{"aria-labelledby to nothing", 10, `<input name="q" aria-labelledby="nope">`, []string{"form-label@" + base + ":10:1"}},
		{"label for another id", 10, `<label for="x">关键词</label><input id="q">`, []string{"form-label@" + base + ":10:27"}},
		{"buttons and hidden fields need no label", 10, `<input type="hidden" name="a"><input type="submit" value="搜索"><input type="button" value="重置">`, nil},
		{"layout image without alt", 10, `<img src="/logo.svg" width="10" height="10">`, []string{"img-alt@" + base + ":10:1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lines := slices.Clone(a11yPage)
			if tt.line > 0 {
				lines[tt.line-1] = tt.text
			}
			in, res := miniSiteWith(t, map[string]string{"content/news/a.md": article("衡东县")},
				map[string]string{base: strings.Join(lines, "\n") + "\n", "static/logo.svg": ""})
			in.Static["static/logo.svg"] = []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)
			res.Files["/logo.svg"] = in.Static["static/logo.svg"]
			var got []string
			for _, f := range Run(context.Background(), in, res, Options{Now: fixtureNow}) {
				if !slices.Contains(a11yRules, f.Rule) {
					continue
				}
				if f.Msg == "" || f.Fix == "" || f.Detail == "" || f.Level != LevelOf(f.Rule) {
					t.Errorf("finding lacks message, fix or detail, or has the wrong level: %s", f)
				}
				where := fmt.Sprintf("%s:%d:%d", f.File, f.Line, f.Col)
				if strings.HasPrefix(f.File, "/") {
					where = "/" // a page of the site: the fault is in no file
					if !strings.Contains(f.Detail, "on ") {
						t.Errorf("a template fault not grouped over the pages: %s", f)
					}
				} else if !strings.Contains(f.Msg, "个页面") {
					t.Errorf("a layout fault not counted over the pages: %s", f)
				}
				got = append(got, f.Rule+"@"+where)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("got  %v\nwant %v\n%s", got, tt.want, strings.Join(lines, "\n"))
			}
		})
	}
}

// A form control in a static page is found at its line there (at the
// attribute that names it).
func TestFormLabelInStaticPage(t *testing.T) {
	in, res := miniSite(t, map[string]string{"content/news/a.md": article("衡东县")})
	page := "<!doctype html>\n<html lang=\"zh-CN\">\n<title>旧版</title>\n<form>\n<input name=\"kw\">\n</form>\n"
	in.Static["static/old.html"] = []byte(page)
	res.Files["/old.html"] = []byte(page)
	var got []string
	for _, f := range Run(context.Background(), in, res, Options{Now: fixtureNow}) {
		if slices.Contains(a11yRules, f.Rule) {
			got = append(got, fmt.Sprintf("%s@%s:%d:%d", f.Rule, f.File, f.Line, f.Col))
		}
	}
	if want := "form-label@static/old.html:5:8"; strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", got, want)
	}
}
