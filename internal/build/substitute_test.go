package build

import (
	"testing"

	"hengdong/internal/shortcode"
)

func TestSubstitute(t *testing.T) {
	res := []shortcode.Result{{HTML: "<figure>图</figure>", Block: true}, {HTML: "<b>数</b>"}, {HTML: "<table></table>", Block: true}}
	p0, p1, p2 := placeholder(0), placeholder(1), placeholder(2)
	cases := []struct{ name, in, want string }{
		{"block alone in a paragraph", "<p>前</p>\n<p>" + p0 + "</p>\n<p>后 " + p1 + "</p>", "<p>前</p>\n<figure>图</figure>\n<p>后 <b>数</b></p>"},
		{"block inside text stays in the paragraph", "<p>文字" + p0 + "</p>", "<p>文字<figure>图</figure></p>"},
		{"out of order (a footnote moved to the end)", "<p>" + p2 + "</p><p>" + p1 + "</p><section><p>" + p0 + "</p></section>",
			"<table></table><p><b>数</b></p><section><figure>图</figure></section>"},
		{"missing placeholders (a summary)", "<p>摘要 " + p1 + "</p>", "<p>摘要 <b>数</b></p>"},
		{"none", "<p>没有短代码</p>", "<p>没有短代码</p>"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := string(substitute([]byte(c.in), res)); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
}
