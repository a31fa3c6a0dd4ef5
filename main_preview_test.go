package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"hengdong/internal/build"
)

// renderServe renders files as `serve` does (drafts and future pages shown)
// with the embedded theme and returns the output by path.
func renderServe(t *testing.T, files map[string]string, opts build.Options) map[string]string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	in, err := build.ReadInputs(dir, theme)
	if err != nil {
		t.Fatal(err)
	}
	opts.Now = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	opts.NoMinify = true
	res, err := build.Render(in, opts)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for p, b := range res.Files {
		out[p] = string(b)
	}
	return out
}

// In serve, a draft and a future page are marked with their status and
// publish date in every list that shows them and on the page itself, so no
// editor takes a preview for the published site.
func TestServeMarksDraftsAndFuturePages(t *testing.T) {
	files := map[string]string{
		"content/news/_index.md": "---\ntitle: 新闻动态\n---\n",
		"content/news/pub.md":    "---\ntitle: 已发布的新闻\ndate: 2025-02-01\ntags: [印章]\n---\n正文。\n",
		"content/news/draft.md":  "---\ntitle: 草稿新闻\ndate: 2025-02-10\ndraft: true\ntags: [印章]\n---\n正文。\n",
		"content/news/later.md":  "---\ntitle: 定时新闻\ndate: 2025-02-12\npublishDate: 2025-03-07T09:00:00+08:00\ntags: [印章]\n---\n正文。\n",
	}
	mark := func(title, status string) *regexp.Regexp {
		return regexp.MustCompile(regexp.QuoteMeta(title) + `</a>\s*<span class="page-status">` + regexp.QuoteMeta(status) + `</span>`)
	}
	draft, later := mark("草稿新闻", "草稿"), mark("定时新闻", "未发布，定于2025年3月7日发布")
	serve := renderServe(t, files, build.Options{Serve: true, BuildDrafts: true, BuildFuture: true})
	cases := []struct {
		name, file string
		want       []*regexp.Regexp
	}{
		{"home 最新动态", "/", []*regexp.Regexp{draft, later}},
		{"section list", "/news/", []*regexp.Regexp{draft, later}},
		{"tag page", "/tags/印章/", []*regexp.Regexp{draft, later}},
		{"draft's banner", "/news/draft/", []*regexp.Regexp{regexp.MustCompile(`<strong>未发布：</strong>本页为草稿，正式构建时`)}},
		{"future page's banner", "/news/later/", []*regexp.Regexp{regexp.MustCompile(`<strong>未发布：</strong>定于2025年3月7日发布，正式构建时`)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			page, ok := serve[c.file]
			if !ok {
				t.Fatalf("no %s", c.file)
			}
			for _, re := range c.want {
				if !re.MatchString(page) {
					t.Errorf("%s lacks %s", c.file, re)
				}
			}
			if strings.Count(page, `class="page-status"`) > 2 {
				t.Errorf("published page marked too: %s", page)
			}
		})
	}
	// A published page is never marked, and a plain build has nothing to mark.
	built := renderServe(t, files, build.Options{})
	for _, f := range []string{"/", "/news/", "/news/pub/"} {
		if strings.Contains(built[f], "page-status") || strings.Contains(built[f], "draft-banner") {
			t.Errorf("%s of a plain build marks a page", f)
		}
	}
}
