package markdown

import (
	"bytes"
	"fmt"
	"html"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// balanced reports whether every element opened in h is closed in order,
// with nothing else: no stray end tags, no bare '<', no unfinished tag. It
// reads tags with the package's tokenizer (which follows the HTML tokenizer's
// rules for names and quoted attribute values) and keeps its own stack.
func balanced(h []byte) bool {
	var stack []string
	for i := 0; i < len(h); {
		if h[i] != '<' {
			i++
			continue
		}
		kind, end, name, self := scanTag(h, i)
		switch kind {
		case tokBroken, tokLessThan:
			return false
		case tokStart:
			if isRawText(name) {
				e := rawTextEnd(h, end, name)
				if e < 0 {
					return false
				}
				end = e
			} else if !self && !isVoid(name) {
				stack = append(stack, name)
			}
		case tokEnd:
			if len(stack) == 0 || stack[len(stack)-1] != name {
				return false
			}
			stack = stack[:len(stack)-1]
		}
		i = end
	}
	return len(stack) == 0
}

func TestTruncateHTML(t *testing.T) {
	tests := []struct {
		name string
		in   string
		n    int
		want string
	}{
		{"short stays", "<p>衡东县</p>", 10, "<p>衡东县</p>"},
		{"exact stays", "<p>衡东县</p>", 3, "<p>衡东县</p>"},
		{"cut Chinese", "<p>衡东县人民政府</p>", 3, "<p>衡东县…</p>"},
		{"closes nested", "<p><strong>会议规模</strong>创近十年之最</p>", 2, "<p><strong>会议…</strong></p>"},
		{"ellipsis right after the last character", "<p><strong>会议</strong>规模</p>", 2, "<p><strong>会议…</strong></p>"},
		{"entity is one char", "<p>A&amp;B&lt;C</p>", 3, "<p>A&amp;B…</p>"},
		{"numeric entity", "<p>&#x21a9;&#160;x</p>", 2, "<p>&#x21a9;&#160;…</p>"},
		{"whitespace run counts once", "<p>a    b c</p>", 3, "<p>a    b…</p>"},
		{"space before cut trimmed", "<p>ab cd</p>", 3, "<p>ab…</p>"},
		{"second paragraph dropped whole", "<p>衡东</p>\n<p>县城</p>", 2, "<p>衡东…</p>"},
		{"blocks between are not text", "<p>衡东</p>\n<p>县城</p>", 5, "<p>衡东</p>\n<p>县城</p>"},
		{"void and attributes", `<p><a href="/x>y" title='a>b'>链</a><img src="a.png" alt="图"><br>接文字</p>`, 2, `<p><a href="/x>y" title='a>b'>链</a><img src="a.png" alt="图"><br>接…</p>`},
		{"comment kept, not counted", "<p>甲<!-- 注释 -->乙丙</p>", 2, "<p>甲<!-- 注释 -->乙…</p>"},
		{"script not counted", "<p>甲<script>var x = 1;</script>乙丙</p>", 2, "<p>甲<script>var x = 1;</script>乙…</p>"},
		{"zero", "<p>衡东</p>", 0, "…"},
		{"leading whitespace in block is free", "<p>甲</p>\n<p>  乙丙 丁</p>", 3, "<p>甲</p>\n<p>  乙丙…</p>"},
		{"no text zero", "<hr>", 0, "<hr>"},
		{"stray end tag dropped", "a</b>c", 5, "ac"},
		{"missing end tags added", "<div><p>甲", 5, "<div><p>甲</p></div>"},
		{"mismatched end closes inner", "<div><p>甲</div>乙", 5, "<div><p>甲</p></div>乙"},
		{"bare less-than escaped", "1 < 2", 9, "1 &lt; 2"},
		{"unfinished tag dropped", "甲<a href=", 5, "甲"},
		{"unfinished comment dropped", "甲<!-- x", 5, "甲"},
		{"invalid UTF-8 replaced", "甲\xff乙", 5, "甲\uFFFD乙"},
		{"quotes only around values", `<a b"c>甲乙</a b"c>`, 1, `<a b"c>甲…</a>`},
		{"odd end tag name", `<strong>甲</strong"x>乙`, 5, `<strong>甲乙</strong>`},
		{"uppercase tags", "<P><B>甲乙</B></P>", 1, "<P><B>甲…</b></p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(TruncateHTML([]byte(tt.in), tt.n))
			if got != tt.want {
				t.Errorf("TruncateHTML(%q, %d)\n got %q\nwant %q", tt.in, tt.n, got, tt.want)
			}
			if !balanced([]byte(got)) {
				t.Errorf("unbalanced: %q", got)
			}
		})
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<p>衡东县<strong>人民</strong>政府</p>", "衡东县人民政府"},
		{"<p>A &amp; B &lt;C&gt; &#x4e2d;&#25991;</p>", "A & B <C> 中文"},
		{"<p>第一段</p>\n\n<p>  第二段\t 内容 </p>", "第一段 第二段 内容"},
		{"<p>甲<script>alert(1)</script><style>p{}</style>乙</p>", "甲乙"},
		{"<p>甲<!-- 注释 -->乙</p>", "甲乙"},
		{`<a title="x>y">链接</a>`, "链接"},
		{"1 < 2", "1 < 2"},
		{"", ""},
		{"<p>\xff坏</p>", "\uFFFD坏"},
		{" <p> 前后有空白 </p>\n", "前后有空白"},
	}
	for _, tt := range tests {
		if got := PlainText([]byte(tt.in)); got != tt.want {
			t.Errorf("PlainText(%q) = %q, want %q", tt.in, got, tt.want)
		}
		in := strings.Clone(tt.in)
		if got := string(AppendPlainText([]byte("前文 "), in)); got != "前文 "+tt.want || in != tt.in {
			t.Errorf("AppendPlainText(\"前文 \", %q) = %q (input now %q), want %q", tt.in, got, in, "前文 "+tt.want)
		}
	}
}

func TestSummary(t *testing.T) {
	tests := []struct {
		name, in string
		n        int
		want     string
	}{
		{"marker wins", "<p>摘要<strong>强调</strong></p>\n<!--more-->\n<p>正文</p>", 1, "<p>摘要<strong>强调</strong></p>"},
		{"marker inside paragraph", "<p>摘要<!--more-->正文</p>", 100, "<p>摘要</p>"},
		{"headings skipped", "<h2 id=\"a\">标题</h2>\n<p>第一段。</p>\n<ul><li>列表</li></ul>\n<p>第二段。</p>", 100, "<p>第一段。</p>\n<p>第二段。</p>"},
		{"stops after enough", "<p>一二三</p>\n<p>四五</p>\n<p>六</p>", 4, "<p>一二三</p>\n<p>四…</p>"},
		{"nested paragraphs ignored", "<blockquote><p>引用</p></blockquote><p>正文</p>", 10, "<p>正文</p>"},
		{"no paragraph falls back", "<ul><li>甲乙丙</li></ul>", 2, "<ul><li>甲乙…</li></ul>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(Summary([]byte(tt.in), tt.n)); got != tt.want {
				t.Errorf("\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"**会议规模创近十年之最。**随后", "<script>alert(1)</script>", "a <script>x</script> b",
		"<scr<script>ipt>", "[x](../x.md)", "![a](b.png)", "# 标题 {#id}\n\n## 标题", "```go\nx\n```",
		"| a |\n|---|\n| b |", "[^1]\n\n[^1]: x", "<!--more-->", "中文\n中文", "<SCRIPT>", "<div>\n<script>\n</div>",
	} {
		f.Add(s)
	}
	safe, unsafe := New(Options{}), New(Options{Unsafe: true})
	f.Fuzz(func(t *testing.T, s string) {
		res := safe.Render([]byte(s), "f.md", 0, testResolver{})
		if bytes.Contains(bytes.ToLower(res.HTML), []byte("<script")) {
			t.Fatalf("safe output contains <script:\n%s", res.HTML)
		}
		if len(res.TOC) > 0 && !balanced(res.TOC) {
			t.Fatalf("unbalanced TOC %s", res.TOC)
		}
		unsafe.Render([]byte(s), "f.md", 0, testResolver{})
		safe.RenderInline([]byte(s))
		Summary(res.HTML, 50)
	})
}

func FuzzTruncateHTML(f *testing.F) {
	for _, s := range []string{
		"<p>衡东县<strong>人民政府</strong></p>", "<p>A&amp;B&NotEqualTilde;C</p>", "a</b>c<div><p>x",
		"<!-- x", "<a title='>'>x</a>", "<script>1<2</script>y", "\xff\xfe", "&#x110000;", "<p>a   b</p>",
	} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		n %= 1000
		out := TruncateHTML([]byte(s), n)
		if !utf8.Valid(out) {
			t.Fatalf("invalid UTF-8: %q", out)
		}
		if !balanced(out) {
			t.Fatalf("unbalanced: %q -> %q", s, out)
		}
		// Whitespace counts at most once per run, so characters other than
		// whitespace are a safe lower bound of what TruncateHTML counted.
		text := strings.TrimSuffix(PlainText(out), "…")
		if c := utf8.RuneCountInString(strings.Join(strings.Fields(text), "")); c > max(n, 0) {
			t.Fatalf("%d characters of text, want at most %d: %q -> %q", c, n, s, out)
		}
	})
}

// TestSummaryDropsFragmentLinks renders pages whose summary holds a link to an
// anchor of the page, and checks the summary keeps the text but not the link.
func TestSummaryDropsFragmentLinks(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"automatic", "详见[下文](#概况)和[新闻](../news/x.md)。\n\n## 概况\n\n正文。\n",
			"<p>详见下文和<a href=\"/news/x/\">新闻</a>。</p>\n<p>正文。</p>"},
		{"more marker", "见[下文](#概况 \"标题\")。\n\n<!--more-->\n\n## 概况\n",
			`<p>见下文。</p>`},
		{"footnote", "衡东县[^1]，见[外站](https://example.com/#a)。\n\n[^1]: 注释。\n",
			`<p>衡东县，见<a href="https://example.com/#a">外站</a>。</p>`},
		{"nested markup", "见[**下文**](#概况)。\n",
			`<p>见<strong>下文</strong>。</p>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := New(Options{}).Render([]byte(tt.src), "cur/a.md", 0, testResolver{})
			sum := res.SummaryHTML
			if sum == nil {
				sum = Summary(res.HTML, 120)
			}
			if got := strings.TrimSpace(string(sum)); got != tt.want {
				t.Errorf("summary\n got %s\nwant %s", got, tt.want)
			}
			if !bytes.Contains(res.HTML, []byte(`href="#`)) {
				t.Errorf("the page itself lost its anchor link: %s", res.HTML)
			}
		})
	}
}

func TestDropFragmentLinksRawHTML(t *testing.T) {
	for in, want := range map[string]string{
		`<p><a href='#x'>甲</a><a href=#y>乙</a><a name="z">丙</a></p>`:  `<p>甲乙<a name="z">丙</a></p>`,
		`<p><a HREF = "#x">甲</a></p><script>"<a href="#x">"</script>`: `<p>甲</p><script>"<a href="#x">"</script>`,
		`<p>没有链接 #1</p>`: `<p>没有链接 #1</p>`,
	} {
		if got := string(DropFragmentLinks([]byte(in))); got != want {
			t.Errorf("DropFragmentLinks(%s)\n got %s\nwant %s", in, got, want)
		}
	}
}

// plainTextRef is PlainText as it was first written, a rune at a time: the
// reference the faster one is held to.
func plainTextRef(h []byte) string {
	if !utf8.Valid(h) {
		h = bytes.ToValidUTF8(h, []byte("\uFFFD"))
	}
	var b strings.Builder
	pending := false
	emit := func(s string) {
		for _, r := range s {
			if unicode.IsSpace(r) {
				pending = b.Len() > 0
				continue
			}
			if pending {
				b.WriteByte(' ')
				pending = false
			}
			b.WriteRune(r)
		}
	}
	start := 0
	flush := func(end int) {
		if end > start {
			seg := string(h[start:end])
			if strings.IndexByte(seg, '&') >= 0 {
				seg = html.UnescapeString(seg)
			}
			emit(seg)
		}
	}
	for i := 0; i < len(h); {
		if h[i] != '<' {
			i++
			continue
		}
		kind, end, name, _ := scanTag(h, i)
		if kind == tokLessThan {
			i++
			continue
		}
		flush(i)
		if kind == tokStart && isRawText(name) {
			if e := rawTextEnd(h, end, name); e >= 0 {
				end = e
			} else {
				end = len(h)
			}
		}
		i, start = end, end
	}
	flush(len(h))
	return b.String()
}

// TestPlainTextSpaces: every kind of white space, as text and as a character
// reference, next to tags and other characters, as plainTextRef reads it.
func TestPlainTextSpaces(t *testing.T) {
	var spaces []string
	for r := rune(0); r <= 0x3000; r++ {
		if unicode.IsSpace(r) {
			spaces = append(spaces, string(r), fmt.Sprintf("&#x%x;", r))
		}
	}
	spaces = append(spaces, "&nbsp;", "\u200b", "\ufeff", "\u00a0\u3000 ", "\xc2", "\xe2\x80", "\xff")
	for _, sp := range spaces {
		for _, in := range []string{sp, "甲" + sp + "乙", sp + "<b>x</b>" + sp, "<p>" + sp + "</p>" + sp + "a" + sp + sp + "é" + sp,
			"a<!--" + sp + "-->" + sp + "b", "1 <" + sp + "2", "😀" + sp + "😀"} {
			if got, want := PlainText([]byte(in)), plainTextRef([]byte(in)); got != want {
				t.Errorf("PlainText(%q) = %q, want %q", in, got, want)
			}
		}
	}
}

func FuzzPlainText(f *testing.F) {
	for _, s := range []string{"<p>衡东县 <strong>人民</strong>\u3000政府</p>", "A &amp; B&nbsp;&lt;C&gt;", "甲<script>x</script>乙\u2028", "\xff<a>\u0085</a>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := PlainText([]byte(s)), plainTextRef([]byte(s)); got != want {
			t.Errorf("PlainText(%q) = %q, want %q", s, got, want)
		}
	})
}

func BenchmarkPlainText(b *testing.B) {
	para := "<p>全县上下围绕建设县域经济强县的目标，会议强调，要进一步提高政治站位。the festival runs from 9:00 to 17:30 every weekend &amp; more.</p>\n<ul>\n<li>强化要素保障，优化审批流程</li>\n</ul>\n"
	h := []byte(strings.Repeat(para, 20))
	b.SetBytes(int64(len(h)))
	b.ReportAllocs()
	for b.Loop() {
		PlainText(h)
	}
}
