package tmpl

import (
	"html/template"
	"strings"
	"testing"
)

// escSamples are values to print: plain and special strings, addresses
// with and without schemes, and values of other types.
var escSamples = []any{
	"", "标题", "热力衡东 2025", "https://www.example.gov.cn/news/p1/", "/news/p1/", "http://x/?a=1&b=2",
	"HTTPS://X/", "mailto:a@b.cn", "javascript:alert(1)", "/a b/", "/新闻/", "%41%zz", "a+b", `a"b'c`,
	"<i>x</i>", "a&amp;b", "x\x00y", "\xff\xfe", "a:b/c", "/a:b", "q-._~", "[::1]", "#top", "a\tb\nc",
	"/专题/强县建设/", "https://x.cn/a%2Fb%4", "%", "a%4g%41", "https://x.cn/?q=a b&c=d+e", "Mailto:x@y",
	template.HTML("<b>粗</b> & x"), template.HTML("一 & 二"), template.HTML("a+b"), template.HTML(`x"y`), template.HTML("/新/"),
	template.URL("javascript:x"), template.HTMLAttr(`a="b"`),
	42, -7, 0, 3.5, true, nil, []string{"a", "b&c"}, new(string), int64(5),
}

// Each chain prints every value as html/template does in its context.
func TestEscChain(t *testing.T) {
	chains := escChains()
	if len(chains) != len(escContexts) {
		t.Fatalf("%d chains, want %d", len(chains), len(escContexts))
	}
	for _, c := range chains {
		for _, v := range escSamples {
			checkEscChain(t, c, v)
		}
	}
}

// FuzzEscChain: a string prints as html/template prints it, in every context.
func FuzzEscChain(f *testing.F) {
	for _, v := range escSamples {
		if s, ok := v.(string); ok {
			f.Add(s)
		}
	}
	chains := escChains()
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range chains {
			checkEscChain(t, c, s)
			checkEscChain(t, c, template.HTML(s))
			checkEscChain(t, c, len(s)-8)
		}
	})
}

func checkEscChain(t *testing.T, c *escChain, v any) {
	t.Helper()
	var src string
	for _, x := range escContexts {
		if x.fn == c.fn {
			src = x.src
		}
	}
	var want strings.Builder
	if err := template.Must(template.New("ref").Parse(src)).Execute(&want, v); err != nil {
		t.Fatal(err)
	}
	got := c.print(v)
	if w := want.String(); c.prefix+got+c.suffix != w {
		t.Errorf("%s(%#v) = %q, html/template prints %q", c.fn, v, got, w)
	}
}
