package content

import (
	"strings"
	"testing"
	"time"

	"hengdong/internal/diag"
)

func parse(t *testing.T, src string) (FrontMatter, []byte, int, error) {
	t.Helper()
	format, fm, fmLine, body, bodyLine, err := SplitFrontMatter([]byte(src))
	if err != nil {
		return FrontMatter{}, nil, 0, err
	}
	f, err := ParseFrontMatter("content/x.md", format, fm, fmLine)
	return f, body, bodyLine, err
}

func TestFrontMatter(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		check    func(t *testing.T, fm FrontMatter)
		body     string
		bodyLine int
	}{
		{"yaml", "---\ntitle: 印章大会\ndate: 2025-02-07\ntags: [印章, 文旅]\ndraft: true\nweight: 3\nsource: 衡阳日报\ncover: {src: a.svg, alt: 图}\nfoo: bar\n---\n正文\n",
			func(t *testing.T, fm FrontMatter) {
				if fm.Title != "印章大会" || !fm.Draft || fm.Weight != 3 || fm.Source != "衡阳日报" {
					t.Errorf("%+v", fm)
				}
				if got := fm.Date.Format(time.RFC3339); got != "2025-02-07T00:00:00+08:00" {
					t.Errorf("date %s", got)
				}
				if strings.Join(fm.Tags, ",") != "印章,文旅" || fm.Cover.Alt != "图" || fm.Params["foo"] != "bar" {
					t.Errorf("%+v", fm)
				}
			}, "正文\n", 10},
		{"toml", "+++\ntitle = \"土菜节\"\ndate = 2025-02-08T09:00:00+08:00\ntags = [\"土菜\"]\n+++\n正文\n",
			func(t *testing.T, fm FrontMatter) {
				if fm.Title != "土菜节" || fm.Date.Day() != 8 || fm.Date.Hour() != 9 || fm.Tags[0] != "土菜" {
					t.Errorf("%+v", fm)
				}
			}, "正文\n", 5},
		{"toml local date", "+++\ndate = 2025-02-08\n+++\n",
			func(t *testing.T, fm FrontMatter) {
				if fm.Date.Format("2006-01-02 -07:00") != "2025-02-08 +08:00" {
					t.Errorf("%v", fm.Date)
				}
			}, "", 3},
		{"none", "# 标题\n正文\n", func(t *testing.T, fm FrontMatter) {}, "# 标题\n正文\n", 0},
		{"bom and crlf", "\ufeff---\r\ntitle: 甲\r\n---\r\n正文", func(t *testing.T, fm FrontMatter) {
			if fm.Title != "甲" {
				t.Errorf("%+v", fm)
			}
		}, "正文", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fm, body, bodyLine, err := parse(t, tt.src)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, fm)
			if string(body) != tt.body || bodyLine != tt.bodyLine {
				t.Errorf("body %q line %d, want %q line %d", body, bodyLine, tt.body, tt.bodyLine)
			}
		})
	}
}

func TestFrontMatterErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int
		want      string
	}{
		{"unclosed", "---\ntitle: x\n", 1, 1, "没有结束标记"},
		{"bad yaml", "---\ntitle: x\ntags: [a, b\n---\n", 3, 7, "YAML"},
		{"bad date", "---\ntitle: x\ndate: 2月7日\n---\n", 3, 7, "date 应当是日期"},
		{"bad draft", "---\ndraft: 是\n---\n", 2, 8, "draft"},
		{"bad weight", "---\nweight: 第一\n---\n", 2, 9, "weight"},
		{"bad toml", "+++\ntitle = 土菜\n+++\n", 2, 9, "TOML"},
		{"toml bad date", "+++\ntitle = \"x\"\ndate = \"昨天\"\n+++\n", 3, 8, "date"},
		{"duplicate key", "---\ntitle: a\ntitle: b\n---\n", 3, 1, "写了两次"},
		{"relative url", "---\nurl: about/\n---\n", 2, 6, "url"},
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
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%q lacks %q", err, tt.want)
			}
		})
	}
}

func FuzzFrontMatter(f *testing.F) {
	f.Add([]byte("---\ntitle: 甲\ndate: 2025-02-07\ntags: [a]\n---\nbody"))
	f.Add([]byte("+++\ntitle = \"乙\"\n+++\n"))
	f.Add([]byte("---\n: :\n---\n"))
	// The slips yamlSlips names (slips.go).
	f.Add([]byte("---\ntitle：衡东\n---\n"))
	f.Add([]byte("---\ncover:\n\tsrc: a.svg\n---\n"))
	f.Add([]byte("---\ntitle:衡东\n---\n"))
	f.Add([]byte("---\ntitle: \"衡东\ndate: 2025-02-07\n---\n"))
	f.Add([]byte("---\ntitle: a\n\u200bsource: b\n\ufeffalt: c\n---\n"))
	f.Add([]byte("---\ndescription: |-\n  a:b\n\tc\n- x：y\n---\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		format, fm, fmLine, body, bodyLine, err := SplitFrontMatter(src)
		if err != nil {
			return
		}
		if bodyLine < 0 || len(body) > len(src) {
			t.Fatalf("body %d bytes of %d, line %d", len(body), len(src), bodyLine)
		}
		_, err = ParseFrontMatter("content/x.md", format, fm, fmLine)
		if err != nil {
			for _, e := range diag.Collect(err) {
				if e.Line < 0 || e.Msg == "" {
					t.Fatalf("bad error %+v", e)
				}
			}
		}
	})
}
