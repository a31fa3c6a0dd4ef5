package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"hengdong/internal/check"
)

// faults is the check package's fixture site: one fault for each rule.
var faults = filepath.Join("..", "check", "testdata", "faults")

// checkNow is the clock of these tests: the fixture's news column is then stale.
var checkNow = time.Date(2025, 3, 20, 12, 0, 0, 0, time.FixedZone("CST", 8*3600))

// runWith runs the command line with theme and the test clock.
func runWith(t *testing.T, theme fs.FS, now time.Time, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(args, Env{Theme: theme, Stdout: &out, Stderr: &errb, Now: func() time.Time { return now }})
	return code, out.String(), errb.String()
}

// govTheme is the fixture's layouts as a theme: a government site's footer and meta tags.
func govTheme(t *testing.T) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	root := os.DirFS(faults)
	err := fs.WalkDir(root, "layouts", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(root, p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// govSite writes a small government site whose news page has the given body
// and front matter lines, with the fixture's footer badges.
func govSite(t *testing.T, frontMatter, body string) string {
	t.Helper()
	root := t.TempDir()
	toml, err := os.ReadFile(filepath.Join(faults, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"site.toml":              string(toml),
		"content/_index.md":      "---\ntitle: 首页\n---\n",
		"content/news/_index.md": "---\ntitle: 新闻\n---\n",
		"content/news/a.md":      "---\ntitle: 甲\ndate: 2025-03-19T09:00:00+08:00\n" + frontMatter + "---\n\n" + body + "\n",
	}
	for _, name := range []string{"static/images/badges/conac.png", "static/images/badges/police.png"} {
		b, err := os.ReadFile(filepath.Join(faults, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = string(b)
	}
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestCheckFixtureText(t *testing.T) {
	code, out, _ := runWith(t, nil, checkNow, "check", "-s", faults)
	if code != ExitFail {
		t.Errorf("exit %d, want %d", code, ExitFail)
	}
	for _, want := range []string{
		"content/news/links.md:9:10: error [link-anchor] 锚点 #nowhere 在本页中不存在；",
		"content/news/typo.md:11:3: warning [typo-han-space] 两个汉字之间有空格；请删除空格（中文之间不加空格） (space between Han characters)\n",
		"/about/badicp/: error [footer-icp] ",
		"检查完成：24 个错误，8 个警告 (24 errors, 8 warnings)\n",
		"layouts/partials/footer.html:23:32: warning [footer-badge] 页脚没有显示党政机关网站标识",
		"layouts/_default/baseof.html:45:7: error [form-label] ",
		"content/news/wording.md:11: 表述例外“湘南省”：引用1950年代档案原文，保留原写法\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Sorted by file, line and column.
	var files []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if i := strings.Index(l, ": "); i > 0 && !strings.HasPrefix(l, "检查完成") && !strings.Contains(l, "表述例外") {
			files = append(files, l[:i])
		}
	}
	if len(files) != 32 {
		t.Errorf("%d findings printed, want 32", len(files))
	}
}

func TestCheckFixtureJSON(t *testing.T) {
	code, out, _ := runWith(t, nil, checkNow, "check", "-s", faults, "--format", "json")
	if code != ExitFail {
		t.Errorf("exit %d, want %d", code, ExitFail)
	}
	var got struct {
		OK       bool            `json:"ok"`
		Errors   int             `json:"errors"`
		Warnings int             `json:"warnings"`
		Findings []check.Finding `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if got.OK || got.Errors != 24 || got.Warnings != 8 || len(got.Findings) != 32 {
		t.Errorf("ok=%v errors=%d warnings=%d findings=%d", got.OK, got.Errors, got.Warnings, len(got.Findings))
	}
	for _, f := range got.Findings {
		if f.Rule == check.RuleLinkAnchor && (f.File != "content/news/links.md" || f.Line != 9 || f.Level != check.Error) {
			t.Errorf("link-anchor finding: %+v", f)
		}
	}
}

func TestCheckAndBuildExitCodes(t *testing.T) {
	const ok = "source: 测试县融媒体中心\n"
	later := checkNow.AddDate(0, 1, 0) // the news page is then 32 days old
	tests := []struct {
		name        string
		frontMatter string
		body        string
		now         time.Time
		args        []string
		code        int
		want        string // in stdout+stderr
		written     bool   // public/ exists after a build
	}{
		{"check clean", ok, "正文。", checkNow, []string{"check"}, ExitOK, "0 个错误，0 个警告", false},
		{"check warning", ok, "衡东 县", checkNow, []string{"check"}, ExitOK, "[typo-han-space]", false},
		{"check warning strict", ok, "衡东 县", checkNow, []string{"check", "--strict"}, ExitFail, "[typo-han-space]", false},
		{"check quiet hides warnings", ok, "衡东 县", checkNow, []string{"check", "--quiet"}, ExitOK, "", false},
		{"check stale with the clock", ok, "正文。", later, []string{"check"}, ExitFail, "error [freshness-home]", false},
		{"check stale as of a date", ok, "正文。", later, []string{"check", "--now", "2025-03-25"}, ExitOK, "0 个错误，0 个警告", false},
		{"build stale is written", ok, "正文。", later, []string{"build"}, ExitOK, "[freshness-home]", true},
		{"check error", "", "正文。", checkNow, []string{"check"}, ExitFail, "content/news/a.md:1:1: error [page-source]", false},
		{"check build error", ok, "[坏](/nope/)", checkNow, []string{"check"}, ExitFail, "content/news/a.md:7:1: error [link-broken] 链接指向的页面不存在", false},
		{"build clean", ok, "正文。", checkNow, []string{"build"}, ExitOK, "完成", true},
		{"build warning", ok, "衡东 县", checkNow, []string{"build"}, ExitOK, "warning [typo-han-space]", true},
		{"build warning strict", ok, "衡东 县", checkNow, []string{"build", "--strict"}, ExitFail, "检查未通过：0 个错误，1 个警告", false},
		{"build error", "", "正文。", checkNow, []string{"build"}, ExitFail, "error [page-source]", false},
	}
	theme := govTheme(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := govSite(t, tt.frontMatter, tt.body)
			code, out, errOut := runWith(t, theme, tt.now, append(tt.args, "-s", root)...)
			all := out + errOut
			if code != tt.code {
				t.Errorf("exit %d, want %d\n%s", code, tt.code, all)
			}
			if tt.want != "" && !strings.Contains(all, tt.want) {
				t.Errorf("output lacks %q:\n%s", tt.want, all)
			}
			if tt.want == "" && strings.TrimSpace(all) != "" {
				t.Errorf("want no output, got:\n%s", all)
			}
			_, err := os.Stat(filepath.Join(root, "public"))
			if written := err == nil; written != tt.written {
				t.Errorf("public/ written: %v, want %v", written, tt.written)
			}
		})
	}
}

func TestCheckUsage(t *testing.T) {
	for _, args := range [][]string{{"check", "--format", "xml"}, {"check", "extra"}} {
		if code, _, _ := runWith(t, nil, checkNow, args...); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, ExitUsage)
		}
	}
}

// routeTransport sends requests for host to the test server and answers every
// other host (the footer's 备案 lookups) with 200, so tests stay offline.
type routeTransport struct{ host string }

func (r routeTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host == r.host {
		return http.DefaultTransport.RoundTrip(req)
	}
	return &http.Response{StatusCode: http.StatusOK, Body: io.NopCloser(strings.NewReader("")), Request: req, Header: http.Header{}}, nil
}

func TestCheckExternal(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path == "/gone" {
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	old := externalClient
	externalClient = &http.Client{Transport: routeTransport{u.Host}, Timeout: 5 * time.Second}
	defer func() { externalClient = old }()

	root := govSite(t, "source: 测试县融媒体中心\n", "[好]("+srv.URL+"/ok)和[坏]("+srv.URL+"/gone)。")
	theme := govTheme(t)
	if code, out, errOut := runWith(t, theme, checkNow, "build", "-s", root); code != ExitOK || hits.Load() != 0 {
		t.Fatalf("build: exit %d, %d requests (want none)\n%s%s", code, hits.Load(), out, errOut)
	}
	if code, out, _ := runWith(t, theme, checkNow, "check", "-s", root); code != ExitOK || hits.Load() != 0 {
		t.Fatalf("check: exit %d, %d requests (want none)\n%s", code, hits.Load(), out)
	}
	code, out, _ := runWith(t, theme, checkNow, "check", "--external", "--timeout", "3s", "-s", root)
	if code != ExitFail {
		t.Errorf("check --external: exit %d, want %d", code, ExitFail)
	}
	want := ": error [link-external] 外部链接已失效（HTTP 404）：" + srv.URL + "/gone"
	if !strings.HasPrefix(out, "content/news/a.md:7:") || !strings.Contains(out, want) || strings.Count(out, "[link-external]") != 1 {
		t.Errorf("output lacks %q (once):\n%s", want, out)
	}
}

// writeFiles adds files (slash path → text) under root.
func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestOnePassFindsEverything: a page with a broken .md link, an image
// without alt text and no 来源, beside a page with an unknown shortcode and
// one whose template fails, reports all of them in one run of check and of
// build, and build writes nothing.
func TestOnePassFindsEverything(t *testing.T) {
	theme := govTheme(t)
	root := govSite(t, "", "[乙](b.md)\n\n![](/news/)")
	writeFiles(t, root, map[string]string{
		"content/news/sc.md":           "---\ntitle: 丙\ndate: 2025-03-18T09:00:00+08:00\nsource: 测试\n---\n\n{{< nope >}}\n",
		"content/news/tpl.md":          "---\ntitle: 丁\ndate: 2025-03-18T09:00:00+08:00\nsource: 测试\nlayout: broken\n---\n\n正文。\n",
		"layouts/_default/broken.html": `{{ define "main" }}{{ .Nope }}{{ end }}`,
		"content/news/ok.md":           "---\ntitle: 戊\ndate: 2025-03-18T09:00:00+08:00\nsource: 测试\n---\n\n见[丁](tpl.md)。\n",
	})
	want := []string{
		"content/news/a.md:1:1: error [page-source] 页面没有来源",
		"content/news/a.md:6:1: error [link-broken] 链接指向的页面不存在：b.md",
		"content/news/a.md:8:1: error [img-alt] ",
		"content/news/sc.md:7:1: error [build] 不认识的短代码 \"nope\"",
		"layouts/_default/broken.html:1:",
	}
	for _, cmd := range []string{"check", "build"} {
		t.Run(cmd, func(t *testing.T) {
			code, out, errOut := runWith(t, theme, checkNow, cmd, "-s", root)
			all := out + errOut
			if code != ExitFail {
				t.Errorf("exit %d, want %d", code, ExitFail)
			}
			for _, w := range want {
				if !strings.Contains(all, w) {
					t.Errorf("output lacks %q:\n%s", w, all)
				}
			}
			// The page that links to the failed one is not blamed for it.
			if strings.Contains(all, "/news/tpl/") {
				t.Errorf("a link to the failed page is reported:\n%s", all)
			}
			if n := strings.Count(all, "[link-broken]"); n != 1 {
				t.Errorf("the broken link is reported %d times:\n%s", n, all)
			}
			if _, err := os.Stat(filepath.Join(root, "public")); err == nil {
				t.Errorf("public/ written")
			}
		})
	}
}

// TestCheckPolicyInSiteToml: site.toml's [check] table lowers a rule, and a
// wrong entry fails check and build at its line.
func TestCheckPolicyInSiteToml(t *testing.T) {
	theme := govTheme(t)
	tests := []struct {
		name, table string
		args        []string
		code        int
		want        string
		written     bool
	}{
		{"default", "", []string{"build"}, ExitFail, "content/news/a.md:7:1: error [img-alt]", false},
		{"warning", "img-alt = \"warning\"\n", []string{"build"}, ExitOK, "content/news/a.md:7:1: warning [img-alt]", true},
		{"off", "img-alt = \"off\"\n", []string{"check"}, ExitOK, "0 个错误，0 个警告", false},
		{"broken link lowered", "img-alt = \"off\"\nlink-broken = \"warning\"\n", []string{"build"}, ExitOK, "warning [link-broken]", true},
		{"unknown rule", "img-alt = \"off\"\nimg_alt = \"off\"\n", []string{"build"}, ExitFail,
			`site.toml:22:1: [check] 中不认识的检查规则 "img_alt"；是不是 img-alt？`, false},
		{"unknown rule check", "img_alt = \"off\"\n", []string{"check"}, ExitFail,
			`site.toml:21:1: error [build] [check] 中不认识的检查规则 "img_alt"；是不是 img-alt？`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := "![](/news/)"
			if strings.Contains(tt.table, "link-broken") {
				body += "\n\n[乙](b.md)"
			}
			root := govSite(t, "source: 测试\n", body)
			if tt.table != "" {
				f, err := os.OpenFile(filepath.Join(root, "site.toml"), os.O_APPEND|os.O_WRONLY, 0)
				if err != nil {
					t.Fatal(err)
				}
				f.WriteString("\n[check]\n" + tt.table)
				f.Close()
			}
			code, out, errOut := runWith(t, theme, checkNow, append(tt.args, "-s", root)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\n%s", code, tt.code, out+errOut)
			}
			if !strings.Contains(out+errOut, tt.want) {
				t.Errorf("output lacks %q:\n%s", tt.want, out+errOut)
			}
			if _, err := os.Stat(filepath.Join(root, "public")); (err == nil) != tt.written {
				t.Errorf("public/ written: %v, want %v", err == nil, tt.written)
			}
		})
	}
}

// TestCheckGroupsLongOutput: 25 images without alt text are shown as one
// group with its count and first 20 places; --all and JSON give all of them.
func TestCheckGroupsLongOutput(t *testing.T) {
	root := govSite(t, "", strings.Repeat("![](/news/)\n\n", 25))
	theme := govTheme(t)
	code, out, _ := runWith(t, theme, checkNow, "check", "-s", root)
	if code != ExitFail {
		t.Errorf("exit %d", code)
	}
	want := "[img-alt] 图片缺少替代文字（alt）：25 处，1 个文件 (25 findings in 1 files)\n" +
		"  content/news/a.md:6:1: error [img-alt] "
	if !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
	for _, w := range []string{
		"  content/news/a.md:44:1: error [img-alt] ", // the 20th
		"  …… 另有 5 处未列出；加 --all 列出全部，或在 site.toml 的 [check] 中调整 img-alt 的级别 (5 more)\n",
		"\n[page-source] 页面缺少来源：1 处，1 个文件 (1 findings in 1 files)\n  content/news/a.md:1:1: error [page-source]",
		"检查完成：26 个错误，0 个警告",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, "a.md:46:1") {
		t.Errorf("the 21st place is shown:\n%s", out)
	}
	if i, j := strings.Index(out, "[img-alt]"), strings.Index(out, "[page-source] 页面缺少来源"); i > j {
		t.Errorf("groups not in the order of the rules:\n%s", out)
	}

	_, out, _ = runWith(t, theme, checkNow, "check", "--all", "-s", root)
	n := 0
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "content/news/a.md:") {
			n++
		}
	}
	if n != 26 || strings.Contains(out, "另有") {
		t.Errorf("--all: %d lines of findings, want 26:\n%s", n, out)
	}

	_, out, _ = runWith(t, theme, checkNow, "check", "--format", "json", "-s", root)
	var got struct{ Findings []check.Finding }
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got.Findings) != 26 {
		t.Errorf("json: %d findings, %v", len(got.Findings), err)
	}
}

// TestCheckRules: --rules lists every rule with its level and basis.
func TestCheckRules(t *testing.T) {
	code, out, _ := runWith(t, nil, checkNow, "check", "--rules")
	if code != ExitOK {
		t.Errorf("exit %d", code)
	}
	for _, r := range check.Rules {
		if !strings.Contains(out, "\n"+r.ID+strings.Repeat(" ", 19-len(r.ID))+string(r.Level)+" ") || !strings.Contains(out, "依据："+r.Basis+"\n") {
			t.Errorf("%s missing:\n%s", r.ID, out)
		}
	}
	for _, w := range []string{"img-alt            error   图片缺少替代文字（alt）\n", "GB/T 37668-2019", "WCAG 2.1 1.1.1", "《政府网站发展指引》"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	// The site's own levels are shown beside the defaults; a wrong entry is named.
	root := govSite(t, "", "正文。")
	writeFiles(t, root, map[string]string{"site.toml": "[check]\nimg-alt = \"warning\"\n"})
	code, out, _ = runWith(t, nil, checkNow, "check", "--rules", "-s", root)
	if code != ExitOK || !strings.Contains(out, "img-alt            error   图片缺少替代文字（alt）（本站：warning）\n") || strings.Count(out, "本站") != 1 {
		t.Errorf("exit %d, site levels:\n%s", code, out)
	}
	writeFiles(t, root, map[string]string{"site.toml": "[check]\nimg-alt = \"warn\"\n"})
	code, _, errOut := runWith(t, nil, checkNow, "check", "--rules", "-s", root)
	if code != ExitFail || !strings.Contains(errOut, "site.toml:2:1: 检查规则 img-alt 的级别 \"warn\" 不认识") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
	_, out, _ = runWith(t, nil, checkNow, "check", "--rules", "--format", "json")
	var got []struct{ ID, Level, Title, Basis string }
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got) != len(check.Rules) || got[0].Basis == "" {
		t.Errorf("json: %v %+v", err, got)
	}
}
