package markdown

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// testResolver knows a few pages and images, as the build's resolver would.
type testResolver struct{}

var testPages = map[string]string{
	"../news/x.md":            "/news/x/",
	"x.md":                    "/cur/x/",
	"../culture/_index.md":    "/culture/",
	"../culture/guju.md":      "/culture/guju/",
	"img/guju.jpg":            "/cur/img/guju.jpg",
	"img/unknown-size.png":    "/cur/img/unknown-size.png",
	"新闻/报道 一.md":              "/news/report-1/",
	"../news/2025/economy.md": "/news/2025/economy/",
}

func (testResolver) ResolveLink(dest string) (string, bool) {
	u, ok := testPages[dest]
	return u, ok
}

func (testResolver) ImageSize(dest string) (int, int, bool) {
	if dest == "/cur/img/guju.jpg" {
		return 1200, 800, true
	}
	return 0, 0, false
}

// goldenOutput is what a golden file holds: the HTML, then the TOC, the
// summary and the problems, each after a marker comment.
func goldenOutput(res Result) []byte {
	var b bytes.Buffer
	b.Write(res.HTML)
	if len(res.TOC) > 0 {
		b.WriteString("<!-- TOC -->\n")
		b.Write(res.TOC)
		b.WriteByte('\n')
	}
	if res.SummaryHTML != nil {
		b.WriteString("<!-- SUMMARY -->\n")
		b.Write(res.SummaryHTML)
		b.WriteByte('\n')
	}
	if len(res.Problems) > 0 {
		b.WriteString("<!-- PROBLEMS\n")
		for _, p := range res.Problems {
			b.WriteString(p.Error())
			b.WriteByte('\n')
		}
		b.WriteString("-->\n")
	}
	return b.Bytes()
}

// TestGolden renders every testdata/*.md (with raw HTML allowed when the name
// contains "unsafe") and compares with testdata/*.golden.html. Run
// `go test ./internal/markdown/ -update` to rewrite the golden files after an
// intended change, and review the diff.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	safe, unsafe := New(Options{}), New(Options{Unsafe: true})
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".md")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			r := safe
			if strings.Contains(name, "unsafe") {
				r = unsafe
			}
			got := goldenOutput(r.Render(src, "content/"+name+".md", 4, testResolver{}))
			golden := strings.TrimSuffix(f, ".md") + ".golden.html"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s (run with -update and review the diff)\n--- got\n%s\n--- want\n%s", golden, got, want)
			}
		})
	}
}

func inline(t *testing.T, src string) string {
	t.Helper()
	return string(New(Options{}).RenderInline([]byte(src)))
}

func body(t *testing.T, src string) string {
	t.Helper()
	return strings.TrimSpace(string(New(Options{}).Render([]byte(src), "a.md", 0, nil).HTML))
}

func TestEmphasisNextToChinesePunctuation(t *testing.T) {
	tests := []struct{ in, want string }{
		{"**会议规模创近十年之最。**随后", "<strong>会议规模创近十年之最。</strong>随后"},
		{"前**「括号」**后", "前<strong>「括号」</strong>后"},
		{"前**“引号”**后", "前<strong>“引号”</strong>后"},
		{"前**《书名》**后", "前<strong>《书名》</strong>后"},
		{"（**注**）", "（<strong>注</strong>）"},
		{"、**重点**，", "、<strong>重点</strong>，"},
		{"重点是**（一）**加快", "重点是<strong>（一）</strong>加快"},
		{"**会议**：", "<strong>会议</strong>："},
		{"*斜体。*后", "<em>斜体。</em>后"},
		{"~~删除。~~后", "<del>删除。</del>后"},
		{"前~~“删除”~~后", "前<del>“删除”</del>后"},
		{"中文**English**中文", "中文<strong>English</strong>中文"},
		// Latin text keeps CommonMark's rules.
		{"**foo.**bar", "**foo.**bar"},
		{"a**b**c", "a<strong>b</strong>c"},
		{"snake_case_name", "snake_case_name"},
		{"** 不是强调**", "** 不是强调**"},
	}
	for _, tt := range tests {
		if got := inline(t, tt.in); got != tt.want {
			t.Errorf("%q\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestSoftLineBreaks(t *testing.T) {
	tests := []struct{ in, want string }{
		{"衡东县\n位于湖南", "衡东县位于湖南"},
		{"东部，\n湘江中游。", "东部，湘江中游。"},
		{"他说：\n“欢迎”", "他说：“欢迎”"},
		{"然后……\n离开", "然后……离开"},
		{"Hengdong is\na county", "Hengdong is\na county"},
		{"中文\nEnglish", "中文\nEnglish"},
		{"English\n中文", "English\n中文"},
		{"会议强调，\n**加快建设**", "会议强调，<strong>加快建设</strong>"},
		{"**加快建设**\n绿色", "<strong>加快建设</strong>绿色"},
		{"hello\n**world**", "hello\n<strong>world</strong>"},
		{"见\n[链接](https://example.com/)", `见<a href="https://example.com/">链接</a>`},
		{"한국어\n단어", "한국어\n단어"},
		{"中文  \n硬换行", "中文<br>\n硬换行"},
	}
	for _, tt := range tests {
		if got := inline(t, tt.in); got != tt.want {
			t.Errorf("%q\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"经济数据", "经济数据"},
		{"2024年成绩", "2024年成绩"},
		{"Hello, World! 2025 衡东", "hello-world-2025-衡东"},
		{"产业发展：印章 & 文旅", "产业发展-印章-文旅"},
		{"  --前后--  ", "前后"},
		{"！！！", ""},
		{"", ""},
		{"GDP（亿元）", "gdp-亿元"},
	}
	for _, tt := range tests {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHeadings(t *testing.T) {
	src := "# 概况\n\n## 经济数据\n\n## 经济数据\n\n## 经济数据-1\n\n## ！！！\n\n## 后来 {#经济数据-2}\n\n### *强调*的`代码`\n\n## A &amp; B\n"
	res := New(Options{}).Render([]byte(src), "a.md", 0, nil)
	want := []Heading{
		{1, "概况", "概况"},
		{2, "经济数据", "经济数据"},
		{2, "经济数据-1", "经济数据"},
		{2, "经济数据-1-1", "经济数据-1"}, // the generated 经济数据-1 came first
		{2, "heading-5", "！！！"},
		{2, "经济数据-2", "后来"},
		{3, "强调的代码", "强调的代码"},
		{2, "a-b", "A & B"},
	}
	if fmt.Sprint(res.Headings) != fmt.Sprint(want) {
		t.Errorf("headings\n got %v\nwant %v", res.Headings, want)
	}
	if !bytes.Contains(res.HTML, []byte(`<h2 id="经济数据-1">经济数据</h2>`)) {
		t.Errorf("repeated heading id not in HTML:\n%s", res.HTML)
	}
	// Explicit ids are reserved before generated ones: the third 经济数据
	// must not take 经济数据-2.
	res = New(Options{}).Render([]byte("## 甲\n\n## 甲\n\n## 甲\n\n## 乙 {#甲-2}\n"), "a.md", 0, nil)
	var ids []string
	for _, h := range res.Headings {
		ids = append(ids, h.ID)
	}
	if got := strings.Join(ids, " "); got != "甲 甲-1 甲-3 甲-2" {
		t.Errorf("ids = %s", got)
	}
}

func TestTOC(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"one heading", "## 只有一个\n", ""},
		{"h1 only counts not", "# 标题\n\n## 一\n", ""},
		{"flat", "## 一\n\n## 二\n",
			`<nav class="toc" aria-label="本页目录"><ol><li><a href="#一">一</a></li><li><a href="#二">二</a></li></ol></nav>`},
		{"nested and skipped level", "## 一\n\n#### 深\n\n### 中\n\n## 二\n",
			`<nav class="toc" aria-label="本页目录"><ol><li><a href="#一">一</a><ol><li><ol><li><a href="#深">深</a></li></ol></li><li><a href="#中">中</a></li></ol></li><li><a href="#二">二</a></li></ol></nav>`},
		{"starts deeper", "### 深\n\n## 浅\n",
			`<nav class="toc" aria-label="本页目录"><ol><li><ol><li><a href="#深">深</a></li></ol></li><li><a href="#浅">浅</a></li></ol></nav>`},
		{"escaped text", "## a<b>\n\n## \"c\"\n",
			`<nav class="toc" aria-label="本页目录"><ol><li><a href="#a">a</a></li><li><a href="#c">&#34;c&#34;</a></li></ol></nav>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := New(Options{}).Render([]byte(tt.in), "a.md", 0, nil)
			if string(res.TOC) != tt.want {
				t.Errorf("\n got %s\nwant %s", res.TOC, tt.want)
			}
			if !balanced(res.TOC) {
				t.Errorf("unbalanced TOC %s", res.TOC)
			}
		})
	}
}

func TestLinks(t *testing.T) {
	// lineOffset 3: a three-line front matter came before the body.
	bodySrc := "先看[新闻](../news/x.md)和[锚点](x.md#anchor)。\n\n这是[坏链接](../x.md)，\n[外部](https://example.com/a.md)、[邮件](mailto:a@b.cn)、[本页](#a)、[协议相对](//cdn.example.com/x.md)。\n"
	res := New(Options{}).Render([]byte(bodySrc), "content/news/a.md", 3, testResolver{})
	html := string(res.HTML)
	for _, want := range []string{
		`<a href="/news/x/">新闻</a>`,
		`<a href="/cur/x/#anchor">锚点</a>`,
		`<a href="https://example.com/a.md">外部</a>`,
		`<a href="mailto:a@b.cn">邮件</a>`,
		`<a href="#a">本页</a>`,
		`<a href="//cdn.example.com/x.md">协议相对</a>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in\n%s", want, html)
		}
	}
	if strings.Contains(html, "target=") {
		t.Errorf("links must not get a target: %s", html)
	}
	if len(res.Problems) != 1 {
		t.Fatalf("problems = %v, want 1", res.Problems)
	}
	p := res.Problems[0]
	if p.File != "content/news/a.md" || p.Line != 6 || p.Col != 3 {
		t.Errorf("position %s, want content/news/a.md:6:3", p.Pos())
	}
	if p.Msg != "链接指向的页面不存在：../x.md" || p.Fix != "请检查路径或删除该链接" {
		t.Errorf("message %q / %q", p.Msg, p.Fix)
	}
}

func TestIsExternal(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"http://a", true}, {"HTTPS://a", true}, {"mailto:x@y", true}, {"tel:123", true},
		{"#frag", true}, {"//host/x", true}, {"", true}, {"a+b-c.d:x", true},
		{"x.md", false}, {"../x.md", false}, {"/abs.md", false}, {"1http:x", false},
		{"新闻.md", false}, {"a/b:c.md", false}, {"x.md#a:b", false},
	}
	for _, tt := range tests {
		if got := isExternal(tt.in); got != tt.want {
			t.Errorf("isExternal(%q) = %v", tt.in, got)
		}
	}
}

func TestImages(t *testing.T) {
	src := "![故居 \"正门\" & <门>](img/guju.jpg)\n\n![外](https://example.com/a.png)\n\n![无](img/missing.jpg)\n"
	res := New(Options{}).Render([]byte(src), "a.md", 0, testResolver{})
	html := string(res.HTML)
	for _, want := range []string{
		`<img src="/cur/img/guju.jpg" alt="故居 &quot;正门&quot; &amp; &lt;门&gt;" loading="lazy" decoding="async" width="1200" height="800">`,
		`<img src="https://example.com/a.png" alt="外" loading="lazy" decoding="async">`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %s in\n%s", want, html)
		}
	}
	if len(res.Problems) != 1 || res.Problems[0].Line != 5 || !strings.HasPrefix(res.Problems[0].Msg, "图片文件不存在") {
		t.Errorf("problems = %v", res.Problems)
	}
}

func TestRawHTML(t *testing.T) {
	src := []byte("段落 <script>alert(1)</script> 文字\n\n<script>alert(1)</script>\n\n<SCRIPT src=x></SCRIPT>\n\n<div onclick=\"x\">块</div>\n\n[x](javascript:alert(1))\n")
	safe := string(New(Options{}).Render(src, "a.md", 0, nil).HTML)
	for _, bad := range []string{"<script", "<SCRIPT", "<div", "javascript:"} {
		if strings.Contains(strings.ToLower(safe), strings.ToLower(bad)) {
			t.Errorf("safe output contains %s:\n%s", bad, safe)
		}
	}
	unsafe := string(New(Options{Unsafe: true}).Render(src, "a.md", 0, nil).HTML)
	for _, want := range []string{"<script>alert(1)</script>", `<div onclick="x">块</div>`} {
		if !strings.Contains(unsafe, want) {
			t.Errorf("unsafe output lacks %s:\n%s", want, unsafe)
		}
	}
}

func TestCodeHighlighting(t *testing.T) {
	got := body(t, "```go\nfunc main() {}\n```")
	want := `<pre class="chroma" tabindex="0"><code class="language-go" data-lang="go"><span class="kd">func</span>`
	if !strings.HasPrefix(got, want) {
		t.Errorf("go block:\n%s", got)
	}
	if strings.Contains(got, "style=") {
		t.Errorf("highlighting must use classes, not inline styles: %s", got)
	}
	tests := []struct{ in, want string }{
		{"```nosuch\n<b>&\n```", "<pre><code class=\"language-nosuch\">&lt;b&gt;&amp;\n</code></pre>"},
		{"```\n<b>\n```", "<pre><code>&lt;b&gt;\n</code></pre>"},
		{"```\"><script>\nx\n```", "<pre><code class=\"language-&quot;&gt;&lt;script&gt;\">x\n</code></pre>"},
	}
	for _, tt := range tests {
		if got := body(t, tt.in); got != tt.want {
			t.Errorf("%q\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func TestMoreMarker(t *testing.T) {
	tests := []struct{ name, in, summary string }{
		{"block", "摘要，\n**强调**。\n\n<!--more-->\n\n正文。\n", "<p>摘要，<strong>强调</strong>。</p>"},
		{"inline", "摘要<!--more-->正文**强调**\n", "<p>摘要</p>"},
		{"inside emphasis", "**摘要<!--more-->正文**\n", "<p><strong>摘要</strong></p>"},
		{"none", "没有标记。\n", ""},
		{"in code is not a marker", "```\n<!--more-->\n```\n", ""},
	}
	for _, unsafe := range []bool{false, true} {
		for _, tt := range tests {
			t.Run(fmt.Sprint(tt.name, unsafe), func(t *testing.T) {
				res := New(Options{Unsafe: unsafe}).Render([]byte(tt.in), "a.md", 0, nil)
				if string(res.SummaryHTML) != tt.summary {
					t.Errorf("SummaryHTML = %q, want %q", res.SummaryHTML, tt.summary)
				}
				if tt.summary != "" {
					if got := Summary(res.HTML, 5); string(got) != tt.summary {
						t.Errorf("Summary = %q, want %q", got, tt.summary)
					}
				}
			})
		}
	}
}

func TestRenderInline(t *testing.T) {
	tests := []struct{ in, want string }{
		{"衡东县**人民政府**", "衡东县<strong>人民政府</strong>"},
		{"", ""},
		{"一段\n\n两段", "<p>一段</p>\n<p>两段</p>"},
		{"- 列表", "<ul>\n<li>列表</li>\n</ul>"},
		{"<b>x</b>", "<!-- raw HTML omitted -->x<!-- raw HTML omitted -->"},
	}
	for _, tt := range tests {
		if got := strings.TrimSpace(inline(t, tt.in)); got != tt.want {
			t.Errorf("RenderInline(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestConcurrentRender renders the same pages from many goroutines with one
// Renderer; run with -race to check the sharing.
func TestConcurrentRender(t *testing.T) {
	src, err := os.ReadFile("testdata/page.md")
	if err != nil {
		t.Fatal(err)
	}
	r := New(Options{})
	want := goldenOutput(r.Render(src, "page.md", 0, testResolver{}))
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				if got := goldenOutput(r.Render(src, "page.md", 0, testResolver{})); !bytes.Equal(got, want) {
					errs <- string(got)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatalf("concurrent render differs:\n%s", e)
	}
}

func BenchmarkRender(b *testing.B) {
	src, err := os.ReadFile("testdata/page.md")
	if err != nil {
		b.Fatal(err)
	}
	r := New(Options{})
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		r.Render(src, "page.md", 0, testResolver{})
	}
}
