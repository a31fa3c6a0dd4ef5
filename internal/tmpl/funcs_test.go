package tmpl

import (
	"html/template"
	"testing"
)

func TestToString(t *testing.T) {
	for _, c := range []struct {
		in   any
		want string
	}{
		{"衡东", "衡东"},
		{template.HTML("<b>x</b>"), "<b>x</b>"},
		{template.URL("/news/"), "/news/"},
		{[]byte("字节"), "字节"},
		{nil, ""},
		{12, "12"},
	} {
		if got := ToString(c.in); got != c.want {
			t.Errorf("ToString(%#v) = %q, want %q", c.in, got, c.want)
		}
	}
}
