package tmpl

import (
	"reflect"
	"testing"
)

func TestReadsOf(t *testing.T) {
	base := `<html>{{ block "main" . }}{{ end }}</html>`
	tests := []struct {
		name   string
		single string
		extra  map[string]string
		want   Reads
	}{
		{"own fields only", `{{ .Title }}{{ .Content }}{{ .Params.author }}{{ with .Prev }}{{ .Title }}{{ end }}`, nil, Reads{}},
		{"pager pages", `{{ $p := .Paginate .Pages }}{{ range $p.Pages }}{{ .Title }}{{ end }}{{ range .Paginator.Pages }}{{ .Summary }}{{ end }}`, nil, Reads{}},
		{"own children", `{{ range .Pages }}{{ .Title }}{{ end }}`, nil, Reads{Children: true}},
		{"counts only", `{{ len .Pages }} {{ range .Terms }}{{ len .Pages }}{{ end }}`, nil, Reads{}},
		{"site pages in a sidebar", `{{ range .Site.RegularPages }}{{ .Title }} {{ .Date }}{{ end }}`, nil,
			Reads{SitePages: true, Fields: []string{"Date", "Title"}}},
		{"site function and a variable", `{{ $s := site }}{{ range first 5 $s.RegularPages }}{{ .Params.author }}{{ .Source }}{{ end }}`, nil,
			Reads{SitePages: true, Fields: []string{"Params", "Source"}}},
		{"sections: URL and title are covered", `{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}`, nil, Reads{}},
		{"sections: their pages are not", `{{ range .Site.Sections }}{{ range .Pages }}{{ .Title }}{{ end }}{{ end }}`, nil,
			Reads{SitePages: true, Fields: []string{"Title"}}},
		{"related articles: neighbours", `{{ range .Related }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ dateCN .Date }}{{ end }}`, nil, Reads{}},
		{"related articles' own lists", `{{ range .Related }}{{ range .Related }}{{ .Title }}{{ end }}{{ end }}`, nil,
			Reads{SitePages: true, Fields: []string{"Title"}}},
		{"breadcrumbs from the parent", `{{ with .Parent }}{{ range .Ancestors }}{{ .Title }}{{ end }}{{ .Parent.Title }}{{ end }}`, nil, Reads{}},
		{"a neighbour's ancestors are not the page's", `{{ with .Prev }}{{ range .Ancestors }}{{ .Title }}{{ end }}{{ end }}`, nil,
			Reads{SitePages: true, Fields: []string{"Title"}}},
		{"an ancestor's other lists", `{{ range .Ancestors }}{{ range .Pages }}{{ .Title }}{{ end }}{{ end }}`, nil,
			Reads{SitePages: true, Fields: []string{"Title"}}},
		{"GetPage", `{{ with .GetPage "/about" }}{{ .Description }}{{ end }}`, nil, Reads{SitePages: true, Fields: []string{"Description"}}},
		{"menus without pages", `{{ range .Site.Menus.main }}{{ .Name }}{{ range .Children }}{{ .URL }}{{ end }}{{ end }}`, nil, Reads{}},
		{"a partial given the site's pages", `{{ partial "list.html" site.RegularPages }}`,
			map[string]string{"layouts/partials/list.html": `{{ range . }}{{ .Weight }}{{ end }}`},
			Reads{SitePages: true, Fields: []string{"Weight"}}},
		{"a partial given the page", `{{ partial "side" . }}`,
			map[string]string{"layouts/partials/side.html": `{{ range .Site.RegularPages }}{{ .Title }}{{ end }}`},
			Reads{SitePages: true, Fields: []string{"Title"}}},
		{"a partial run as a template", `{{ template "partials/side.html" . }}`,
			map[string]string{"layouts/partials/side.html": `{{ template "partials/inner.html" .Site }}`, "layouts/partials/inner.html": `{{ range .RegularPages }}{{ .Title }}{{ end }}`},
			Reads{SitePages: true, Fields: []string{"Title"}}},
		{"a partial named at run time", `{{ partial (printf "%s.html" .Type) . }}`, nil, Reads{SitePages: true, Fields: []string{"*"}}},
		{"a template define", `{{ template "x" .Site }}{{ end }}{{ define "x" }}{{ range .RegularPages }}{{ .Lastmod }}{{ end }}`, nil,
			Reads{SitePages: true, Fields: []string{"Lastmod"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string][]byte{
				"layouts/_default/baseof.html": []byte(base),
				"layouts/_default/single.html": []byte(`{{ define "main" }}` + tt.single + `{{ end }}`),
			}
			for n, s := range tt.extra {
				files[n] = []byte(s)
			}
			e, err := New(files, Options{Funcs: map[string]any{"site": func() any { return nil }}})
			if err != nil {
				t.Fatal(err)
			}
			got := e.ReadsOf("layouts/_default/single.html")
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
