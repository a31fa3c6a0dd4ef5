package tmpl

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"hengdong/internal/config"
	"hengdong/internal/content"
	"hengdong/internal/diag"
)

func page(kind, typ, layout string) *content.Page {
	site := &content.Site{Config: config.Default(), Title: "热力衡东"}
	p := &content.Page{Kind: kind, Section: typ, Site: site, Title: "标题", Layout: layout,
		Date: time.Date(2025, 2, 7, 9, 0, 0, 0, time.UTC), Tags: []string{"印章"}}
	return p
}

func TestLookupOrder(t *testing.T) {
	files := map[string][]byte{
		"layouts/_default/baseof.html": []byte(`<html>{{ block "main" . }}{{ end }}</html>`),
		"layouts/_default/single.html": []byte(`{{ define "main" }}single {{ .Title }}{{ end }}`),
		"layouts/_default/list.html":   []byte(`{{ define "main" }}list{{ end }}`),
		"layouts/news/single.html":     []byte(`{{ define "main" }}news-single{{ end }}`),
		"layouts/news/special.html":    []byte(`{{ define "main" }}news-special{{ end }}`),
		"layouts/_default/wide.html":   []byte(`{{ define "main" }}wide{{ end }}`),
		"layouts/index.html":           []byte(`home {{ .Title }}`),
		"layouts/tags/term.html":       []byte(`{{ define "main" }}tag-term{{ end }}`),
		"layouts/wenlv/baseof.html":    []byte(`<div>{{ block "main" . }}{{ end }}</div>`),
	}
	e, err := New(files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	term := page(content.KindTerm, "", "")
	term.Plural = "tags"
	tests := []struct {
		p    *content.Page
		want string
	}{
		{page(content.KindPage, "news", ""), "<html>news-single</html>"},
		{page(content.KindPage, "news", "special"), "<html>news-special</html>"},
		{page(content.KindPage, "about", "wide"), "<html>wide</html>"},
		{page(content.KindPage, "about", ""), "<html>single 标题</html>"},
		{page(content.KindPage, "wenlv", ""), "<div>single 标题</div>"},
		{page(content.KindSection, "about", ""), "<html>list</html>"},
		{page(content.KindHome, "", ""), "home 标题"},
		{term, "<html>tag-term</html>"},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		if err := e.Render(&buf, tt.p); err != nil {
			t.Fatal(err)
		}
		if buf.String() != tt.want {
			t.Errorf("%s/%s/%s: got %q, want %q", tt.p.Kind, tt.p.Section, tt.p.Layout, buf.String(), tt.want)
		}
	}
}

func TestFuncs(t *testing.T) {
	tests := []struct{ tmpl, want string }{
		{`{{ dateCN .Date }}`, "2025年2月7日"},
		{`{{ dateFormat "2006-01-02 15:04" .Date }}`, "2025-02-07 09:00"},
		{`{{ relURL "css/site.css" }}`, "/sub/css/site.css"},
		{`{{ absURL "/css/site.css" }}`, "https://x.gov.cn/sub/css/site.css"},
		{`{{ range first 2 (slice "a" "b" "c") }}{{ . }}{{ end }}`, "ab"},
		{`{{ range last 1 (slice "a" "b" "c") }}{{ . }}{{ end }}`, "c"},
		{`{{ default "无" "" }}`, "无"},
		{`{{ in .Tags "印章" }}`, "true"},
		{`{{ urlize "Seal Expo" }}`, "seal-expo"},
		{`{{ (dict "a" 1).a }}`, "1"},
		{`{{ len (where .Site.RegularPages "Section" "news") }}`, "1"},
		// Chinese collation: 甲 (jiǎ) before 乙 (yǐ), though 乙 has the lower code point.
		{`{{ range sort .Site.RegularPages "Title" "desc" }}{{ .Title }}{{ end }}`, "乙甲"},
		{`{{ range sort .Site.RegularPages "Title" }}{{ .Title }}{{ end }}`, "甲乙"},
		{`{{ range sort (slice "北京" "安徽" "长沙") }}{{ . }}{{ end }}`, "安徽北京长沙"},
		{`{{ range sort .Site.RegularPages "Weight" }}{{ .Title }}{{ end }}`, "乙甲"},
	}
	site := &content.Site{Config: config.Default()}
	a := &content.Page{Kind: content.KindPage, Section: "news", Title: "甲", Weight: 2}
	b := &content.Page{Kind: content.KindPage, Section: "about", Title: "乙", Weight: 1}
	site.RegularPages = []*content.Page{a, b}
	for _, tt := range tests {
		files := map[string][]byte{"layouts/index.html": []byte(tt.tmpl)}
		e, err := New(files, Options{BaseURL: "https://x.gov.cn/sub/", BasePath: "/sub/"})
		if err != nil {
			t.Fatal(err)
		}
		p := page(content.KindHome, "", "")
		p.Site = site
		var buf bytes.Buffer
		if err := e.Render(&buf, p); err != nil {
			t.Fatalf("%s: %v", tt.tmpl, err)
		}
		if buf.String() != tt.want {
			t.Errorf("%s = %q, want %q", tt.tmpl, buf.String(), tt.want)
		}
	}
}

func TestErrorsNameFileLineAndPage(t *testing.T) {
	// A parse error names the template file and line.
	_, err := New(map[string][]byte{"layouts/_default/single.html": []byte("a\n{{ if }}\n")}, Options{})
	if e := diag.Collect(err); len(e) != 1 || e[0].File != "layouts/_default/single.html" || e[0].Line != 2 {
		t.Errorf("parse error %v", err)
	}
	// An execution error names the file, the line and the page being rendered.
	e, err := New(map[string][]byte{"layouts/_default/single.html": []byte("ok\n{{ .NoSuchField }}\n")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := page(content.KindPage, "news", "")
	p.File = "content/news/a.md"
	err = e.Render(&bytes.Buffer{}, p)
	d := diag.Collect(err)
	if len(d) != 1 || d[0].File != "layouts/_default/single.html" || d[0].Line != 2 || !strings.Contains(d[0].Msg, "content/news/a.md") {
		t.Errorf("exec error %v", err)
	}
	// A missing template lists what was tried.
	e, _ = New(map[string][]byte{}, Options{})
	err = e.Render(&bytes.Buffer{}, p)
	if err == nil || !strings.Contains(err.Error(), "layouts/news/single.html") {
		t.Errorf("missing template error %v", err)
	}
}

func TestDateCN(t *testing.T) {
	if DateCN(time.Time{}) != "" || DateCN(time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)) != "2025年12月31日" {
		t.Error("DateCN")
	}
}

// partialCached renders once per set of variants and then reuses the output,
// whatever page it is given; ForgetCached starts over.
func TestPartialCached(t *testing.T) {
	files := map[string][]byte{
		"layouts/_default/single.html":  []byte(`{{ partialCached "foot.html" . }}|{{ partialCached "foot" . .Section }}|{{ partial "foot.html" . }}`),
		"layouts/partials/foot.html":    []byte(`<p>{{ .Title }}</p>`),
		"layouts/partials/missing.html": []byte(`{{ partialCached "nope.html" . }}`),
	}
	e, err := New(files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	render := func(title, section string) string {
		p := page(content.KindPage, section, "")
		p.Title = title
		var buf bytes.Buffer
		if err := e.Render(&buf, p); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	if got := render("甲", "news"); got != "<p>甲</p>|<p>甲</p>|<p>甲</p>" {
		t.Errorf("first: %q", got)
	}
	// The cached outputs stay the first page's; a new variant renders anew; partial does not cache.
	if got := render("乙", "news"); got != "<p>甲</p>|<p>甲</p>|<p>乙</p>" {
		t.Errorf("same variant: %q", got)
	}
	if got := render("丙", "about"); got != "<p>甲</p>|<p>丙</p>|<p>丙</p>" {
		t.Errorf("new variant: %q", got)
	}
	e.ForgetCached()
	if got := render("丁", "news"); got != "<p>丁</p>|<p>丁</p>|<p>丁</p>" {
		t.Errorf("after ForgetCached: %q", got)
	}
	if _, err := e.partialCached("nope.html", nil); err == nil || !strings.Contains(err.Error(), "layouts/partials/nope.html") {
		t.Errorf("missing partial: %v", err)
	}
}

// A page given as partialCached's variant keys the output by that page:
// each page's item renders once, whichever list shows it.
func TestPartialCachedPageVariant(t *testing.T) {
	files := map[string][]byte{
		"layouts/_default/list.html": []byte(`{{ range .Pages }}{{ partialCached "item.html" . . }}{{ end }}`),
		"layouts/partials/item.html": []byte(`<li>{{ .Title }}</li>`),
	}
	e, err := New(files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, b, c := page(content.KindPage, "news", ""), page(content.KindPage, "news", ""), page(content.KindPage, "news", "")
	a.Title, b.Title, c.Title = "甲", "乙", "丙"
	render := func(pages ...*content.Page) string {
		l := page(content.KindSection, "news", "")
		l.Pages = pages
		var buf bytes.Buffer
		if err := e.Render(&buf, l); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	if got := render(a, b); got != "<li>甲</li><li>乙</li>" {
		t.Errorf("first list: %q", got)
	}
	b.Title = "改" // cached: the first render of b stands until ForgetCached
	if got := render(c, b, a); got != "<li>丙</li><li>乙</li><li>甲</li>" {
		t.Errorf("second list: %q", got)
	}
	e.ForgetCached()
	if got := render(b); got != "<li>改</li>" {
		t.Errorf("after ForgetCached: %q", got)
	}
}

// {{ template "partials/x.html" . }} runs a partial's file as a template of
// the page's set, escaped where it is called: the same output as partial in
// HTML text, from content templates and from partials alike.
func TestPartialAsTemplate(t *testing.T) {
	files := map[string][]byte{
		"layouts/_default/baseof.html": []byte(`<body>{{ template "partials/head.html" . }}{{ block "main" . }}{{ end }}</body>`),
		"layouts/_default/single.html": []byte(`{{ define "main" }}{{ partial "box.html" . }}|{{ template "partials/box.html" . }}{{ end }}`),
		"layouts/_default/list.html":   []byte(`{{ template "partials/own.html" . }}`),
		"layouts/partials/head.html":   []byte(`<h1 title="{{ .Title }}">{{ .Title }}</h1>`),
		"layouts/partials/box.html":    []byte(`<div>{{ template "partials/inner.html" .Site }}</div>`),
		"layouts/partials/inner.html":  []byte(`<b>{{ .Title }}</b>`),
		"layouts/partials/own.html":    []byte(`{{ define "x" }}{{ end }}own`),
	}
	e, err := New(files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := page(content.KindPage, "news", "")
	p.Title = "A&B"
	var buf bytes.Buffer
	if err := e.Render(&buf, p); err != nil {
		t.Fatal(err)
	}
	want := `<body><h1 title="A&amp;B">A&amp;B</h1><div><b>热力衡东</b></div>|<div><b>热力衡东</b></div></body>`
	if buf.String() != want {
		t.Errorf("got  %s\nwant %s", buf.String(), want)
	}
	// A partial that defines templates is not run as one: the call fails.
	buf.Reset()
	if err := e.Render(&buf, page(content.KindSection, "news", "")); err == nil || !strings.Contains(err.Error(), "partials/own.html") {
		t.Errorf("a partial with a define: %v", err)
	}
}

func TestQRCodeFunc(t *testing.T) {
	files := map[string][]byte{"layouts/index.html": []byte(`{{ qrcode .Permalink "本文网址" }}`)}
	e, err := New(files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := page(content.KindHome, "", "")
	p.Permalink = "https://x.gov.cn/news/a/"
	var buf bytes.Buffer
	if err := e.Render(&buf, p); err != nil {
		t.Fatal(err)
	}
	if s := buf.String(); !strings.HasPrefix(s, `<img class="qr" src="data:image/png;base64,`) || !strings.Contains(s, `alt="本文网址"`) || !strings.Contains(s, `width="120" height="120"`) {
		t.Errorf("qrcode gives %q", s)
	}
}
