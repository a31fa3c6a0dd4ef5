package figures

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"hengdong/internal/diag"
	"hengdong/internal/seeds"
	"hengdong/internal/shortcode"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

var page = shortcode.Page{File: "content/jingji/_index.md", URL: "/jingji/"}

func fixture(t *testing.T) map[string]shortcode.Handler {
	t.Helper()
	s, err := seeds.Load(os.DirFS("../seeds/testdata"), "seeds") // the shared fixture
	if err != nil {
		t.Fatal(err)
	}
	return Handlers(s)
}

// call parses one shortcode written the way an editor would, on line 3.
func call(t *testing.T, src string) shortcode.Call {
	t.Helper()
	calls, err := shortcode.Parse([]byte("# 经济\n\n" + src))
	if err != nil || len(calls) != 1 {
		t.Fatalf("Parse(%q) = %v, %v", src, calls, err)
	}
	return calls[0]
}

func run(t *testing.T, h map[string]shortcode.Handler, src string) (shortcode.Result, error) {
	t.Helper()
	c := call(t, src)
	fn, ok := h[c.Name]
	if !ok {
		t.Fatalf("no handler %q", c.Name)
	}
	return fn(page, c)
}

func TestIndicator(t *testing.T) {
	h := fixture(t)
	tests := []struct{ src, want string }{
		{`{{< indicator "gdp-2024" >}}`, `<data class="indicator" value="391.38" title="来源：衡阳日报 2025年2月报道">391.38亿元，比上年增长6.7%</data>`},
		{`{{< indicator id="gdp-2024" show="value" >}}`, `<data class="indicator" value="391.38" title="来源：衡阳日报 2025年2月报道">391.38亿元</data>`},
		{`{{< indicator "gdp-2024" show="growth" >}}`, `<data class="indicator" value="6.7" title="来源：衡阳日报 2025年2月报道">增长6.7%</data>`},
		{`{{< indicator "gdp-2024" show="name" >}}`, `<data class="indicator" value="391.38" title="来源：衡阳日报 2025年2月报道">地区生产总值391.38亿元</data>`},
		// basis 同比 as written; trailing zeros kept
		{`{{< indicator "tourism-visitors-2024" >}}`, `<data class="indicator" value="566" title="来源：衡阳日报 2025年2月报道">566万人次，同比增长17.23%</data>`},
		{`{{< indicator "test-gdp-series" >}}`, `<data class="indicator" value="391.38" title="来源：测试数据（非真实）">391.38亿元，比上年增长6.70%</data>`},
		// status marked
		{`{{< indicator "invest-plan-2024" >}}`, `<data class="indicator" value="106.8" title="来源：衡阳日报 2025年2月报道">106.8亿元（推算）</data>`},
		{`{{< indicator "gdp-growth-2025" show="value" >}}`, `<data class="indicator" value="6.5" title="来源：衡阳日报 2025年2月报道">6.5%（目标）</data>`},
		// no growth, no basis: value only
		{`{{< indicator "jobs-urban-2024" >}}`, `<data class="indicator" value="5475" title="来源：衡阳日报 2025年2月报道">5475人</data>`},
	}
	for _, tt := range tests {
		res, err := run(t, h, tt.src)
		if err != nil {
			t.Errorf("%s: %v", tt.src, err)
			continue
		}
		if string(res.HTML) != tt.want || res.Block || len(res.Deps) != 1 {
			t.Errorf("%s\n got %s (block %v, deps %v)\nwant %s", tt.src, res.HTML, res.Block, res.Deps, tt.want)
		}
	}
}

func TestWordingNegativeAndDefaultBasis(t *testing.T) {
	ind := &seeds.Indicator{Value: seeds.Number{Text: "350.25"}, Unit: "亿元", Growth: seeds.Number{Text: "-1.50", Float: -1.5}}
	if got := Wording(ind); got != "350.25亿元，同比下降1.50%" {
		t.Errorf("Wording = %q", got)
	}
}

func TestIndicatorsTable(t *testing.T) {
	h := fixture(t)
	res, err := run(t, h, `{{< indicators ids="gdp-2024,park-tax-2024" group="tourism" caption="2024年 <主要> 指标" >}}`)
	if err != nil {
		t.Fatal(err)
	}
	html := string(res.HTML)
	for _, want := range []string{
		"<div class=\"table-wide\">\n<p class=\"scroll-hint\" aria-hidden=\"true\">表格较宽，左右滑动可查看数值、增速和来源</p>\n" +
			`<div class="table-scroll" role="region" tabindex="0" aria-label="2024年 &lt;主要&gt; 指标（表格，可左右滚动）">`,
		`<caption>2024年 &lt;主要&gt; 指标</caption>`,
		`<th scope="col">指标</th><th scope="col">时期</th><th scope="col">数值</th><th scope="col">单位</th><th scope="col">增速（%）</th><th scope="col">状态</th><th scope="col">来源</th>`,
		`<tr><th scope="row">地区生产总值</th><td>2024年</td><td class="num"><data value="391.38">391.38</data></td><td>亿元</td><td class="num">6.7<span class="basis">（比上年）</span></td><td>初步核算</td><td>衡阳日报 2025年2月报道</td></tr>`,
		`<tr><th scope="row">经开区税收</th><td>2024年</td><td class="num"><data value="6.2">6.2</data></td><td>亿元</td><td class="num">72.33<span class="basis">（同比）</span></td><td>—</td>`,
		`<th scope="row">旅游综合收入</th>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("table lacks %s\n%s", want, html)
		}
	}
	wantDeps := []string{"gdp-2024", "park-tax-2024", "tourism-revenue-2024", "tourism-visitors-2024"}
	if !res.Block || !reflect.DeepEqual(res.Deps, wantDeps) {
		t.Errorf("block %v deps %v", res.Block, res.Deps)
	}
	if err := xml.Unmarshal([]byte(res.HTML), new(struct{})); err != nil {
		t.Errorf("table is not well-formed: %v", err)
	}
}

func TestCharts(t *testing.T) {
	h := fixture(t)
	tests := []struct {
		name, src string
		want      []string // substrings of the HTML
		deps      []string
		csv       string // expected CSV after the BOM
	}{
		{"bar growth", `{{< chart ids="gdp-2024,park-revenue-2024,tourism-visitors-2024" type="bar" measure="growth" title="主要指标增速" id="growth" >}}`,
			[]string{`<figure class="chart" id="chart-growth">`, `<span class="chart-subtitle">单位：%；2024年</span>`, `>6.7%</text>`, `>17.23%</text>`,
				`<th scope="col">增速（%）</th>`, `<td class="num">17.23</td>`, `<a href="/jingji/chart-growth.csv" download="chart-growth.csv">`, `<summary>查看数据表</summary>`,
				`<div class="table-scroll" role="region" tabindex="0" aria-label="主要指标增速数据表（可左右滚动）">`},
			[]string{"gdp-2024", "park-revenue-2024", "tourism-visitors-2024"},
			"项目,时期,增速（%）,状态,来源\r\n地区生产总值,2024年,6.7,初步核算,衡阳日报 2025年2月报道\r\n经开区规上技工贸总收入,2024年,25,,衡阳日报 2025年2月报道\r\n接待游客,2024年,17.23,,衡阳日报 2025年2月报道\r\n"},
		{"hbar values", `{{< chart ids="park-revenue-2024,invest-2024,tourism-revenue-2024" type="hbar" title="收入与投资" subtitle="2024年" id="yi" >}}`,
			[]string{`>175</text>`, `>121.6</text>`, `单位：亿元`, `<th scope="col">数值（亿元）</th>`}, nil, ""},
		{"targets vs results", `{{< chart ids="gdp-growth-2024,gdp-growth-2025" type="bar" title="2025年目标略低于2024年实绩" id="t" >}}`,
			[]string{`2024年</text>`, `（目标）`, `>6.5%</tspan>`, `url(#chart-t-hatch0)`}, nil, ""},
		{"line series", `{{< chart ids="test-gdp-series" type="line" title="测试" id="l" >}}`,
			[]string{`>300.10</text>`, `>391.38</text>`, `<td>2021年</td><td class="num">300.10</td>`}, nil, ""},
		{"combo", `{{< chart ids="test-gdp-series" type="combo" title="地区生产总值及增长速度" id="c" >}}`,
			[]string{`比上年增长（%）`, `>-1.5%</text>`, `>6.70%</text>`, `<th scope="col">数值（亿元）</th><th scope="col">增速（%）</th>`, `<td class="num">350.25</td><td class="num">-1.5</td>`}, nil, ""},
		{"progress pair", `{{< chart ids="invest-2024:invest-plan-2024" type="progress" title="超额完成年度投资任务" id="p" >}}`,
			[]string{`目标 106.8（推算）`, `>121.6</text>`, `<td class="num">121.6</td><td class="num">106.8（推算）</td>`, `<th scope="col">目标（亿元）</th>`},
			[]string{"invest-2024", "invest-plan-2024"}, ""},
		{"progress percent", `{{< chart ids="invest-completion-2024" type="progress" title="完成年度投资任务的113.9%" id="pp" >}}`,
			[]string{`计划 100%`, `>113.9%</text>`}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := run(t, h, tt.src)
			if err != nil {
				t.Fatal(err)
			}
			html := string(res.HTML)
			for _, w := range tt.want {
				if !strings.Contains(html, w) {
					t.Errorf("HTML lacks %s\n%s", w, html)
				}
			}
			if !res.Block || len(res.Files) != 1 {
				t.Errorf("block %v files %d", res.Block, len(res.Files))
			}
			if tt.deps != nil && !reflect.DeepEqual(res.Deps, tt.deps) {
				t.Errorf("deps = %v, want %v", res.Deps, tt.deps)
			}
			for url, data := range res.Files {
				if !regexp.MustCompile(`^/jingji/chart-[a-z0-9-]+\.csv$`).MatchString(url) || !strings.Contains(html, `href="`+url+`"`) {
					t.Errorf("CSV url %q not linked", url)
				}
				if !bytes.HasPrefix(data, []byte("\uFEFF")) {
					t.Errorf("CSV has no BOM")
				}
				if tt.csv != "" && string(data[3:]) != tt.csv {
					t.Errorf("CSV =\n%q\nwant\n%q", data[3:], tt.csv)
				}
			}
			if err := xml.Unmarshal([]byte(res.HTML), new(struct{})); err != nil {
				t.Errorf("figure is not well-formed: %v", err)
			}
		})
	}
}

func TestChartGolden(t *testing.T) {
	h := fixture(t)
	res, err := run(t, h, `{{< chart ids="tourism-visitors-2024,tourism-revenue-2024,gdp-2024" type="hbar" measure="growth" title="旅游增速高于经济增速" >}}`)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "chart-hbar.html")
	if *update {
		if err := os.WriteFile(path, []byte(res.HTML), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if string(res.HTML) != string(want) {
		t.Errorf("differs from %s; run go test ./internal/figures -update and review\n%s", path, res.HTML)
	}
}

func TestErrors(t *testing.T) {
	h := fixture(t)
	tests := []struct{ src, msg, fix string }{
		{`{{< indicator "gdp-2023" >}}`, "找不到指标 “gdp-2023”", "gdp-2024"},
		{`{{< indicator >}}`, "缺少指标 id", ""},
		{`{{< indicator "gdp-2024" show="all" >}}`, "show 的取值", "growth"},
		{`{{< indicator "jobs-urban-2024" show="growth" >}}`, "没有增速数据", ""},
		{`{{< indicator "gdp-2024" colour="red" >}}`, "不认识参数 colour", "show"},
		{`{{< indicators caption="x" >}}`, "缺少 ids 或 group", ""},
		{`{{< indicators group="nothing" >}}`, "没有属于 “nothing” 的指标", ""},
		{`{{< chart ids="gdp-2024" type="pie" title="t" >}}`, "不认识的图表类型 “pie”", "bar、hbar、line、combo、progress"},
		{`{{< chart ids="gdp-2024" title="t" >}}`, "缺少 type", ""},
		{`{{< chart type="bar" title="t" >}}`, "缺少 ids", ""},
		{`{{< chart ids="gdp-2024" type="bar" >}}`, "缺少 title", ""},
		{`{{< chart ids="gdp-2024" type="bar" title="t" measure="share" >}}`, "measure 的取值", ""},
		{`{{< chart ids="gdp-2024,tourism-visitors-2024" type="bar" title="t" >}}`, "混用了不同单位：万人次（tourism-visitors-2024）；亿元（gdp-2024）", "measure=\"growth\""},
		{`{{< chart ids="gdp-2024,tourism-visitors-2024" type="line" title="t" >}}`, "混用了不同单位", ""},
		{`{{< chart ids="gdp-2024,gdp-growth-2025" type="progress" title="t" >}}`, "没有目标", ""},
		{`{{< chart ids="invest-2024:gdp-growth-2025" type="progress" title="t" >}}`, "混用了不同单位", ""},
		{`{{< chart ids="gdp-2024,jobs-urban-2024" type="bar" measure="growth" title="t" >}}`, "jobs-urban-2024 没有增速数据", ""},
		{`{{< chart ids="gdp-2024:x" type="bar" title="t" >}}`, "只有进度图", ""},
		{`{{< chart ids="gdp-2024,test-gdp-series" type="line" title="t" >}}`, "不能混用", ""},
		{`{{< chart ids="invest-2024" type="combo" title="t" >}}`, "没有增速数据", ""},
		{`{{< chart ids="gdp-2024" type="bar" title="t" id="Bad Id" >}}`, "不合规", ""},
		{`{{< chart ids="gpd-2024" type="bar" title="t" >}}`, "找不到指标 “gpd-2024”", "gdp-2024"},
	}
	for _, tt := range tests {
		_, err := run(t, h, tt.src)
		var de *diag.Error
		if !errors.As(err, &de) {
			t.Errorf("%s: error %v is not a *diag.Error", tt.src, err)
			continue
		}
		if de.File != page.File || de.Line != 3 || de.Col != 1 || !strings.Contains(de.Msg, tt.msg) || !strings.Contains(de.Fix, tt.fix) || de.Detail == "" {
			t.Errorf("%s:\n got %v\nwant %s:3:1 %q (fix %q)", tt.src, de, page.File, tt.msg, tt.fix)
		}
	}
}

func TestEscapesData(t *testing.T) {
	fsys := fstest.MapFS{"seeds/x.yaml": {Data: []byte("source: <b>\"报\"</b>\nindicators:\n  - id: x\n    name: A&B<i>\n    period: \"2024\"\n    value: 1\n    unit: <u>\n")}}
	s, err := seeds.Load(fsys, "seeds")
	if err != nil {
		t.Fatal(err)
	}
	h := Handlers(s)
	for _, src := range []string{`{{< indicator "x" show="name" >}}`, `{{< indicators ids="x" >}}`, `{{< chart ids="x" type="bar" title="<t>" >}}`} {
		res, err := run(t, h, src)
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"<b>", "<i>", "<u>", "<t>", `"报"`} {
			if strings.Contains(string(res.HTML), bad) {
				t.Errorf("%s: unescaped %s in %s", src, bad, res.HTML)
			}
		}
	}
}

// One value in seeds/ feeds the prose, the table and the chart: changing it
// changes all three.
func TestOneSourceForAllThree(t *testing.T) {
	const tmpl = "source: 衡阳日报 2025年2月报道\nindicators:\n  - id: gdp-2024\n    name: 地区生产总值\n    period: \"2024\"\n    value: VALUE\n    unit: 亿元\n    growth: 6.7\n    basis: 比上年\n  - id: invest-2024\n    name: 重点建设项目完成投资\n    period: \"2024\"\n    value: 121.6\n    unit: 亿元\n"
	render := func(value string) (prose, table, chart, csv string) {
		fsys := fstest.MapFS{"seeds/economy.yaml": {Data: []byte(strings.Replace(tmpl, "VALUE", value, 1))}}
		s, err := seeds.Load(fsys, "seeds")
		if err != nil {
			t.Fatal(err)
		}
		h := Handlers(s)
		out := make([]string, 3)
		for i, src := range []string{
			`{{< indicator "gdp-2024" >}}`,
			`{{< indicators ids="gdp-2024" >}}`,
			`{{< chart ids="gdp-2024,invest-2024" type="bar" title="t" >}}`,
		} {
			res, err := run(t, h, src)
			if err != nil {
				t.Fatal(err)
			}
			out[i] = string(res.HTML)
			for _, f := range res.Files {
				csv = string(f)
			}
		}
		return out[0], out[1], out[2], csv
	}
	for _, v := range []string{"391.38", "400.10"} {
		prose, table, chart, csv := render(v)
		if !strings.Contains(prose, ">"+v+"亿元，比上年增长6.7%<") {
			t.Errorf("prose lacks %s: %s", v, prose)
		}
		if !strings.Contains(table, `<data value="`+v+`">`+v+`</data>`) {
			t.Errorf("table lacks %s: %s", v, table)
		}
		if !strings.Contains(chart, ">"+v+"</text>") || !strings.Contains(chart, `<td class="num">`+v+`</td>`) || !strings.Contains(chart, "地区生产总值 "+v+"亿元") {
			t.Errorf("chart label, chart table or desc lacks %s", v)
		}
		if !strings.Contains(csv, "地区生产总值,2024年,"+v+",") {
			t.Errorf("csv lacks %s: %s", v, csv)
		}
		other := map[string]string{"391.38": "400.10", "400.10": "391.38"}[v]
		if strings.Contains(prose+table+chart+csv, other) {
			t.Errorf("stale value %s still shown", other)
		}
	}
}

// A site published in a subfolder links its chart CSVs under the subfolder,
// while the file is still keyed by the page's own path.
func TestChartCSVUnderBasePath(t *testing.T) {
	h := fixture(t)
	c := call(t, `{{< chart ids="gdp-2024,tourism-visitors-2024" type="bar" measure="growth" title="增速" id="g" >}}`)
	tests := []struct {
		page     shortcode.Page
		href     string
		filePath string
	}{
		{shortcode.Page{File: "content/jingji/_index.md", URL: "/jingji/"}, "/jingji/chart-g.csv", "/jingji/chart-g.csv"},
		{shortcode.Page{File: "content/jingji/_index.md", URL: "/jingji/", RelPermalink: "/hengdong/jingji/"}, "/hengdong/jingji/chart-g.csv", "/jingji/chart-g.csv"},
		{shortcode.Page{File: "content/数据/_index.md", URL: "/数据/", RelPermalink: "/sub/%E6%95%B0%E6%8D%AE/"}, "/sub/%E6%95%B0%E6%8D%AE/chart-g.csv", "/数据/chart-g.csv"},
	}
	for _, tt := range tests {
		res, err := h[c.Name](tt.page, c)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(res.HTML), `href="`+tt.href+`"`) {
			t.Errorf("%s: the CSV is not linked as %s:\n%s", tt.page.RelPermalink, tt.href, res.HTML)
		}
		if _, ok := res.Files[tt.filePath]; !ok || len(res.Files) != 1 {
			t.Errorf("%s: files %v, want only %s", tt.page.RelPermalink, slices.Collect(maps.Keys(res.Files)), tt.filePath)
		}
	}
}
