package figures

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"html/template"
	"maps"
	"path"
	"slices"
	"strings"

	"hengdong/internal/chart"
	"hengdong/internal/seeds"
	"hengdong/internal/shortcode"
)

// row is one line of a chart's data table and CSV.
type row struct {
	item, period string
	cells        []string // exact numbers, one per value column
	status       string
	source       string
}

// chartData is a chart plus the same numbers as a table.
type chartData struct {
	chart   chart.Chart
	columns []string // value column headers, with units
	rows    []row
	deps    []string
}

type chartBuilder struct {
	p       shortcode.Page
	c       shortcode.Call
	measure string
	out     chartData
}

func (b *chartBuilder) fail(msg, fix, detail string) error {
	return callError(b.p, b.c, msg, fix, detail)
}

// pick returns the measured number of an indicator or point and its unit.
func (b *chartBuilder) pick(id string, value, growth seeds.Number, unit string) (seeds.Number, string, error) {
	if b.measure == "growth" {
		if !growth.IsSet() {
			return seeds.Number{}, "", b.fail(fmt.Sprintf("指标 %s 没有增速数据，不能画 measure=\"growth\" 的图", id),
				"在数据文件中给它加上 growth，或改用 measure=\"value\"", fmt.Sprintf("indicator %q has no growth", id))
		}
		return growth, "%", nil
	}
	return value, unit, nil
}

// sameUnit checks that every unit drawn on one axis is the same.
func (b *chartBuilder) sameUnit(units map[string][]string) (string, error) {
	if len(units) == 1 {
		for u := range units {
			return u, nil
		}
	}
	var parts []string
	for _, u := range slices.Sorted(maps.Keys(units)) {
		parts = append(parts, fmt.Sprintf("%s（%s）", u, strings.Join(units[u], "、")))
	}
	return "", b.fail("同一坐标轴上混用了不同单位："+strings.Join(parts, "；"),
		"把单位不同的指标分成几张图，或改用 measure=\"growth\" 比较增速",
		"chart mixes units on one axis: "+strings.Join(parts, "; "))
}

// labels chooses category labels: periods when the names are all the same,
// names when the periods are, else both.
func labels(inds []*seeds.Indicator) []string {
	sameName, samePeriod := true, true
	for _, ind := range inds[1:] {
		sameName = sameName && ind.Name == inds[0].Name
		samePeriod = samePeriod && ind.Period == inds[0].Period
	}
	out := make([]string, len(inds))
	for i, ind := range inds {
		switch {
		case sameName && len(inds) > 1:
			out[i] = ind.PeriodLabel()
		case samePeriod:
			out[i] = ind.Name
		default:
			out[i] = ind.PeriodLabel() + ind.Name
		}
	}
	return out
}

func note(status string) string {
	if marked(status) {
		return status
	}
	return ""
}

func measureHeader(measure, unit string) string {
	if measure == "growth" {
		return "增速（%）"
	}
	return "数值（" + unit + "）"
}

// categories builds bar and hbar data: one bar per indicator.
func (b *chartBuilder) categories(inds []*seeds.Indicator) error {
	units := map[string][]string{}
	var pts []chart.Point
	labs := labels(inds)
	for i, ind := range inds {
		n, unit, err := b.pick(ind.ID, ind.Value, ind.Growth, ind.Unit)
		if err != nil {
			return err
		}
		units[unit] = append(units[unit], ind.ID)
		pts = append(pts, chart.Point{Label: labs[i], Value: n.Float, Text: n.Text, Note: note(ind.Status)})
		b.out.rows = append(b.out.rows, row{item: ind.Name, period: ind.PeriodLabel(), cells: []string{n.Text}, status: ind.Status, source: ind.Source})
	}
	unit, err := b.sameUnit(units)
	if err != nil {
		return err
	}
	b.out.chart.Series = []chart.Series{{Name: measureName(b.measure), Unit: unit, Points: pts}}
	b.out.columns = []string{measureHeader(b.measure, unit)}
	return nil
}

func measureName(m string) string {
	if m == "growth" {
		return "增速"
	}
	return "数值"
}

// periodsOf turns the indicators into one run of periods: an indicator with a
// series gives its points, one without gives itself as a single point.
func periodsOf(ind *seeds.Indicator) []seeds.Point {
	return ind.Points()
}

// series builds line data: one line per indicator with a series, or one line
// through several single-period indicators.
func (b *chartBuilder) series(inds []*seeds.Indicator) error {
	withSeries := 0
	for _, ind := range inds {
		if len(ind.Series) > 0 {
			withSeries++
		}
	}
	groups := [][]*seeds.Indicator{}
	switch withSeries {
	case len(inds):
		for _, ind := range inds {
			groups = append(groups, []*seeds.Indicator{ind})
		}
	case 0:
		groups = append(groups, inds)
	default:
		return b.fail("折线图不能混用有 series 的指标和单个时期的指标",
			"要么都用带 series 的指标（每个一条线），要么都用单个时期的指标（连成一条线）",
			"line chart mixes indicators with and without series")
	}
	units := map[string][]string{}
	for _, g := range groups {
		s := chart.Series{Name: g[0].Name}
		for _, ind := range g {
			for _, pt := range periodsOf(ind) {
				n, unit, err := b.pick(ind.ID, pt.Value, pt.Growth, ind.Unit)
				if err != nil {
					return err
				}
				if !slices.Contains(units[unit], ind.ID) {
					units[unit] = append(units[unit], ind.ID)
				}
				s.Unit = unit
				s.Points = append(s.Points, chart.Point{Label: seeds.PeriodLabel(pt.Period), Value: n.Float, Text: n.Text, Note: note(pt.Status)})
				b.out.rows = append(b.out.rows, row{item: ind.Name, period: seeds.PeriodLabel(pt.Period), cells: []string{n.Text}, status: pt.Status, source: ind.Source})
			}
		}
		b.out.chart.Series = append(b.out.chart.Series, s)
	}
	unit, err := b.sameUnit(units)
	if err != nil {
		return err
	}
	b.out.columns = []string{measureHeader(b.measure, unit)}
	return nil
}

// combo builds bars for the values and a line for the growth.
func (b *chartBuilder) combo(inds []*seeds.Indicator) error {
	if len(inds) > 1 {
		for _, ind := range inds {
			if len(ind.Series) > 0 {
				return b.fail("组合图只能用一个带 series 的指标，或几个单个时期的指标",
					"写成 ids=\"带series的指标\"，或 ids=\"gdp-2023,gdp-2024\"", "combo chart takes one series indicator or several single-period ones")
			}
		}
	}
	units := map[string][]string{}
	bars := chart.Series{Name: inds[0].Name}
	growth := chart.Series{Name: "增速", Unit: "%"}
	if inds[0].Basis != "" {
		growth.Name = inds[0].Basis + "增长"
	}
	for _, ind := range inds {
		for _, pt := range periodsOf(ind) {
			if !pt.Growth.IsSet() {
				return b.fail(fmt.Sprintf("指标 %s 在 %s 没有增速数据，组合图需要数值和增速", ind.ID, seeds.PeriodLabel(pt.Period)),
					"补上 growth，或改用 type=\"bar\"", fmt.Sprintf("indicator %q has no growth for %s", ind.ID, pt.Period))
			}
			if !slices.Contains(units[ind.Unit], ind.ID) {
				units[ind.Unit] = append(units[ind.Unit], ind.ID)
			}
			label := seeds.PeriodLabel(pt.Period)
			bars.Points = append(bars.Points, chart.Point{Label: label, Value: pt.Value.Float, Text: pt.Value.Text, Note: note(pt.Status)})
			growth.Points = append(growth.Points, chart.Point{Label: label, Value: pt.Growth.Float, Text: pt.Growth.Text})
			b.out.rows = append(b.out.rows, row{item: ind.Name, period: label, cells: []string{pt.Value.Text, pt.Growth.Text}, status: pt.Status, source: ind.Source})
		}
	}
	unit, err := b.sameUnit(units)
	if err != nil {
		return err
	}
	bars.Unit = unit
	b.out.chart.Series = []chart.Series{bars, growth}
	b.out.columns = []string{"数值（" + unit + "）", "增速（%）"}
	return nil
}

// progress builds actual-against-target rows from "actual:target" pairs or
// single % indicators (measured against 100%).
func (b *chartBuilder) progress(f *figures, pairs [][2]string) error {
	units := map[string][]string{}
	s := chart.Series{}
	var targets []chart.Point
	hundred := false
	for _, pr := range pairs {
		a, err := f.lookup(b.p, b.c, pr[0])
		if err != nil {
			return err
		}
		b.out.deps = append(b.out.deps, a.ID)
		n, unit, err := b.pick(a.ID, a.Value, a.Growth, a.Unit)
		if err != nil {
			return err
		}
		units[unit] = append(units[unit], a.ID)
		s.Points = append(s.Points, chart.Point{Label: a.Name, Value: n.Float, Text: n.Text, Note: note(a.Status)})
		r := row{item: a.Name, period: a.PeriodLabel(), cells: []string{n.Text, ""}, status: a.Status, source: a.Source}
		if pr[1] == "" {
			if unit != "%" {
				return b.fail(fmt.Sprintf("进度图中 %s 没有目标", a.ID),
					"写成 ids=\"实际:目标\"（例如 invest-2024:invest-plan-2024），或用单位为 % 的完成率指标",
					fmt.Sprintf("progress entry %q has no target and is not a percentage", a.ID))
			}
			hundred = true
			r.cells[1] = "100"
			targets = append(targets, chart.Point{Label: "计划", Value: 100, Text: "100"})
		} else {
			t, err := f.lookup(b.p, b.c, pr[1])
			if err != nil {
				return err
			}
			b.out.deps = append(b.out.deps, t.ID)
			tn, tunit, err := b.pick(t.ID, t.Value, t.Growth, t.Unit)
			if err != nil {
				return err
			}
			units[tunit] = append(units[tunit], t.ID)
			targets = append(targets, chart.Point{Label: t.Name, Value: tn.Float, Text: tn.Text, Note: note(t.Status)})
			r.cells[1] = tn.Text
			if marked(t.Status) && t.Status != "目标" {
				r.cells[1] += "（" + t.Status + "）"
			}
			if t.Source != a.Source {
				r.source += "；" + t.Source
			}
		}
		b.out.rows = append(b.out.rows, r)
	}
	unit, err := b.sameUnit(units)
	if err != nil {
		return err
	}
	s.Unit = unit
	b.out.chart.Series = []chart.Series{s}
	b.out.chart.Targets = targets
	if hundred && len(targets) == len(pairs) {
		allHundred := true
		for _, pr := range pairs {
			allHundred = allHundred && pr[1] == ""
		}
		if allHundred {
			b.out.chart.Targets = nil // drawn as "计划 100%"
		}
	}
	b.out.columns = []string{"实际（" + unit + "）", "目标（" + unit + "）"}
	return nil
}

func (f *figures) chart(p shortcode.Page, c shortcode.Call) (shortcode.Result, error) {
	if err := checkParams(p, c, []string{"ids", "type", "measure", "title", "subtitle", "id"}, 0); err != nil {
		return shortcode.Result{}, err
	}
	var valid []string
	for _, t := range chart.Types() {
		valid = append(valid, string(t))
	}
	typ := chart.Type(c.Params["type"])
	switch {
	case c.Params["type"] == "":
		return shortcode.Result{}, callError(p, c, "chart 短代码缺少 type", "加上 type=\"bar\"，可选："+strings.Join(valid, "、"), "missing chart type")
	case !typ.Valid():
		return shortcode.Result{}, callError(p, c, fmt.Sprintf("不认识的图表类型 “%s”", typ), "type 只能是 "+strings.Join(valid, "、"),
			fmt.Sprintf("unknown chart type %q; valid: %s", typ, strings.Join(valid, ", ")))
	}
	if c.Params["ids"] == "" {
		return shortcode.Result{}, callError(p, c, "chart 短代码缺少 ids", `加上 ids="gdp-2024,invest-2024"`, "missing ids")
	}
	title := strings.TrimSpace(c.Params["title"])
	if title == "" {
		return shortcode.Result{}, callError(p, c, "chart 短代码缺少 title（图表要说明的结论）",
			`加上 title="2024年地区生产总值增长6.7%" 这样一句话`, "missing chart title")
	}
	measure := c.Params["measure"]
	if measure == "" {
		measure = "value"
	}
	if measure != "value" && measure != "growth" {
		return shortcode.Result{}, callError(p, c, fmt.Sprintf("measure 的取值 “%s” 不对", measure),
			"measure 只能是 value（数值）或 growth（增速）", fmt.Sprintf("unknown measure %q", measure))
	}
	name, err := chartName(p, c)
	if err != nil {
		return shortcode.Result{}, err
	}
	b := &chartBuilder{p: p, c: c, measure: measure}
	b.out.chart = chart.Chart{Type: typ, ID: name, Title: title}
	ids := splitIDs(c.Params["ids"])
	if typ == chart.Progress {
		var pairs [][2]string
		for _, id := range ids {
			a, t, _ := strings.Cut(id, ":")
			pairs = append(pairs, [2]string{strings.TrimSpace(a), strings.TrimSpace(t)})
		}
		err = b.progress(f, pairs)
	} else {
		var inds []*seeds.Indicator
		for _, id := range ids {
			if strings.Contains(id, ":") {
				return shortcode.Result{}, callError(p, c, "只有进度图（type=\"progress\"）才能写 实际:目标",
					"去掉冒号及目标 id，或改用 type=\"progress\"", fmt.Sprintf("%q: pairs are only for progress charts", id))
			}
			ind, err := f.lookup(p, c, id)
			if err != nil {
				return shortcode.Result{}, err
			}
			inds = append(inds, ind)
			b.out.deps = append(b.out.deps, ind.ID)
		}
		switch typ {
		case chart.Bar, chart.HBar:
			err = b.categories(inds)
		case chart.Line:
			err = b.series(inds)
		case chart.Combo:
			err = b.combo(inds)
		}
	}
	if err != nil {
		return shortcode.Result{}, err
	}
	d := &b.out
	d.chart.Subtitle = c.Params["subtitle"]
	if d.chart.Subtitle == "" {
		d.chart.Subtitle = autoSubtitle(d)
	}
	svg, err := chart.Render(d.chart)
	if err != nil {
		return shortcode.Result{}, callError(p, c, "图表无法绘制", "检查 ids 与 type 是否搭配", err.Error())
	}
	// The CSV is published beside the page (URL) and linked under the site's
	// base path (RelPermalink), which differs when the site lives in a subfolder.
	csvPath := withSlash(p.URL) + name + ".csv"
	href := csvPath
	if p.RelPermalink != "" {
		href = withSlash(p.RelPermalink) + name + ".csv"
	}
	return shortcode.Result{
		HTML:  template.HTML(figureHTML(d, svg, href)),
		Block: true,
		Files: map[string][]byte{csvPath: csvBytes(d)},
		Deps:  d.deps,
	}, nil
}

func withSlash(s string) string {
	if !strings.HasSuffix(s, "/") {
		return s + "/"
	}
	return s
}

// autoSubtitle names the units and periods: "单位：%；2024年".
func autoSubtitle(d *chartData) string {
	var periods, units []string
	for _, r := range d.rows {
		if !slices.Contains(periods, r.period) {
			periods = append(periods, r.period)
		}
	}
	for _, s := range d.chart.Series {
		if !slices.Contains(units, s.Unit) {
			units = append(units, s.Unit)
		}
	}
	p := strings.Join(periods, "、")
	if len(periods) > 2 {
		p = periods[0] + "至" + periods[len(periods)-1]
	}
	return "单位：" + strings.Join(units, "、") + "；" + p
}

func sources(d *chartData) string {
	var out []string
	for _, r := range d.rows {
		for _, s := range strings.Split(r.source, "；") {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return strings.Join(out, "；")
}

func figureHTML(d *chartData, svg []byte, csvURL string) string {
	var b strings.Builder
	id := d.chart.ID
	fmt.Fprintf(&b, "<figure class=\"chart\" id=\"%s\">\n<figcaption><span class=\"chart-title\">%s</span><span class=\"chart-subtitle\">%s</span></figcaption>\n",
		esc(id), esc(d.chart.Title), esc(d.chart.Subtitle))
	b.Write(svg)
	fmt.Fprintf(&b, "<p class=\"chart-source\">来源：%s</p>\n", esc(sources(d)))
	b.WriteString("<details class=\"chart-data\"><summary>查看数据表</summary>\n")
	// The data table scrolls on its own on a phone, like the 指标 tables;
	// focusable so that keyboard users can scroll it too.
	fmt.Fprintf(&b, "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"%s数据表（可左右滚动）\">\n", esc(d.chart.Title))
	fmt.Fprintf(&b, "<table>\n<caption>%s，%s</caption>\n<thead><tr><th scope=\"col\">项目</th><th scope=\"col\">时期</th>", esc(d.chart.Title), esc(d.chart.Subtitle))
	for _, col := range d.columns {
		fmt.Fprintf(&b, "<th scope=\"col\">%s</th>", esc(col))
	}
	b.WriteString("<th scope=\"col\">状态</th></tr></thead>\n<tbody>\n")
	for _, r := range d.rows {
		fmt.Fprintf(&b, "<tr><th scope=\"row\">%s</th><td>%s</td>", esc(r.item), esc(r.period))
		for _, cell := range r.cells {
			fmt.Fprintf(&b, "<td class=\"num\">%s</td>", esc(dash(cell)))
		}
		fmt.Fprintf(&b, "<td>%s</td></tr>\n", esc(dash(r.status)))
	}
	b.WriteString("</tbody>\n</table>\n</div>\n</details>\n")
	fmt.Fprintf(&b, "<p class=\"chart-download\"><a href=\"%s\" download=\"%s\">下载数据（CSV）</a></p>\n</figure>",
		esc(csvURL), esc(path.Base(csvURL)))
	return b.String()
}

// csvBytes writes the chart's data as UTF-8 CSV with a byte-order mark, so
// that Excel opens the Chinese text correctly.
func csvBytes(d *chartData) []byte {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	header := append(append([]string{"项目", "时期"}, d.columns...), "状态", "来源")
	_ = w.Write(header)
	for _, r := range d.rows {
		_ = w.Write(append(append([]string{r.item, r.period}, r.cells...), r.status, r.source))
	}
	w.Flush()
	return buf.Bytes()
}
