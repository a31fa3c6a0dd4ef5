package markdown

import (
	"fmt"
	"testing"
)

// benchBlocks are fenced code blocks like those of the portal's pages: the
// corpus's small TOML block and a few common languages. %d is replaced by
// a number that differs from one iteration to the next.
var benchBlocks = []struct{ lang, code string }{
	{"toml", "[project]\nname = \"重点项目建设\"\ninvest = %d # 万元\nstart = 2024-03-01\n"},
	{"yaml", "title: 衡东县人民政府\nmenu:\n  - name: 政务公开\n    url: /zhengwu/\n  - name: 新闻\n    url: /news/%d/\n"},
	{"go", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"你好，衡东\", %d)\n}\n"},
	{"js", "const items = document.querySelectorAll('.nav a');\nfor (const a of items) {\n  a.addEventListener('click', () => console.log(a.href, %d));\n}\n"},
	{"shell", "#!/bin/sh\nset -e\nhengdong build -d public --quiet\nrsync -a public/ web:/srv/www/ # 发布 %d\n"},
}

// BenchmarkHighlight lexes and writes one code block, as renderFencedCode does.
func BenchmarkHighlight(b *testing.B) {
	for _, bb := range benchBlocks {
		b.Run(bb.lang, func(b *testing.B) {
			lexer := lexerFor(bb.lang)
			if lexer == nil {
				b.Fatalf("no lexer for %s", bb.lang)
			}
			out := getBuf()
			defer putBuf(out)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				// A different number each time, as on the corpus's pages, so
				// that nothing can be cached across iterations by accident.
				code := fmt.Sprintf(bb.code, i%10000)
				out.Reset()
				if err := highlight(out, lexer, code); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
