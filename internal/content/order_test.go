package content

import (
	"testing"
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
