package report

import (
	"html/template"
	"strconv"
)

// interleaveFigures draws an interleave check's clicks by list position:
// for each position, the clicks on A's items and on B's, where each
// ranker's credit comes from.
func interleaveFigures(c Check) []htmlFigure {
	positions := c.Interleave.Positions
	caption := "Clicks on each ranker's items by list position"
	if n := maxPlotRows / 2; len(positions) > n {
		caption += "; the top " + itoa(n) + " of " + itoa(len(positions)) + " positions"
		positions = positions[:n]
	}
	var rows []barRow
	for _, p := range positions {
		pos := strconv.Itoa(p.Position)
		rows = append(rows,
			barRow{label: "position " + pos + ", A", value: float64(p.ClicksA), class: "team-a"},
			barRow{label: "position " + pos + ", B", value: float64(p.ClicksB), class: "team-b"})
	}
	if len(rows) == 0 {
		return nil
	}
	return []htmlFigure{{Plot: "interleave-positions", Caption: caption,
		SVG: template.HTML(svgBars(rows, c.Name+": clicks by position", "clicks"))}}
}

// opeFigures draws an ope check's estimate per estimator with its interval
// and threshold, and the distribution of the importance weights.
func opeFigures(c Check) []htmlFigure {
	d := c.OPE
	bound := map[string]float64{}
	pass := map[string]bool{}
	for _, v := range c.Values {
		pass[v.Metric] = v.Pass
		if v.Threshold != nil {
			bound[v.Metric] = v.Threshold.Bound
		}
	}
	var rows []intervalRow
	for _, e := range d.Estimates {
		if e.Value == nil {
			continue
		}
		row := intervalRow{label: e.Estimator, value: *e.Value, interval: e.Interval, class: "pass"}
		if p, ok := pass[e.Estimator]; ok && !p {
			row.class = "fail"
		}
		if b, ok := bound[e.Estimator]; ok {
			row.mark = &b
		}
		rows = append(rows, row)
	}
	var figs []htmlFigure
	if len(rows) > 0 {
		figs = append(figs, htmlFigure{Plot: "ope-estimates", Caption: "The target policy's value by estimator, with intervals and thresholds (dashed)",
			SVG: template.HTML(svgIntervals(rows, c.Name+": estimates", "estimated value", nil))})
	}
	if len(d.Weights) > 0 {
		caption := "Importance weights of the logged events (log10)"
		if d.ZeroWeights > 0 {
			caption += "; " + strconv.Itoa(d.ZeroWeights) + " events have weight 0 (the target never takes their action)"
		}
		figs = append(figs, htmlFigure{Plot: "ope-weights", Caption: caption,
			SVG: template.HTML(svgHistogram(d.Weights, c.Name+": importance weights", "log10 weight"))})
	}
	return figs
}
