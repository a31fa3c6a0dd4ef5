package content

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestCompareTitlesMatchesCompareText holds the titles' collation keys to
// CompareText: the sorts compare keys, the templates' sort CompareText.
func TestCompareTitlesMatchesCompareText(t *testing.T) {
	titles := []string{"", "安徽", "北京", "北京市", "衡东县", "衡阳", "Hengdong", "hengdong", "HENGDONG",
		"2025年2月7日", "2025年12月1日", "第一届", "第十届", "罗荣桓故居纪念馆", "土菜文化旅游节", "印章产业大会",
		"é", "e", "ｅ", "全角ＡＢＣ", "ABC", "a b", "a  b", "行", "长", "重庆", "银行", "\u00a0空格", "㐀", "𠀀"}
	for _, a := range titles {
		for _, b := range titles {
			checkCompareTitles(t, a, b)
		}
	}
}

func checkCompareTitles(t *testing.T, a, b string) {
	t.Helper()
	pa, pb := &Page{Title: a, titleKey: TextKey(a)}, &Page{Title: b, titleKey: TextKey(b)}
	if got, want := compareTitles(pa, pb), CompareText(a, b); got != want {
		t.Errorf("compareTitles(%q, %q) = %d, CompareText = %d", a, b, got, want)
	}
}

func FuzzCompareTitles(f *testing.F) {
	f.Add("北京", "安徽")
	f.Add("Hengdong", "hengdong")
	f.Add("第十届", "第一届")
	f.Fuzz(func(t *testing.T, a, b string) {
		checkCompareTitles(t, a, b)
	})
}

// TestTitlesThatOrder: a page's title is keyed when its date and weight are
// shared with another page or a section; every section's is.
func TestTitlesThatOrder(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2025, 2, d, 9, 0, 0, 0, time.FixedZone("CST", 8*3600)) }
	sameInstant := day(7).UTC() // the same instant in another zone
	a := &Page{Title: "a", Date: day(1)}
	b := &Page{Title: "b", Date: day(2)}
	c := &Page{Title: "c", Date: day(7)}
	d := &Page{Title: "d", Date: sameInstant}
	e := &Page{Title: "e", Date: day(7), Weight: 1}
	f := &Page{Title: "f"}
	sec := &Page{Title: "s", Kind: KindSection}
	tests := []struct {
		name     string
		pages    []*Page
		sections []*Page
		want     []*Page
	}{
		{"distinct dates", []*Page{a, b, c}, nil, nil},
		{"one instant, two zones", []*Page{a, c, d}, nil, []*Page{c, d}},
		{"weight tells them apart", []*Page{c, e}, nil, nil},
		{"a page ties with a section", []*Page{a, f}, []*Page{sec}, []*Page{sec, f}},
		{"sections always", []*Page{a}, []*Page{sec}, []*Page{sec}},
	}
	for _, tt := range tests {
		got := titlesThatOrder(tt.pages, tt.sections)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, titles(got), titles(tt.want))
		}
	}
}

// TestSortWithSomeKeys: lists sorted with keys only on the pages that
// titlesThatOrder picks are in the order that collating every title gives.
func TestSortWithSomeKeys(t *testing.T) {
	names := []string{"北京", "安徽", "衡东", "衡阳", "长沙", "重庆", "Hengdong", "行政", "银行", "第一届", "第十届"}
	var pages []*Page
	for i, n := range names {
		pages = append(pages, &Page{Title: n, path: "/" + n + "/", Date: time.Date(2025, 1, 1+i%3, 0, 0, 0, 0, time.UTC), Weight: i % 2})
	}
	for _, p := range titlesThatOrder(pages, nil) {
		p.titleKey = TextKey(p.Title)
	}
	got := slices.Clone(pages)
	SortPages(got)
	want := slices.Clone(pages)
	slices.SortStableFunc(want, func(a, b *Page) int {
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		if c := a.Weight - b.Weight; c != 0 {
			return c
		}
		if c := CompareText(a.Title, b.Title); c != 0 {
			return c
		}
		return strings.Compare(a.path, b.path)
	})
	if !slices.Equal(got, want) {
		t.Errorf("sorted %v, want %v", titles(got), titles(want))
	}
}
