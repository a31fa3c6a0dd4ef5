package cli

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// miniTheme is a tiny default theme so these tests do not depend on the portal's.
var miniTheme = fstest.MapFS{
	"layouts/_default/baseof.html": {Data: []byte(`<!doctype html><html lang="zh-CN"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ .Title }}</title><a href="#main">跳到主要内容</a><main id="main">{{ block "main" . }}{{ end }}</main></html>`)},
	"layouts/_default/single.html": {Data: []byte(`{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}`)},
	"layouts/_default/list.html":   {Data: []byte(`{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}`)},
	"layouts/404.html":             {Data: []byte(`{{ define "main" }}未找到{{ end }}`)},
	"static/css/site.css":          {Data: []byte("body {  color : #000 ; }\n")},
	"archetypes/default.md":        {Data: []byte("---\ntitle: \"{{ .Title }}\"\ndate: {{ .Date }}\ndraft: true\n---\n")},
}

func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(args, Env{Theme: miniTheme, Stdout: &out, Stderr: &errb,
		Now: func() time.Time { return time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC) }})
	return code, out.String(), errb.String()
}

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			m[rel] = string(b)
		}
		return nil
	})
	return m
}

func TestBuildOnlyContentUsesEmbeddedTheme(t *testing.T) {
	root := writeSite(t, map[string]string{"content/news/a.md": "---\ntitle: 甲\ndate: 2025-02-07\n---\n正文\n"})
	code, out, errs := run(t, "build", "-s", root)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "1 个页面") {
		t.Errorf("summary %q", out)
	}
	got := snapshot(t, filepath.Join(root, "public"))
	if !strings.Contains(got[filepath.Join("news", "a", "index.html")], "<h1>甲</h1>") {
		t.Errorf("page not rendered with the embedded theme: %v", got)
	}
	if got[filepath.Join("css", "site.css")] != "body{color:#000}" {
		t.Errorf("static CSS not minified: %q", got[filepath.Join("css", "site.css")])
	}
}

func TestSiteFilesOverrideTheme(t *testing.T) {
	root := writeSite(t, map[string]string{
		"content/a.md":                 "---\ntitle: 甲\n---\n",
		"layouts/_default/single.html": `{{ define "main" }}<p>site {{ .Title }}</p>{{ end }}`,
	})
	if code, _, errs := run(t, "build", "-s", root, "--quiet"); code != 0 {
		t.Fatal(errs)
	}
	if got := snapshot(t, filepath.Join(root, "public"))[filepath.Join("a", "index.html")]; !strings.Contains(got, "<p>site 甲</p>") || !strings.Contains(got, `lang="zh-CN"`) {
		t.Errorf("override not used: %q", got)
	}
}

// A failed build leaves the previous output byte-identical.
func TestFailedBuildKeepsPreviousOutput(t *testing.T) {
	root := writeSite(t, map[string]string{"content/a.md": "---\ntitle: 甲\n---\n[乙](b.md)\n", "content/b.md": "# 乙\n"})
	if code, _, errs := run(t, "build", "-s", root); code != 0 {
		t.Fatal(errs)
	}
	before := snapshot(t, filepath.Join(root, "public"))
	tests := []struct{ name, file, data, want string }{
		{"broken front matter", "content/a.md", "---\ntitle: [甲\n---\n", "content/a.md:2:8"},
		{"link to nothing", "content/a.md", "---\ntitle: 甲\n---\n\n[丙](c.md)\n", "content/a.md:5:"},
		{"missing template", "layouts/_default/single.html", `{{ define "main" }}{{ partial "nope.html" . }}{{ end }}`, "layouts/_default/single.html:1:"},
		{"bad site.toml", "site.toml", "title = 1\n", "site.toml:1"},
		{"bad seeds", "seeds/a.yaml", "source: x\nindicators:\n  - id: a\n    name: 甲\n    period: \"2024\"\n    value: abc\n    unit: 亿元\n", "seeds/a.yaml:6:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(root, filepath.FromSlash(tt.file))
			old, oldErr := os.ReadFile(p)
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.WriteFile(p, []byte(tt.data), 0o644)
			defer func() {
				if oldErr == nil {
					os.WriteFile(p, old, 0o644)
				} else {
					os.Remove(p)
				}
			}()
			code, _, errs := run(t, "build", "-s", root)
			if code != ExitFail {
				t.Fatalf("exit %d, want 1", code)
			}
			if !strings.Contains(errs, tt.want) {
				t.Errorf("error output lacks %q:\n%s", tt.want, errs)
			}
			after := snapshot(t, filepath.Join(root, "public"))
			if len(after) != len(before) {
				t.Fatalf("output changed: %d files, was %d", len(after), len(before))
			}
			for k, v := range before {
				if after[k] != v {
					t.Errorf("%s changed", k)
				}
			}
			// Pages are written while the checks run, into the spare
			// generation (.public.prev, kept for the next build to update):
			// no other staging folder may be left.
			entries, err := os.ReadDir(root)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), ".public.") && e.Name() != ".public.prev" {
					t.Errorf("staging folder %s left behind", e.Name())
				}
			}
		})
	}
}

func TestDestinationSafety(t *testing.T) {
	root := writeSite(t, map[string]string{"content/a.md": "# 甲\n"})
	foreign := filepath.Join(t.TempDir(), "mine")
	os.MkdirAll(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "keep.txt"), []byte("important"), 0o644)
	tests := []struct {
		name string
		dest string
	}{
		{"source itself", root},
		{"parent of source", filepath.Dir(root)},
		{"foreign non-empty folder", foreign},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := run(t, "build", "-s", root, "-d", tt.dest)
			if code != ExitFail || !strings.Contains(errs, "输出目录") {
				t.Errorf("exit %d: %s", code, errs)
			}
		})
	}
	if b, _ := os.ReadFile(filepath.Join(foreign, "keep.txt")); string(b) != "important" {
		t.Error("a foreign file was touched")
	}
	if _, err := os.Stat(filepath.Join(root, "content", "a.md")); err != nil {
		t.Error("source was touched")
	}
}

func TestUsageAndExitCodes(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{nil, ExitUsage, "用法"},
		{[]string{"nonsense"}, ExitUsage, "不认识的命令"},
		{[]string{"build", "--nope"}, ExitUsage, "nope"},
		{[]string{"build", "-h"}, ExitOK, "destination"},
		{[]string{"new", "-h"}, ExitOK, "news/标题.md"},
		{[]string{"version"}, ExitOK, "hengdong " + Version},
	}
	for _, tt := range tests {
		code, out, errs := run(t, tt.args...)
		if code != tt.code || !strings.Contains(out+errs, tt.want) {
			t.Errorf("%v: exit %d, output %q", tt.args, code, out+errs)
		}
	}
}

func TestNewPage(t *testing.T) {
	root := writeSite(t, map[string]string{"content/news/旧稿.md": "---\ntitle: 旧稿\n---\n"})
	tests := []struct {
		arg, file string
	}{
		{"news/土菜节.md", "news/土菜节/index.md"},
		{"news/印章/", "news/印章/index.md"},
		{"content/news/罗荣桓.md", "news/罗荣桓/index.md"},
		{"news/2025/_index.md", "news/2025/_index.md"},
		{"news/专题/index.md", "news/专题/index.md"},
	}
	for _, tc := range tests {
		code, out, errs := run(t, "new", "-s", root, tc.arg)
		if code != 0 {
			t.Fatalf("new %s: %s", tc.arg, errs)
		}
		b, err := os.ReadFile(filepath.Join(root, "content", filepath.FromSlash(tc.file)))
		if err != nil {
			t.Fatalf("new %s: %v (%s)", tc.arg, err, out)
		}
		if s := string(b); !strings.Contains(s, "date: 2025-03-01T08:00:00") || !strings.Contains(s, "draft: true") {
			t.Errorf("new page:\n%s\n%s", s, out)
		}
	}
	b, _ := os.ReadFile(filepath.Join(root, "content", "news", "土菜节", "index.md"))
	if !strings.Contains(string(b), `title: "土菜节"`) {
		t.Errorf("bundle title: %s", b)
	}
	if code, _, _ := run(t, "new", "-s", root, "news/土菜节.md"); code != ExitFail {
		t.Error("new overwrote an existing page")
	}
	if code, _, _ := run(t, "new", "-s", root, "news/旧稿.md"); code != ExitFail {
		t.Error("new made a bundle beside a page of the same name")
	}
	if code, _, _ := run(t, "new", "-s", root, "../escape.md"); code != ExitUsage {
		t.Error("new accepted a path outside content/")
	}
	if code, _, _ := run(t, "new", "-s", root, "news/标题"); code != ExitUsage {
		t.Error("new accepted a path that is neither .md nor a folder/")
	}
}

// Lists are paginated, and -D / -F bring drafts and future pages in.
func TestPaginationAndDraftFlags(t *testing.T) {
	root := writeSite(t, map[string]string{
		"site.toml":                  "paginate = 2\n",
		"layouts/_default/list.html": `{{ define "main" }}{{ range .Paginator.Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ with .Paginator.NextURL }}<a rel="next" href="{{ . }}">下一页</a>{{ end }}{{ end }}`,
		"content/news/a.md":          "---\ntitle: 甲\ndate: 2025-02-01\n---\n",
		"content/news/b.md":          "---\ntitle: 乙\ndate: 2025-02-02\n---\n",
		"content/news/c.md":          "---\ntitle: 丙\ndate: 2025-02-03\n---\n",
		"content/news/d.md":          "---\ntitle: 草稿页\ndate: 2025-02-04\ndraft: true\n---\n",
		"content/news/e.md":          "---\ntitle: 将来页\ndate: 2030-01-01\n---\n",
	})
	if code, _, errs := run(t, "build", "-s", root); code != 0 {
		t.Fatal(errs)
	}
	out := snapshot(t, filepath.Join(root, "public"))
	first, second := out[filepath.Join("news", "index.html")], out[filepath.Join("news", "page", "2", "index.html")]
	if !strings.Contains(first, ">丙<") || !strings.Contains(first, ">乙<") || strings.Contains(first, ">甲<") || !strings.Contains(first, `href="/news/page/2/"`) {
		t.Errorf("page 1 of the list: %q", first)
	}
	if !strings.Contains(second, ">甲<") || strings.Contains(second, ">乙<") {
		t.Errorf("page 2 of the list: %q", second)
	}
	for _, gone := range []string{"d", "e"} {
		if _, ok := out[filepath.Join("news", gone, "index.html")]; ok {
			t.Errorf("news/%s published without -D/-F", gone)
		}
	}
	if code, _, errs := run(t, "build", "-s", root, "-D", "--buildFuture"); code != 0 {
		t.Fatal(errs)
	}
	out = snapshot(t, filepath.Join(root, "public"))
	for _, want := range []string{"d", "e"} {
		if _, ok := out[filepath.Join("news", want, "index.html")]; !ok {
			t.Errorf("news/%s missing with -D --buildFuture", want)
		}
	}
}

// --baseURL overrides site.toml's, sub-path included.
func TestBaseURLFlag(t *testing.T) {
	root := writeSite(t, map[string]string{
		"site.toml":         "baseURL = \"https://www.example.com/\"\n",
		"content/news/a.md": "---\ntitle: 甲\ndate: 2025-02-01\n---\n[首页](../_index.md)\n",
		"content/_index.md": "# 首页\n",
	})
	if code, _, errs := run(t, "build", "-s", root, "--baseURL", "https://preview.example.com/sub"); code != 0 {
		t.Fatal(errs)
	}
	out := snapshot(t, filepath.Join(root, "public"))
	if page := out[filepath.Join("news", "a", "index.html")]; !strings.Contains(page, `href="/sub/"`) {
		t.Errorf("link not under the new base path: %s", page)
	}
	if sm := out["sitemap.xml"]; !strings.Contains(sm, "https://preview.example.com/sub/news/a/") {
		t.Errorf("sitemap not on the new base URL: %s", sm)
	}
}

// TestPathErrors: a wrong -s or -d is a Chinese-first message with the path
// and the fix, never a bare Go error, and nothing is written.
func TestPathErrors(t *testing.T) {
	root := writeSite(t, map[string]string{"content/a.md": "# 甲\n", "notes.txt": "x"})
	file := filepath.Join(root, "notes.txt")
	missing := filepath.Join(t.TempDir(), "nosite")
	tests := []struct {
		name string
		args []string
		want string // the start of the first line of the error output
	}{
		{"-d is a file", []string{"build", "-s", root, "-d", file}, file + ": 输出目录 " + file + " 是一个文件，不是文件夹；请用 -d 指定一个文件夹"},
		{"-d under a file", []string{"build", "-s", root, "-d", filepath.Join(file, "public")}, filepath.Join(file, "public") + ": 无法创建输出目录"},
		{"-s missing", []string{"build", "-s", missing}, missing + ": 站点目录不存在；请检查 -s 指定的路径"},
		{"-s is a file", []string{"build", "-s", file}, file + ": 站点目录不是文件夹"},
		{"check -s missing", []string{"check", "-s", missing}, missing + ": 站点目录不存在"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := run(t, tt.args...)
			if code != ExitFail || !strings.HasPrefix(errs, tt.want) {
				t.Errorf("exit %d, output:\n%s\nwant it to start with %q", code, errs, tt.want)
			}
		})
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("a missing source was created")
	}
	if b, _ := os.ReadFile(file); string(b) != "x" {
		t.Error("the file named by -d was touched")
	}
}

// TestOutsideLinkFailsBuild: `ln -s /etc/passwd static/passwd` fails the
// build with the link and its target named, and publishes nothing.
func TestOutsideLinkFailsBuild(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "passwd")
	os.WriteFile(secret, []byte("root:x:0:0"), 0o644)
	root := writeSite(t, map[string]string{"content/a.md": "# 甲\n", "static/ok.txt": "ok", "content/img/logo.svg": "<svg/>"})
	// A link inside the site is followed.
	if err := os.Symlink("../content/img/logo.svg", filepath.Join(root, "static", "logo.svg")); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run(t, "build", "-s", root); code != 0 {
		t.Fatal(errs)
	}
	if b, _ := os.ReadFile(filepath.Join(root, "public", "logo.svg")); string(b) != "<svg/>" {
		t.Errorf("logo.svg through an inside link: %q", b)
	}
	os.Symlink(secret, filepath.Join(root, "static", "passwd"))
	code, _, errs := run(t, "build", "-s", root)
	want := "static/passwd: 符号链接 static/passwd 指向站点目录之外的 " + secret
	if code != ExitFail || !strings.HasPrefix(errs, want) {
		t.Errorf("exit %d, output:\n%s\nwant it to start with %q", code, errs, want)
	}
	if _, err := os.Stat(filepath.Join(root, "public", "passwd")); err == nil {
		t.Error("the outside file was published")
	}
}

// TestPrecompressCopies: which compressed copies a build writes beside a page
// of more than 1 KB, by site.toml's precompress and the --precompress flag;
// changing either removes the copies no longer asked for.
func TestPrecompressCopies(t *testing.T) {
	root := writeSite(t, map[string]string{"content/a.md": "---\ntitle: 甲\n---\n" + strings.Repeat("衡东县城关镇。\n\n", 200)})
	page := filepath.Join(root, "public", "a", "index.html")
	tests := []struct {
		name, toml string
		flag       []string
		gz, br     bool
	}{
		{"no site.toml: gzip", "", nil, true, false},
		{"gzip", "precompress = [\"gzip\"]\n", nil, true, false},
		{"gzip and brotli", "precompress = [\"gzip\", \"br\"]\n", nil, true, true},
		{"brotli alone", "precompress = [\"br\"]\n", nil, false, true},
		{"none", "precompress = []\n", nil, false, false},
		{"the flag turns both off", "precompress = [\"gzip\", \"br\"]\n", []string{"--precompress=false"}, false, false},
		{"and on again", "precompress = [\"gzip\", \"br\"]\n", nil, true, true},
	}
	for _, tt := range tests {
		if err := os.WriteFile(filepath.Join(root, "site.toml"), []byte(tt.toml), 0o644); err != nil {
			t.Fatal(err)
		}
		if code, _, errs := run(t, append([]string{"build", "-s", root, "--quiet"}, tt.flag...)...); code != 0 {
			t.Fatalf("%s: %s", tt.name, errs)
		}
		for _, c := range []struct {
			ext  string
			want bool
		}{{".gz", tt.gz}, {".br", tt.br}} {
			if _, err := os.Stat(page + c.ext); (err == nil) != c.want {
				t.Errorf("%s: a/index.html%s exists %v, want %v", tt.name, c.ext, err == nil, c.want)
			}
		}
	}
	os.WriteFile(filepath.Join(root, "site.toml"), []byte("precompress = [\"gzip\", \"brotli\"]\n"), 0o644)
	code, _, errs := run(t, "build", "-s", root, "--quiet")
	if code == 0 || !strings.Contains(errs, "site.toml:1:1: precompress 中不认识的压缩格式 \"brotli\"；是不是 \"br\"？") {
		t.Errorf("exit %d, %s", code, errs)
	}
}

// TestProfileFiles checks that --profile-cpu and --profile-mem write profiles
// pprof reads (gzipped protocol buffers), and that a profile that cannot be
// written is named.
func TestProfileFiles(t *testing.T) {
	root := writeSite(t, map[string]string{"content/news/a.md": "---\ntitle: 甲\ndate: 2025-02-07\n---\n正文\n"})
	if code, _, errs := run(t, "build", "-s", root); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	dir := t.TempDir()
	for _, flag := range []string{"--profile-cpu", "--profile-mem"} {
		t.Run(flag, func(t *testing.T) {
			p := filepath.Join(dir, flag[2:]+".prof")
			code, _, errs := run(t, "build", "-s", root, flag, p)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			b, err := os.ReadFile(p)
			if err != nil || len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
				t.Fatalf("%s wrote %d bytes (%v), not a gzipped profile", flag, len(b), err)
			}
		})
	}
	t.Run("unwritable", func(t *testing.T) {
		code, _, errs := run(t, "build", "-s", root, "--profile-mem", filepath.Join(dir, "no", "such", "folder", "m.prof"))
		if !strings.Contains(errs, "无法写入内存剖析文件") {
			t.Errorf("exit %d, stderr %q: want the profile error named", code, errs)
		}
	})
}
