package chart

import (
	"bytes"
	"encoding/xml"
	"flag"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// Figures from the 2025 衡东 economic work report; the series values for the
// line and combo charts are made up for the test.
var charts = map[string]Chart{
	"bar": {Type: Bar, ID: "c-bar", Title: "2024年主要指标增速", Subtitle: "增速，%，2024年",
		Series: []Series{{Name: "增速", Unit: "%", Points: []Point{
			{Label: "地区生产总值", Value: 6.7, Text: "6.7"},
			{Label: "经开区规上技工贸总收入", Value: 25, Text: "25"},
			{Label: "经开区税收", Value: 72.33, Text: "72.33"},
			{Label: "接待游客", Value: 17.23, Text: "17.23"},
			{Label: "2025年目标", Value: 6.5, Text: "6.5", Note: "目标"},
		}}}},
	"bar-negative": {Type: Bar, ID: "c-neg", Title: "增速有升有降", Subtitle: "测试",
		Series: []Series{{Unit: "%", Points: []Point{
			{Label: "2022年", Value: 4.2, Text: "4.2"},
			{Label: "2023年", Value: -1.5, Text: "-1.5"},
		}}}},
	"hbar": {Type: HBar, ID: "c-hbar", Title: "2024年旅游与园区收入", Subtitle: "亿元，2024年",
		Series: []Series{{Unit: "亿元", Points: []Point{
			{Label: "经开区规上技工贸总收入", Value: 175, Text: "175"},
			{Label: "重点建设项目完成投资", Value: 121.6, Text: "121.6"},
			{Label: "旅游综合收入", Value: 53.5, Text: "53.5"},
			{Label: "经开区税收", Value: 6.2, Text: "6.20"},
		}}}},
	"line": {Type: Line, ID: "c-line", Title: "两项指标逐年上升", Subtitle: "测试数据",
		Series: []Series{
			{Name: "甲指标", Unit: "亿元", Points: []Point{{Label: "2022年", Value: 320.5, Text: "320.5"}, {Label: "2023年", Value: 350.25, Text: "350.25"}, {Label: "2024年", Value: 391.38, Text: "391.38"}}},
			{Name: "乙指标", Unit: "亿元", Points: []Point{{Label: "2022年", Value: 300, Text: "300"}, {Label: "2023年", Value: 310, Text: "310"}, {Label: "2024年", Value: 305, Text: "305", Note: "推算"}}},
		}},
	"combo": {Type: Combo, ID: "c-combo", Title: "地区生产总值及增长速度", Subtitle: "测试数据，2021–2024年",
		Series: []Series{
			{Name: "地区生产总值", Unit: "亿元", Points: []Point{{Label: "2021年", Value: 300.1, Text: "300.10"}, {Label: "2022年", Value: 320.5, Text: "320.5"}, {Label: "2023年", Value: 350.25, Text: "350.25"}, {Label: "2024年", Value: 391.38, Text: "391.38"}}},
			{Name: "比上年增长", Unit: "%", Points: []Point{{Label: "2021年", Value: 7.9, Text: "7.9"}, {Label: "2022年", Value: 4.2, Text: "4.2"}, {Label: "2023年", Value: -1.5, Text: "-1.5"}, {Label: "2024年", Value: 6.7, Text: "6.70"}}},
		}},
	"progress": {Type: Progress, ID: "c-prog", Title: "重点项目投资超额完成年度任务", Subtitle: "亿元，2024年",
		Series:  []Series{{Unit: "亿元", Points: []Point{{Label: "重点建设项目完成投资", Value: 121.6, Text: "121.6"}}}},
		Targets: []Point{{Label: "年度投资任务", Value: 106.8, Text: "106.8", Note: "推算"}}},
	"progress-percent": {Type: Progress, ID: "c-pct", Title: "完成年度投资任务的113.9%", Subtitle: "%，2024年",
		Series: []Series{{Unit: "%", Points: []Point{{Label: "年度投资任务完成率", Value: 113.9, Text: "113.9"}}}}},
}

func TestGolden(t *testing.T) {
	for name, c := range charts {
		t.Run(name, func(t *testing.T) {
			got, err := Render(c)
			if err != nil {
				t.Fatal(err)
			}
			again, _ := Render(c)
			if !bytes.Equal(got, again) {
				t.Fatal("output is not deterministic")
			}
			path := filepath.Join("testdata", name+".svg")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from golden file; run go test ./internal/chart -update and review the diff\n%s", path, got)
			}
		})
	}
}

// svgDoc is the parsed structure accessibility tests look at.
type svgEl struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []svgEl    `xml:",any"`
	Text     string     `xml:",chardata"`
}

func (e svgEl) attr(name string) string {
	for _, a := range e.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// walk visits every element with whether an ancestor (or itself) is aria-hidden.
func walk(e svgEl, hidden bool, f func(e svgEl, hidden bool)) {
	hidden = hidden || e.attr("aria-hidden") == "true"
	f(e, hidden)
	for _, c := range e.Children {
		walk(c, hidden, f)
	}
}

func TestAccessibility(t *testing.T) {
	for name, c := range charts {
		t.Run(name, func(t *testing.T) {
			out, err := Render(c)
			if err != nil {
				t.Fatal(err)
			}
			var root svgEl
			if err := xml.Unmarshal(out, &root); err != nil {
				t.Fatalf("not well-formed XML: %v", err)
			}
			if root.XMLName.Local != "svg" || root.attr("role") != "img" {
				t.Fatalf("root = %s role=%q", root.XMLName.Local, root.attr("role"))
			}
			vb := strings.Fields(root.attr("viewBox"))
			if len(vb) != 4 || vb[2] != "320" {
				t.Errorf("viewBox = %q", root.attr("viewBox"))
			}
			ids := strings.Fields(root.attr("aria-labelledby"))
			if !reflect.DeepEqual(ids, []string{c.ID + "-title", c.ID + "-desc"}) {
				t.Errorf("aria-labelledby = %q", ids)
			}
			if len(root.Children) < 2 || root.Children[0].XMLName.Local != "title" || root.Children[1].XMLName.Local != "desc" {
				t.Fatal("title and desc must be the first children")
			}
			if root.Children[0].attr("id") != ids[0] || root.Children[0].Text != c.Title {
				t.Errorf("title = %+v", root.Children[0])
			}
			desc := root.Children[1]
			if desc.attr("id") != ids[1] || !strings.HasPrefix(desc.Text, c.Subtitle) {
				t.Errorf("desc = %q", desc.Text)
			}
			var texts []string
			walk(root, false, func(e svgEl, hidden bool) {
				switch e.XMLName.Local {
				case "text", "tspan":
					if !hidden {
						t.Errorf("text %q is not aria-hidden", e.Text)
					}
					texts = append(texts, e.Text)
				case "rect", "path", "circle", "line":
					if s := e.attr("stroke"); s != "" && s != ink && s != "#fff" && s != gridInk && !inPalette(s) {
						t.Errorf("%s stroke %q", e.XMLName.Local, s)
					}
				}
			})
			drawn := strings.Join(texts, " ")
			// every number is in the desc and drawn directly, exactly as given
			for _, s := range c.Series {
				for _, p := range s.Points {
					if !strings.Contains(desc.Text, p.Text+s.Unit) {
						t.Errorf("desc lacks %s%s: %q", p.Text, s.Unit, desc.Text)
					}
					if !strings.Contains(drawn, p.Text) {
						t.Errorf("value %s is not labelled directly", p.Text)
					}
					if p.Note != "" && !strings.Contains(drawn, p.Note) {
						t.Errorf("note %s is not drawn", p.Note)
					}
				}
			}
		})
	}
}

func inPalette(c string) bool {
	for _, p := range Palette {
		if p == c {
			return true
		}
	}
	return false
}

func luminance(hex string) float64 {
	ch := func(i int) float64 {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		c := float64(v) / 255
		if c <= 0.03928 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(0) + 0.7152*ch(1) + 0.0722*ch(2)
}

func TestContrast(t *testing.T) {
	for _, c := range append(append([]string{}, Palette...), ink) {
		ratio := 1.05 / (luminance(c) + 0.05)
		if ratio < 3 {
			t.Errorf("%s has contrast %.2f against white, want ≥ 3", c, ratio)
		}
	}
}

// Long labels wrap onto as many lines as they need; nothing is cut with "…".
func TestWrap(t *testing.T) {
	tests := []struct {
		s    string
		w    float64
		want []string
	}{
		{"地区生产总值", 104, []string{"地区生产总值"}},
		{"经开区规上技工贸总收入", 104, []string{"经开区规上技工", "贸总收入"}},
		{"民生支出占一般公共预算支出比重", 104, []string{"民生支出占一般", "公共预算支出比", "重"}},
		{"GDP增速", 104, []string{"GDP增速"}},
		{"新增农村劳动力转移就业人数合计", 56, []string{"新增农村", "劳动力转", "移就业人", "数合计"}},
		{"2024年", 104, []string{"2024年"}},
		{"Hengdong county GDP", 100, []string{"Hengdong", "county GDP"}},
	}
	for _, tt := range tests {
		if got := wrap(tt.s, tt.w); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("wrap(%q, %v) = %q, want %q", tt.s, tt.w, got, tt.want)
		}
	}
}

func TestRenderErrors(t *testing.T) {
	one := []Series{{Points: []Point{{Label: "a", Value: 1, Text: "1"}}}}
	tests := []struct {
		name string
		c    Chart
		want string
	}{
		{"unknown type", Chart{Type: "pie", ID: "x", Series: one}, "unknown type"},
		{"no id", Chart{Type: Bar, Series: one}, "empty ID"},
		{"combo one series", Chart{Type: Combo, ID: "x", Series: one}, "needs 2 series"},
		{"empty series", Chart{Type: Bar, ID: "x", Series: []Series{{Name: "s"}}}, "no points"},
		{"nan", Chart{Type: Bar, ID: "x", Series: []Series{{Points: []Point{{Label: "a", Value: math.NaN()}}}}}, "finite"},
		{"targets mismatch", Chart{Type: Progress, ID: "x", Series: one, Targets: []Point{}}, "targets"},
	}
	for _, tt := range tests {
		if _, err := Render(tt.c); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestEscaping(t *testing.T) {
	c := Chart{Type: Bar, ID: "e", Title: `<script>"x"</script>`, Series: []Series{{Points: []Point{{Label: "a&b<", Value: 1, Text: "1"}}}}}
	out, err := Render(c)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out, []byte("<script>")) || bytes.Contains(out, []byte("a&b<")) {
		t.Errorf("unescaped data in %s", out)
	}
	var root svgEl
	if err := xml.Unmarshal(out, &root); err != nil {
		t.Fatal(err)
	}
}

func TestNiceTicks(t *testing.T) {
	if got := niceTicks(300.1, 391.38, 4); !reflect.DeepEqual(got, []float64{300, 325, 350, 375, 400}) {
		t.Errorf("niceTicks = %v", got)
	}
	if got := niceTicks(-1.5, 7.9, 4); !reflect.DeepEqual(got, []float64{-2.5, 0, 2.5, 5, 7.5, 10}) {
		t.Errorf("niceTicks = %v", got)
	}
}

// The unit is printed once: not again inside the drawing when the subtitle
// above it names it; and every label is drawn whole, over tspan lines.
func TestUnitOnceAndLabelsWhole(t *testing.T) {
	long := "衡东经开区规模以上工业技工贸总收入"
	pts := []Point{{Label: long, Value: 120, Text: "120"}, {Label: "税收", Value: 12.5, Text: "12.5"}}
	tags := regexp.MustCompile(`<[^>]+>`)
	for _, typ := range Types() {
		series := []Series{{Name: "收入", Unit: "亿元", Points: pts}, {Name: "增速", Unit: "%", Points: pts}}
		for _, tc := range []struct {
			subtitle string
			units    int
		}{{"2024年（亿元）", 0}, {"2024年", 1}} {
			out, err := Render(Chart{Type: typ, ID: "c", Title: "标题", Subtitle: tc.subtitle, Series: series})
			if err != nil {
				t.Fatal(err)
			}
			s := string(out)
			body := s[strings.Index(s, "</desc>"):]
			if typ != Combo { // combo names both units in its legend instead
				if got := strings.Count(body, "单位：亿元"); got != tc.units {
					t.Errorf("%s, subtitle %q: 单位：亿元 drawn %d times, want %d", typ, tc.subtitle, got, tc.units)
				}
			}
			if strings.Contains(body, "…") {
				t.Errorf("%s: a label is cut: %s", typ, body)
			}
			if text := tags.ReplaceAllString(body, ""); !strings.Contains(text, long) {
				t.Errorf("%s: the long label is not drawn whole", typ)
			}
		}
	}
}
