package content

import (
	"strings"
	"testing"

	"hengdong/internal/diag"
)

// TestFrontMatterSlips: each slip is reported at its own line and column,
// naming the character, with the fix; without the pre-scan YAML reports
// them elsewhere, generically, or not at all.
func TestFrontMatterSlips(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int
		want      []string // in the message (Chinese first) and the fix
	}{
		{"full-width colon", "---\ndate: 2025-02-07\ntitle：衡东\nsource: 新华社\n---\n", 3, 6,
			[]string{"第 3 行第 6 列是全角冒号“：”，应为半角冒号“:”后加空格", "title: 衡东"}},
		{"full-width colon, only line", "---\ntitle：衡东\n---\n", 2, 6, []string{"全角冒号"}},
		{"full-width colon after spaces", "---\ntitle  ：衡东\n---\n", 2, 8, []string{"全角冒号"}},
		{"full-width colon, nested key", "---\ncover:\n  src: a.svg\n  alt：图\n---\n", 4, 6, []string{"全角冒号", "alt: 衡东"}},
		{"tab indentation", "---\ncover:\n\tsrc: a.svg\n---\n", 3, 1,
			[]string{"第 3 行第 1 列是 Tab（制表符），YAML 不允许用 Tab 缩进", "换成空格"}},
		{"tab after spaces", "---\ncover:\n  \talt: 图\n---\n", 3, 3, []string{"Tab"}},
		{"missing space", "---\ntitle:衡东\n---\n", 2, 7,
			[]string{"第 2 行第 7 列紧跟在冒号“:”后面，缺少空格", "“title:衡东”", "title: 衡东"}},
		{"missing space, read as continuation", "---\ntitle: 衡东\n  source:新华社\n---\n", 3, 10, []string{"缺少空格", "source: 新华社"}},
		{"missing space, unknown key YAML rejects", "---\nurl: /a/\nfoo:bar\n---\n", 3, 5, []string{"缺少空格", "foo: bar"}},
		{"tab in a block scalar", "---\ndescription: |\n  一\n\t二\n---\n", 4, 1, []string{"Tab"}},
		{"unclosed double quote", "---\ntitle: \"衡东\ndate: 2025-02-07\n---\n", 2, 8,
			[]string{"第 2 行第 8 列的引号 \" 没有闭合", "补上 \""}},
		{"unclosed single quote", "---\ndate: 2025-02-07\nsource: '新华社\n---\n", 3, 9, []string{"引号 ' 没有闭合"}},
		{"zero-width space", "---\ntitle: 衡东\n\u200bsource: 新华社\n---\n", 3, 1,
			[]string{"第 3 行第 1 列开头有看不见的字符：零宽空格（U+200B）", "删除这个字符"}},
		{"BOM mid-file", "---\ntitle: 衡东\n\ufeffsource: 新华社\n---\n", 3, 1, []string{"BOM"}},
		{"full-width space", "---\ntitle: 衡东\n\u3000source: 新华社\n---\n", 3, 1, []string{"全角空格"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _, err := parse(t, tt.src)
			if err == nil {
				t.Fatal("no error")
			}
			es := diag.Collect(err)
			if len(es) != 1 {
				t.Fatalf("want one problem, got %v", err)
			}
			e := es[0]
			if e.File != "content/x.md" || e.Line != tt.line || e.Col != tt.col {
				t.Errorf("at %s:%d:%d, want content/x.md:%d:%d: %v", e.File, e.Line, e.Col, tt.line, tt.col, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(e.Msg+"；"+e.Fix, w) {
					t.Errorf("%q lacks %q", e.Msg+"；"+e.Fix, w)
				}
			}
		})
	}
}

// TestFrontMatterNotSlips: what YAML reads as meant is left alone.
func TestFrontMatterNotSlips(t *testing.T) {
	for _, src := range []string{
		"---\ntitle: 会议：通知\n---\n",                                // a full-width colon in a value
		"---\ndescription: |\n  title:衡东\n  \t缩进\n  src：x\n---\n", // a block scalar is the editor's text
		"---\ntitle: \"衡东\" # 注释\nsource: 'it''s'\n---\n",         // quotes closed
		"---\ntitle: \"一行\n  两行\"\n---\n",                         // a quoted scalar over two lines
		"---\nurl: /a/\n  foo:bar\n---\n",                         // an unknown key in a value
		"---\ntitle: a\ncover:\n  src: a.svg\n  alt: 图\n---\n",    // nested keys
		"---\ntags:\n  - 印章\n  - \"文旅\"\n---\n",                   // list items
		"---\ndate: 2025-02-07 09:00\ntitle: 时间 9:00\n---\n",      // colons in values
		"\ufeff---\ntitle: 衡东\n---\n",                             // a BOM at the start of the file
	} {
		if _, _, _, err := parse(t, src); err != nil {
			t.Errorf("%q: %v", src, err)
		}
	}
}
