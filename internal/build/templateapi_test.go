package build_test

import (
	"os"
	"strings"
	"testing"

	"hengdong/internal/build"
	"hengdong/internal/build/buildtest"
)

// theme2 is the second theme in testdata: nothing like the portal's.
var theme2 = os.DirFS("testdata/theme2")

// writeTheme2Site writes a small site for theme2: menus with a submenu, site
// params, an about page, a news section and a bundle with an image and a PDF.
func writeTheme2Site(t *testing.T, root string) {
	t.Helper()
	files := map[string]string{
		"site.toml": `title = "Second Theme Site"
baseURL = "https://example.org/sub/"
languageCode = "en"
[params]
author = "Site Desk"
phone = "tel 0734-5551234"
[[menu]]
name = "News"
url = "/news/"
weight = 2
[[menu]]
name = "About"
url = "/about/"
weight = 1
[[menu]]
name = "Bundle"
url = "/news/bundle/"
parent = "News"
`,
		"content/about.md":               "---\ntitle: About us\n---\n\nWe are a county.\n",
		"content/news/_index.md":         "---\ntitle: News\n---\n",
		"content/news/first.md":          "---\ntitle: First post\ndate: 2025-01-02\nauthor: Li Hua\nsource: 县融媒体中心\nrating: 3.6\n---\n\nHello.\n\n{{< callout kind=\"warn\" >}}Mind the **step**.{{< /callout >}}\n",
		"content/news/bundle/index.md":   "---\ntitle: 图片新闻\ndate: 2025-01-03\n---\n\n正文。\n",
		"content/news/bundle/a.png":      "\x89PNG\r\n\x1a\n",
		"content/news/bundle/report.pdf": "%PDF-1.4\n",
	}
	for name, text := range files {
		buildtest.WriteFile(t, root, name, text)
	}
}

// TestTemplateAPI renders theme2, which uses the template API theme authors
// know from Hugo: site, now, .Param, .GetPage, .Site.Menus with children,
// .IsMenuCurrent/.HasMenuCurrent, .Resources, partialCached, math, strings,
// findRE, mul and a paired custom shortcode.
func TestTemplateAPI(t *testing.T) {
	root := t.TempDir()
	writeTheme2Site(t, root)
	in, err := build.ReadInputs(root, theme2)
	if err != nil {
		t.Fatal(err)
	}
	res, err := build.Render(in, build.Options{Now: testNow, NoMinify: true})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct{ path, want string }{
		// site.Title, .Param falling back to [params], .Source, strings.RuneCount
		{"/news/bundle/", `<p class="byline">by Site Desk · source none · 4 chars</p>`},
		{"/news/first/", `<p class="byline">by Li Hua · source 县融媒体中心 · 10 chars</p>`},
		// .Resources.ByType and .GetMatch, with the base path
		{"/news/bundle/", `<li><img src="/sub/news/bundle/a.png" alt="a.png"></li>`},
		{"/news/bundle/", `<a href="/sub/news/bundle/report.pdf">report.pdf</a> (application/pdf)`},
		// site.GetPage
		{"/news/first/", `<p class="about-link"><a href="/sub/about/">About us</a></p>`},
		// menus: weight order, a child, the current entry and its ancestor
		{"/about/", `<li class="current"><a href="/sub/about/">About</a></li>`},
		{"/news/bundle/", `<li class="ancestor"><a href="/sub/news/">News</a><ul class="sub"><li><a href="/sub/news/bundle/">Bundle</a></li></ul></li>`},
		// the sidebar lists every page on every page
		{"/about/", `<li><a href="/sub/news/first/">First post</a> <small>2025-01-02</small></li>`},
		// home: other pages' params and source, math.Round, .GetPage, mul
		{"/", `<li>First post [Li Hua] 县融媒体中心 4</li>`},
		{"/", `<p class="news-count">2 news, 20 points</p>`},
		// partialCached footer with now and findRE
		{"/", `<footer><p>Second Theme Site · 2025 · 3 pages · 0734</p></footer>`},
		// the custom shortcode, its .Inner through markdownify
		{"/news/first/", `<div class="callout callout-warn">Mind the <strong>step</strong>.</div>`},
	}
	for _, c := range cases {
		if got := string(res.Files[c.path]); !strings.Contains(got, c.want) {
			t.Errorf("%s lacks %s\n%s", c.path, c.want, got)
		}
	}
}
