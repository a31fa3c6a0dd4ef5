package search

import (
	"reflect"
	"strings"
	"testing"
)

// padding is text that holds none of the words the tests look for.
var padding = strings.Repeat("全县各地持续推进各项工作，取得明显成效。", 20)

func search(t *testing.T, files map[string][]byte, q string) *Result {
	t.Helper()
	r, err := Search(files, q, 10)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Consecutive Han characters must stand together: 深度学习 is not 深度 … 学习.
func TestExactWords(t *testing.T) {
	files := mustBuild(t, []Doc{
		{URL: "/apart/", Title: "培训通知", Body: "本次培训有深度，大家认真学习。" + padding},
		{URL: "/together/", Title: "培训通知", Body: padding + "介绍深度学习的基本方法。"},
		{URL: "/odd/", Title: "活动", Body: "衡东土菜文化节开幕。" + padding},
		{URL: "/odd-apart/", Title: "活动", Body: "衡东的土菜和文化，节日。" + padding},
	})
	tests := []struct {
		q     string
		want  []string
		loose bool
	}{
		{"深度学习", []string{"/together/"}, false},
		{"衡东土菜文化节", []string{"/odd/"}, false},
		// Nothing has the whole word: the loose match, flagged.
		{"深度认真", []string{"/apart/"}, true},
		// A phrase in quotes is exact, with no loose fallback.
		{`"深度认真"`, nil, false},
		{`"深度学习"`, []string{"/together/"}, false},
		{"“土菜文化”", []string{"/odd/"}, false},
	}
	for _, tt := range tests {
		r := search(t, files, tt.q)
		if got := urls(r.Hits); !reflect.DeepEqual(got, tt.want) || r.Loose != tt.loose {
			t.Errorf("%s: %q loose=%v, want %q loose=%v", tt.q, got, r.Loose, tt.want, tt.loose)
		}
	}
}

// The snippet is the text around the best match, even far into the page,
// and says where it was cut.
func TestSnippets(t *testing.T) {
	files := mustBuild(t, []Doc{
		{URL: "/a/", Title: "罗荣桓故居", Body: padding + "纪念馆获评省家庭教育创新实践基地。" + padding},
		{URL: "/b/", Title: "家庭教育讲座", Body: "讲座开始。" + padding},
		{URL: "/c/", Title: "文旅", Body: padding + "游客参观纪念馆。" + padding + "纪念馆举办家庭教育讲座，讲解家庭教育方法。" + padding},
	})
	r := search(t, files, "家庭教育")
	got := map[string]string{}
	for _, h := range r.Hits {
		got[h.URL] = h.Snippet
		if h.Title == "" || h.URL == "" {
			t.Errorf("hit without title or URL: %+v", h)
		}
	}
	if s := got["/a/"]; !strings.HasPrefix(s, "…") || !strings.HasSuffix(s, "…") || !strings.Contains(s, "省家庭教育创新实践基地") {
		t.Errorf("/a/ snippet %q", s)
	}
	// Only in the title: the snippet is the start of the body.
	if s := got["/b/"]; !strings.HasPrefix(s, "讲座开始。") {
		t.Errorf("/b/ snippet %q", s)
	}
	// The window with both matches wins over the first mention of either term.
	if s := got["/c/"]; !strings.Contains(s, "纪念馆举办家庭教育讲座，讲解家庭教育方法") {
		t.Errorf("/c/ snippet %q", s)
	}
	// Two terms: the window holding both.
	r = search(t, files, "纪念馆 家庭教育")
	for _, h := range r.Hits {
		if !strings.Contains(h.Snippet, "纪念馆") || !strings.Contains(h.Snippet, "家庭教育") {
			t.Errorf("%s: snippet %q lacks a term", h.URL, h.Snippet)
		}
	}
}

// Terms close together rank above the same terms far apart; on a tie the
// newer page comes first.
func TestProximityAndRecency(t *testing.T) {
	files := mustBuild(t, []Doc{
		{URL: "/far/", Title: "通知", DateISO: "2025-03-01", Body: "印章" + padding + "大会" + padding},
		{URL: "/near/", Title: "通知", DateISO: "2025-01-01", Body: "印章产业大会" + padding + padding},
		{URL: "/old/", Title: "通知", DateISO: "2024-01-01", Body: "黄贡椒" + padding},
		{URL: "/new/", Title: "通知", DateISO: "2025-01-02", Body: "黄贡椒" + padding},
	})
	if got := urls(search(t, files, "印章 大会").Hits); !reflect.DeepEqual(got, []string{"/near/", "/far/"}) {
		t.Errorf("印章 大会: %q, want the near one first", got)
	}
	if got := urls(search(t, files, "黄贡椒").Hits); !reflect.DeepEqual(got, []string{"/new/", "/old/"}) {
		t.Errorf("黄贡椒: %q, want the newer first", got)
	}
}

func TestProgrammingAndVersionTokens(t *testing.T) {
	files := mustBuild(t, []Doc{
		{URL: "/cpp/", Title: "C++ 培训", Body: "学习C++编程。"},
		{URL: "/cs/", Title: "C# 培训", Body: "学习C#编程。"},
		{URL: "/c/", Title: "C 语言", Body: "学习C语言。"},
		{URL: "/net/", Title: ".NET 平台", Body: "基于.NET开发。"},
		{URL: "/phone/", Title: "新品", Body: "发布iPhone 15手机。"},
		{URL: "/ver/", Title: "升级", Body: "系统升级到v2.0.1版本。"},
	})
	tests := []struct {
		q    string
		want []string
	}{
		{"C++", []string{"/cpp/"}},
		{"c#", []string{"/cs/"}},
		{"Ｃ＋＋", []string{"/cpp/"}},
		{".net", []string{"/net/"}},
		{"iPhone15", []string{"/phone/"}},
		{"iphone 15", []string{"/phone/"}},
		{"2.0.1", []string{"/ver/"}},
		{"v2.0.1", []string{"/ver/"}},
	}
	for _, tt := range tests {
		if got := urls(search(t, files, tt.q).Hits); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.q, got, tt.want)
		}
	}
}

// When a term is in no page, the results of a query built from the index's
// own words, and that query.
func TestSuggest(t *testing.T) {
	var docs []Doc
	for i, b := range []string{"衡东土菜文化节开幕", "品尝衡东土菜", "土菜名县", "Hengdong tourism guide", "tourism in Hengdong",
		"招商引资工作", "招商引资大会", "引了路，引了人，引了路", "引了一次", "引了三次", "引起注意", "引起重视", "引起关注"} {
		docs = append(docs, Doc{URL: "/" + string(rune('a'+i)) + "/", Title: "页面", Body: b + padding})
	}
	files := mustBuild(t, docs)
	tests := []struct{ q, want string }{
		{"土莱", "土菜"},
		{"衡东土莱文化节", "衡东土菜文化节"},
		{"turism", "tourism"},
		{"hengdnog", "hengdong"},
		{"蓝鲸火箭", ""},
		// The commonest neighbour (引了, 引起) does not make a word found in
		// the index; 引资 does.
		{"招商引姿", "招商引资"},
	}
	for _, tt := range tests {
		r := search(t, files, tt.q)
		if r.Suggest != tt.want || (len(r.Hits) > 0) != (tt.want != "") {
			t.Errorf("%s: %d hits, suggest %q, want %q", tt.q, len(r.Hits), r.Suggest, tt.want)
		}
	}
}

func TestCapQuery(t *testing.T) {
	long := strings.Repeat("衡", 150)
	if got := CapQuery(long); len([]rune(got)) != MaxQueryRunes {
		t.Errorf("CapQuery kept %d", len([]rune(got)))
	}
	// A character outside the BMP counts two, as the search box counts it.
	if got := CapQuery(strings.Repeat("𠀀", 60)); len([]rune(got)) != 50 {
		t.Errorf("CapQuery kept %d astral characters", len([]rune(got)))
	}
	if got := parseQuery(long + " 土菜").terms; len(got) != 1 {
		t.Errorf("terms past the cap were kept: %q", got)
	}
}
