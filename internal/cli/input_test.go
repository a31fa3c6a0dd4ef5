package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

// TestHostileInputBuild: what an editor sees from `build` for the input of
// issue 18 — warnings that do not stop the build, and errors that stop it at
// once, at the file and line, naming the limit or the encoding.
func TestHostileInputBuild(t *testing.T) {
	const ok = "source: 测试县融媒体中心\n"
	gbkBody, _ := simplifiedchinese.GBK.NewEncoder().String("衡东县印章文化节开幕。")
	bomb := "a: &a [1,1,1,1,1,1,1,1,1]\n"
	for c := 'b'; c <= 'i'; c++ {
		p := string(c - 1)
		bomb += string(c) + ": &" + string(c) + " [" + strings.Repeat("*"+p+",", 8) + "*" + p + "]\n"
	}
	tests := []struct {
		name, frontMatter, body string
		extra                   map[string]string // more files of the site
		args                    []string
		code                    int
		want                    string
	}{
		{"unknown key warns", ok + "soruce: 衡阳日报\n", "正文。", nil, []string{"build"}, ExitOK,
			"content/news/a.md:5:1: warning [frontmatter-key] 前言中有不认识的项 “soruce”，它不会起作用；是不是要写 source？"},
		{"unknown key strict", ok + "soruce: 衡阳日报\n", "正文。", nil, []string{"build", "--strict"}, ExitFail, "1 个警告"},
		{"gbk body", ok, gbkBody, nil, []string{"build"}, ExitFail,
			"content/news/a.md:7:1: 文件不是 UTF-8 编码，看起来是 GBK/GB18030 编码；请把文件转换为 UTF-8：运行 go run . fix-encoding content/news/a.md（原文件备份为 .bak）"},
		{"list bomb", ok, strings.Repeat("- ", 50000) + "x", nil, []string{"build"}, ExitFail,
			"content/news/a.md:7:201: error [build] 列表或引用嵌套超过 100 层，超过上限 maxNesting = 100"},
		{"seeds alias bomb", ok, "正文。", map[string]string{"seeds/bomb.yaml": bomb}, []string{"build"}, ExitFail,
			"seeds/bomb.yaml:6:8: YAML 别名（*引用）展开后的取值太多"},
		{"gbk layout", ok, "正文。", map[string]string{"layouts/_default/single.html": "{{ define \"main\" }}" + gbkBody + "{{ end }}"}, []string{"build"}, ExitFail,
			"layouts/_default/single.html:1:20: 文件不是 UTF-8 编码，看起来是 GBK/GB18030 编码"},
		{"lower limits", ok, "- a\n  - b\n    - c", map[string]string{"site.toml": "\n[limits]\nmaxNesting = 2\n"}, []string{"build"}, ExitFail,
			"content/news/a.md:9:5: error [build] 列表或引用嵌套超过 2 层，超过上限 maxNesting = 2；请减少嵌套层数；确需更深时在 site.toml 的 [limits] 中调大 maxNesting"},
	}
	theme := govTheme(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := govSite(t, tt.frontMatter, tt.body)
			for name, data := range tt.extra {
				p := filepath.Join(root, filepath.FromSlash(name))
				if name == "site.toml" { // appended to the fixture's
					old, _ := os.ReadFile(p)
					data = string(old) + data
				}
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			start := time.Now()
			code, out, errOut := runWith(t, theme, checkNow, append(tt.args, "-s", root)...)
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v", d)
			}
			if code != tt.code || !strings.Contains(out+errOut, tt.want) {
				t.Errorf("exit %d, want %d with %q:\n%s%s", code, tt.code, tt.want, out, errOut)
			}
		})
	}
}

func TestFixEncoding(t *testing.T) {
	page := "---\ntitle: 衡东县\n---\n\n衡东县印章文化节开幕。\n"
	gbkPage, _ := simplifiedchinese.GBK.NewEncoder().String(page)
	utf16Page, _ := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewEncoder().String(page)
	tests := []struct {
		name, data string
		backup     bool // a .bak exists before
		code       int
		want       string // the file afterwards
		out        string
	}{
		{"gbk", gbkPage, false, ExitOK, page, "已从 GB18030 转换为 UTF-8，原文件备份为 a.md.bak"},
		{"utf-16", utf16Page, false, ExitOK, page, "已从 UTF-16LE 转换为 UTF-8"},
		{"utf-8 bom", "\ufeff" + page, false, ExitOK, page, "已从 UTF-8 转换为 UTF-8"},
		{"utf-8", page, false, ExitOK, page, "已是 UTF-8，未做改动"},
		{"unknown", "caf\xe9\n", false, ExitFail, "caf\xe9\n", "无法判断文件的编码，未做改动"},
		{"backup exists", gbkPage, true, ExitFail, gbkPage, "备份文件 a.md.bak 已存在，未做改动"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			p := filepath.Join(root, "content", "a.md")
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(tt.data), 0o644); err != nil {
				t.Fatal(err)
			}
			if tt.backup {
				if err := os.WriteFile(p+".bak", []byte("old"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			code, out, errOut := runWith(t, nil, checkNow, "fix-encoding", "-s", root, "content/a.md")
			if code != tt.code || !strings.Contains(out+errOut, "content/a.md: "+tt.out) {
				t.Errorf("exit %d, want %d with %q:\n%s%s", code, tt.code, tt.out, out, errOut)
			}
			if got, _ := os.ReadFile(p); string(got) != tt.want {
				t.Errorf("file now %q, want %q", got, tt.want)
			}
			bak, err := os.ReadFile(p + ".bak")
			switch {
			case tt.backup:
				if string(bak) != "old" {
					t.Errorf("backup overwritten: %q", bak)
				}
			case tt.data != tt.want:
				if string(bak) != tt.data {
					t.Errorf("backup %q, want the original", bak)
				}
			case err == nil:
				t.Errorf("backup written for an unchanged file")
			}
		})
	}
	if code, _, _ := runWith(t, nil, checkNow, "fix-encoding"); code != ExitUsage {
		t.Errorf("no files: exit %d, want %d", code, ExitUsage)
	}
}
