package tmpl

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
	"text/template/parse"
)

// escapeFold changes how a set runs, never what it prints: each template
// prints what html/template prints from the same unfolded source, and the
// constants and HTML results it names are left without escaper calls.
func TestEscapeFold(t *testing.T) {
	tr := Translations{"amp": {Other: `A&B "<x>" +1`}, "home": {Other: "首页"}}
	tests := []struct {
		name, tpl       string
		escapers, fused int // html/template's escaper calls left in the tree, and escChain calls
	}{
		{"text", `<p>{{ "a<b" }}{{ i18n "home" }}</p>`, 0, 0},
		{"attribute", `<a title="{{ i18n "amp" }}" data-x='{{ "it's" }}'>x</a>`, 0, 0},
		{"unquoted attribute", `<a title={{ i18n "amp" }}>x</a>`, 0, 0},
		{"URL", `<a href="{{ "javascript:alert(1)" }}">x</a><a href="/s?q={{ i18n "amp" }}">y</a><a href="{{ "/a b/" }}">z</a>`, 0, 0},
		{"RCDATA", `<title>{{ i18n "amp" }}</title><textarea>{{ "<b>" }}</textarea>`, 0, 0},
		{"script and style", `<script>var s = {{ "a\"b" }};</script><style>p { color: {{ "red" }} }</style>`, 0, 0},
		{"empty constant", `<p>{{ "" }}</p>`, 0, 0},
		{"value", `<p title="{{ .Title }}">{{ .Title }}</p><title>{{ .Title }}</title>`, 0, 3},
		{"URLs", `<a href="{{ .Title }}">x</a><a href="/{{ .Title }}">y</a><a href="/s?q={{ .Title }}">z</a><img src="{{ .Title }}" srcset="{{ .Title }}">`, 2, 4},
		{"unquoted and script values", `<a title={{ .Title }}>x</a><script>var t = {{ .Title }};</script>`, 2, 0},
		{"HTML function in text", `<div>{{ safeHTML .Title }}{{ partial "p.html" . }}</div>`, 0, 0},
		{"HTML function in an attribute", `<div title="{{ safeHTML .Title }}"></div>`, 0, 1},
		{"HTML function piped", `<div>{{ safeHTML .Title | printf "%s!" }}</div>`, 0, 1},
		{"in a range", `{{ range .Tags }}<i>{{ "·" }}{{ . }}</i>{{ end }}`, 0, 1},
		{"assignment", `{{ $x := "a&b" }}<p>{{ $x }}</p>`, 0, 1},
	}
	data := page("page", "news", "")
	data.Title = `A&B <i>斜</i> "q"`
	data.Tags = []string{"x&y", "二"}
	for _, tt := range tests {
		files := map[string][]byte{"layouts/x.html": []byte(tt.tpl), "layouts/partials/p.html": []byte(`<b>{{ .Title }}</b>`)}
		e, err := New(files, Options{I18n: tr})
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := e.Execute(&got, "layouts/x.html", data); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		// The same source through html/template alone, i18n and the partial as
		// functions.
		funcs := e.funcs()
		funcs["i18n"] = e.translate
		ref := template.Must(template.New("x").Funcs(funcs).Parse(tt.tpl))
		var want bytes.Buffer
		if err := ref.Execute(&want, data); err != nil {
			t.Fatalf("%s: reference: %v", tt.name, err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: got\n%s\nwant\n%s", tt.name, got.String(), want.String())
		}
		set, _ := e.set("", "layouts/x.html")
		tree := set.Lookup("layouts/x.html").Tree
		if n, f := escaperCalls(tree); n != tt.escapers || f != tt.fused {
			t.Errorf("%s: %d escaper calls left and %d fused, want %d and %d: %s", tt.name, n, f, tt.escapers, tt.fused, tree.Root)
		}
	}
}

// A set whose escaping fails is left as parsed: executing it reports the
// error as html/template does.
func TestEscapeFoldError(t *testing.T) {
	src := `<a href="{{ if .Title }}x">{{ end }}`
	e, err := New(map[string][]byte{"layouts/x.html": []byte(src), "layouts/partials/x.html": []byte(src)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	err = e.Execute(&b, "layouts/x.html", page("page", "", ""))
	if err == nil || !strings.Contains(err.Error(), "layouts/x.html") {
		t.Errorf("Execute: %v, want the escaping error", err)
	}
	if _, err := e.partial("x.html", page("page", "", "")); err == nil {
		t.Error("partial: no error")
	}
	for _, x := range e.partials["x.html"].t.Templates() {
		if x.Name() == escapeProbe {
			t.Error("the failed set was kept")
		}
	}
}

// escaperCalls counts the calls of html/template's escapers in tr, and of
// the escChains standing for them.
func escaperCalls(tr *parse.Tree) (escapers, fused int) {
	walkNodes(tr.Root, func(x parse.Node) {
		if id, ok := x.(*parse.IdentifierNode); ok {
			if strings.HasPrefix(id.Ident, escapePrefix) {
				escapers++
			} else if strings.HasPrefix(id.Ident, "hengdongEsc") {
				fused++
			}
		}
	})
	return escapers, fused
}
