package tmpl

import (
	"bytes"
	"strings"
	"testing"
)

func TestNamespaces(t *testing.T) {
	tests := []struct{ tpl, want, err string }{
		{`{{ math.Round 2.5 }} {{ math.Floor "2.7" }} {{ math.Ceil 2.1 }} {{ math.Max 1 7 3 }} {{ math.Min 4 2.5 }}`, "3 2 3 7 2.5", ""},
		{`{{ strings.Contains "衡东县" "东" }} {{ strings.RuneCount "衡东县" }} {{ strings.TrimSuffix "县" "衡东县" }}`, "true 3 衡东", ""},
		{`{{ strings.FirstUpper "news" }} {{ strings.Repeat 3 "好" }} {{ strings.Count "a" "banana" }}`, "News 好好好 3", ""},
		{`{{ findRE "[0-9]+" "a1b22c333" 2 }} {{ replaceRE "(\\d+)" "<$1>" "a1b22" }}`, "[1 22] a&lt;1&gt;b&lt;22&gt;", ""},
		{`{{ seq 3 }} {{ seq 2 4 }}`, "[1 2 3] [2 3 4]", ""},
		{`{{ mul 3 4 }} {{ div 7 2 }} {{ div 7.0 2 }} {{ mod 7 3 }}`, "12 3 3.5 1", ""},
		{`{{ div 1 0 }}`, "", "division by zero"},
		{`{{ seq 1 1000000 }}`, "", "more than 100000"},
		{`{{ findRE "(" "x" }}`, "", "missing closing"},
		{`{{ math.Round "abc" }}`, "", "invalid syntax"},
	}
	for _, tt := range tests {
		e, err := New(map[string][]byte{"layouts/x.html": []byte(tt.tpl)}, Options{})
		if err != nil {
			t.Fatalf("%s: %v", tt.tpl, err)
		}
		var b bytes.Buffer
		err = e.Execute(&b, "layouts/x.html", nil)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s: error %v, want %q", tt.tpl, err, tt.err)
			}
			continue
		}
		if err != nil || b.String() != tt.want {
			t.Errorf("%s = %q (%v), want %q", tt.tpl, b.String(), err, tt.want)
		}
	}
}
