package report

import (
	_ "embed"
	"html/template"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

//go:embed report.html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("report").Parse(htmlSource))

// WriteHTML writes report.html: one self-contained page that works offline.
// Its CSS and its one small script are inline, its plots are inline SVG
// drawn in Go, and a Content-Security-Policy forbids every fetch, so the
// page looks the same on an air-gapped CI runner as on a laptop.
//
// The page has a header (suite, file, start time, duration, overall status
// and counts, the baseline's provenance), a table of all checks in suite
// order, then a section per check, worst status first (error, fail, warn,
// pass), with its message, its values and the plots and tables its details
// call for: ROC, precision-recall and calibration curves; each metric per
// slice with interval whiskers and threshold ticks; a forest plot of
// candidate-minus-baseline deltas around a zero line; the histogram of
// log10 |offline - online| with the worst parity rows; the drift statistic
// per feature against its threshold; the golden diff; an interleaving's
// clicks by list position; an off-policy evaluation's estimates with their
// intervals and the distribution of its importance weights.
//
// Every plot is a <figure class="plot" data-check="NAME" data-plot="KIND">
// (KIND one of roc, pr, calibration, slices, deltas, parity-histogram,
// drift, interleave-positions, ope-estimates, ope-weights; slices and drift
// figures also carry data-metric) whose data are
// drawn inside <g class="data">. On load the script writes each figure's
// data size as data-rendered="WxH" and the number of figures drawn as
// <body data-plots="N M">, which the browser test reads. All text is
// escaped by html/template.
func WriteHTML(w io.Writer, r Report) error {
	return htmlTemplate.Execute(w, newHTMLView(r))
}

type htmlView struct {
	Suite, File, Started, Duration string
	Status                         Status
	StatusWord                     string
	Counts                         counts
	Baseline                       *htmlBaseline
	Summary                        []htmlCheck // suite order
	Checks                         []htmlCheck // worst first
}

type htmlBaseline struct{ Suite, DataHash, ModelVersion, Time string }

type htmlCheck struct {
	Anchor, Name, Kind, Severity, Message, Duration string
	Status                                          Status
	Values                                          []htmlValue
	Figures                                         []htmlFigure
	Deltas                                          []htmlDelta
	Parity                                          *htmlParity
	Drift                                           *htmlDrift
	Diff                                            []htmlDiffLine
}

type htmlValue struct {
	Metric, Slice, N, Value, Interval, Threshold, Note string
	Pass                                               bool
}

type htmlFigure struct {
	Plot, Metric, Caption string
	SVG                   template.HTML // built by the svg* functions, which escape every text
}

type htmlDelta struct{ Metric, Slice, Baseline, Candidate, Delta, Interval, PValue, Verdict string }

type htmlParity struct {
	Summary string
	Latency []string
	Worst   []htmlParityRow
}

type htmlParityRow struct{ ID, Output, Stage, Offline, Online, AbsDiff, Error string }

type htmlDrift struct {
	Stats []string
	Rows  []htmlDriftRow
}

type htmlDriftRow struct {
	Feature, Kind string
	Cells         []string // one per Stats entry: "0.31 (> 0.2)"
	Drifted       bool
}

type htmlDiffLine struct{ Class, Text string }

func newHTMLView(r Report) htmlView {
	status := overallStatus(r)
	v := htmlView{
		Suite:      cleanText(suiteName(r)),
		File:       cleanText(r.File),
		Duration:   formatDuration(r.Duration),
		Status:     status,
		StatusWord: statusWord(status),
		Counts:     countStatuses(r.Checks),
	}
	if !r.Started.IsZero() {
		v.Started = r.Started.UTC().Format(time.RFC3339)
	}
	if b := r.Baseline; b != nil {
		v.Baseline = &htmlBaseline{Suite: cleanText(b.Suite), DataHash: cleanText(b.DataHash), ModelVersion: cleanText(b.ModelVersion)}
		if !b.Time.IsZero() {
			v.Baseline.Time = b.Time.UTC().Format(time.RFC3339)
		}
	}
	all := make([]htmlCheck, len(r.Checks))
	for i, c := range r.Checks {
		all[i] = newHTMLCheck(i, c)
	}
	v.Summary = all
	for _, i := range worstFirst(r.Checks) {
		v.Checks = append(v.Checks, all[i])
	}
	return v
}

func newHTMLCheck(i int, c Check) htmlCheck {
	h := htmlCheck{
		Anchor:   "check-" + itoa(i+1),
		Name:     cleanText(c.Name),
		Kind:     cleanText(c.Kind),
		Severity: cleanText(c.Severity),
		Message:  cleanText(c.Message),
		Duration: formatDuration(c.Duration),
		Status:   Status(c.Status.label()),
	}
	for _, val := range c.Values {
		hv := htmlValue{
			Metric: cleanText(val.Metric), Slice: cleanText(val.Slice), Value: formatPtr(val.Value),
			Interval: formatInterval(val.Interval), Threshold: cleanText(formatThreshold(val.Threshold)),
			Note: cleanText(val.Note), Pass: val.Pass,
		}
		if val.N > 0 {
			hv.N = itoa(val.N)
		}
		h.Values = append(h.Values, hv)
	}
	if cv := c.Curves; cv != nil {
		if len(cv.ROC.X) > 0 {
			h.Figures = append(h.Figures, htmlFigure{Plot: "roc", Caption: "ROC curve",
				SVG: template.HTML(svgCurve(cv.ROC, c.Name+": ROC curve", "false positive rate", "true positive rate", true, false))})
		}
		if len(cv.PR.X) > 0 {
			h.Figures = append(h.Figures, htmlFigure{Plot: "pr", Caption: "Precision-recall curve",
				SVG: template.HTML(svgCurve(cv.PR, c.Name+": precision-recall curve", "recall", "precision", false, false))})
		}
		if len(cv.Calibration.X) > 0 {
			h.Figures = append(h.Figures, htmlFigure{Plot: "calibration", Caption: "Calibration: fraction positive per bin of predicted score (diagonal: perfectly calibrated)",
				SVG: template.HTML(svgCurve(cv.Calibration, c.Name+": calibration", "mean predicted probability", "fraction positive", true, true))})
		}
	}
	if c.OPE != nil {
		h.Figures = append(h.Figures, opeFigures(c)...) // one figure of every estimator, not one each
	} else {
		h.Figures = append(h.Figures, sliceFigures(c)...)
	}
	if c.Interleave != nil {
		h.Figures = append(h.Figures, interleaveFigures(c)...)
	}
	if len(c.Deltas) > 0 {
		rows := make([]intervalRow, len(c.Deltas))
		for j, d := range c.Deltas {
			label := d.Metric
			if d.Slice != "" {
				label += " [" + d.Slice + "]"
			}
			iv := d.Interval
			rows[j] = intervalRow{label: label, value: d.Delta, interval: &iv, class: verdictClass(d.Verdict)}
			hd := htmlDelta{
				Metric: cleanText(d.Metric), Slice: cleanText(d.Slice), Baseline: formatNumber(d.Baseline),
				Candidate: formatNumber(d.Candidate), Delta: formatNumber(d.Delta), Interval: formatInterval(&iv),
				Verdict: cleanText(d.Verdict),
			}
			if d.PValue != nil {
				hd.PValue = formatNumber(*d.PValue)
			}
			h.Deltas = append(h.Deltas, hd)
		}
		zero := 0.0
		rows, caption := capRows(rows, func(r intervalRow) bool { return r.class == "worse" },
			"Candidate minus baseline, with intervals (zero: no change)", "comparisons")
		h.Figures = append(h.Figures, htmlFigure{Plot: "deltas", Caption: caption,
			SVG: template.HTML(svgIntervals(rows, c.Name+": deltas", "candidate − baseline", &zero))})
	}
	if p := c.Parity; p != nil {
		hp := &htmlParity{Summary: cleanText(parityCounts(*p))}
		for _, k := range sortedKeys(p.LatencyMS) {
			hp.Latency = append(hp.Latency, cleanText(k)+" "+formatNumber(p.LatencyMS[k])+" ms")
		}
		for _, row := range p.Worst {
			hp.Worst = append(hp.Worst, htmlParityRow{ID: cleanText(row.ID), Output: cleanText(row.Output), Stage: cleanText(row.Stage),
				Offline: cleanText(row.Offline), Online: cleanText(row.Online), AbsDiff: formatNumber(row.AbsDiff), Error: cleanText(row.Error)})
		}
		h.Parity = hp
		if slices.ContainsFunc(p.Histogram, func(b Bin) bool { return b.Count > 0 }) {
			h.Figures = append(h.Figures, htmlFigure{Plot: "parity-histogram", Caption: "Offline − online differences over compared values",
				SVG: template.HTML(svgHistogram(p.Histogram, c.Name+": parity differences", "log10 |offline − online|"))})
		}
	}
	if len(c.Drift) > 0 {
		h.Drift, h.Figures = driftView(c, h.Figures)
	}
	if c.Diff != "" {
		for _, line := range strings.Split(strings.TrimRight(cleanText(c.Diff), "\n"), "\n") {
			class := ""
			switch {
			case strings.HasPrefix(line, "@@"):
				class = "hunk"
			case strings.HasPrefix(line, "+"):
				class = "add"
			case strings.HasPrefix(line, "-"):
				class = "del"
			}
			h.Diff = append(h.Diff, htmlDiffLine{Class: class, Text: line})
		}
	}
	return h
}

// sliceFigures draws, for each metric measured per slice or with an
// interval, one dot-and-whisker plot of its values, threshold ticks
// included. A metric with one plain value is only in the table.
func sliceFigures(c Check) []htmlFigure {
	var order []string
	byMetric := map[string][]Value{}
	for _, v := range c.Values {
		if _, ok := byMetric[v.Metric]; !ok {
			order = append(order, v.Metric)
		}
		byMetric[v.Metric] = append(byMetric[v.Metric], v)
	}
	var figs []htmlFigure
	for _, m := range order {
		vals := byMetric[m]
		var rows []intervalRow
		withInterval := false
		for _, v := range vals {
			if v.Value == nil {
				continue
			}
			label := v.Slice
			if label == "" {
				label = "overall"
			}
			row := intervalRow{label: label, value: *v.Value, interval: v.Interval, class: "pass"}
			if !v.Pass {
				row.class = "fail"
			}
			if v.Threshold != nil {
				bound := v.Threshold.Bound
				row.mark = &bound
			}
			withInterval = withInterval || v.Interval != nil
			rows = append(rows, row)
		}
		if len(rows) == 0 || (len(rows) == 1 && !withInterval) {
			continue
		}
		caption := cleanText(m) + " per slice, with intervals and thresholds (dashed)"
		if len(rows) == 1 {
			caption = cleanText(m) + " with its interval and threshold (dashed)"
		}
		rows, caption = capRows(rows, func(r intervalRow) bool { return r.class == "fail" }, caption, "slices")
		figs = append(figs, htmlFigure{Plot: "slices", Metric: cleanText(m), Caption: caption,
			SVG: template.HTML(svgIntervals(rows, c.Name+": "+m+" per slice", m, nil))})
	}
	return figs
}

// driftView is the table of every statistic per feature and, for each
// statistic that has a threshold (psi, or the first one, when none has),
// a bar chart of it per feature.
func driftView(c Check, figs []htmlFigure) (*htmlDrift, []htmlFigure) {
	statSet, thresholded := map[string]bool{}, map[string]bool{}
	for _, f := range c.Drift {
		for k := range f.Stats {
			statSet[k] = true
		}
		for k := range f.Threshold {
			thresholded[k] = true
		}
	}
	stats := sortedKeys(statSet)
	d := &htmlDrift{}
	for _, k := range stats {
		d.Stats = append(d.Stats, cleanText(k))
	}
	for _, f := range c.Drift {
		row := htmlDriftRow{Feature: cleanText(f.Feature), Kind: cleanText(f.Kind), Drifted: f.Drifted}
		for _, k := range stats {
			cell := ""
			if v, ok := f.Stats[k]; ok {
				cell = formatNumber(v)
				if th, ok := f.Threshold[k]; ok {
					cell += " (threshold " + formatNumber(th) + ")"
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		d.Rows = append(d.Rows, row)
	}
	plotted := sortedKeys(thresholded)
	if len(plotted) == 0 && len(stats) > 0 {
		plotted = []string{stats[0]}
		if statSet["psi"] {
			plotted = []string{"psi"}
		}
	}
	for _, k := range plotted {
		var rows []barRow
		for _, f := range c.Drift {
			v, ok := f.Stats[k]
			if !ok {
				continue
			}
			row := barRow{label: f.Feature, value: v, class: "pass"}
			if th, ok := f.Threshold[k]; ok {
				row.threshold = &th
				if v > th {
					row.class = "fail"
				}
			}
			rows = append(rows, row)
		}
		if len(rows) == 0 {
			continue
		}
		rows, caption := capRows(rows, func(r barRow) bool { return r.class == "fail" },
			cleanText(k)+" per feature (dashed: threshold)", "features")
		figs = append(figs, htmlFigure{Plot: "drift", Metric: cleanText(k), Caption: caption,
			SVG: template.HTML(svgBars(rows, c.Name+": "+k+" per feature", k))})
	}
	return d, figs
}

// maxPlotRows is the most rows a slice, delta or drift plot draws; past
// it a plot is too tall to read, and the table beside it lists every row.
const maxPlotRows = 40

// capRows keeps at most maxPlotRows rows, the bad ones first (in their
// order), then the others, and says so in the caption.
func capRows[R any](rows []R, bad func(R) bool, caption, what string) ([]R, string) {
	if len(rows) <= maxPlotRows {
		return rows, caption
	}
	kept := make([]R, 0, maxPlotRows)
	for _, r := range rows {
		if bad(r) && len(kept) < maxPlotRows {
			kept = append(kept, r)
		}
	}
	for _, r := range rows {
		if !bad(r) && len(kept) < maxPlotRows {
			kept = append(kept, r)
		}
	}
	return kept, caption + "; " + itoa(maxPlotRows) + " of " + itoa(len(rows)) + " " + what + " drawn, failing ones first; the table lists all"
}

func verdictClass(v string) string {
	switch strings.ToLower(v) {
	case "better":
		return "better"
	case "worse":
		return "worse"
	default:
		return "same"
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
