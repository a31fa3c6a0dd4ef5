// Package figures expands the indicator shortcodes — indicator, indicators and
// chart — into HTML drawn from the seeds store, so that a figure in prose, in a
// table and in a chart always comes from the same line of a seeds file.
//
//	{{< indicator "gdp-2024" >}}                 391.38亿元，比上年增长6.7%
//	{{< indicator "gdp-2024" show="value" >}}    391.38亿元   (also "growth", "name")
//	{{< indicators ids="a,b" caption="…" >}}     a table (or group="tourism")
//	{{< chart ids="a,b" type="bar" measure="growth" title="…" subtitle="…" >}}
//
// Chart types are bar, hbar, line, combo and progress; measure is value (the
// default) or growth. A progress chart takes "actual:target" pairs
// (ids="invest-2024:invest-plan-2024"), or single ids of indicators in % that
// are measured against 100% (a completion rate). A combo chart draws the values
// as bars and the growth as a line, from one indicator with a series or from
// several indicators, one per period. A chart's files and element ids are named
// "chart-" plus a hash of its parameters, or "chart-<id>" with id="…".
package figures

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"html/template"
	"regexp"
	"slices"
	"sort"
	"strings"

	"hengdong/internal/diag"
	"hengdong/internal/seeds"
	"hengdong/internal/shortcode"
)

// Handlers returns the shortcode handlers backed by store, keyed by name.
func Handlers(store *seeds.Store) map[string]shortcode.Handler {
	f := &figures{store: store}
	return map[string]shortcode.Handler{
		"indicator":  f.indicator,
		"indicators": f.indicators,
		"chart":      f.chart,
	}
}

type figures struct {
	store *seeds.Store
}

// callError is an error positioned at the shortcode call.
func callError(p shortcode.Page, c shortcode.Call, msg, fix, detail string) *diag.Error {
	return diag.New(p.File, c.Line, c.Col, msg, fix, detail)
}

// checkParams rejects named parameters the shortcode does not know and a wrong
// number of positional arguments.
func checkParams(p shortcode.Page, c shortcode.Call, allowed []string, maxArgs int) error {
	keys := make([]string, 0, len(c.Params))
	for k := range c.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !slices.Contains(allowed, k) {
			return callError(p, c, fmt.Sprintf("短代码 %s 不认识参数 %s", c.Name, k),
				"可用的参数："+strings.Join(allowed, "、"), fmt.Sprintf("unknown parameter %q for %s", k, c.Name))
		}
	}
	if len(c.Args) > maxArgs {
		return callError(p, c, fmt.Sprintf("短代码 %s 的位置参数太多", c.Name),
			"多余的参数请删去，或写成 名称=\"取值\"", fmt.Sprintf("%s takes at most %d positional arguments, got %d", c.Name, maxArgs, len(c.Args)))
	}
	return nil
}

// lookup resolves an id, with a "did you mean" fix for unknown ones.
func (f *figures) lookup(p shortcode.Page, c shortcode.Call, id string) (*seeds.Indicator, error) {
	if ind, ok := f.store.Get(id); ok {
		return ind, nil
	}
	fix := "检查 id 的拼写，或在 seeds/ 的数据文件中加上这个指标"
	if s := f.store.Suggest(id); len(s) > 0 {
		fix = "是不是 " + strings.Join(s, "、") + "？" + fix
	}
	return nil, callError(p, c, fmt.Sprintf("找不到指标 “%s”", id), fix, fmt.Sprintf("unknown indicator id %q", id))
}

// splitIDs splits "a, b,c" into ids, dropping empty items.
func splitIDs(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

func esc(s string) string { return html.EscapeString(s) }

// marked reports whether a status is shown beside the figure.
func marked(status string) bool { return status == "推算" || status == "目标" }

// GrowthText returns the growth in the portal's wording without the basis:
// "增长6.7%" or, for a negative growth, "下降1.2%". Empty when unset.
func GrowthText(g seeds.Number) string {
	if !g.IsSet() {
		return ""
	}
	if g.Negative() {
		return "下降" + g.Abs() + "%"
	}
	return "增长" + g.Text + "%"
}

// Wording returns the indicator in the portal's wording, e.g.
// "391.38亿元，比上年增长6.7%", with "（推算）" or "（目标）" appended for
// those statuses. The basis defaults to 同比.
func Wording(ind *seeds.Indicator) string {
	s := ind.Value.Text + ind.Unit
	if g := GrowthText(ind.Growth); g != "" {
		basis := ind.Basis
		if basis == "" {
			basis = "同比"
		}
		s += "，" + basis + g
	}
	if marked(ind.Status) {
		s += "（" + ind.Status + "）"
	}
	return s
}

func (f *figures) indicator(p shortcode.Page, c shortcode.Call) (shortcode.Result, error) {
	if err := checkParams(p, c, []string{"id", "show"}, 1); err != nil {
		return shortcode.Result{}, err
	}
	id := c.Params["id"]
	if len(c.Args) == 1 {
		if id != "" {
			return shortcode.Result{}, callError(p, c, "指标 id 写了两次", `只写一处：{{< indicator "gdp-2024" >}}`, "id given both as argument and as id=")
		}
		id = c.Args[0]
	}
	if id == "" {
		return shortcode.Result{}, callError(p, c, "indicator 短代码缺少指标 id", `写成 {{< indicator "gdp-2024" >}}`, "missing indicator id")
	}
	ind, err := f.lookup(p, c, id)
	if err != nil {
		return shortcode.Result{}, err
	}
	value, text := ind.Value.Text, ""
	mark := ""
	if marked(ind.Status) {
		mark = "（" + ind.Status + "）"
	}
	switch show := c.Params["show"]; show {
	case "":
		text = Wording(ind)
	case "value":
		text = ind.Value.Text + ind.Unit + mark
	case "name":
		text = ind.Name + ind.Value.Text + ind.Unit + mark
	case "growth":
		if !ind.Growth.IsSet() {
			return shortcode.Result{}, callError(p, c, fmt.Sprintf("指标 %s 没有增速数据", id),
				"在数据文件中给它加上 growth，或去掉 show=\"growth\"", fmt.Sprintf("indicator %q has no growth", id))
		}
		value, text = ind.Growth.Text, GrowthText(ind.Growth)+mark
	default:
		return shortcode.Result{}, callError(p, c, fmt.Sprintf("show 的取值 “%s” 不对", show),
			"show 只能是 value（只显示数值）、growth（只显示增速）或 name（名称加数值），不写则显示数值和增速",
			fmt.Sprintf("unknown show %q", show))
	}
	h := fmt.Sprintf(`<data class="indicator" value="%s" title="%s">%s</data>`, esc(value), esc("来源："+ind.Source), esc(text))
	return shortcode.Result{HTML: template.HTML(h), Deps: []string{ind.ID}}, nil
}

// resolve returns the indicators named by ids= and group=.
func (f *figures) resolve(p shortcode.Page, c shortcode.Call) ([]*seeds.Indicator, error) {
	ids := splitIDs(c.Params["ids"])
	var out []*seeds.Indicator
	seen := map[string]bool{}
	for _, id := range ids {
		ind, err := f.lookup(p, c, id)
		if err != nil {
			return nil, err
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, ind)
		}
	}
	if g := c.Params["group"]; g != "" {
		inds := f.store.Group(g)
		if len(inds) == 0 {
			return nil, callError(p, c, fmt.Sprintf("没有属于 “%s” 的指标", g),
				"group 写数据文件中的 group 名称，或指标 id 的开头部分", fmt.Sprintf("group %q matches no indicator", g))
		}
		for _, ind := range inds {
			if !seen[ind.ID] {
				seen[ind.ID] = true
				out = append(out, ind)
			}
		}
	}
	if len(out) == 0 {
		return nil, callError(p, c, c.Name+" 短代码缺少 ids 或 group", `写成 ids="gdp-2024,invest-2024" 或 group="tourism"`,
			"missing ids or group")
	}
	return out, nil
}

func (f *figures) indicators(p shortcode.Page, c shortcode.Call) (shortcode.Result, error) {
	if err := checkParams(p, c, []string{"ids", "group", "caption"}, 0); err != nil {
		return shortcode.Result{}, err
	}
	inds, err := f.resolve(p, c)
	if err != nil {
		return shortcode.Result{}, err
	}
	caption := c.Params["caption"]
	if caption == "" {
		caption = "主要指标"
	}
	var b strings.Builder
	// A wide table scrolls sideways on a phone instead of squeezing its
	// numbers; the container is focusable so keyboard users can scroll it,
	// and a hint above it (shown on narrow screens, site.css) says that the
	// columns go on. On a wide screen the table takes the full content width.
	b.WriteString("<div class=\"table-wide\">\n<p class=\"scroll-hint\" aria-hidden=\"true\">表格较宽，左右滑动可查看数值、增速和来源</p>\n")
	fmt.Fprintf(&b, "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"%s（表格，可左右滚动）\">\n", esc(caption))
	fmt.Fprintf(&b, "<table class=\"indicators\">\n<caption>%s</caption>\n", esc(caption))
	b.WriteString(`<thead><tr><th scope="col">指标</th><th scope="col">时期</th><th scope="col">数值</th><th scope="col">单位</th><th scope="col">增速（%）</th><th scope="col">状态</th><th scope="col">来源</th></tr></thead>` + "\n<tbody>\n")
	var deps []string
	for _, ind := range inds {
		deps = append(deps, ind.ID)
		growth := "—"
		if ind.Growth.IsSet() {
			growth = esc(ind.Growth.Text)
			if ind.Basis != "" {
				growth += `<span class="basis">（` + esc(ind.Basis) + `）</span>`
			}
		}
		fmt.Fprintf(&b, `<tr><th scope="row">%s</th><td>%s</td><td class="num"><data value="%s">%s</data></td><td>%s</td><td class="num">%s</td><td>%s</td><td>%s</td></tr>`+"\n",
			esc(ind.Name), esc(ind.PeriodLabel()), esc(ind.Value.Text), esc(ind.Value.Text), esc(ind.Unit), growth, esc(dash(ind.Status)), esc(ind.Source))
	}
	b.WriteString("</tbody>\n</table>\n</div>\n</div>")
	return shortcode.Result{HTML: template.HTML(b.String()), Block: true, Deps: deps}, nil
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

var slugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// chartName returns the chart's name ("chart-…"): from id= or a hash of
// the parameters that define it.
func chartName(p shortcode.Page, c shortcode.Call) (string, error) {
	if id, ok := c.Params["id"]; ok {
		if !slugRE.MatchString(id) {
			return "", callError(p, c, fmt.Sprintf("图表 id “%s” 不合规", id), "id 只用小写英文字母、数字和 -，例如 id=\"gdp\"",
				fmt.Sprintf("invalid chart id %q", id))
		}
		return "chart-" + id, nil
	}
	keys := []string{"ids", "type", "measure", "title"}
	h := sha256.New()
	for _, k := range keys {
		fmt.Fprintf(h, "%s=%s\x00", k, c.Params[k])
	}
	return "chart-" + hex.EncodeToString(h.Sum(nil))[:8], nil
}
