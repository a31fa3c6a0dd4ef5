// Package chart draws accessible SVG charts at build time, with no JavaScript.
//
// Every chart is an <svg role="img"> labelled by its <title> (the chart's
// message) and <desc> (its key numbers); all drawn text is aria-hidden because
// the title, the description and the data table beside the chart carry the
// same information. Values are labelled directly on bars and points, target
// and estimated figures are hatched as well as labelled, so colour is never the
// only cue. Colours have at least 3:1 contrast against white and every shape
// has a dark outline, so charts survive greyscale printing. The drawing is 320
// units wide with 14-unit text. The page's stylesheet sizes the <svg> in rem
// (width = 320/14 of the chart's text size), so drawn text keeps a fixed ratio
// to the body text, grows with the 适老化 toolbar's sizes, and is only scaled
// down where the screen is narrower than the chart. Long labels wrap onto as
// many lines as they need, never cut.
//
// Output depends only on the Chart value: ids inside the SVG derive from
// Chart.ID, and numbers drawn are the texts given, never re-formatted.
package chart

import (
	"fmt"
	"html"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Type is a kind of chart.
type Type string

// The chart types.
const (
	Bar      Type = "bar"      // vertical bars, one per point
	HBar     Type = "hbar"     // horizontal bars: best for long Chinese names
	Line     Type = "line"     // one or more series over periods
	Combo    Type = "combo"    // bars for the level plus a line for growth (%)
	Progress Type = "progress" // actual against target, one row per point
)

// Types lists the valid chart types, in documentation order.
func Types() []Type { return []Type{Bar, HBar, Line, Combo, Progress} }

// Valid reports whether t is a known chart type.
func (t Type) Valid() bool { return slices.Contains(Types(), t) }

// Point is one value to draw.
type Point struct {
	Label string  // category or period label shown on the axis
	Value float64 // position
	Text  string  // the number as published, e.g. "391.38": drawn verbatim
	Note  string  // status to show with it, e.g. "推算" or "目标" (drawn hatched)
}

// Series is a named run of points with one unit.
type Series struct {
	Name   string
	Unit   string // "亿元", "%", ...
	Points []Point
}

// Chart describes one chart.
//
//   - Bar, HBar: Series[0] holds one point per bar.
//   - Line: one or more series over the same labels (periods).
//   - Combo: Series[0] is drawn as bars, Series[1] (normally growth in %) as a
//     line above them; both share the labels of Series[0].
//   - Progress: Series[0] holds the actual values and Targets the target of
//     each (same order). A target with empty Text is "no target"; when
//     Series[0].Unit is "%" and Targets is nil, each target is 100%.
type Chart struct {
	Type     Type
	ID       string // unique on the page; element ids are ID+"-title" etc.
	Title    string // the chart's message, e.g. 2024年地区生产总值增长6.7%
	Subtitle string // measure, area and period
	Series   []Series
	Targets  []Point
}

// Colours used for data; each has at least 3:1 contrast against white.
var Palette = []string{"#1f5a96", "#b34a0e", "#2b7339", "#6b3fa0"}

const (
	width    = 320.0
	fontSize = 14.0
	ink      = "#1a1a1a" // text and outlines
	gridInk  = "#b0b0b0"
)

var dashes = []string{"", "7 4", "2 3", "10 3 2 3"}

// Render draws the chart as a standalone <svg> element.
func Render(c Chart) ([]byte, error) {
	if !c.Type.Valid() {
		return nil, fmt.Errorf("chart: unknown type %q", c.Type)
	}
	if c.ID == "" {
		return nil, fmt.Errorf("chart: empty ID")
	}
	need := 1
	if c.Type == Combo {
		need = 2
	}
	if len(c.Series) < need {
		return nil, fmt.Errorf("chart: %s needs %d series, got %d", c.Type, need, len(c.Series))
	}
	for _, s := range c.Series {
		if len(s.Points) == 0 {
			return nil, fmt.Errorf("chart: series %q has no points", s.Name)
		}
		for _, p := range s.Points {
			if math.IsNaN(p.Value) || math.IsInf(p.Value, 0) {
				return nil, fmt.Errorf("chart: point %q is not a finite number", p.Label)
			}
		}
	}
	if c.Type == Progress && c.Targets != nil && len(c.Targets) != len(c.Series[0].Points) {
		return nil, fmt.Errorf("chart: %d targets for %d points", len(c.Targets), len(c.Series[0].Points))
	}
	d := &drawing{c: c}
	switch c.Type {
	case Bar:
		d.bar()
	case HBar:
		d.hbar()
	case Line:
		d.line()
	case Combo:
		d.combo()
	case Progress:
		d.progress()
	}
	return d.finish(), nil
}

// drawing accumulates the body of an SVG.
type drawing struct {
	c      Chart
	height float64
	hatch  []string // colours needing a hatch pattern
	body   strings.Builder
}

func (d *drawing) id(suffix string) string { return d.c.ID + "-" + suffix }

func (d *drawing) finish() []byte {
	var b strings.Builder
	h := num(math.Ceil(d.height))
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-%s" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-labelledby="%s %s" font-family="sans-serif" font-size="%s" style="max-width:100%%;height:auto">`,
		d.c.Type, num(width), h, num(width), h, d.id("title"), d.id("desc"), num(fontSize))
	fmt.Fprintf(&b, "\n<title id=\"%s\">%s</title>\n<desc id=\"%s\">%s</desc>\n", d.id("title"), esc(d.c.Title), d.id("desc"), esc(Describe(d.c)))
	if len(d.hatch) > 0 {
		b.WriteString("<defs>")
		for i, col := range d.hatch {
			fmt.Fprintf(&b, `<pattern id="%s" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><rect width="3" height="6" fill="%s"/></pattern>`,
				d.id(fmt.Sprintf("hatch%d", i)), col)
		}
		b.WriteString("</defs>\n")
	}
	b.WriteString(d.body.String())
	b.WriteString("</svg>\n")
	return []byte(b.String())
}

// fill returns the fill for a data shape: the colour, or a hatch of it for
// points with a note (targets and estimates).
func (d *drawing) fill(col, note string) string {
	if note == "" {
		return col
	}
	i := slices.Index(d.hatch, col)
	if i < 0 {
		d.hatch = append(d.hatch, col)
		i = len(d.hatch) - 1
	}
	return "url(#" + d.id(fmt.Sprintf("hatch%d", i)) + ")"
}

func (d *drawing) printf(format string, args ...any) { fmt.Fprintf(&d.body, format, args...) }

// text writes an aria-hidden text element; lines are stacked downward from y.
func (d *drawing) text(x, y float64, anchor string, lines []string, extra string) {
	if len(lines) == 0 {
		return
	}
	d.printf(`<text x="%s" y="%s" text-anchor="%s" fill="%s" aria-hidden="true"%s>`, num(x), num(y), anchor, ink, extra)
	for i, l := range lines {
		if i == 0 {
			d.printf("%s", esc(l))
			continue
		}
		d.printf(`<tspan x="%s" dy="1.2em">%s</tspan>`, num(x), esc(l))
	}
	d.printf("</text>\n")
}

// Describe returns the chart's key numbers in Chinese, as used for <desc>:
// the subtitle, then each series with every label and number as published.
func Describe(c Chart) string {
	var b strings.Builder
	if c.Subtitle != "" {
		b.WriteString(c.Subtitle)
		b.WriteString("。")
	}
	for i, s := range c.Series {
		if c.Type == Progress && i > 0 {
			break
		}
		if s.Name != "" {
			b.WriteString(s.Name)
			b.WriteString("：")
		}
		for j, p := range s.Points {
			if j > 0 {
				b.WriteString("，")
			}
			b.WriteString(p.Label)
			b.WriteString(" ")
			b.WriteString(withUnit(p.Text, s.Unit))
			if p.Note != "" {
				b.WriteString("（" + p.Note + "）")
			}
			if c.Type == Progress {
				if t, ok := target(c, j); ok && t.Text != "" {
					b.WriteString("，目标 " + withUnit(t.Text, s.Unit))
					if t.Note != "" && t.Note != "目标" {
						b.WriteString("（" + t.Note + "）")
					}
				}
			}
		}
		b.WriteString("。")
	}
	return b.String()
}

// target returns the target of point j of a progress chart.
func target(c Chart, j int) (Point, bool) {
	if c.Targets != nil {
		return c.Targets[j], c.Targets[j].Text != ""
	}
	if c.Series[0].Unit == "%" {
		return Point{Value: 100, Text: "100"}, true
	}
	return Point{}, false
}

// withUnit appends the unit to a number: "6.7%", "391.38亿元".
func withUnit(text, unit string) string { return text + unit }

func esc(s string) string { return html.EscapeString(s) }

// num formats a coordinate with at most one decimal.
func num(f float64) string {
	f = math.Round(f*10) / 10
	if f == 0 {
		f = 0 // no "-0"
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// textWidth estimates the drawn width of s in pixels: CJK and full-width
// characters take a full em, others about 0.6 em.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r >= 0x2E80 || (r >= 0xFF00 && r <= 0xFFEF) {
			w += fontSize
		} else {
			w += fontSize * 0.6
		}
	}
	return w
}

// wrap breaks s into lines no wider than maxW (drawn as <tspan> lines), as
// many as it takes: a cut label ("…") hides the very words that tell two
// bars apart. Chinese breaks between any two characters; a run of Latin
// letters or digits is kept whole when it fits on a line.
func wrap(s string, maxW float64) []string {
	var lines []string
	var cur []rune
	runes := []rune(s)
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		if textWidth(string(append(cur, r))) > maxW && len(cur) > 0 {
			// Move a word that started on this line to the next one.
			j := len(cur)
			for j > 0 && isWordRune(cur[j-1]) && isWordRune(r) {
				j--
			}
			if j == 0 || textWidth(string(cur[j:])+string(r)) > maxW {
				j = len(cur)
			}
			lines = append(lines, strings.TrimRight(string(cur[:j]), " "))
			cur = append([]rune(nil), cur[j:]...)
			if len(cur) == 0 && r == ' ' {
				continue
			}
		}
		cur = append(cur, r)
	}
	if len(cur) > 0 {
		lines = append(lines, string(cur))
	}
	return lines
}

// scale maps values in [lo, hi] to pixels in [p0, p1].
type scale struct{ lo, hi, p0, p1 float64 }

func (s scale) at(v float64) float64 {
	if s.hi == s.lo {
		return (s.p0 + s.p1) / 2
	}
	return s.p0 + (v-s.lo)/(s.hi-s.lo)*(s.p1-s.p0)
}

// extent returns the range of values including zero (for bars).
func extent(pts []Point, withZero bool) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	if withZero {
		lo, hi = 0, 0
	}
	for _, p := range pts {
		lo, hi = math.Min(lo, p.Value), math.Max(hi, p.Value)
	}
	if lo == hi {
		if lo == 0 {
			hi = 1
		} else if withZero {
			// all bars zero-based already
		} else {
			lo, hi = lo-math.Abs(lo)*0.1-1, hi+math.Abs(hi)*0.1+1
		}
	}
	return lo, hi
}

// niceTicks returns about n round tick values covering [lo, hi].
func niceTicks(lo, hi float64, n int) []float64 {
	span := hi - lo
	if span <= 0 {
		return []float64{lo}
	}
	raw := span / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	var out []float64
	for v := math.Floor(lo/step) * step; len(out) < 2*n+4; v += step {
		out = append(out, math.Round(v/step)*step)
		if v >= hi-step*1e-9 {
			break
		}
	}
	return out
}

func tickText(v float64) string {
	return strconv.FormatFloat(math.Round(v*1e6)/1e6, 'f', -1, 64)
}

func isWordRune(r rune) bool {
	return r < 0x2E80 && r != ' ' && r != ',' && r != '/' && r != '-'
}

// unitNote draws "单位：亿元" in the top-left corner, unless the subtitle
// printed above the chart already names the unit: once is enough.
func (d *drawing) unitNote(x, y float64, anchor string, unit string) {
	if unit == "" || strings.Contains(d.c.Subtitle, unit) {
		return
	}
	d.text(x, y, anchor, []string{"单位：" + unit}, ` font-size="12"`)
}

// valueLabel is the text drawn by a bar or point: the number, "%" directly
// after it for percentages (other units are in the unit note).
func valueLabel(p Point, unit string) string {
	if unit == "%" {
		return p.Text + "%"
	}
	return p.Text
}
