package content

import (
	"strings"
	"testing"
)

func TestBodyEdit(t *testing.T) {
	const page = "---\ntitle: 标题\ndate: 2025-02-07\n---\n\n第一段。\n\n## 小节\n"
	const untitled = "---\ndate: 2025-02-07\n---\n\n# 来自标题行\n\n正文。\n"
	cases := []struct {
		name, old, new string
		ok             bool
		body           string // wanted Body when ok
	}{
		{"text changed", page, strings.Replace(page, "第一段。", "改过的第一段。", 1), true, "\n改过的第一段。\n\n## 小节\n"},
		{"heading changed, title in front matter", page, strings.Replace(page, "## 小节", "# 新标题", 1), true, "\n第一段。\n\n# 新标题\n"},
		{"front matter changed", page, strings.Replace(page, "2025-02-07", "2025-02-08", 1), false, ""},
		{"front matter grew a line", page, strings.Replace(page, "title: 标题\n", "title: 标题\ntags: [a]\n", 1), false, ""},
		{"blank line added before the body", page, strings.Replace(page, "---\n\n", "---\n\n\n", 1), true, "\n\n第一段。\n\n## 小节\n"},
		{"title from the first heading changed", untitled, strings.Replace(untitled, "来自标题行", "别的标题", 1), false, ""},
		{"text under a heading title changed", untitled, strings.Replace(untitled, "正文。", "新正文。", 1), true, "\n\n\n新正文。\n"},
		{"front matter broken", page, strings.Replace(page, "title: 标题", "title: [未闭合", 1), false, ""},
		{"front matter removed", page, "只有正文。\n", false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, ok := BodyEdit("content/x.md", []byte(c.old), []byte(c.new))
			if ok != c.ok {
				t.Fatalf("ok = %v, want %v", ok, c.ok)
			}
			if ok && string(p.Body) != c.body {
				t.Errorf("Body = %q, want %q", p.Body, c.body)
			}
		})
	}
}
