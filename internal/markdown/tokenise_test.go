package markdown

import (
	"bytes"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
)

// flakyLexer gives Error tokens for its first `fails` calls, as chroma does
// when a match times out on a loaded machine.
type flakyLexer struct {
	chroma.Lexer
	calls, fails int
}

func (l *flakyLexer) Tokenise(_ *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	l.calls++
	if l.calls <= l.fails {
		return chroma.Literator(chroma.Token{Type: chroma.Error, Value: text}), nil
	}
	return chroma.Literator(chroma.Token{Type: chroma.String, Value: text}), nil
}

func TestHighlightRetriesErrors(t *testing.T) {
	tests := []struct {
		fails     int
		want      string
		wantCalls int
	}{
		{0, `<span class="s">&#34;zh-CN&#34;</span>`, 1},
		{1, `<span class="s">&#34;zh-CN&#34;</span>`, 2}, // a timed-out match is lexed again
		{2, `<span class="s">&#34;zh-CN&#34;</span>`, 3},
		{5, `<span class="err">&#34;zh-CN&#34;</span>`, 3}, // a real error stays after three tries
	}
	for _, tt := range tests {
		l := &flakyLexer{fails: tt.fails}
		out := &outBuf{}
		out.WriteString("before:")
		err := highlight(out, l, `"zh-CN"`)
		if got := strings.TrimPrefix(out.String(), "before:"); err != nil || got != tt.want || l.calls != tt.wantCalls {
			t.Errorf("fails=%d: %q after %d calls, err %v; want %q after %d calls", tt.fails, out, l.calls, err, tt.want, tt.wantCalls)
		}
	}
}

// tokensLexer gives the same tokens whatever the text.
type tokensLexer struct {
	chroma.Lexer
	tokens []chroma.Token
}

func (l tokensLexer) Tokenise(*chroma.TokeniseOptions, string) (chroma.Iterator, error) {
	return chroma.Literator(l.tokens...), nil
}

// chromaHTML is what chroma itself writes for code: Coalesce, then the HTML
// formatter. highlight must write the same.
func chromaHTML(t testing.TB, lexer chroma.Lexer, code string) string {
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := formatter.Format(&b, highlightStyle(), it); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func ourHTML(t testing.TB, lexer chroma.Lexer, code string) string {
	var out outBuf
	if err := highlight(&out, lexer, code); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// TestTokenWriterMatchesChroma feeds token sequences that exercise merging,
// newlines, escaping, empty tokens, the 8192-byte merge limit and every
// standard token type to both writers.
func TestTokenWriterMatchesChroma(t *testing.T) {
	long := strings.Repeat("x", 8190)
	tests := [][]chroma.Token{
		nil,
		{{Type: chroma.Keyword, Value: "func"}, {Type: chroma.Text, Value: " "}, {Type: chroma.NameFunction, Value: "f"}},
		{{Type: chroma.Comment, Value: "a"}, {Type: chroma.Comment, Value: "\nb\n"}, {Type: chroma.Comment, Value: "\n\nc"}},
		{{Type: chroma.String, Value: `<a href="x">&'`}, {Type: chroma.Text, Value: "<\n>"}},
		{{Type: chroma.Name, Value: ""}, {Type: chroma.Name, Value: "a"}, {Type: chroma.Punctuation, Value: ""}, {Type: chroma.Name, Value: "b\n"}},
		{{Type: chroma.Error, Value: "\n"}, {Type: chroma.Whitespace, Value: "\n\t\n"}, {Type: chroma.Whitespace, Value: " "}},
		{{Type: chroma.String, Value: long}, {Type: chroma.String, Value: "yy"}, {Type: chroma.String, Value: "z\n"}, {Type: chroma.String, Value: "w"}},
		{{Type: chroma.String, Value: long + "\n"}, {Type: chroma.String, Value: "abc"}, {Type: chroma.String, Value: "d"}},
		{{Type: chroma.TokenType(12345), Value: "unknown type"}, {Type: chroma.KeywordType + 77, Value: "subtype"}, {Type: chroma.EOFType, Value: "zero"}},
		{{Type: chroma.Text, Value: "重点项目建设 # 万元\n"}},
	}
	var all []chroma.Token
	for tt := range chroma.StandardTypes {
		all = append(all, chroma.Token{Type: tt, Value: tt.String() + "\n<"}, chroma.Token{Type: tt, Value: "&"})
	}
	tests = append(tests, all)
	for i, toks := range tests {
		l := tokensLexer{tokens: toks}
		if got, want := ourHTML(t, l, ""), chromaHTML(t, l, ""); got != want {
			t.Errorf("%d: got\n%q\nwant\n%q", i, got, want)
		}
	}
}

// highlightSamples are code blocks in the languages of the portal's pages,
// with awkward text: unclosed strings, tabs, CR LF, no final newline, HTML
// special characters.
var highlightSamples = []struct{ lang, code string }{
	{"toml", "[project]\nname = \"重点项目建设\"\ninvest = 8808 # 万元\nstart = 2024-03-01\n"},
	{"toml", "a = \"unclosed\nb = [1, 2,\n  3]\n[[x]]\r\nc = '''\nmulti\n'''"},
	{"yaml", "title: 衡东县人民政府\nmenu:\n  - name: 政务公开\n    url: /zhengwu/\n  - {a: 1, b: \"<x>\"}\n"},
	{"go", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"你好，衡东\", 1<<2 & 3)\n\t/* c\n */ s := `raw\nstr`\n}\n"},
	{"js", "const items = document.querySelectorAll('.nav a');\nfor (const a of items) {\n  a.addEventListener('click', () => console.log(a.href, 1 < 2 && x > 3));\n}\n/regex[/]/g.test(`t${x}`)\n"},
	{"shell", "#!/bin/sh\nset -e\nhengdong build -d public --quiet\nrsync -a public/ web:/srv/www/ # 发布\ncat <<EOF\nheredoc $X\nEOF\necho \"$(date)\" 'q\n"},
	{"html", "<!doctype html>\n<p class=\"x\">a &amp; b<script>if (a < b) {}</script><style>p{color:red}</style>\n"},
	{"python", "def f(x):\n    \"\"\"doc\n    string\"\"\"\n    return x ** 2  # 平方\n\tprint(f'{x!r}')\n"},
	{"json", "{\"a\": [1, 2.5e3, true, null], \"b\": \"\\u4e2d\"\n"},
	{"sql", "SELECT * FROM t WHERE a = 'x''y' -- c\n/* m\n*/;"},
	{"diff", "--- a\n+++ b\n@@ -1 +1 @@\n-old\n+new\n"},
	{"css", "p > a:hover { color: #fff; content: \"\\201C\"; }\n@media print { x { y: z } }"},
	{"markdown", "# 标题\n\n- [链接](http://x)\n```go\nfunc f() {}\n```\n"},
	{"go", "\x00\xff\xfe invalid utf-8 \"\n"},
}

func TestHighlightMatchesChroma(t *testing.T) {
	for _, s := range highlightSamples {
		lexer := lexerFor(s.lang)
		if lexer == nil {
			t.Fatalf("no lexer for %s", s.lang)
		}
		if got, want := ourHTML(t, lexer, s.code), chromaHTML(t, lexer, s.code); got != want {
			t.Errorf("%s %q: got\n%s\nwant\n%s", s.lang, s.code, got, want)
		}
	}
}

func FuzzHighlight(f *testing.F) {
	langs := []string{"toml", "yaml", "go", "js", "shell", "html", "python"}
	for i, s := range highlightSamples {
		f.Add(uint8(i), s.code)
	}
	f.Fuzz(func(t *testing.T, lang uint8, code string) {
		lexer := lexerFor(langs[int(lang)%len(langs)])
		if got, want := ourHTML(t, lexer, code), chromaHTML(t, lexer, code); got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	})
}

// TestHighlightAnyWriter renders through a writer that is not the renderer's
// own buffer: the code must come out as Render writes it.
func TestHighlightAnyWriter(t *testing.T) {
	src := []byte("```toml\n[project]\nname = \"重点项目建设\" # <注释>\n```\n\n```go\nfunc f() {}\n```\n")
	r := New(Options{})
	var b bytes.Buffer
	if err := r.md.Renderer().Render(&b, src, r.Parse(src)); err != nil {
		t.Fatal(err)
	}
	want := r.Render(src, "a.md", 0, nil).HTML
	if !bytes.Equal(b.Bytes(), want) || !bytes.Contains(want, []byte(`<span class="c">#`)) {
		t.Errorf("got\n%s\nwant\n%s", b.Bytes(), want)
	}
}
