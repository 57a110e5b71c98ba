package report

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// seriesPlot is a value over time: one point a window, an optional band
// (the interval), a dashed second line (the estimate), horizontal
// threshold lines, and the windows where an alert fired marked in red.
type seriesPlot struct {
	X          []float64 // window ends, Unix seconds
	Y          []float64 // NaN: no value in that window
	Lo, Hi     []float64 // the band; nil without
	Y2         []float64 // the second line; nil without
	Thresholds []float64
	Alert      []bool // parallel to X
}

// svgSeries draws a seriesPlot with a time axis.
func svgSeries(p seriesPlot, title, yLabel string) string {
	lo, hi := math.Inf(1), math.Inf(-1)
	widen := func(vs ...float64) {
		for _, v := range vs {
			if finite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	widen(p.Y...)
	widen(p.Lo...)
	widen(p.Hi...)
	widen(p.Y2...)
	widen(p.Thresholds...)
	if lo > hi {
		lo, hi = 0, 1
	}
	pad := (hi - lo) * 0.05
	ylo, yhi, yticks := niceTicks(lo-pad, hi+pad, 5)
	f := newFrame(plotWidth+120, 300, 60, title)
	f.right -= 20 // room for the last time label, centred on the edge
	x0, x1 := 0.0, 1.0
	if len(p.X) > 0 {
		x0, x1 = p.X[0], p.X[len(p.X)-1]
	}
	if x1 == x0 {
		x0, x1 = x0-1800, x1+1800
	}
	sx := linear{x0, x1, f.left, f.right}
	sy := linear{ylo, yhi, f.bottom, f.top}
	f.timeAxis(sx, x0, x1)
	f.yAxis(sy, yticks, yLabel)
	for _, t := range p.Thresholds {
		if finite(t) {
			fmt.Fprintf(&f.b, `<line class="threshold" x1="%s" y1="%s" x2="%s" y2="%s"><title>threshold %s</title></line>`,
				px(f.left), px(sy.at(t)), px(f.right), px(sy.at(t)), formatNumber(t))
		}
	}
	f.b.WriteString(`<g class="data">`)
	if p.Lo != nil {
		var up, down []string
		for i := range p.X {
			if finite(p.Lo[i]) && finite(p.Hi[i]) {
				up = append(up, px(sx.at(p.X[i]))+","+px(sy.at(p.Hi[i])))
				down = append([]string{px(sx.at(p.X[i])) + "," + px(sy.at(p.Lo[i]))}, down...)
			}
		}
		if len(up) > 0 {
			fmt.Fprintf(&f.b, `<polygon class="band" points="%s"/>`, strings.Join(append(up, down...), " "))
		}
	}
	line := func(ys []float64, class string) {
		var pts []string
		flush := func() {
			if len(pts) > 0 {
				fmt.Fprintf(&f.b, `<polyline class="%s" points="%s"/>`, class, strings.Join(pts, " "))
			}
			pts = nil
		}
		for _, i := range thin(len(p.X), maxCurvePts) {
			if !finite(ys[i]) {
				flush()
				continue
			}
			pts = append(pts, px(sx.at(p.X[i]))+","+px(sy.at(ys[i])))
		}
		flush()
	}
	if p.Y2 != nil {
		line(p.Y2, "curve estimate")
	}
	line(p.Y, "curve")
	for i := range p.X {
		if finite(p.Y[i]) {
			class := "point"
			if p.Alert != nil && p.Alert[i] {
				class = "point alert"
			}
			fmt.Fprintf(&f.b, `<circle class="%s" cx="%s" cy="%s" r="%s"><title>%s: %s</title></circle>`, class,
				px(sx.at(p.X[i])), px(sy.at(p.Y[i])), map[bool]string{true: "5", false: "2.5"}[class != "point"],
				esc(time.Unix(int64(p.X[i]), 0).UTC().Format(time.RFC3339)), formatNumber(p.Y[i]))
		}
	}
	f.b.WriteString(`</g>`)
	return f.end()
}

// timeAxis draws a horizontal axis of Unix seconds with about five ticks
// at round times, labelled in UTC.
func (f *svgFrame) timeAxis(sx linear, x0, x1 float64) {
	span := x1 - x0
	step := 60.0
	for _, s := range []float64{60, 300, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 2 * 86400, 7 * 86400, 30 * 86400} {
		step = s
		if span/s <= 6 {
			break
		}
	}
	layout := "15:04"
	if step >= 86400 {
		layout = "01-02"
	} else if span > 86400 {
		layout = "01-02 15h"
	}
	f.b.WriteString(`<g class="axis x">`)
	for t := math.Ceil(x0/step) * step; t <= x1; t += step {
		x := px(sx.at(t))
		fmt.Fprintf(&f.b, `<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s"/>`, x, px(f.top), x, px(f.bottom))
		fmt.Fprintf(&f.b, `<text x="%s" y="%s" text-anchor="middle">%s</text>`, x, px(f.bottom+16), time.Unix(int64(t), 0).UTC().Format(layout))
	}
	fmt.Fprintf(&f.b, `<line class="frame" x1="%s" y1="%s" x2="%s" y2="%s"/>`, px(f.left), px(f.bottom), px(f.right), px(f.bottom))
	fmt.Fprintf(&f.b, `<text class="label" x="%s" y="%s" text-anchor="middle">window end (UTC)</text>`, px((f.left+f.right)/2), px(f.h-8))
	f.b.WriteString(`</g>`)
}
