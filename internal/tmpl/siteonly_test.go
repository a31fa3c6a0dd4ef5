package tmpl

import (
	"bytes"
	"testing"

	"hengdong/internal/content"
)

func TestSiteOnly(t *testing.T) {
	partials := map[string]string{
		"footer.html":   `{{ $f := .Site.Footer }}<p>{{ .Site.Title }} {{ relURL "sitemap/" }}</p>{{ with $f }}{{ . }}{{ end }}`,
		"nav.html":      `{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}`,
		"fixed.html":    `<div>{{ relURL "about/" }}</div>`,
		"title.html":    `{{ .Title }}`,
		"dot.html":      `{{ partial "fixed.html" . }}`,
		"rootvar.html":  `{{ range .Site.Sections }}{{ if eq .Title $.Title }}当前{{ end }}{{ end }}`,
		"rootsite.html": `{{ range .Site.Sections }}{{ $.Site.Title }}{{ end }}`,
		"else.html":     `{{ with .Site.Title }}{{ . }}{{ else }}{{ .Title }}{{ end }}`,
		"func.html":     `{{ printf "%v" . }}`,
		"now.html":      `{{ now }}`,
		"template.html": `{{ define "x" }}{{ end }}{{ template "x" .Site }}`,
		"passsite.html": `{{ printf "%s" .Site.Title }}`,
		"menucurr.html": `{{ range .Site.Sections }}{{ if $.IsMenuCurrent "main" . }}x{{ end }}{{ end }}`,
		"chain.html":    `{{ (index .Site.Sections 0).Title }}`,
	}
	want := map[string]bool{"footer.html": true, "nav.html": true, "fixed.html": true, "rootsite.html": true,
		"passsite.html": true, "chain.html": true}
	files := map[string][]byte{}
	for n, s := range partials {
		files["layouts/partials/"+n] = []byte(s)
	}
	e, err := New(files, Options{Funcs: map[string]any{"now": func() string { return "" }}})
	if err != nil {
		t.Fatal(err)
	}
	for n := range partials {
		if got := e.siteOnly(n); got != want[n] {
			t.Errorf("siteOnly(%s) = %v, want %v", n, got, want[n])
		}
	}
}

// TestSiteOnlyShared renders a site-only partial for two pages of one site:
// the same bytes, rendered once; a page-dependent partial renders per page;
// ForgetCached (the site changed) renders it again.
func TestSiteOnlyShared(t *testing.T) {
	files := map[string][]byte{
		"layouts/partials/nav.html":    []byte(`<nav>{{ .Site.Title }}</nav>`),
		"layouts/partials/head.html":   []byte(`<title>{{ .Title }}</title>`),
		"layouts/_default/single.html": []byte(`{{ partial "head.html" . }}{{ partial "nav.html" . }}`),
	}
	e, err := New(files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, b := page(content.KindPage, "", ""), page(content.KindPage, "", "")
	b.Site = a.Site
	b.Title = "另一页"
	render := func(p *content.Page) string {
		var buf bytes.Buffer
		if err := e.Render(&buf, p); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	if got := render(a); got != "<title>标题</title><nav>热力衡东</nav>" {
		t.Errorf("first page: %q", got)
	}
	if got := render(b); got != "<title>另一页</title><nav>热力衡东</nav>" {
		t.Errorf("second page: %q", got)
	}
	for _, s := range e.Stats() {
		if s.Name == "nav.html" && s.Count != 1 {
			t.Errorf("nav.html rendered %d times for one site, want once", s.Count)
		}
		if s.Name == "head.html" && s.Count != 2 {
			t.Errorf("head.html rendered %d times for two pages, want twice", s.Count)
		}
	}
	a.Site.Title = "改过的站名"
	e.ForgetCached()
	if got := render(a); got != "<title>标题</title><nav>改过的站名</nav>" {
		t.Errorf("after ForgetCached: %q", got)
	}
}
