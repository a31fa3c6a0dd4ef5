package seeds

import (
	"fmt"
	"hengdong/internal/suggest"
	"slices"
	"strings"

	"hengdong/internal/diag"
)

var (
	fileKeys      = []string{"source", "group", "indicators"}
	indicatorKeys = []string{"id", "name", "period", "value", "unit", "growth", "basis", "status", "note", "source", "sourceUrl", "group", "series"}
	pointKeys     = []string{"period", "value", "growth", "status", "note", "source", "sourceUrl"}
)

type validator struct {
	file string
	errs diag.List
}

func (v *validator) add(line, col int, msg, fix, detail string) {
	v.errs = append(v.errs, diag.New(v.file, line, col, msg, fix, detail))
}

// fields checks a map's keys against the allowed ones (unknown and repeated
// keys are errors) and returns the entries by key.
func (v *validator) fields(m *node, allowed []string, where string) map[string]*keyed {
	out := map[string]*keyed{}
	for i := range m.keys {
		k := &m.keys[i]
		if !slices.Contains(allowed, k.key) {
			fix := "可用的字段：" + strings.Join(allowed, "、")
			if s := suggest.Closest(strings.ToLower(k.key), allowed, 1); len(s) > 0 {
				fix = "是不是 " + s[0] + "？" + fix
			}
			v.add(k.line, k.col, fmt.Sprintf("%s中有不认识的字段 “%s”", where, k.key), fix,
				fmt.Sprintf("unknown key %q", k.key))
			continue
		}
		if _, dup := out[k.key]; dup {
			v.add(k.line, k.col, fmt.Sprintf("字段 “%s” 重复", k.key), "删去多余的一处",
				fmt.Sprintf("duplicate key %q", k.key))
			continue
		}
		out[k.key] = k
	}
	return out
}

// str returns a text field; absent and null give "".
func (v *validator) str(k *keyed) string {
	if k == nil || k.val.kind == nullNode {
		return ""
	}
	if k.val.kind != scalarNode {
		v.add(k.val.line, k.val.col, fmt.Sprintf("字段 %s 应为文字，这里是%s", k.key, k.val.describe()),
			fmt.Sprintf("写成 %s: 文字", k.key), fmt.Sprintf("%s must be a string", k.key))
		return ""
	}
	return strings.TrimSpace(k.val.text)
}

// num returns a number field; absent and null give the zero Number.
func (v *validator) num(k *keyed) Number {
	if k == nil || k.val.kind == nullNode {
		return Number{}
	}
	text := strings.TrimSpace(k.val.text)
	if k.val.kind == scalarNode && text == "" {
		return Number{}
	}
	if k.val.kind == scalarNode {
		if n, ok := parseNumber(text); ok {
			return n
		}
	}
	shown := text
	if k.val.kind != scalarNode && k.val.kind != otherNode {
		shown = k.val.describe()
	}
	v.add(k.val.line, k.val.col, fmt.Sprintf("字段 %s 的取值 “%s” 不是数字", k.key, shown),
		"写成普通数字，例如 391.38 或 -1.2；不要加单位、千分位逗号、“约”等文字（说明写在 note 里）",
		fmt.Sprintf("%s: %q is not a plain decimal number", k.key, text))
	return Number{}
}

func (v *validator) status(k *keyed) string {
	s := v.str(k)
	if s != "" && !slices.Contains(Statuses, s) {
		v.add(k.val.line, k.val.col, fmt.Sprintf("不认识的状态 “%s”", s), "status 只能是 "+strings.Join(Statuses, "、")+" 之一",
			fmt.Sprintf("unknown status %q", s))
		return ""
	}
	return s
}

func (v *validator) period(k *keyed) string {
	p := v.str(k)
	if p != "" && !ValidPeriod(p) {
		fix := `写成 "2024"（年）、"2024Q1"（季度）、"2024H1"（半年）或 "2024-06"（月）`
		if len(p) >= 4 && ValidPeriod(strings.TrimSuffix(p, "年")) {
			fix = fmt.Sprintf(`写成 "%s"，不要加“年”字`, strings.TrimSuffix(p, "年"))
		}
		v.add(k.val.line, k.val.col, fmt.Sprintf("时期 “%s” 格式不对", p), fix,
			fmt.Sprintf("malformed period %q", p))
		return ""
	}
	return p
}

func (v *validator) document(root *node) []*Indicator {
	if root == nil || root.kind != mapNode {
		line, col := 1, 1
		if root != nil {
			line, col = root.line, root.col
		}
		v.add(line, col, "数据文件的顶层应为键值对，包含 source 和 indicators", "参照 docs 中的示例：source: …，indicators: 列表",
			"top level must be a mapping with source and indicators")
		return nil
	}
	f := v.fields(root, fileKeys, "文件顶层")
	source := v.str(f["source"])
	group := v.str(f["group"])
	list := f["indicators"]
	if list == nil {
		v.add(root.line, root.col, "数据文件缺少 indicators 列表", "加上 indicators: 并在下面逐条列出指标",
			"missing indicators list")
		return nil
	}
	if list.val.kind == nullNode {
		return nil
	}
	if list.val.kind != listNode {
		v.add(list.val.line, list.val.col, "indicators 应为列表", "每个指标前加 “- ”，例如 - id: gdp-2024",
			"indicators must be a list")
		return nil
	}
	var out []*Indicator
	for _, item := range list.val.items {
		if ind := v.indicator(item, source, group); ind != nil {
			out = append(out, ind)
		}
	}
	return out
}

func (v *validator) indicator(m *node, fileSource, fileGroup string) *Indicator {
	if m.kind != mapNode {
		v.add(m.line, m.col, "indicators 中的每一项应为键值对（id、name、value…）", "参照示例写成 - id: gdp-2024 换行 name: …",
			"indicator must be a mapping")
		return nil
	}
	before := len(v.errs)
	f := v.fields(m, indicatorKeys, "指标")
	ind := &Indicator{
		ID:     v.str(f["id"]),
		Name:   v.str(f["name"]),
		Period: v.period(f["period"]),
		Value:  v.num(f["value"]),
		Unit:   v.str(f["unit"]),
		Growth: v.num(f["growth"]),
		Basis:  v.str(f["basis"]),
		Status: v.status(f["status"]),
		Note:   v.str(f["note"]),
		Source: v.str(f["source"]),
		Group:  v.str(f["group"]),
		File:   v.file,
		Line:   m.line,
		Col:    m.col,
	}
	if ind.Source == "" {
		ind.Source = fileSource
	}
	ind.SourceURL = v.str(f["sourceUrl"])
	if ind.Group == "" {
		ind.Group = fileGroup
	}
	label := "指标"
	if ind.ID != "" {
		label = fmt.Sprintf("指标 %s", ind.ID)
	}
	v.derived(f, label)
	if k := f["id"]; k != nil && ind.ID != "" && !idRE.MatchString(ind.ID) {
		v.add(k.val.line, k.val.col, fmt.Sprintf("指标 id “%s” 不合规", ind.ID),
			"id 只用小写英文字母、数字、-、_ 和 .，例如 gdp-2024", fmt.Sprintf("invalid id %q", ind.ID))
	}
	if s := f["series"]; s != nil && s.val.kind != nullNode {
		ind.Series = v.series(s, label)
	}
	// A figure is kept once: a series point may not repeat the indicator's own period.
	if given(f["period"]) && given(f["value"]) {
		for _, p := range ind.Series {
			if p.Period == ind.Period {
				v.add(p.Line, p.Col, fmt.Sprintf("%s 的 series 重复写了本期（%s）的数值", label, ind.Period),
					"删去 series 中这一项：本期的 value、growth 已写在指标上方，series 只写其他时期",
					fmt.Sprintf("series repeats the indicator's own period %q", ind.Period))
			}
		}
	}
	if n := len(ind.Series); n > 0 && !given(f["period"]) && !given(f["value"]) {
		last := ind.Series[n-1]
		ind.Period, ind.Value = last.Period, last.Value
		if !given(f["growth"]) {
			ind.Growth = last.Growth
		}
		if !given(f["status"]) {
			ind.Status = last.Status
		}
	}
	missing := func(key, fix, what string) {
		v.add(m.line, m.col, fmt.Sprintf("%s缺少 %s（%s）", label, key, what), fix,
			fmt.Sprintf("indicator is missing %s", key))
	}
	if !given(f["id"]) {
		missing("id", "加上 id: 例如 gdp-2024", "唯一标识")
	}
	if !given(f["name"]) {
		missing("name", "加上 name: 指标名称，例如 地区生产总值", "名称")
	}
	if ind.Period == "" && !given(f["period"]) && !given(f["series"]) {
		missing("period", `加上 period: "2024"`, "时期")
	}
	if !ind.Value.IsSet() && !given(f["value"]) && !given(f["series"]) {
		missing("value", "加上 value: 数值，例如 391.38；或写 series", "数值")
	}
	if ind.Unit == "" && !given(f["unit"]) {
		missing("unit", "加上 unit: 单位，例如 亿元、万人次、%", "单位")
	}
	if ind.Source == "" && (!given(f["source"])) {
		missing("source", "在文件开头写 source: 来源，或给这个指标写 source:", "来源")
	}
	if len(v.errs) > before {
		return nil
	}
	return ind
}

// given reports whether a field is present with a non-empty value.
func given(k *keyed) bool {
	if k == nil || k.val.kind == nullNode {
		return false
	}
	return k.val.kind != scalarNode || strings.TrimSpace(k.val.text) != ""
}

func (v *validator) series(k *keyed, label string) []Point {
	if k.val.kind != listNode {
		v.add(k.val.line, k.val.col, label+" 的 series 应为列表", `写成 series: 换行 - {period: "2023", value: 366.5}`,
			"series must be a list")
		return nil
	}
	var out []Point
	seen := map[string]bool{}
	for _, item := range k.val.items {
		if item.kind != mapNode {
			v.add(item.line, item.col, label+" 的 series 每一项应为键值对", `写成 - {period: "2023", value: 366.5, growth: 5.1}`,
				"series point must be a mapping")
			continue
		}
		f := v.fields(item, pointKeys, "series 数据点")
		p := Point{
			Period: v.period(f["period"]),
			Value:  v.num(f["value"]),
			Growth: v.num(f["growth"]),
			Status: v.status(f["status"]),
			Note:   v.str(f["note"]),
			Source: v.str(f["source"]),
			Line:   item.line,
			Col:    item.col,
		}
		v.derived(f, label+" 的 series 数据点")
		if !given(f["period"]) {
			v.add(item.line, item.col, label+" 的 series 数据点缺少 period", `加上 period: "2023"`, "series point is missing period")
			continue
		}
		if !given(f["value"]) {
			v.add(item.line, item.col, label+" 的 series 数据点缺少 value", "加上 value: 数值", "series point is missing value")
			continue
		}
		if p.Period != "" && seen[p.Period] {
			v.add(item.line, item.col, fmt.Sprintf("%s 的 series 中时期 %s 重复", label, p.Period), "每个时期只写一次",
				fmt.Sprintf("duplicate series period %q", p.Period))
			continue
		}
		seen[p.Period] = true
		out = append(out, p)
	}
	return out
}

// Derived is the status of a value computed rather than published (推算).
const Derived = "推算"

// derived refuses a value marked 推算 (an estimate, or a figure worked out
// from published ones) unless the value itself names where it was published:
// a sourceUrl (http or https) or a source naming a document (《…》). The
// file's source does not count: it is the report the other values come from,
// which by definition did not publish this one. The error is at the status.
func (v *validator) derived(f map[string]*keyed, label string) {
	k := f["status"]
	if k == nil || k.val.kind != scalarNode || strings.TrimSpace(k.val.text) != Derived {
		return
	}
	if PublishedSource(v.strQuiet(f["source"]), v.strQuiet(f["sourceUrl"])) {
		return
	}
	v.add(k.val.line, k.val.col, fmt.Sprintf("%s 是推算值（status: 推算），没有注明公布它的来源；未经公布的推算数不得发布", label),
		"删去这个数值，或在同一处写明公布它的文件：source: 《文件名》或 sourceUrl: https://…（统计部门等公布该数值的地址）",
		"a derived value (status 推算) must name its published source: source with 《document》 or sourceUrl")
}

// strQuiet is str without reporting a wrong type (str reports it once).
func (v *validator) strQuiet(k *keyed) string {
	if k == nil || k.val.kind != scalarNode {
		return ""
	}
	return strings.TrimSpace(k.val.text)
}

// PublishedSource reports whether source or sourceURL names a published
// document: an http(s) address, or a document name in 《》.
func PublishedSource(source, sourceURL string) bool {
	u := strings.ToLower(sourceURL)
	if (strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")) && len(u) > len("https://") {
		return true
	}
	i := strings.Index(source, "《")
	return i >= 0 && strings.Index(source[i:], "》") > len("《")
}
