package check

import (
	"bytes"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"hengdong/bench/corpus/gen"
)

// outline writes what the rules can read of a tree: every element in
// document order with its depth, namespace, name and attributes, and the
// text directly inside it (whitespace folded).
func outline(n *html.Node) string {
	var b strings.Builder
	var rec func(n *html.Node, depth int)
	rec = func(n *html.Node, depth int) {
		if n.Type == html.ElementNode {
			fmt.Fprintf(&b, "%s%s:%s", strings.Repeat(" ", depth), n.Namespace, strings.ToLower(n.Data))
			var attrs []string // in any order: the rules look attributes up by name
			for _, a := range n.Attr {
				attrs = append(attrs, fmt.Sprintf(" %s=%q", strings.ToLower(a.Key), a.Val))
			}
			slices.Sort(attrs)
			b.WriteString(strings.Join(attrs, ""))
			var text []string
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
					text = append(text, strings.Join(strings.Fields(c.Data), " "))
				}
			}
			fmt.Fprintf(&b, " %q\n", strings.Join(text, "|"))
			depth++
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c, depth)
		}
	}
	rec(n, 0)
	return b.String()
}

// TestParseHTMLMatchesParser holds parseHTML to html.Parse on every HTML page
// of the shipped portal and of the faults fixture, minified as build writes
// them, and on hand-written pages that leave out every optional tag.
func TestParseHTMLMatchesParser(t *testing.T) {
	pages := map[string][]byte{
		"implied":   []byte(`<!doctype html><html lang=zh-CN><meta charset=utf-8><title>标题</title><link rel=stylesheet href=/a.css><p>一<p>二<ul><li>甲<li>乙<ul><li>内</ul><li>丙</ul><dl><dt>词<dd>释义</dl><table><thead><tr><th>a<th>b<tbody><tr><td>1<td>2<tr><td>3<td>4</table><select><option>x<option>y</select><footer>页脚`),
		"svg":       []byte(`<html><head><title>t</title></head><body class=x><svg viewBox="0 0 1 1" role=img><title>图</title><g><rect width=1 height=1 /><text>文字</text></g></svg><h1 id=a>标题<span>一</span></h1></body></html>`),
		"stray":     []byte(`<div><p>段落</span></p></div></p><a href="#x">链接</a>`),
		"entities":  []byte(`<p title="a&amp;b">&lt;甲&gt; &amp; 乙&nbsp;丙</p><script>if (a < b && c) {}</script><style>a>b{}</style>`),
		"head-text": []byte(`<meta charset=utf-8>正文直接开始<p>段`),
		"lexing": []byte("<!DOCTYPE html><HTML LANG=zh><Title>a &amp; b</Title><!-- <p>not a tag</p> -->" +
			"<script>var s = \"</div>\"; if (a<b) {}</script><BODY><DIV Class=x id = 'q' hidden data-x=a&lt;b>" +
			"a < b <3 </ x> and </> &copy; &#x4e2d;\r\nline<br/><div/>inner</div><img src=/a.png alt=\"图\"/>" +
			"<?php echo 1 ?><textarea>&lt;b&gt;</textarea><a href=x/>t</a></body>"),
	}
	corpus, err := gen.Cached(120) // the benchmark corpus: tables, code, lists, links
	if err != nil {
		t.Fatal(err)
	}
	for _, root := range []string{portalRoot, filepath.Join("testdata", "faults"), corpus} {
		_, res := renderSite(t, root, time.Date(2025, 3, 20, 0, 0, 0, 0, time.UTC))
		for p, data := range res.Files {
			if isHTMLPath(p) {
				pages[root+p] = data
			}
		}
	}
	if len(pages) < 60 {
		t.Fatalf("only %d pages", len(pages))
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for k := range pages {
			if !yield(k) {
				return
			}
		}
	})
	for _, name := range names {
		want, err := html.Parse(bytes.NewReader(pages[name]))
		if err != nil {
			t.Fatal(err)
		}
		w, g := outline(want), outline(parseHTML(pages[name]))
		if w != g {
			wl, gl := strings.Split(w, "\n"), strings.Split(g, "\n")
			i := 0
			for i < len(wl) && i < len(gl) && wl[i] == gl[i] {
				i++
			}
			t.Errorf("%s: parseHTML differs from html.Parse at element %d:\nhtml.Parse: %s\nparseHTML:  %s",
				name, i, at(wl, i), at(gl, i))
		}
	}
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(end)"
}

// mayHaveSlip must pass every run the typography rule could report on.
func TestMayHaveSlip(t *testing.T) {
	for mark := range fullWidth {
		if s := "汉" + string(mark) + "字"; !mayHaveSlip([]byte(s)) {
			t.Errorf("%q skipped", s)
		}
	}
	for mark := range doubled {
		if s := "好" + string(mark) + string(mark); !mayHaveSlip([]byte(s)) {
			t.Errorf("%q skipped", s)
		}
	}
	for _, s := range []string{"汉 字", "汉\t字"} {
		if !mayHaveSlip([]byte(s)) {
			t.Errorf("%q skipped", s)
		}
	}
	for _, s := range []string{"衡东县地区生产总值增长5.8%，GDP 达到 300 亿元。", "“土菜”文化旅游节……——"} {
		if mayHaveSlip([]byte(s)) {
			t.Errorf("%q not skipped", s)
		}
	}
}

// mayHaveSlipSerial is mayHaveSlip as first written, rune by rune with
// utf8.DecodeRune: FuzzMayHaveSlip holds the fast one to it.
func mayHaveSlipSerial(seg []byte) bool {
	var last rune
	for i := 0; i < len(seg); {
		c := seg[i]
		if c < utf8.RuneSelf {
			if last >= 0x2E80 && slipMark(c) {
				j := i
				for j < len(seg) && slipMark(seg[j]) {
					j++
				}
				if next, _ := utf8.DecodeRune(seg[j:]); next >= 0x2E80 {
					return true
				}
			}
			last = rune(c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(seg[i:])
		if r == last && doubled[r] {
			return true
		}
		last = r
		i += size
	}
	return false
}

func FuzzMayHaveSlip(f *testing.F) {
	for _, s := range []string{"汉,字", "好！！", "汉 字", "衡东县地区生产总值增长5.8%，GDP 达到 300 亿元。", "\xe3\x80", "\xed\xa0\x80。。", "\xe0\x80\x80 汉",
		"\xef\xbf\xbd\xef\xbf\xbd", "。\xe3\x80\x82", "\xf0\x9f\x98\x80 汉"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := mayHaveSlip(b), mayHaveSlipSerial(b); got != want {
			t.Fatalf("mayHaveSlip(%q) = %v, rune by rune %v", b, got, want)
		}
		for i := 0; i < len(b); i++ {
			if b[i] >= utf8.RuneSelf {
				r, n := decodeRune3(b, i)
				if wr, wn := utf8.DecodeRune(b[i:]); r != wr || n != wn {
					t.Fatalf("decodeRune3(%q, %d) = %U %d, DecodeRune %U %d", b, i, r, n, wr, wn)
				}
			}
		}
	})
}

// FuzzParseHTML: any bytes give a tree, without panicking or looping (pages
// may carry raw HTML from content when a site allows it).
func FuzzParseHTML(f *testing.F) {
	for _, s := range []string{"<p>a<p>b", "<svg><title>t</title></svg>", "</p>", "<!--", "<a href='x", "<script>x</scr", "<!doctype html><html><body>&amp;</body></html>", "<<>>", "</"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		parseHTML(data)
	})
}

func TestMayLackAlt(t *testing.T) {
	cases := []struct {
		body string
		want bool
	}{
		{"没有图片。", false},
		{"![罗荣桓故居](luo.jpg) 和 ![土菜节](tucai.jpg)", false},
		{"![](x.png)", true},
		{"![ ](x.png)", true},
		{"![**](x.png)", true},
		{"![][ref]", true},
		{"![<span></span>](x.png)", true},
		{"![a [b] c](x.png)", false},
		{"![未闭合", true},
		{"![好](a.png) ![](b.png)", true},
		{"![&nbsp;](x.png)", true},
	}
	for _, c := range cases {
		if got := mayLackAlt([]byte(c.body)); got != c.want {
			t.Errorf("mayLackAlt(%q) = %v, want %v", c.body, got, c.want)
		}
	}
}

// textOf's fast path for a lone text child folds exactly as its slow path.
func TestTextOfFastPath(t *testing.T) {
	for _, s := range []string{"衡东县", " 前后空格 ", "a  b", "a\tb", "行\n尾", "a\u00a0b", "中\u3000文", "a\u2003b", "\u0085x", "普通 文字", "句号。顿号、", "a\u1680b", "a\u2028b", "a\u202fb", "a\u205fb", "a\u200ab"} {
		n := &html.Node{Type: html.ElementNode, Data: "a"}
		n.AppendChild(&html.Node{Type: html.TextNode, Data: s})
		want := strings.Join(strings.Fields(s), " ")
		if got := textOf(n); got != want {
			t.Errorf("textOf(%q) = %q, want %q", s, got, want)
		}
	}
}

// textOfUnfolded is textOf as it was written first: the whole text, then
// strings.Fields and Join.
func textOfUnfolded(n *html.Node) string {
	if c := n.FirstChild; c != nil && c == n.LastChild && c.Type == html.TextNode && !needsFolding(c.Data) {
		return strings.TrimSpace(c.Data)
	}
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
		case html.ElementNode:
			if n.DataAtom == atom.Script || n.DataAtom == atom.Style {
				return
			}
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
		if n.Type == html.ElementNode {
			b.WriteByte(' ')
		}
	}
	rec(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// textOf folds whitespace as it writes exactly as Fields and Join do, on
// every element of the hand-written pages and the fuzz seeds.
func TestTextOfFolds(t *testing.T) {
	pages := []string{
		"<footer><p>主办单位：衡东县人民政府\u3000联系方式：<a href=x> 0734-1234 </a></p>\n<p>网站标识码\u00a04304240001</p></footer>",
		"<div>a<script>x y</script>b <style>p{}</style> c<b>d</b>e<br>f\t\r\ng\u0085h\u2003i \xff j\xe4</div>",
		"<h2> <span>  </span> </h2><p>&nbsp;一&#x3000;二&ensp;三</p><ul><li>甲<li>乙</ul>",
		"<p><svg><title>图</title><text>文</text></svg>后</p>",
	}
	for _, s := range pages {
		walk(parseHTML([]byte(s)), func(n *html.Node) bool {
			if n.Type == html.ElementNode {
				if got, want := textOf(n), textOfUnfolded(n); got != want {
					t.Errorf("textOf(<%s>) = %q, want %q", n.Data, got, want)
				}
			}
			return true
		})
	}
}

// FuzzTextOf holds textOf to textOfUnfolded on any page.
func FuzzTextOf(f *testing.F) {
	for _, s := range []string{"<p>a <b>b</b>\u3000c</p>", "<div>\xff<br>\u0085</div>", "<a> x  y </a><script>z</script>"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		walk(parseHTML(data), func(n *html.Node) bool {
			if got, want := textOf(n), textOfUnfolded(n); got != want {
				t.Fatalf("textOf(<%s>) = %q, want %q", n.Data, got, want)
			}
			return true
		})
	})
}

// What the check keeps of the outputs after parsing them does not share
// their bytes (parseHTML's strings do): overwriting every output afterwards
// changes none of it.
func TestKeptStringsOwnTheirBytes(t *testing.T) {
	in, res := renderSite(t, filepath.Join("testdata", "faults"), fixtureNow)
	s := newSite(in, res, nil, false, nil, nil)
	kept := func() string {
		var b strings.Builder
		for _, p := range s.paths {
			d := s.docs[p]
			fmt.Fprintf(&b, "%s %q %q %v %v %v %v %v\n", p, d.title, slices.Sorted(maps.Keys(d.ids)), d.headings, d.refs, d.found, d.hits, d.atConfig)
		}
		for _, m := range []*sync.Map{&s.rel, &s.frags} {
			var entries []string
			m.Range(func(k, v any) bool {
				entries = append(entries, fmt.Sprintf("%q=%v", k, v))
				return true
			})
			slices.Sort(entries)
			b.WriteString(strings.Join(entries, " ") + "\n")
		}
		return b.String()
	}
	before := kept()
	if !strings.Contains(before, "#") || len(s.paths) < 20 {
		t.Fatalf("too little kept to test:\n%s", before)
	}
	for _, data := range res.Files {
		for i := range data {
			data[i] = '#'
		}
	}
	if after := kept(); after != before {
		t.Errorf("what the check kept changed with the outputs' bytes:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}
