package tmpl

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
	"text/template/parse"
)

// foldI18n turns calls without a count into their text, escaped as the call's
// output was; calls with a count, piped to, or of a theme's own i18n stay calls.
func TestFoldI18n(t *testing.T) {
	tr := Translations{"home": {Other: "首页"}, "amp": {Other: `A&B "<x>"`}, "pages": {One: "一篇", Other: "共 {{ .Count }} 篇"}}
	tests := []struct {
		name, tpl, want string
		calls           int // i18n and T calls left in the tree
		funcs           template.FuncMap
	}{
		{"text", `{{ i18n "home" }}|{{ T "home" }}`, "首页|首页", 0, nil},
		{"escaped in text", `<p>{{ i18n "amp" }}</p>`, `<p>A&amp;B &#34;&lt;x&gt;&#34;</p>`, 0, nil},
		{"escaped in an attribute", `<a title="{{ i18n "amp" }}">`, `<a title="A&amp;B &#34;&lt;x&gt;&#34;">`, 0, nil},
		{"escaped in a URL", `<a href="/s?q={{ i18n "amp" }}">`, `<a href="/s?q=A%26B%20%22%3cx%3e%22">`, 0, nil},
		{"in parentheses", `{{ replace (i18n "home") "首" "主" }}`, "主页", 0, nil},
		{"missing key", `{{ i18n "nosuch" }}`, "nosuch", 0, nil},
		{"count", `{{ i18n "pages" 1 }} {{ T "pages" 3 }}`, "一篇 共 3 篇", 2, nil},
		{"piped count", `{{ 1 | i18n "pages" }}`, "一篇", 1, nil},
		{"variable key", `{{ $k := "home" }}{{ i18n $k }}`, "首页", 1, nil},
		{"theme's own i18n", `{{ i18n "home" }}`, "自己的", 1, template.FuncMap{"i18n": func(string) string { return "自己的" }}},
	}
	for _, tt := range tests {
		e, err := New(map[string][]byte{"layouts/x.html": []byte(tt.tpl), "layouts/partials/x.html": []byte(tt.tpl)}, Options{I18n: tr, Funcs: tt.funcs})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := e.Execute(&b, "layouts/x.html", nil); err != nil || b.String() != tt.want {
			t.Errorf("%s: %s = %q (%v), want %q", tt.name, tt.tpl, b.String(), err, tt.want)
		}
		if out, err := e.partial("x.html", nil); err != nil || string(out) != tt.want {
			t.Errorf("%s: partial %s = %q (%v), want %q", tt.name, tt.tpl, out, err, tt.want)
		}
		calls := 0
		walkNodes(e.partials["x.html"].t.Tree.Root, func(n parse.Node) {
			if id, ok := n.(*parse.IdentifierNode); ok && (id.Ident == "i18n" || id.Ident == "T") {
				calls++
			}
		})
		if calls != tt.calls {
			t.Errorf("%s: %d calls left, want %d", tt.name, calls, tt.calls)
		}
	}
}

// A folded text template (feeds) prints the translation unescaped, as the call did.
func TestFoldI18nText(t *testing.T) {
	e, err := New(map[string][]byte{"layouts/index.xml": []byte(`<t>{{ i18n "amp" }}</t>`)}, Options{I18n: Translations{"amp": {Other: "A&B"}}})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := e.Execute(&b, "layouts/index.xml", nil); err != nil || b.String() != "<t>A&B</t>" {
		t.Errorf("got %q (%v)", b.String(), err)
	}
	if strings.Contains(e.text["layouts/index.xml"].Tree.Root.String(), "i18n") {
		t.Error("not folded")
	}
}
