package content

import (
	"strings"
	"testing"

	"hengdong/internal/config"
	"hengdong/internal/diag"
)

func titles(ps []*Page) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Title)
	}
	return strings.Join(out, ",")
}

func TestPinOrdersFirst(t *testing.T) {
	tr := load(t, config.Default(), Options{Now: now}, files(
		"content/news/old.md", "---\ntitle: 旧\ndate: 2025-01-01\ntags: [印章]\npin: true\n---\n",
		"content/news/older.md", "---\ntitle: 更旧\ndate: 2024-01-01\ntags: [印章]\npin: true\n---\n",
		"content/news/new.md", "---\ntitle: 新\ndate: 2025-02-01\ntags: [印章]\n---\n",
		"content/news/mid.md", "---\ntitle: 中\ndate: 2025-01-15\nweight: -5\n---\n",
	))
	pages := byPath(tr)
	tests := []struct {
		list string
		got  []*Page
		want string
	}{
		{"section", pages["/news/"].Pages, "旧,更旧,新,中"},
		{"term", pages["/tags/印章/"].Pages, "旧,更旧,新"},
		{"home", tr.Site.RegularPages, "旧,更旧,新,中"},
	}
	for _, tt := range tests {
		if got := titles(tt.got); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.list, got, tt.want)
		}
	}
	// 上一篇/下一篇 follow dates, not pinning.
	if old := pages["/news/old/"]; old.Next == nil || old.Next.Title != "中" || old.Prev == nil || old.Prev.Title != "更旧" {
		t.Errorf("prev/next of a pinned page: %v %v", old.Prev, old.Next)
	}
}

func TestChineseCollation(t *testing.T) {
	tr := load(t, config.Default(), Options{Now: now}, files(
		"content/a/_index.md", "---\ntitle: 北京\n---\n",
		"content/b/_index.md", "---\ntitle: 安徽\n---\n",
		"content/c/_index.md", "---\ntitle: 长沙\n---\n",
		"content/a/x.md", "---\ntitle: 衡东\ndate: 2025-01-01\ntags: [北京, 安徽, 长沙]\n---\n",
		"content/a/y.md", "---\ntitle: 安仁\ndate: 2025-01-01\n---\n",
	))
	if got := titles(tr.Site.Sections); got != "安徽,北京,长沙" {
		t.Errorf("sections: %s", got)
	}
	if got := titles(tr.Site.Taxonomies["tags"]); got != "安徽,北京,长沙" {
		t.Errorf("terms of equal count: %s", got)
	}
	if got := titles(byPath(tr)["/a/"].Pages); got != "安仁,衡东" {
		t.Errorf("same date by title: %s", got)
	}
	if CompareText("b", "B") == 0 || CompareText("x", "x") != 0 {
		t.Error("CompareText is not a total order")
	}
}

func TestRelated(t *testing.T) {
	tr := load(t, config.Default(), Options{Now: now}, files(
		"content/news/me.md", "---\ntitle: 本篇\ndate: 2025-02-01\ntags: [印章, 文旅]\ncategories: [产业]\n---\n",
		"content/news/three.md", "---\ntitle: 三项\ndate: 2024-01-01\ntags: [印章, 文旅]\ncategories: [产业]\n---\n",
		"content/news/one-old.md", "---\ntitle: 一项旧\ndate: 2024-06-01\ntags: [印章]\n---\n",
		"content/news/one-new.md", "---\ntitle: 一项新\ndate: 2025-01-01\ncategories: [产业]\n---\n",
		"content/news/two.md", "---\ntitle: 两项\ndate: 2023-01-01\ntags: [文旅]\ncategories: [产业]\n---\n",
		"content/news/none.md", "---\ntitle: 无关\ndate: 2025-02-02\ntags: [其他]\n---\n",
		"content/news/c1.md", "---\ntitle: 一项三\ndate: 2022-01-01\ntags: [印章]\n---\n",
		"content/news/c2.md", "---\ntitle: 一项四\ndate: 2021-01-01\ntags: [印章]\n---\n",
		"content/news/bare.md", "---\ntitle: 无标签\ndate: 2021-01-01\n---\n",
	))
	pages := byPath(tr)
	if got := titles(pages["/news/me/"].Related()); got != "三项,两项,一项新,一项旧,一项三" {
		t.Errorf("related: %s", got)
	}
	if got := pages["/news/bare/"].Related(); got != nil {
		t.Errorf("a page without terms has related %v", titles(got))
	}
}

func TestNewsroomFrontMatter(t *testing.T) {
	fm, _, _, err := parse(t, "---\ntitle: 甲\npin: true\nfeatured: true\ncover: {src: a.jpg, alt: 图}\neditor: 李明\nmenu: {main: {parent: 专题, weight: 3, name: 短}}\n---\n")
	if err != nil {
		t.Fatal(err)
	}
	if !fm.Pin || !fm.Featured || fm.Editor != "李明" {
		t.Errorf("%+v", fm.Newsroom)
	}
	if len(fm.Menu) != 1 || fm.Menu[0] != (PageMenu{Menu: "main", Parent: "专题", Weight: 3, Name: "短"}) {
		t.Errorf("menu %+v", fm.Menu)
	}
	fm, _, _, _ = parse(t, "---\nmenu: main\n---\n")
	if len(fm.Menu) != 1 || fm.Menu[0].Menu != "main" {
		t.Errorf("menu: main gives %+v", fm.Menu)
	}
}

func TestNewsroomFrontMatterErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int
		want      string
	}{
		{"featured without cover", "---\ntitle: x\nfeatured: true\n---\n", 3, 11, "必须有封面图"},
		{"cover without alt", "---\ncover: {src: a.jpg}\n---\n", 2, 8, "缺少替代文字"},
		{"cover as a bare path", "---\ncover: a.jpg\n---\n", 2, 8, "缺少替代文字"},
		{"featured cover without alt", "---\nfeatured: true\ncover:\n  src: a.jpg\n  alt: \"\"\n---\n", 4, 3, "缺少替代文字"},
		{"pin not bool", "---\npin: 是\n---\n", 2, 6, "pin 应当是 true 或 false"},
		{"editor not text", "---\neditor: [a, b]\n---\n", 2, 9, "editor"},
		{"menu unknown key", "---\nmenu: {main: {father: x}}\n---\n", 2, 7, "不认识的键 father"},
		{"toml featured", "+++\nfeatured = true\n+++\n", 2, 12, "必须有封面图"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _, err := parse(t, tt.src)
			if err == nil {
				t.Fatal("no error")
			}
			e := diag.Collect(err)[0]
			if e.Line != tt.line || e.Col != tt.col {
				t.Errorf("at %d:%d, want %d:%d: %v", e.Line, e.Col, tt.line, tt.col, err)
			}
			if !strings.Contains(err.Error(), tt.want) || e.Fix == "" {
				t.Errorf("%q lacks %q", err, tt.want)
			}
		})
	}
}

func TestFrontMatterMenus(t *testing.T) {
	cfg := config.Default()
	cfg.Menu = []config.MenuItem{{Name: "专题", URL: "/zhuanti/", Weight: 5}, {Name: "新闻", URL: "/news/", Weight: 1}}
	tr := load(t, cfg, Options{Now: now}, files(
		"content/zhuanti/_index.md", "---\ntitle: 专题\n---\n",
		"content/zhuanti/a/_index.md", "---\ntitle: 乡村振兴专题\nmenu: {main: {parent: 专题, weight: 2, name: 乡村振兴}}\n---\n",
		"content/zhuanti/b/_index.md", "---\ntitle: 文旅\nmenu: {main: {parent: 专题, weight: 1}}\n---\n",
		"content/about.md", "---\ntitle: 关于\nmenu: main\n---\n",
		"content/beijing.md", "---\ntitle: 北京\nmenu: main\n---\n",
		"content/anhui.md", "---\ntitle: 安徽\nmenu: main\n---\n",
	))
	main := tr.Site.Menus()["main"]
	var got []string
	for _, e := range main {
		s := e.Name
		for _, c := range e.Children {
			s += "[" + c.Name + " " + c.URL + "]"
			if c.Page == nil || c.Page.Path() != c.URL {
				t.Errorf("%s: page %v", c.Name, c.Page)
			}
		}
		got = append(got, s)
	}
	if strings.Join(got, ",") != "安徽,北京,关于,新闻,专题[文旅 /zhuanti/b/][乡村振兴 /zhuanti/a/]" {
		t.Errorf("menu: %s", strings.Join(got, ","))
	}
}

func TestPinyinSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"乡村振兴", "xiangcunzhenxing"},
		{"2025年工作", "2025-niangongzuo"},
		{"衡东 Seal Expo", "hengdong-seal-expo"},
		{"土菜节：第七届", "tucaijie-diqijie"},
		{"already-ascii", "already-ascii"},
	}
	for _, tt := range tests {
		if got := PinyinSlug(tt.in); got != tt.want {
			t.Errorf("PinyinSlug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPinyinURLs(t *testing.T) {
	site := files(
		"content/专题/_index.md", "---\ntitle: 专题\n---\n",
		"content/专题/乡村振兴/_index.md", "---\ntitle: 乡村振兴\n---\n",
		"content/专题/乡村振兴/产业兴旺.md", "---\ntitle: 产业兴旺\ndate: 2025-01-01\ntags: [印章]\n---\n",
		"content/专题/乡村振兴/写好的.md", "---\ntitle: 写好的\ndate: 2025-01-01\nslug: 自定\n---\n",
		"content/news/土菜节/index.md", "---\ntitle: 土菜节\ndate: 2025-01-01\n---\n",
	)
	tests := []struct {
		pinyin bool
		want   []string
	}{
		{false, []string{"/专题/", "/专题/乡村振兴/", "/专题/乡村振兴/产业兴旺/", "/专题/乡村振兴/自定/", "/news/土菜节/", "/tags/印章/"}},
		{true, []string{"/zhuanti/", "/zhuanti/xiangcunzhenxing/", "/zhuanti/xiangcunzhenxing/chanyexingwang/",
			"/zhuanti/xiangcunzhenxing/自定/", "/news/tucaijie/", "/tags/印章/"}},
	}
	for _, tt := range tests {
		cfg := config.Default()
		cfg.URLs.Pinyin = tt.pinyin
		pages := byPath(load(t, cfg, Options{Now: now}, site))
		for _, u := range tt.want {
			if pages[u] == nil {
				t.Errorf("pinyin=%v: no page at %s", tt.pinyin, u)
			}
		}
	}
}
