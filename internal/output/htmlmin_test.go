package output_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"hengdong/bench/corpus/gen"
	"hengdong/internal/build"
	"hengdong/internal/build/buildtest"
	"hengdong/internal/output"
)

// fastCases are snippets for the fast path: took says whether it must take
// them (the rest go to tdewolff). Either way the output must be tdewolff's.
var fastCases = []struct {
	name string
	html string
	took bool
}{
	{"document", "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>  衡东  &amp; 县 </title>\n</head>\n<body>\n<p>一 <b>二</b> 三</p>\n</body>\n</html>\n", true},
	{"blocks and inline", "<div>\n  <p> a  <em>b</em>\n c </p>\n  <ul>\n <li> x </li>\n <li><a href=\"/y/\">y</a> </li></ul></div>", true},
	{"space before inline end", "<p><span>a </span> <span> b</span></p>", true},
	{"empty phrasing keeps space", "<p><i class=\"icon\"></i> text</p>", true},
	{"object tags", "<p>a <img src=\"/a.png\" alt=\"\"> b <button type=\"submit\">ok</button> c</p>", true},
	{"pre keeps text", "<pre class=\"chroma\"><code><span class=\"line\">  a  &amp;\n\n  b</span></code></pre>\n<p> after </p>", true},
	{"comments", "<p>a<!-- one -->b <!-- two --> c</p><!----><!--x--!>", true},
	{"entities in text", "<p>&quot;引号&quot; &lt;tag&gt; &#43; &#x2B; &nbsp; &amp;amp; &copy;</p>", true},
	{"entities in attributes", "<a href=\"/s/?q=a&amp;b=c\" title=\"&#43;1 &quot;x&quot;\" data-x='it&#39;s'>x</a>", true},
	{"quotes in values", "<div title='say \"hi\"' data-a=\"it's\"></div>", true},
	{"boolean and empty", "<script src=\"/a.js\" defer=\"\" async></script><div class=\"\" id=\"\" hidden=\"\" data-a11y-size=\"\"></div><form action=\"\" method=\"get\"><input type=\"text\" name=\"q\"></form>", true},
	{"trimmed values", "<div class=\"  a\n  b  \" lang=\" zh \" title=\" keep \"></div>", true},
	{"urls", "<a href=\" HTTP://Example.org/A \">a</a><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"\"><a href=\"HTTPS://x.org\">b</a>", true},
	{"viewport and keywords", "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\"><meta name=\" keywords \" content=\"a, b, c\"><meta name=\"description\" content=\" x  y \">", true},
	{"tag rules", "<script src=\"/a.js\" charset=\"utf-8\"></script><input type=\"checkbox\" value=\"\"><input type=\"radio\" value=\"on\"><a id=\"x\" name=\"x\">x</a>", true},
	{"defaults", "<link rel=\"stylesheet\" type=\"text/css\" href=\"/a.css\"><script type=\"text/javascript\" src=\"/b.js\"></script><td colspan=\"1\" rowspan=\"one\">x</td><style media=\"all\"></style>", true},
	{"empty script and style", "<p>a</p><script></script><style></style> <p>b</p>", true},
	{"style attribute", "<img src=\"/a.png\" style=\" max-width : 100% ; height: auto; \" alt=\"x\">", true},
	{"void slash and odd spacing", "<br/><hr />\n<img src = \"/a.png\"  alt='a' >", true},
	{"less-than as text", "<p>1 < 2 and a <3 </p>", true},
	{"end tag with space", "<p>x</p >", true},
	{"text at the edges", "  a <b>b</b>  ", true},
	{"long lookahead", "<p>a " + strings.Repeat("</b>", 120) + "<div>x</div>", true},
	{"svg goes to tdewolff", "<p>a <svg viewBox=\"0 0 1 1\"><path d=\"M 0 0\"/></svg> b</p>", false},
	{"inline script goes to tdewolff", "<script>var a = 1 ;</script>", false},
	{"inline style goes to tdewolff", "<style> p { color : red } </style>", false},
	{"unknown tag goes to tdewolff", "<hd-chart data-x=\"1\"></hd-chart>", false},
	{"unquoted value goes to tdewolff", "<div class=a></div>", false},
	{"upper case goes to tdewolff", "<DIV>x</DIV>", false},
	{"event handler goes to tdewolff", "<button onclick=\"go()\">x</button>", false},
	{"select goes to tdewolff", "<select><option> a </option></select>", false},
	{"http-equiv goes to tdewolff", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">", false},
	{"cdata goes to tdewolff", "<p><![CDATA[x]]></p>", false},
	{"unclosed comment goes to tdewolff", "<p>a<!-- b", false},
	{"title with a tag goes to tdewolff", "<title>a <b> c</title>", false},
}

func TestFastHTMLMatchesTdewolff(t *testing.T) {
	m := output.NewMinifier()
	for _, c := range fastCases {
		t.Run(c.name, func(t *testing.T) {
			fast, took, want, err := m.FastAndTdewolff([]byte(c.html))
			if err != nil {
				t.Fatal(err)
			}
			if took != c.took {
				t.Errorf("fast path took it: %v, want %v", took, c.took)
			}
			if took && string(fast) != string(want) {
				t.Errorf("fast path wrote\n%q\ntdewolff\n%q", fast, want)
			}
			got, err := m.Minify("a.html", []byte(c.html))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("Minify wrote\n%q\ntdewolff\n%q", got, want)
			}
		})
	}
}

// TestFastHTMLOnSites holds the fast path to tdewolff on every page of the
// shipped portal, of the generated corpus with the portal's theme, and of a
// generated site with the second theme, unminified; and checks that it takes
// the pages the portal's theme writes.
func TestFastHTMLOnSites(t *testing.T) {
	corpus, err := gen.Cached(gen.BenchPages())
	if err != nil {
		t.Fatal(err)
	}
	second := t.TempDir()
	if err := buildtest.Write(second, 60); err != nil {
		t.Fatal(err)
	}
	repo := buildtest.RepoRoot()
	sites := []struct {
		name     string
		root     string
		theme    string
		minTaken float64 // the share of HTML pages the fast path must take
	}{
		{"shipped portal", repo, "", 0.7},
		{"generated corpus", corpus, repo, 0.95},
		{"second theme", second, filepath.Join(repo, "internal", "build", "testdata", "theme2"), 0},
	}
	m := output.NewMinifier()
	for _, s := range sites {
		t.Run(s.name, func(t *testing.T) {
			var theme fs.FS // none for the shipped portal: its own layouts
			if s.theme != "" {
				theme = os.DirFS(s.theme)
			}
			in, err := build.ReadInputs(s.root, theme)
			if err != nil {
				t.Fatal(err)
			}
			res, err := build.Render(in, build.Options{Now: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), NoMinify: true, BuildDrafts: true, BuildFuture: true})
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for p := range res.Files {
				if strings.HasSuffix(p, "/") || strings.HasSuffix(p, ".html") {
					names = append(names, p)
				}
			}
			sort.Strings(names)
			took := 0
			for _, p := range names {
				fast, ok, want, err := m.FastAndTdewolff(res.Files[p])
				if err != nil {
					t.Fatalf("%s: %v", p, err)
				}
				if !ok {
					continue
				}
				took++
				if string(fast) != string(want) {
					i := 0
					for i < len(fast) && i < len(want) && fast[i] == want[i] {
						i++
					}
					lo := max(i-80, 0)
					t.Fatalf("%s: the fast path differs from tdewolff at byte %d:\nfast     %q\ntdewolff %q", p, i, fast[lo:min(i+80, len(fast))], want[lo:min(i+80, len(want))])
				}
			}
			share := float64(took) / float64(len(names))
			t.Logf("%d of %d pages took the fast path", took, len(names))
			if len(names) == 0 || share < s.minTaken {
				t.Errorf("the fast path took %d of %d pages; want at least %.0f %%", took, len(names), s.minTaken*100)
			}
		})
	}
}

// FuzzFastHTML: whatever the fast path takes, it writes as tdewolff does.
func FuzzFastHTML(f *testing.F) {
	for _, c := range fastCases {
		f.Add(c.html)
	}
	m := output.NewMinifier()
	f.Fuzz(func(t *testing.T, s string) {
		fast, took, want, err := m.FastAndTdewolff([]byte(s))
		if err != nil || !took {
			return
		}
		if string(fast) != string(want) {
			t.Errorf("for %q the fast path wrote\n%q\ntdewolff\n%q", s, fast, want)
		}
	})
}
