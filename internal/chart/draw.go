package chart

import (
	"fmt"
	"math"
)

const lineH = fontSize * 1.2 // height of one line of text

func maxLines(ls [][]string) int {
	m := 1
	for _, l := range ls {
		m = max(m, len(l))
	}
	return m
}

func (d *drawing) rect(x, y, w, h float64, fill string) {
	d.printf(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s" stroke-width="1"/>`+"\n",
		num(x), num(y), num(math.Max(w, 0)), num(math.Max(h, 0)), fill, ink)
}

func (d *drawing) hline(x0, x1, y float64, stroke string) {
	d.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1"/>`+"\n", num(x0), num(y), num(x1), num(y), stroke)
}

// categoryLabels draws wrapped labels centred under each slot and returns the
// y just below them.
func (d *drawing) categoryLabels(xs []float64, slot float64, labels []string, y float64) float64 {
	wrapped := make([][]string, len(labels))
	for i, l := range labels {
		wrapped[i] = wrap(l, math.Max(slot-6, fontSize*2))
	}
	d.printf(`<g class="axis" aria-hidden="true">` + "\n")
	for i, w := range wrapped {
		d.text(xs[i], y, "middle", w, "")
	}
	d.printf("</g>\n")
	return y + float64(maxLines(wrapped)-1)*lineH + 8
}

func (d *drawing) bar() {
	s := d.c.Series[0]
	pts := s.Points
	const left, right, plotH = 8.0, 8.0, 170.0
	top := 20.0 + 2*lineH + 4 // unit note, note line, value line
	slot := (width - left - right) / float64(len(pts))
	bw := math.Min(48, slot*0.62)
	lo, hi := extent(pts, true)
	sc := scale{lo, hi, top + plotH, top}
	zero := sc.at(0)
	if s.Unit != "%" {
		d.unitNote(left, 16, "start", s.Unit)
	}
	xs := make([]float64, len(pts))
	labels := make([]string, len(pts))
	d.printf(`<g class="bars">` + "\n")
	for i, p := range pts {
		x := left + slot*float64(i) + slot/2
		xs[i], labels[i] = x, p.Label
		y := sc.at(p.Value)
		d.rect(x-bw/2, math.Min(y, zero), bw, math.Abs(zero-y), d.fill(Palette[0], p.Note))
	}
	d.printf("</g>\n")
	d.printf(`<g class="values" aria-hidden="true" font-weight="bold">` + "\n")
	for i, p := range pts {
		y := sc.at(p.Value)
		lines := []string{valueLabel(p, s.Unit)}
		if p.Note != "" {
			lines = append([]string{"（" + p.Note + "）"}, lines...)
		}
		if p.Value >= 0 {
			d.text(xs[i], y-6-float64(len(lines)-1)*lineH, "middle", lines, "")
		} else {
			d.text(xs[i], y+lineH, "middle", lines, "")
		}
	}
	d.printf("</g>\n")
	d.hline(left, width-right, zero, ink)
	bottom := top + plotH
	if lo < 0 {
		bottom += 2*lineH + 4
	}
	d.height = d.categoryLabels(xs, slot, labels, bottom+lineH+2)
}

func (d *drawing) hbar() {
	s := d.c.Series[0]
	pts := s.Points
	const labelW, rowH, barH, valueRoom = 96.0, 40.0, 22.0, 84.0
	top := 26.0
	x0 := labelW + 10
	lo, hi := extent(pts, true)
	sc := scale{lo, hi, x0, width - valueRoom}
	zero := sc.at(0)
	if s.Unit != "%" {
		d.unitNote(width-4, 16, "end", s.Unit)
	}
	// A row is as tall as its label needs.
	labels := make([][]string, len(pts))
	cys := make([]float64, len(pts))
	y := top
	for i, p := range pts {
		labels[i] = wrap(p.Label, labelW)
		h := math.Max(rowH, float64(len(labels[i]))*lineH+10)
		cys[i] = y + h/2
		y += h
	}
	bottom := y
	d.printf(`<g class="axis" aria-hidden="true">` + "\n")
	for i, lines := range labels {
		d.text(labelW, cys[i]+5-float64(len(lines)-1)*lineH/2, "end", lines, "")
	}
	d.printf("</g>\n")
	d.printf(`<g class="bars">` + "\n")
	for i, p := range pts {
		x := sc.at(p.Value)
		d.rect(math.Min(x, zero), cys[i]-barH/2, math.Abs(x-zero), barH, d.fill(Palette[0], p.Note))
	}
	d.printf("</g>\n")
	d.printf(`<g class="values" aria-hidden="true" font-weight="bold">` + "\n")
	for i, p := range pts {
		label := valueLabel(p, s.Unit)
		if p.Note != "" {
			label += "（" + p.Note + "）"
		}
		x := math.Max(sc.at(p.Value), zero)
		d.text(x+5, cys[i]+5, "start", []string{label}, "")
	}
	d.printf("</g>\n")
	d.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1"/>`+"\n", num(zero), num(top-2), num(zero), num(bottom+2), ink)
	d.height = bottom + 10
}

// labelsOf returns the union of the series' labels in order of appearance.
func labelsOf(ss []Series) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		for _, p := range s.Points {
			if !seen[p.Label] {
				seen[p.Label] = true
				out = append(out, p.Label)
			}
		}
	}
	return out
}

// marker draws the i-th series' marker shape at (x, y); hollow for noted points.
func (d *drawing) marker(i int, x, y float64, col string, hollow bool) {
	fill := col
	if hollow {
		fill = "#fff"
	}
	const r = 4.5
	switch i % 4 {
	case 0:
		d.printf(`<circle cx="%s" cy="%s" r="%s" fill="%s" stroke="%s" stroke-width="1.5"/>`+"\n", num(x), num(y), num(r), fill, ink)
	case 1:
		d.printf(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s" stroke-width="1.5"/>`+"\n", num(x-r), num(y-r), num(2*r), num(2*r), fill, ink)
	case 2:
		d.printf(`<path d="M%s %sL%s %sL%s %sZ" fill="%s" stroke="%s" stroke-width="1.5"/>`+"\n",
			num(x), num(y-r-1), num(x+r+1), num(y+r), num(x-r-1), num(y+r), fill, ink)
	default:
		d.printf(`<path d="M%s %sL%s %sL%s %sL%s %sZ" fill="%s" stroke="%s" stroke-width="1.5"/>`+"\n",
			num(x), num(y-r-1), num(x+r+1), num(y), num(x), num(y+r+1), num(x-r-1), num(y), fill, ink)
	}
}

// legend draws one row per entry: a sample (bar swatch or line with marker)
// and the name. It returns the y below it.
func (d *drawing) legend(y float64, entries []legendEntry) float64 {
	d.printf(`<g class="legend" aria-hidden="true">` + "\n")
	for _, e := range entries {
		if e.bar {
			d.rect(8, y-11, 18, 12, e.colour)
		} else {
			d.printf(`<line x1="4" y1="%s" x2="30" y2="%s" stroke="%s" stroke-width="2.5" stroke-dasharray="%s"/>`+"\n", num(y-5), num(y-5), e.colour, e.dash)
			d.marker(e.index, 17, y-5, e.colour, false)
		}
		lines := wrap(e.name, width-44)
		d.text(36, y, "start", lines, "")
		y += float64(len(lines))*lineH + 4
	}
	d.printf("</g>\n")
	return y
}

type legendEntry struct {
	name   string
	colour string
	dash   string
	index  int
	bar    bool
}

// polyline draws one series as a line with markers and value labels, using
// the given x position per label and vertical scale.
func (d *drawing) polyline(i int, s Series, xOf map[string]float64, sc scale, labelBelow bool) {
	col := Palette[i%len(Palette)]
	var path string
	for j, p := range s.Points {
		cmd := "L"
		if j == 0 {
			cmd = "M"
		}
		path += fmt.Sprintf("%s%s %s", cmd, num(xOf[p.Label]), num(sc.at(p.Value)))
	}
	dash := ""
	if dd := dashes[i%len(dashes)]; dd != "" {
		dash = fmt.Sprintf(` stroke-dasharray="%s"`, dd)
	}
	d.printf(`<g class="series series-%d">`+"\n", i)
	d.printf(`<path d="%s" fill="none" stroke="%s" stroke-width="2.5"%s/>`+"\n", path, col, dash)
	for _, p := range s.Points {
		d.marker(i, xOf[p.Label], sc.at(p.Value), col, p.Note != "")
	}
	d.printf("</g>\n")
	d.printf(`<g class="values" aria-hidden="true" font-weight="bold" font-size="13">` + "\n")
	for _, p := range s.Points {
		label := valueLabel(p, s.Unit)
		if p.Note != "" {
			label += "（" + p.Note + "）"
		}
		y := sc.at(p.Value) - 9
		if labelBelow {
			y = sc.at(p.Value) + 20
		}
		d.text(xOf[p.Label], y, "middle", []string{label}, "")
	}
	d.printf("</g>\n")
}

func slots(n int, left, right float64) ([]float64, float64) {
	slot := (width - left - right) / float64(n)
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = left + slot*float64(i) + slot/2
	}
	return xs, slot
}

func (d *drawing) line() {
	ss := d.c.Series
	y := 16.0
	unit := ss[0].Unit
	if unit != "%" {
		d.unitNote(8, y, "start", unit)
		y += lineH + 4
	}
	if len(ss) > 1 {
		var es []legendEntry
		for i, s := range ss {
			es = append(es, legendEntry{name: s.Name, colour: Palette[i%len(Palette)], dash: dashes[i%len(dashes)], index: i})
		}
		y = d.legend(y+4, es)
	}
	const left, right, plotH = 44.0, 24.0, 170.0
	top := y + lineH + 6
	var all []Point
	for _, s := range ss {
		all = append(all, s.Points...)
	}
	lo, hi := extent(all, false)
	ticks := niceTicks(lo, hi, 4)
	lo, hi = math.Min(lo, ticks[0]), math.Max(hi, ticks[len(ticks)-1])
	// the lowest tick sits above the plot's bottom edge, leaving room for
	// the labels drawn under the second series' points
	sc := scale{lo, hi, top + plotH - 24, top}
	d.printf(`<g class="grid" aria-hidden="true" font-size="12">` + "\n")
	for _, t := range ticks {
		ty := sc.at(t)
		d.hline(left, width-right, ty, gridInk)
		d.text(left-6, ty+4, "end", []string{tickText(t)}, "")
	}
	d.printf("</g>\n")
	labels := labelsOf(ss)
	xs, slot := slots(len(labels), left, right)
	xOf := map[string]float64{}
	for i, l := range labels {
		xOf[l] = xs[i]
	}
	for i, s := range ss {
		d.polyline(i, s, xOf, sc, i == 1)
	}
	d.height = d.categoryLabels(xs, slot, labels, top+plotH+lineH)
}

func (d *drawing) combo() {
	bars, growth := d.c.Series[0], d.c.Series[1]
	es := []legendEntry{
		{name: nameUnit(bars), colour: Palette[0], bar: true},
		{name: nameUnit(growth), colour: Palette[1], dash: dashes[1], index: 1},
	}
	y := d.legend(18, es)
	const left, right = 8.0, 8.0
	lineTop := y + lineH + 4
	lineBottom := lineTop + 56
	barTop := lineBottom + 2*lineH + 10
	barBottom := barTop + 140
	labels := make([]string, len(bars.Points))
	for i, p := range bars.Points {
		labels[i] = p.Label
	}
	xs, slot := slots(len(labels), left, right)
	xOf := map[string]float64{}
	for i, l := range labels {
		xOf[l] = xs[i]
	}
	lo, hi := extent(bars.Points, true)
	bsc := scale{lo, hi, barBottom, barTop}
	zero := bsc.at(0)
	bw := math.Min(44, slot*0.6)
	d.printf(`<g class="bars">` + "\n")
	for i, p := range bars.Points {
		by := bsc.at(p.Value)
		d.rect(xs[i]-bw/2, math.Min(by, zero), bw, math.Abs(zero-by), d.fill(Palette[0], p.Note))
	}
	d.printf("</g>\n")
	d.printf(`<g class="values" aria-hidden="true" font-weight="bold" font-size="13">` + "\n")
	for i, p := range bars.Points {
		by := bsc.at(p.Value)
		label := valueLabel(p, bars.Unit)
		if p.Value >= 0 {
			d.text(xs[i], by-6, "middle", []string{label}, "")
		} else {
			d.text(xs[i], by+lineH, "middle", []string{label}, "")
		}
	}
	d.printf("</g>\n")
	d.hline(left, width-right, zero, ink)
	glo, ghi := extent(growth.Points, false)
	var gpts []Point
	for _, p := range growth.Points {
		if _, ok := xOf[p.Label]; ok {
			gpts = append(gpts, p)
		}
	}
	growth.Points = gpts
	d.polyline(1, growth, xOf, scale{glo, ghi, lineBottom, lineTop}, false)
	bottom := barBottom
	if lo < 0 {
		bottom += 2*lineH + 4
	}
	d.height = d.categoryLabels(xs, slot, labels, bottom+lineH+4)
}

func nameUnit(s Series) string {
	if s.Unit == "" {
		return s.Name
	}
	return s.Name + "（" + s.Unit + "）"
}

func (d *drawing) progress() {
	s := d.c.Series[0]
	pts := s.Points
	const labelW, rowH, barH, valueRoom = 96.0, 52.0, 20.0, 84.0
	top := 26.0
	x0 := labelW + 10
	all := append([]Point(nil), pts...)
	for j := range pts {
		if t, ok := target(d.c, j); ok {
			all = append(all, t)
		}
	}
	lo, hi := extent(all, true)
	sc := scale{lo, hi, x0, width - valueRoom}
	zero := sc.at(0)
	if s.Unit != "%" {
		d.unitNote(width-4, 16, "end", s.Unit)
	}
	// A row is as tall as its label needs; the label is centred on the bar.
	labels := make([][]string, len(pts))
	rowTop := make([]float64, len(pts)+1)
	rowTop[0] = top
	for j, p := range pts {
		labels[j] = wrap(p.Label, labelW)
		extra := math.Max(0, float64(len(labels[j])-1)*lineH-barH/2)
		rowTop[j] += extra / 2
		rowTop[j+1] = rowTop[j] + rowH + extra/2
	}
	d.printf(`<g class="axis" aria-hidden="true">` + "\n")
	for j, lines := range labels {
		cy := rowTop[j] + barH/2 + 4
		d.text(labelW, cy+5-float64(len(lines)-1)*lineH/2, "end", lines, "")
	}
	d.printf("</g>\n")
	d.printf(`<g class="bars">` + "\n")
	for j, p := range pts {
		by := rowTop[j] + 4
		x := sc.at(p.Value)
		d.rect(math.Min(x, zero), by, math.Abs(x-zero), barH, d.fill(Palette[0], p.Note))
	}
	d.printf("</g>\n")
	d.printf(`<g class="targets">` + "\n")
	for j := range pts {
		t, ok := target(d.c, j)
		if !ok {
			continue
		}
		by := rowTop[j] + 4
		tx := sc.at(t.Value)
		for _, st := range []struct {
			col string
			w   string
		}{{"#fff", "5"}, {ink, "2.5"}} {
			d.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"/>`+"\n",
				num(tx), num(by-4), num(tx), num(by+barH+6), st.col, st.w)
		}
	}
	d.printf("</g>\n")
	d.printf(`<g class="values" aria-hidden="true">` + "\n")
	for j, p := range pts {
		by := rowTop[j] + 4
		label := valueLabel(p, s.Unit)
		if p.Note != "" {
			label += "（" + p.Note + "）"
		}
		x := math.Max(sc.at(p.Value), zero)
		if t, ok := target(d.c, j); ok {
			x = math.Max(x, sc.at(t.Value))
			tl := "目标 " + valueLabel(t, s.Unit)
			if t.Note != "" && t.Note != "目标" {
				tl += "（" + t.Note + "）"
			}
			if d.c.Targets == nil {
				tl = "计划 100%"
			}
			tx := math.Min(math.Max(sc.at(t.Value), x0+textWidth(tl)/2), width-textWidth(tl)/2-2)
			d.text(tx, by+barH+6+lineH-2, "middle", []string{tl}, ` font-size="12"`)
		}
		d.text(x+6, by+barH/2+5, "start", []string{label}, ` font-weight="bold"`)
	}
	d.printf("</g>\n")
	bottom := rowTop[len(pts)]
	d.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1"/>`+"\n", num(zero), num(top-2), num(zero), num(rowTop[len(pts)-1]+barH+10), ink)
	d.height = bottom + 4
}
