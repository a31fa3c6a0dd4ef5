package shortcode

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"hengdong/internal/diag"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []Call
	}{
		{
			name: "positional",
			src:  `GDP {{< indicator "gdp-2024" >}} 亿元`,
			want: []Call{{Name: "indicator", Args: []string{"gdp-2024"}, Start: 4, End: 32, Line: 1, Col: 5}},
		},
		{
			name: "named and bare, percent form",
			src:  "a\n图：{{% chart ids=\"a,b\" type=bar title='衡东 \"GDP\"' show %}}",
			want: []Call{{Name: "chart", Args: []string{"show"},
				Params: map[string]string{"ids": "a,b", "type": "bar", "title": `衡东 "GDP"`},
				Start:  8, End: 66, Line: 2, Col: 3, Markdown: true}},
		},
		{
			name: "escapes and multi-line",
			src:  "{{<\n  chart\n  title=\"说\\\"明\\\\\"\n>}}",
			want: []Call{{Name: "chart", Params: map[string]string{"title": `说"明\`}, Start: 0, End: 36, Line: 1, Col: 1}},
		},
		{
			name: "closer inside quotes",
			src:  `{{< x t=">}}" >}}`,
			want: []Call{{Name: "x", Params: map[string]string{"t": ">}}"}, Start: 0, End: 17, Line: 1, Col: 1}},
		},
		{
			name: "no space before closer",
			src:  `{{<x "a">}}{{<y>}}`,
			want: []Call{
				{Name: "x", Args: []string{"a"}, Start: 0, End: 11, Line: 1, Col: 1},
				{Name: "y", Start: 11, End: 18, Line: 1, Col: 12},
			},
		},
		{
			name: "fenced code stays literal",
			src:  "```md\n{{< indicator \"a\" >}}\n```\n~~~~\n{{< broken\n~~~~\n{{< b >}}",
			want: []Call{{Name: "b", Start: 53, End: 62, Line: 7, Col: 1}},
		},
		{
			name: "unclosed fence swallows the rest",
			src:  "```\n{{< a >}}",
			want: nil,
		},
		{
			name: "inline code span stays literal",
			src:  "写 `{{< indicator \"x\" >}}` 或 ``{{< y ` >}}`` 然后 {{< z >}}",
			want: []Call{{Name: "z", Start: 55, End: 64, Line: 1, Col: 48}},
		},
		{
			name: "lone backtick is literal",
			src:  "a ` b {{< z >}}",
			want: []Call{{Name: "z", Start: 6, End: 15, Line: 1, Col: 7}},
		},
		{
			name: "code span does not cross a blank line",
			src:  "a `b\n\n{{< z >}} `",
			want: []Call{{Name: "z", Start: 6, End: 15, Line: 3, Col: 1}},
		},
		{
			name: "paired",
			src:  "{{< note >}}注意**安全**{{< /note >}}",
			want: []Call{{Name: "note", Start: 0, End: 41, Line: 1, Col: 1, Paired: true, InnerStart: 12, Inner: []byte("注意**安全**")}},
		},
		{
			name: "paired with nested calls and a lone call inside",
			src:  "{{% box t=1 %}}a{{< b >}}{{< c >}}x{{< /c >}}{{% /box %}} {{< d />}}",
			want: []Call{
				{Name: "box", Params: map[string]string{"t": "1"}, Start: 0, End: 57, Line: 1, Col: 1, Markdown: true, Paired: true,
					InnerStart: 15, Inner: []byte("a{{< b >}}{{< c >}}x{{< /c >}}"), Children: []Call{
						{Name: "b", Start: 16, End: 25, Line: 1, Col: 17},
						{Name: "c", Start: 25, End: 45, Line: 1, Col: 26, Paired: true, InnerStart: 34, Inner: []byte("x")},
					}},
				{Name: "d", Start: 58, End: 68, Line: 1, Col: 59},
			},
		},
		{
			name: "same name nests: the closing tag takes the nearest",
			src:  "{{< q >}}{{< q >}}i{{< /q >}}{{< /q >}}",
			want: []Call{{Name: "q", Start: 0, End: 39, Line: 1, Col: 1, Paired: true, InnerStart: 9, Inner: []byte("{{< q >}}i{{< /q >}}"),
				Children: []Call{{Name: "q", Start: 9, End: 29, Line: 1, Col: 10, Paired: true, InnerStart: 18, Inner: []byte("i")}}}},
		},
		{
			name: "plain braces are text",
			src:  "{{ .Title }} {x} {{",
			want: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.src))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse(%q)\n got %+v\nwant %+v", tt.src, got, tt.want)
			}
			for _, c := range got {
				if l, col := diag.LineCol([]byte(tt.src), c.Start); l != c.Line || col != c.Col {
					t.Errorf("call %s at %d:%d, LineCol says %d:%d", c.Name, c.Line, c.Col, l, col)
				}
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		line, col int
		msg       string
	}{
		{"unclosed", "第一行\n文字 {{< indicator \"a\"", 2, 4, "没有结束"},
		{"unclosed percent closed by angle", `{{% a >}}`, 1, 1, "没有结束"},
		{"next call before close", "{{< a \n{{< b >}}", 1, 1, "没有结束"},
		{"missing name", "x {{< >}}", 1, 3, "缺少名称"},
		{"bad name", `{{< "a" >}}`, 1, 5, "名称无效"},
		{"bad name char", `{{< ind!cator >}}`, 1, 8, "名称无效"},
		{"unterminated quote", "{{< a t=\"abc >}}\n", 1, 9, "引号没有闭合"},
		{"unterminated single quote", "{{< a 'abc >}}", 1, 7, "引号没有闭合"},
		{"quote in bare value", `{{< a t=ab"c" >}}`, 1, 11, "引号位置不对"},
		{"text after quote", `{{< a "x"y >}}`, 1, 10, "引号后应有空格"},
		{"empty value", `{{< a t= >}}`, 1, 7, "缺少取值"},
		{"equals without key", `{{< a ="x" >}}`, 1, 7, "缺少名称"},
		{"duplicate key", `{{< a t="1" t="2" >}}`, 1, 13, "重复"},
		{"closing tag alone", "文字\n{{< /note >}}", 2, 1, "没有对应的开始标签"},
		{"closing tag of another name", "{{< a >}}x{{< /b >}}", 1, 11, "没有对应的开始标签"},
		{"closing tag with arguments", `{{< a >}}{{< /a x >}}`, 1, 17, "不能带参数"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.src))
			var de *diag.Error
			if !errors.As(err, &de) {
				t.Fatalf("Parse(%q) error = %v, want *diag.Error", tt.src, err)
			}
			if de.Line != tt.line || de.Col != tt.col || !strings.Contains(de.Msg, tt.msg) {
				t.Errorf("got %d:%d %q, want %d:%d containing %q", de.Line, de.Col, de.Msg, tt.line, tt.col, tt.msg)
			}
			if de.File != "" || de.Fix == "" || de.Detail == "" {
				t.Errorf("want empty File and non-empty Fix/Detail, got %+v", de)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{{< indicator "gdp-2024" >}}`,
		"```\n{{< a >}}\n```\n{{% b k='v' %}}",
		"`{{< a >}}` {{< c x=\"\\\"\" >}}",
		"{{< a", "{{<", "~~~\n", "{{< a t= >}}",
		"{{< a >}}{{< b >}}x{{< /a >}}{{< /b >}}", "{{% a %}}{{< a />}}{{% /a %}}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		calls, err := Parse(src)
		if err != nil {
			var de *diag.Error
			if !errors.As(err, &de) || de.Line < 1 || de.Col < 1 {
				t.Fatalf("error %v is not a positioned *diag.Error", err)
			}
			return
		}
		var walk func(calls []Call, from, to int)
		walk = func(calls []Call, from, to int) {
			prev := from
			for _, c := range calls {
				if c.Start < prev || c.End <= c.Start || c.End > to {
					t.Fatalf("call %+v out of order or range (prev end %d, limit %d)", c, prev, to)
				}
				if l, col := diag.LineCol(src, c.Start); l != c.Line || col != c.Col {
					t.Fatalf("call at %d:%d, LineCol says %d:%d", c.Line, c.Col, l, col)
				}
				if c.Name == "" {
					t.Fatalf("call without name: %+v", c)
				}
				if c.Paired {
					if string(src[c.InnerStart:c.InnerStart+len(c.Inner)]) != string(c.Inner) {
						t.Fatalf("Inner %q is not the source at %d", c.Inner, c.InnerStart)
					}
					walk(c.Children, c.InnerStart, c.InnerStart+len(c.Inner))
				} else if len(c.Children) > 0 {
					t.Fatalf("unpaired call with children: %+v", c)
				}
				prev = c.End
			}
		}
		walk(calls, 0, len(src))
	})
}
