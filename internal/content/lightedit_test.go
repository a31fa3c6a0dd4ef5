package content

import (
	"strings"
	"testing"

	"hengdong/internal/config"
)

func TestLightEdit(t *testing.T) {
	const page = "---\ntitle: 标题\ndate: 2025-02-07\n---\n\n第一段。\n\n## 小节\n"
	const untitled = "---\ndate: 2025-02-07\n---\n\n# 来自标题行\n\n正文。\n"
	cases := []struct {
		name, old, new string
		ok, shown      bool
		body           string // wanted Body when ok
	}{
		{"text changed", page, strings.Replace(page, "第一段。", "改过的第一段。", 1), true, false, "\n改过的第一段。\n\n## 小节\n"},
		{"heading changed, title in front matter", page, strings.Replace(page, "## 小节", "# 新标题", 1), true, false, "\n第一段。\n\n# 新标题\n"},
		{"title changed", page, strings.Replace(page, "title: 标题", "title: 新标题", 1), true, true, "\n第一段。\n\n## 小节\n"},
		{"description added", page, strings.Replace(page, "title: 标题\n", "title: 标题\ndescription: 说明\n", 1), true, true, "\n第一段。\n\n## 小节\n"},
		{"source and summary added", page, strings.Replace(page, "title: 标题\n", "title: 标题\nsource: 县融媒体中心\nsummary: 摘要\n", 1), true, true, "\n第一段。\n\n## 小节\n"},
		{"date changed", page, strings.Replace(page, "2025-02-07", "2025-02-08", 1), false, false, ""},
		{"tags added", page, strings.Replace(page, "title: 标题\n", "title: 标题\ntags: [a]\n", 1), false, false, ""},
		{"a param added", page, strings.Replace(page, "title: 标题\n", "title: 标题\nnoindex: true\n", 1), false, false, ""},
		{"title from the first heading changed", untitled, strings.Replace(untitled, "来自标题行", "别的标题", 1), true, true, "\n\n\n正文。\n"},
		{"text under a heading title changed", untitled, strings.Replace(untitled, "正文。", "新正文。", 1), true, false, "\n\n\n新正文。\n"},
		{"front matter broken", page, strings.Replace(page, "title: 标题", "title: [未闭合", 1), false, false, ""},
		{"front matter removed", page, "只有正文。\n", false, false, ""},
		{"YAML to TOML", page, "+++\ntitle = \"标题\"\ndate = 2025-02-07\n+++\n\n第一段。\n\n## 小节\n", false, false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, shown, ok := LightEdit("content/x.md", []byte(c.old), []byte(c.new))
			if ok != c.ok || shown != c.shown {
				t.Fatalf("ok, shown = %v, %v; want %v, %v", ok, shown, c.ok, c.shown)
			}
			if ok && string(p.Body) != c.body {
				t.Errorf("Body = %q, want %q", p.Body, c.body)
			}
		})
	}
}

// FuzzLightEdit: any pair of files gives an answer without panicking; a file
// compared with itself, when it parses, is a light edit that shows nothing
// new; and a light edit's page is what parsePage makes of the new file.
func FuzzLightEdit(f *testing.F) {
	f.Add([]byte("---\ntitle: 甲\n---\n正文"), []byte("---\ntitle: 乙\n---\n正文"))
	f.Add([]byte("+++\ntitle = \"甲\"\n+++\n"), []byte("---\ntitle: 甲\n---\n"))
	f.Add([]byte("# 标题\n正文"), []byte("# 别的\n正文"))
	f.Fuzz(func(t *testing.T, old, data []byte) {
		if p, _, ok := LightEdit("content/x.md", old, data); ok {
			want, err := parsePage(SourceFile{Path: "content/x.md", Data: data}, config.Default().Limits)
			if err != nil || string(want.Body) != string(p.Body) || want.Title != p.Title {
				t.Fatalf("light edit page differs from parsePage: %v", err)
			}
		}
		if _, err := parsePage(SourceFile{Path: "content/x.md", Data: old}, config.Default().Limits); err == nil {
			if _, shown, ok := LightEdit("content/x.md", old, old); !ok || shown {
				t.Fatalf("a file against itself: ok %v, shown %v", ok, shown)
			}
		}
	})
}
