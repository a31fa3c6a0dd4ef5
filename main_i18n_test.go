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
				"paginate = 1\n[[menu]]\nname = \"Shop\"\nurl = \"/\"\n[[menu]]\nname = \"Bread\"\nurl = \"/bread/\"\nparent = \"Shop\"\n",
			"content/news/a.md":  "---\ntitle: Open on Monday\ndate: 2026-05-01\n---\n\nWe open at nine.\n",
			"content/news/b.md":  "---\ntitle: New oven\ndate: 2026-05-02\ntags: [oven]\n---\n\nIt bakes faster.\n",
			"content/bread.md":   "---\ntitle: Bread\naliases: [/loaf/]\nfeatured: true\ncover: {src: /img/bun.png, alt: A bun}\n---\n\nFresh every morning.\n",
			"content/cake.md":    "---\ntitle: Cake\nfeatured: true\ncover: {src: /img/bun.png, alt: A cake}\n---\n\nOn Sundays.\n",
			"static/img/bun.png": tinyPNG(t),
		}, []string{`<html lang="en">`, `href="#main">Skip to main content</a>`, `<label for="site-search-q">Search this site</label>`,
			`data-submenu-label="Show the %s submenu"`, `aria-label="Reading and accessibility tools"`,
			`data-a11y-size="xlarge" aria-pressed="false">Extra large</button>`,
			"index.html:" + `data-label="carousel" data-prev="Previous slide" data-next="Next slide" data-pause="Pause the slideshow" data-play="Play the slideshow"`,
			"loaf/index.html:" + `<html lang="en">`, "loaf/index.html:" + `<p>This page has moved to <a href="/bread/">Bread</a>.</p>`,
			"news/index.html:" + `<p class="pagination-status">Page 1 of 2</p>`, "news/index.html:" + `aria-label="Next: page 2">Next</a>`,
			"news/index.html:" + `<nav class="breadcrumbs" aria-label="Breadcrumbs">`, "news/a/index.html:" + `<span class="pn-label">Next</span>`,
			"404.html:" + `<h1>Sorry, the page you asked for was not found</h1>`, "404.html:" + `<title>Page not found - Bakery</title>`,
			"search/index.html:" + `<label for="search-q">Search terms</label>`, "search/index.html:" + `Nothing was found for “{q}”`,
			"search/index.html:" + `You can also browse every page by section in the <a href="/sitemap/">Site map</a>.`,
			"sitemap/index.html:" + `<h1>Site map</h1>`, "sitemap/index.html:" + `Every page of the site, by section`,
			"sitemap/index.html:" + `<h2 id="sm-taxonomies">Categories and tags</h2>`,
			"tags/index.html:" + `<span class="term-count"> (1)</span>`, "tags/oven/index.html:" + `1 page. <a href="/tags/">All `}},
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
