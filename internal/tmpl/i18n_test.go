package tmpl

import (
	"bytes"
	"strings"
	"testing"
)

func TestTranslations(t *testing.T) {
	files := map[string][]byte{
		"i18n/zh-CN.toml": []byte("home = \"首页\"\nsearch = \"搜索\"\n[pages]\nother = \"共 {{ .Count }} 篇\"\n"),
		"i18n/en.toml":    []byte("home = \"Home\"\n[pages]\none = \"{{ .Count }} page\"\nother = \"{{ .Count }} pages\"\n"),
		"i18n/en-GB.toml": []byte("home = \"Home page\"\n"),
		// The theme's tables: the site's override them key by key.
		"theme/i18n/zh-CN.toml": []byte("home = \"主页\"\nsitemap = \"网站地图\"\n"),
		"theme/i18n/en.toml":    []byte("sitemap = \"Site map\"\n"),
	}
	tests := []struct {
		lang, tpl, want string
	}{
		{"zh-CN", `{{ i18n "home" }} {{ T "pages" 3 }}`, "首页 共 3 篇"},
		{"en", `{{ i18n "home" }} {{ T "pages" 1 }} {{ T "pages" 2 }}`, "Home 1 page 2 pages"},
		// en-GB's own table, then en's, then the theme's zh-CN for what both lack
		{"en-GB", `{{ i18n "home" }}|{{ T "pages" 5 }}|{{ i18n "search" }}`, "Home page|5 pages|搜索"},
		{"fr", `{{ i18n "home" }}`, "首页"},
		{"zh-CN", `{{ i18n "nosuchkey" }}`, "nosuchkey"}, // shows, not vanishes
		{"zh-CN", `{{ i18n "home" }} {{ i18n "sitemap" }}`, "首页 网站地图"},
		{"en", `{{ i18n "sitemap" }}`, "Site map"},
	}
	for _, tt := range tests {
		tr, err := LoadTranslations(files, tt.lang)
		if err != nil {
			t.Fatal(err)
		}
		e, err := New(map[string][]byte{"layouts/x.html": []byte(tt.tpl)}, Options{I18n: tr})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := e.Execute(&b, "layouts/x.html", nil); err != nil || b.String() != tt.want {
			t.Errorf("%s %s = %q (%v), want %q", tt.lang, tt.tpl, b.String(), err, tt.want)
		}
	}
}

func TestTranslationErrors(t *testing.T) {
	tests := []struct{ data, want string }{
		{"home = \"首页\nx = 1", "i18n/zh-CN.toml:1:"},
		{"[pages]\none = \"一篇\"\n", "缺少 other"},
		{"n = 3\n", "应为文字"},
	}
	for _, tt := range tests {
		_, err := LoadTranslations(map[string][]byte{"i18n/zh-CN.toml": []byte(tt.data)}, "zh-CN")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want %q", tt.data, err, tt.want)
		}
	}
}
