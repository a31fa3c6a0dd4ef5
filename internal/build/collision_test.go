package build_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"hengdong/internal/build"
	"hengdong/internal/build/buildtest"
)

// TestCollisions: two sources for one output file are an error naming both,
// except that the site's own static file replaces a generated one.
func TestCollisions(t *testing.T) {
	page := func(front string) string { return "---\ntitle: 页\ndate: 2024-01-02\n" + front + "---\n\n正文。\n" }
	tests := []struct {
		name   string
		files  map[string]string
		err    []string          // substrings of the error; nil for a build that succeeds
		want   map[string]string // output path → substring of its bytes
		minify bool
	}{
		{name: "page vs static",
			files: map[string]string{"content/news/icon.md": page("url: /favicon.svg\n"), "static/favicon.svg": "<svg/>"},
			err:   []string{"content/news/icon.md: 输出文件 /favicon.svg 同时来自页面 content/news/icon.md 和静态文件 static/favicon.svg"}},
		{name: "static vs section page",
			files: map[string]string{"static/news/index.html": "<p>旧的新闻页</p>"},
			err:   []string{"输出文件 /news/index.html 同时来自页面 content/news/_index.md 和静态文件 static/news/index.html"}},
		{name: "alias vs static",
			files: map[string]string{"content/news/a.md": page("aliases: [/old/]\n"), "static/old/index.html": "<p>old</p>"},
			err:   []string{"content/news/a.md: 输出文件 /old/index.html 同时来自别名 content/news/a.md 和静态文件 static/old/index.html"}},
		{name: "page vs alias",
			files: map[string]string{"content/news/a.md": page("aliases: [/news/b/index.html]\n"), "content/news/b.md": page("")},
			err:   []string{"content/news/a.md: 输出文件 /news/b/index.html 同时来自别名 content/news/a.md 和页面 content/news/b.md"}},
		{name: "resource vs static",
			files: map[string]string{"static/chanye/bundle/pic.svg": "<svg/>"},
			err:   []string{"content/chanye/bundle/pic.svg: 输出文件 /chanye/bundle/pic.svg 同时来自页面资源 content/chanye/bundle/pic.svg 和静态文件 static/chanye/bundle/pic.svg"}},
		{name: "alias climbing out",
			files: map[string]string{"content/news/a.md": page("aliases: [\"/../../etc/cron.d/x\"]\n")},
			err:   []string{"content/news/a.md:1:1: 别名 \"/../../etc/cron.d/x\" 不是本站内的路径"}},
		{name: "alias with a dot segment",
			files: map[string]string{"content/news/a.md": page("aliases: [\"news/./x/\"]\n")},
			err:   []string{"content/news/a.md:1:1: 别名 \"news/./x/\" 不是本站内的路径"}},
		{name: "alias to another site",
			files: map[string]string{"content/news/a.md": page("aliases: [\"https://evil.example/\"]\n")},
			err:   []string{"别名 \"https://evil.example/\" 不是本站内的路径"}},
		{name: "site's robots.txt and sitemap.xml win",
			files: map[string]string{"static/robots.txt": "User-agent: *\nDisallow: /private/\n", "static/sitemap.xml": "<urlset>own</urlset>"},
			want:  map[string]string{"/robots.txt": "Disallow: /private/", "/sitemap.xml": "own"}},
		{name: "site's feed and 404 page win",
			files: map[string]string{"static/news/index.xml": "<rss>own</rss>", "static/404.html": "<p>自己的404</p>"},
			want:  map[string]string{"/news/index.xml": "own", "/404.html": "自己的404"}},
		{name: "the site's 404 page is minified like its other files",
			files:  map[string]string{"static/404.html": "<p>\n  自己的404\n</p>\n"},
			want:   map[string]string{"/404.html": "<p>自己的404</p>"},
			minify: true},
		{name: "a plain alias is written",
			files: map[string]string{"content/news/a.md": page("aliases: [/old/a/]\n")},
			want:  map[string]string{"/old/a/": "/news/a/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			if err := buildtest.Write(root, 6); err != nil {
				t.Fatal(err)
			}
			for name, text := range tt.files {
				buildtest.WriteFile(t, root, name, text)
			}
			in, err := build.ReadInputs(root, os.DirFS(buildtest.RepoRoot()))
			if err != nil {
				t.Fatal(err)
			}
			res, err := build.Render(in, build.Options{Now: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), NoMinify: !tt.minify})
			if tt.err != nil {
				if err == nil {
					t.Fatal("no error")
				}
				for _, s := range tt.err {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error\n%v\nlacks %q", err, s)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for p, s := range tt.want {
				if !strings.Contains(string(res.Files[p]), s) {
					t.Errorf("%s: %.200q lacks %q", p, res.Files[p], s)
				}
			}
		})
	}
}
