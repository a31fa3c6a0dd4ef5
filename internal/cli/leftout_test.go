package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// build and check name every page they did not publish, with why and the
// date, after the summary; the exit code stays 0.
func TestLeftOutNotice(t *testing.T) {
	root := writeSite(t, map[string]string{
		"content/news/a.md":      "---\ntitle: 甲\ndate: 2025-02-01\n---\n",
		"content/news/future.md": "---\ntitle: 将来\ndate: 2025-02-01\npublishDate: 2025-03-07T09:00:00+08:00\n---\n",
		"content/news/draft.md":  "---\ntitle: 草稿\ndate: 2025-02-04\ndraft: true\n---\n",
		"content/news/old.md":    "---\ntitle: 旧闻\ndate: 2025-01-01\nexpiryDate: 2025-02-07\n---\n",
	})
	want := []string{
		"未发布 3 个页面（提示，不是错误）(3 pages left out):",
		"  content/news/draft.md:4:1: 草稿，未发布；要发布请删去 draft: true（或改为 false）；预览草稿用 serve，连同草稿生成加 -D (draft)",
		"  content/news/future.md:4:1: 发布时间未到，定于 2025年3月7日 发布；到那天之后重新生成即会出现；要现在发布请把日期改为今天或更早，或加 -F (future publish date)",
		"  content/news/old.md:4:1: 已于 2025年2月7日 过期，已下线；要继续显示请修改或删去 expiryDate，或加 -E (expired)",
	}
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"build", []string{"build", "-s", root}, want},
		{"check", []string{"check", "-s", root}, want},
		{"build -D -F -E", []string{"build", "-s", root, "-D", "-F", "-E"}, nil},
		{"build --quiet", []string{"build", "-s", root, "--quiet"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := run(t, c.args...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s%s", code, out, errs)
			}
			i := strings.Index(out, "未发布")
			if c.want == nil {
				if i >= 0 {
					t.Errorf("notice printed although nothing was left out:\n%s", out)
				}
				return
			}
			if i < 0 {
				t.Fatalf("no notice in:\n%s", out)
			}
			summary := "完成："
			if c.args[0] == "check" {
				summary = "检查完成："
			}
			if s := strings.Index(out, summary); s < 0 || s > i {
				t.Errorf("notice not after the summary line:\n%s", out)
			}
			if got := strings.TrimRight(out[i:], "\n"); got != strings.Join(c.want, "\n") {
				t.Errorf("notice:\n%s\nwant:\n%s", got, strings.Join(c.want, "\n"))
			}
		})
	}
}

// check --format json carries the same list for machines.
func TestLeftOutJSON(t *testing.T) {
	root := writeSite(t, map[string]string{
		"content/news/a.md":      "---\ntitle: 甲\ndate: 2025-02-01\n---\n",
		"content/news/future.md": "---\ntitle: 将来\ndate: 2025-03-07\n---\n",
	})
	_, out, _ := run(t, "check", "-s", root, "--format", "json")
	var got struct {
		LeftOut []leftOutJSON `json:"leftOut"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err, out)
	}
	want := leftOutJSON{File: "content/news/future.md", Line: 3, Col: 1, Reason: "future", Date: "2025-03-07", Message: "发布时间未到，定于 2025年3月7日 发布"}
	if len(got.LeftOut) != 1 || got.LeftOut[0] != want {
		t.Errorf("leftOut = %+v, want [%+v]", got.LeftOut, want)
	}
}
