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
			"site.toml": "title = \"Bakery\"\nlanguageCode = \"en\"\nbaseURL = \"https://bakery.example/\"\n" +
				"[[menu]]\nname = \"Shop\"\nurl = \"/\"\n[[menu]]\nname = \"Bread\"\nurl = \"/bread/\"\nparent = \"Shop\"\n",
			"content/bread.md":   "---\ntitle: Bread\naliases: [/loaf/]\nfeatured: true\ncover: {src: /img/bun.png, alt: A bun}\n---\n\nFresh every morning.\n",
			"content/cake.md":    "---\ntitle: Cake\nfeatured: true\ncover: {src: /img/bun.png, alt: A cake}\n---\n\nOn Sundays.\n",
			"static/img/bun.png": tinyPNG(t),
		}, []string{`<html lang="en">`, `href="#main">Skip to main content</a>`, `<label for="site-search-q">Search this site</label>`,
			`data-submenu-label="Show the %s submenu"`, `aria-label="Reading and accessibility tools"`,
			`data-a11y-size="xlarge" aria-pressed="false">Extra large</button>`,
			"index.html:" + `data-label="carousel" data-prev="Previous slide" data-next="Next slide" data-pause="Pause the slideshow" data-play="Play the slideshow"`,
			"loaf/index.html:" + `<html lang="en">`, "loaf/index.html:" + `<p>This page has moved to <a href="/bread/">Bread</a>.</p>`}},
		{"chinese site, one string overridden", map[string]string{
			"site.toml":        "[[menu]]\nname = \"首页\"\nurl = \"/\"\n[[menu]]\nname = \"面包\"\nurl = \"/bread/\"\nparent = \"首页\"\n",
			"i18n/zh-CN.toml":  "skipToContent = \"跳过导航\"\n",
			"content/bread.md": "---\ntitle: 面包\n---\n\n每天早上新鲜出炉。\n",
		}, []string{`<html lang="zh-CN">`, `href="#main">跳过导航</a>`, `<label for="site-search-q">站内搜索</label>`,
			`data-submenu-label="展开“%s”子菜单"`, `aria-label="适老化与无障碍工具"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, code, out := buildFolder(t, tt.files)
			if code != 0 {
				t.Fatalf("build exit %d:\n%s", code, out)
			}
			// A want is looked for in bread/index.html, or in the output
			// file named before it ("loaf/index.html:...").
			for _, w := range tt.want {
				file := "bread/index.html"
				if f, rest, ok := strings.Cut(w, ".html:"); ok {
					file, w = f+".html", rest
				}
				page, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(file))) // dir is the output folder
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(string(page), w) {
					t.Errorf("%s lacks %s", file, w)
				}
			}
		})
	}
}
