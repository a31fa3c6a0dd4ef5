package markdown

import "testing"

// TestLinkSlips renders links whose address an editor mistyped and checks the
// whole message, which names the slip and the corrected address.
func TestLinkSlips(t *testing.T) {
	tests := []struct {
		src  string
		want string
	}{
		{"[演示](example.com)",
			"a.md:1:1: 链接指向的页面不存在：example.com；是否漏写了 https://？请改成 https://example.com (link target not found: example.com; did you mean https://example.com)"},
		{"见[政府网](www.hengdong.gov.cn/news/)",
			"a.md:1:2: 链接指向的页面不存在：www.hengdong.gov.cn/news/；是否漏写了 https://？请改成 https://www.hengdong.gov.cn/news/ (link target not found: www.hengdong.gov.cn/news/; did you mean https://www.hengdong.gov.cn/news/)"},
		{"[演示](：https://example.com/a)",
			"a.md:1:1: 链接指向的页面不存在：：https://example.com/a；网址前多了全角冒号“：”，请改成 https://example.com/a (link target not found: ：https://example.com/a; did you mean https://example.com/a)"},
		{"[演示](https：//example.com/)",
			"a.md:1:1: 链接指向的页面不存在：https：//example.com/；网址中的冒号写成了全角“：”，请改成 https://example.com/ (link target not found: https：//example.com/; did you mean https://example.com/)"},
		{"[演示](example。com／a)",
			"a.md:1:1: 链接指向的页面不存在：example。com／a；网址中的斜杠写成了全角“／”，网址中的点写成了全角句号“。”，是否漏写了 https://？请改成 https://example.com/a (link target not found: example。com／a; did you mean https://example.com/a)"},
		{"[演示](<www.example.com/a b>)",
			"a.md:1:1: 链接指向的页面不存在：www.example.com/a b；网址中有空格，是否漏写了 https://？请改成 https://www.example.com/ab (link target not found: www.example.com/a b; did you mean https://www.example.com/ab)"},
		{"![图](example.com/a.png)",
			"a.md:1:1: 图片文件不存在：example.com/a.png；是否漏写了 https://？请改成 https://example.com/a.png (image not found: example.com/a.png; did you mean https://example.com/a.png)"},
		// Not web addresses: the ordinary message.
		{"[演示](图.png)", "a.md:1:1: 链接指向的页面不存在：图.png；请检查路径或删除该链接 (link target not found: 图.png)"},
		{"[演示](../说明.md)", "a.md:1:1: 链接指向的页面不存在：../说明.md；请检查路径或删除该链接 (link target not found: ../说明.md)"},
		{"[演示](my file.md)", ""}, // not a link at all in CommonMark
	}
	for _, tt := range tests {
		res := New(Options{}).Render([]byte(tt.src), "a.md", 0, testResolver{})
		got := ""
		if len(res.Problems) > 0 {
			got = res.Problems[0].Error()
		}
		if len(res.Problems) > 1 {
			t.Errorf("%s: %d problems, want at most 1", tt.src, len(res.Problems))
		}
		if got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
}
