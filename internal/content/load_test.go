package content

import (
	"strings"
	"testing"
	"time"

	"hengdong/internal/config"
)

func files(kv ...string) []SourceFile {
	var out []SourceFile
	for i := 0; i < len(kv); i += 2 {
		out = append(out, SourceFile{Path: kv[i], Data: []byte(kv[i+1])})
	}
	return out
}

var now = time.Date(2025, 3, 1, 0, 0, 0, 0, cst)

func testSite() []SourceFile {
	return files(
		"content/_index.md", "---\ntitle: 首页\n---\n",
		"content/news/_index.md", "---\ntitle: 新闻动态\nweight: 1\n---\n",
		"content/news/a.md", "---\ntitle: 甲\ndate: 2025-02-07\ntags: [印章, Seal Expo]\n---\n",
		"content/news/b.md", "---\ntitle: 乙\ndate: 2025-02-08\nslug: yi\naliases: [/old/yi/]\n---\n",
		"content/news/draft.md", "---\ntitle: 草稿\ndate: 2025-02-01\ndraft: true\n---\n",
		"content/news/future.md", "---\ntitle: 将来\ndate: 2025-05-01\n---\n",
		"content/news/expired.md", "---\ntitle: 过期\ndate: 2025-01-01\nexpiryDate: 2025-02-01\n---\n",
		"content/news/2025/c.md", "---\ntitle: 丙\ndate: 2025-02-09\n---\n",
		"content/wenlv/tucai/index.md", "---\ntitle: 土菜节\ndate: 2025-01-10\ntags: [印章]\n---\n",
		"content/wenlv/tucai/dish.svg", "<svg/>",
		"content/about/标题.md", "# 关于衡东\n\n正文\n",
		"content/about/x.md", "---\ntitle: X\nurl: /custom/path/\n---\n",
	)
}

func load(t *testing.T, cfg *config.Config, opts Options, fs []SourceFile) *Tree {
	t.Helper()
	tr, err := Load(cfg, fs, opts)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func byPath(tr *Tree) map[string]*Page {
	m := map[string]*Page{}
	for _, p := range tr.All {
		m[p.Path()] = p
	}
	return m
}

func TestLoadURLsAndTree(t *testing.T) {
	tr := load(t, config.Default(), Options{Now: now}, testSite())
	pages := byPath(tr)
	for _, want := range []string{"/", "/news/", "/news/a/", "/news/yi/", "/news/2025/", "/news/2025/c/", "/wenlv/", "/wenlv/tucai/",
		"/about/", "/about/标题/", "/custom/path/", "/tags/", "/tags/印章/", "/tags/seal-expo/", "/categories/"} {
		if pages[want] == nil {
			t.Errorf("missing %s", want)
		}
	}
	for _, gone := range []string{"/news/draft/", "/news/future/", "/news/expired/"} {
		if pages[gone] != nil {
			t.Errorf("%s should be left out", gone)
		}
	}
	if p := pages["/about/标题/"]; p.Title != "关于衡东" || strings.Contains(string(p.Body), "# 关于衡东") || p.RelPermalink != "/about/%E6%A0%87%E9%A2%98/" {
		t.Errorf("title from heading: %q %q %q", p.Title, p.Body, p.RelPermalink)
	}
	news := pages["/news/"]
	var titles []string
	for _, p := range news.Pages {
		titles = append(titles, p.Title)
	}
	if got := strings.Join(titles, ","); got != "乙,甲,2025" {
		t.Errorf("news pages %s", got)
	}
	if got := len(news.RegularPages); got != 3 {
		t.Errorf("news regular pages %d", got)
	}
	a, b := pages["/news/a/"], pages["/news/yi/"]
	if a.Next != b || b.Prev != a || a.Prev != nil || b.Next != nil {
		t.Errorf("prev/next wrong")
	}
	if c := pages["/news/2025/c/"]; len(c.Ancestors) != 3 || c.Ancestors[2].Path() != "/news/2025/" || c.Section != "news" {
		t.Errorf("ancestors %v section %s", c.Ancestors, c.Section)
	}
	if tr.Aliases["/old/yi/"] != b {
		t.Error("alias")
	}
	if term := pages["/tags/印章/"]; len(term.Pages) != 2 || term.Term != "印章" {
		t.Errorf("term pages %d", len(term.Pages))
	}
	if len(tr.Resources) != 1 || tr.Resources[0].Path != "/wenlv/tucai/dish.svg" {
		t.Errorf("resources %+v", tr.Resources)
	}
	if tr.ByFile["content/news/draft.md"] != "" || tr.ByFile["content/news/b.md"] != "/news/yi/" {
		t.Errorf("ByFile %v", tr.ByFile)
	}
}

func TestLoadOptions(t *testing.T) {
	tr := load(t, config.Default(), Options{Now: now, BuildDrafts: true, BuildFuture: true, BuildExpired: true}, testSite())
	pages := byPath(tr)
	for _, want := range []string{"/news/draft/", "/news/future/", "/news/expired/"} {
		if pages[want] == nil {
			t.Errorf("missing %s", want)
		}
	}
	if !pages["/news/future/"].Future {
		t.Error("future page not marked")
	}
}

func TestPermalinksAndPagination(t *testing.T) {
	cfg := config.Default()
	cfg.Permalinks = map[string]string{"news": "/news/:year/:month/:slug/"}
	cfg.Paginate = 2
	tr := load(t, cfg, Options{Now: now}, testSite())
	pages := byPath(tr)
	if pages["/news/2025/02/yi/"] == nil {
		t.Errorf("permalink pattern not applied: %v", keys(pages))
	}
	news := pages["/news/"]
	if news.Paginator.TotalPages != 2 || news.Paginator.NextURL != "/news/page/2/" || len(news.Paginator.Pages) != 2 {
		t.Errorf("pager %+v", news.Paginator)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name  string
		files []SourceFile
		want  string
	}{
		{"url clash", files("content/a.md", "---\nurl: /x/\n---\n", "content/b.md", "---\nurl: /x/\n---\n"), "重复"},
		{"page in bundle", files("content/b/index.md", "x", "content/b/c.md", "y"), "页面包"},
		{"alias clash", files("content/a.md", "---\naliases: [/b/]\n---\n", "content/b.md", "b"), "别名"},
		{"bad front matter", files("content/a.md", "---\ndate: 明天\n---\n"), "content/a.md:2:7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(config.Default(), tt.files, Options{Now: now})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

func TestUrlize(t *testing.T) {
	for in, want := range map[string]string{"印章": "印章", "Seal Expo": "seal-expo", "GDP/增长": "gdp-增长", "“土菜”节": "土菜-节", " a  b ": "a-b"} {
		if got := Urlize(in); got != want {
			t.Errorf("Urlize(%q) = %q, want %q", in, got, want)
		}
	}
}

func keys(m map[string]*Page) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestParseCache(t *testing.T) {
	cache := NewParseCache()
	fs := testSite()
	first := load(t, config.Default(), Options{Now: now, Cache: cache}, fs)
	// Change one file; the others come from the cache as fresh pages.
	fs[2].Data = []byte("---\ntitle: 甲改\ndate: 2025-02-07\ntags: [印章]\n---\n")
	second := load(t, config.Default(), Options{Now: now, Cache: cache}, fs)
	a1, a2 := byPath(first)["/news/a/"], byPath(second)["/news/a/"]
	if a2.Title != "甲改" || a1.Title != "甲" {
		t.Errorf("changed file: %q then %q", a1.Title, a2.Title)
	}
	b1, b2 := byPath(first)["/news/yi/"], byPath(second)["/news/yi/"]
	if b1 == b2 || b2.Title != "乙" || b2.Parent == b1.Parent {
		t.Error("a cached page must be a fresh copy in a fresh tree")
	}
	if byPath(first)["/tags/seal-expo/"] == nil || byPath(second)["/tags/seal-expo/"] != nil {
		t.Error("the term from the old front matter survived the edit")
	}
}

func TestPagerNumbersWindow(t *testing.T) {
	list := make([]*Page, 95)
	tests := []struct {
		n          int
		first, cur int
		count      int
	}{{1, 1, 0, 9}, {5, 1, 4, 9}, {6, 2, 4, 9}, {10, 2, 8, 9}, {3, 1, 2, 9}}
	for _, tt := range tests {
		pg := NewPager("/news/", list, 10, tt.n)
		nums := pg.Numbers()
		if len(nums) != tt.count || nums[0].Number != tt.first || !nums[tt.cur].Current {
			t.Errorf("page %d: %+v", tt.n, nums)
		}
	}
	if got := NewPager("/news/", list[:5], 10, 1).Numbers(); len(got) != 1 || got[0].URL != "/news/" {
		t.Errorf("single page: %+v", got)
	}
	if got := NewPager("/news/", list, 10, 10).Numbers()[8]; got.URL != "/news/page/10/" {
		t.Errorf("last link %+v", got)
	}
}
