package report

import (
	"fmt"
	"html"
	"math"
	"strings"
	"unicode/utf8"
)

// The plots of report.html are SVG written here rather than by a plotting
// library: they are few and simple (curves in the unit square, dot-and-
// whisker rows, bars), hand-written SVG is a few kilobytes a plot, uses
// the browser's fonts (so text is crisp and selectable), is stable byte for
// byte in golden files, and adds no dependency. Every plot draws its data
// inside <g class="data">, which the browser test measures.

const (
	plotWidth   = 520.0
	curveHeight = 360.0
	rowHeight   = 22.0
	charWidth   = 7.4 // width of a 12px sans-serif character, generous (DejaVu Sans is wide)
	maxCurvePts = 400 // points drawn per curve; report.json keeps them all
	maxLabelLen = 40
)

// svgFrame is an SVG being written with a plot area inside margins.
type svgFrame struct {
	b                        strings.Builder
	w, h                     float64
	left, right, top, bottom float64 // plot area in pixels
}

func newFrame(w, h, marginLeft float64, title string) *svgFrame {
	f := &svgFrame{w: w, h: h, left: marginLeft, right: w - 16, top: 12, bottom: h - 44}
	fmt.Fprintf(&f.b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-label="%s">`,
		px(w), px(h), px(w), px(h), esc(title))
	return f
}

func (f *svgFrame) end() string {
	f.b.WriteString(`</svg>`)
	return f.b.String()
}

// xAxis draws the horizontal axis with ticks, vertical grid lines and a label.
func (f *svgFrame) xAxis(sx linear, ticks []float64, label string) {
	f.b.WriteString(`<g class="axis x">`)
	for _, t := range ticks {
		x := px(sx.at(t))
		fmt.Fprintf(&f.b, `<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s"/>`, x, px(f.top), x, px(f.bottom))
		fmt.Fprintf(&f.b, `<text x="%s" y="%s" text-anchor="middle">%s</text>`, x, px(f.bottom+16), tickLabel(t, ticks))
	}
	fmt.Fprintf(&f.b, `<line class="frame" x1="%s" y1="%s" x2="%s" y2="%s"/>`, px(f.left), px(f.bottom), px(f.right), px(f.bottom))
	fmt.Fprintf(&f.b, `<text class="label" x="%s" y="%s" text-anchor="middle">%s</text>`, px((f.left+f.right)/2), px(f.h-8), esc(label))
	f.b.WriteString(`</g>`)
}

// yAxis draws the vertical numeric axis with ticks, grid lines and a label.
func (f *svgFrame) yAxis(sy linear, ticks []float64, label string) {
	f.b.WriteString(`<g class="axis y">`)
	for _, t := range ticks {
		y := px(sy.at(t))
		fmt.Fprintf(&f.b, `<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s"/>`, px(f.left), y, px(f.right), y)
		fmt.Fprintf(&f.b, `<text x="%s" y="%s" text-anchor="end" dominant-baseline="middle">%s</text>`, px(f.left-6), y, tickLabel(t, ticks))
	}
	fmt.Fprintf(&f.b, `<line class="frame" x1="%s" y1="%s" x2="%s" y2="%s"/>`, px(f.left), px(f.top), px(f.left), px(f.bottom))
	fmt.Fprintf(&f.b, `<text class="label" transform="translate(14 %s) rotate(-90)" text-anchor="middle">%s</text>`, px((f.top+f.bottom)/2), esc(label))
	f.b.WriteString(`</g>`)
}

// svgCurve draws a curve in the unit square (ROC, PR, calibration), with
// the diagonal as reference when diagonal is set and markers at the points
// when markers is set (calibration bins).
func svgCurve(xy XY, title, xLabel, yLabel string, diagonal, markers bool) string {
	// A square plot area: a unit of x looks as long as a unit of y.
	const left, side = 56.0, curveHeight - 12 - 44
	f := newFrame(left+side+16, curveHeight, left, title)
	_, _, ticks := niceTicks(0, 1, 5)
	sx := linear{0, 1, f.left, f.right}
	sy := linear{0, 1, f.bottom, f.top}
	f.xAxis(sx, ticks, xLabel)
	f.yAxis(sy, ticks, yLabel)
	if diagonal {
		fmt.Fprintf(&f.b, `<line class="ref" x1="%s" y1="%s" x2="%s" y2="%s"/>`, px(sx.at(0)), px(sy.at(0)), px(sx.at(1)), px(sy.at(1)))
	}
	f.b.WriteString(`<g class="data">`)
	var pts []string
	for _, i := range thin(len(xy.X), maxCurvePts) {
		x, y := xy.X[i], xy.Y[i]
		if !finite(x) || !finite(y) {
			continue
		}
		x, y = clamp01(x), clamp01(y)
		pts = append(pts, px(sx.at(x))+","+px(sy.at(y)))
	}
	if len(pts) > 0 {
		fmt.Fprintf(&f.b, `<polyline class="curve" points="%s"/>`, strings.Join(pts, " "))
	}
	if markers {
		for _, p := range pts {
			xy := strings.SplitN(p, ",", 2)
			fmt.Fprintf(&f.b, `<circle class="point" cx="%s" cy="%s" r="3"/>`, xy[0], xy[1])
		}
	}
	f.b.WriteString(`</g>`)
	return f.end()
}

// thin picks at most limit indices of n, evenly spaced, always the first and
// the last, so that a curve of a million points draws in a few hundred.
func thin(n, limit int) []int {
	if n <= limit {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	idx := make([]int, 0, limit)
	for k := 0; k < limit; k++ {
		idx = append(idx, int(math.Round(float64(k)*float64(n-1)/float64(limit-1))))
	}
	return idx
}

func clamp01(v float64) float64 { return math.Min(1, math.Max(0, v)) }

// intervalRow is one row of a dot-and-whisker plot.
type intervalRow struct {
	label    string
	value    float64
	interval *[2]float64
	mark     *float64 // a per-row threshold, drawn as a short dashed tick
	class    string   // pass, fail, better, worse, same: the dot's colour
}

// svgIntervals draws one row per item: a dot at the value, a whisker over
// its interval, a per-row threshold tick, and a vertical reference line at
// ref when ref is set (zero for deltas).
func svgIntervals(rows []intervalRow, title, xLabel string, ref *float64) string {
	lo, hi := math.Inf(1), math.Inf(-1)
	widen := func(v float64) {
		if finite(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	labelChars := 0
	for _, r := range rows {
		widen(r.value)
		if r.interval != nil {
			widen(r.interval[0])
			widen(r.interval[1])
		}
		if r.mark != nil {
			widen(*r.mark)
		}
		labelChars = max(labelChars, utf8.RuneCountInString(truncate(r.label, maxLabelLen)))
	}
	if ref != nil {
		widen(*ref)
	}
	if lo > hi {
		lo, hi = 0, 1
	}
	pad := (hi - lo) * 0.05
	lo, hi, ticks := niceTicks(lo-pad, hi+pad, 5)
	h := 12 + rowHeight*float64(len(rows)) + 8 + 44
	f := newFrame(plotWidth+float64(labelChars)*charWidth, h, 16+float64(labelChars)*charWidth, title)
	sx := linear{lo, hi, f.left, f.right}
	f.xAxis(sx, ticks, xLabel)
	rowY := func(i int) float64 { return f.top + 4 + rowHeight*(float64(i)+0.5) }
	for i, r := range rows {
		fmt.Fprintf(&f.b, `<text class="row" x="%s" y="%s" text-anchor="end" dominant-baseline="middle">%s</text>`,
			px(f.left-8), px(rowY(i)), esc(truncate(r.label, maxLabelLen)))
	}
	if ref != nil {
		fmt.Fprintf(&f.b, `<line class="ref zero" x1="%s" y1="%s" x2="%s" y2="%s"/>`, px(sx.at(*ref)), px(f.top), px(sx.at(*ref)), px(f.bottom))
	}
	f.b.WriteString(`<g class="data">`)
	for i, r := range rows {
		y := rowY(i)
		if r.interval != nil && finite(r.interval[0]) && finite(r.interval[1]) {
			x0, x1 := px(sx.at(r.interval[0])), px(sx.at(r.interval[1]))
			fmt.Fprintf(&f.b, `<line class="whisker" x1="%s" y1="%s" x2="%s" y2="%s"/>`, x0, px(y), x1, px(y))
			for _, x := range []string{x0, x1} {
				fmt.Fprintf(&f.b, `<line class="whisker" x1="%s" y1="%s" x2="%s" y2="%s"/>`, x, px(y-4), x, px(y+4))
			}
		}
		if r.mark != nil && finite(*r.mark) {
			x := px(sx.at(*r.mark))
			fmt.Fprintf(&f.b, `<line class="threshold" x1="%s" y1="%s" x2="%s" y2="%s"/>`, x, px(y-9), x, px(y+9))
		}
		if finite(r.value) {
			fmt.Fprintf(&f.b, `<circle class="dot %s" cx="%s" cy="%s" r="4.5"><title>%s</title></circle>`,
				esc(r.class), px(sx.at(r.value)), px(y), esc(r.label+": "+formatNumber(r.value)))
		}
	}
	f.b.WriteString(`</g>`)
	return f.end()
}

// svgHistogram draws the bins of a histogram as vertical bars.
func svgHistogram(bins []Bin, title, xLabel string) string {
	lo, hi, maxCount := math.Inf(1), math.Inf(-1), 0
	for _, b := range bins {
		if finite(b.Lo) && finite(b.Hi) {
			lo, hi = math.Min(lo, b.Lo), math.Max(hi, b.Hi)
		}
		maxCount = max(maxCount, b.Count)
	}
	f := newFrame(plotWidth, 300, 56, title)
	xlo, xhi, xt := niceTicks(lo, hi, 6)
	_, yhi, yt := niceTicks(0, float64(max(maxCount, 1)), 4)
	sx := linear{xlo, xhi, f.left, f.right}
	sy := linear{0, yhi, f.bottom, f.top}
	f.xAxis(sx, xt, xLabel)
	f.yAxis(sy, yt, "count")
	f.b.WriteString(`<g class="data">`)
	for _, b := range bins {
		if !finite(b.Lo) || !finite(b.Hi) || b.Count <= 0 {
			continue
		}
		x0, x1, y := sx.at(b.Lo), sx.at(b.Hi), sy.at(float64(b.Count))
		fmt.Fprintf(&f.b, `<rect class="bar" x="%s" y="%s" width="%s" height="%s"><title>[%s, %s): %d</title></rect>`,
			px(x0+0.5), px(y), px(math.Max(x1-x0-1, 1)), px(f.bottom-y), formatNumber(b.Lo), formatNumber(b.Hi), b.Count)
	}
	f.b.WriteString(`</g>`)
	return f.end()
}

// barRow is one horizontal bar with an optional threshold tick.
type barRow struct {
	label     string
	value     float64
	threshold *float64
	class     string // pass or fail
}

// svgBars draws one horizontal bar per row from zero, with each row's
// threshold as a dashed tick.
func svgBars(rows []barRow, title, xLabel string) string {
	lo, hi := 0.0, 0.0
	labelChars := 0
	for _, r := range rows {
		if finite(r.value) {
			lo, hi = math.Min(lo, r.value), math.Max(hi, r.value)
		}
		if r.threshold != nil && finite(*r.threshold) {
			lo, hi = math.Min(lo, *r.threshold), math.Max(hi, *r.threshold)
		}
		labelChars = max(labelChars, utf8.RuneCountInString(truncate(r.label, maxLabelLen)))
	}
	lo, hi, ticks := niceTicks(lo, hi, 5)
	h := 12 + rowHeight*float64(len(rows)) + 8 + 44
	f := newFrame(plotWidth+float64(labelChars)*charWidth, h, 16+float64(labelChars)*charWidth, title)
	sx := linear{lo, hi, f.left, f.right}
	f.xAxis(sx, ticks, xLabel)
	rowY := func(i int) float64 { return f.top + 4 + rowHeight*(float64(i)+0.5) }
	for i, r := range rows {
		fmt.Fprintf(&f.b, `<text class="row" x="%s" y="%s" text-anchor="end" dominant-baseline="middle">%s</text>`,
			px(f.left-8), px(rowY(i)), esc(truncate(r.label, maxLabelLen)))
	}
	f.b.WriteString(`<g class="data">`)
	for i, r := range rows {
		y := rowY(i)
		if finite(r.value) {
			x0, x1 := sx.at(0), sx.at(r.value)
			fmt.Fprintf(&f.b, `<rect class="bar %s" x="%s" y="%s" width="%s" height="%s"><title>%s</title></rect>`,
				esc(r.class), px(math.Min(x0, x1)), px(y-7), px(math.Max(math.Abs(x1-x0), 1)), px(14), esc(r.label+": "+formatNumber(r.value)))
		}
		if r.threshold != nil && finite(*r.threshold) {
			x := px(sx.at(*r.threshold))
			fmt.Fprintf(&f.b, `<line class="threshold" x1="%s" y1="%s" x2="%s" y2="%s"/>`, x, px(y-10), x, px(y+10))
		}
	}
	f.b.WriteString(`</g>`)
	return f.end()
}

// esc escapes text for SVG inside HTML: after cleaning control characters,
// the five characters that are markup in XML and HTML.
func esc(s string) string { return html.EscapeString(oneLine(s)) }
