package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestThemeSpeaksTheSiteLanguage: the embedded theme's interface strings come
// from its i18n tables, so a site with languageCode = "en" gets English
// chrome, and a site's own i18n file overrides single strings.
func TestThemeSpeaksTheSiteLanguage(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"english site", map[string]string{
			"site.toml":        "title = \"Bakery\"\nlanguageCode = \"en\"\nbaseURL = \"https://bakery.example/\"\n",
			"content/bread.md": "---\ntitle: Bread\n---\n\nFresh every morning.\n",
		}, []string{`<html lang="en">`, `href="#main">Skip to main content</a>`, `<label for="site-search-q">Search this site</label>`}},
		{"chinese site, one string overridden", map[string]string{
			"i18n/zh-CN.toml":  "skipToContent = \"跳过导航\"\n",
			"content/bread.md": "---\ntitle: 面包\n---\n\n每天早上新鲜出炉。\n",
		}, []string{`<html lang="zh-CN">`, `href="#main">跳过导航</a>`, `<label for="site-search-q">站内搜索</label>`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, code, out := buildFolder(t, tt.files)
			if code != 0 {
				t.Fatalf("build exit %d:\n%s", code, out)
			}
			page, err := os.ReadFile(filepath.Join(dir, "bread", "index.html")) // dir is the output folder
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(page), w) {
					t.Errorf("page lacks %s", w)
				}
			}
		})
	}
}
