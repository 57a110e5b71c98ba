package suite

import (
	"context"
	"fmt"
	"strings"

	"github.com/mltest/mltest/fixtures/table"
	"github.com/mltest/mltest/harness/flow"
	"github.com/mltest/mltest/internal/report"
	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/compare"
	"github.com/mltest/mltest/metrics/evaluate"
)

// rule is one resolved side of a threshold.
type rule struct {
	op    string // ">=" or "<="
	bound float64
	text  string // as written in the suite
}

// higherIsBetter is the metric's direction, unless the threshold says.
func (t *Threshold) higherIsBetter(metric string) bool {
	switch t.Direction {
	case "higher":
		return true
	case "lower":
		return false
	}
	return compare.HigherIsBetter(metric)
}

// rules resolves the threshold against the baseline value (have false: no
// baseline); skipped lists the rules that needed a baseline and had none.
func (t *Threshold) rules(higher bool, base float64, have bool) (rules []rule, skipped []string) {
	add := func(op string, b *Bound, key string) {
		if b == nil {
			return
		}
		if x, ok := b.Resolve(base, have); ok {
			rules = append(rules, rule{op, x, key + ": " + b.Text})
		} else {
			skipped = append(skipped, key+": "+b.Text)
		}
	}
	add(">=", t.Min, "min")
	add("<=", t.Max, "max")
	if t.MaxDrop != nil {
		text := fmt.Sprintf("max_drop: %v", *t.MaxDrop)
		switch {
		case !have:
			skipped = append(skipped, text)
		case higher:
			rules = append(rules, rule{">=", base - *t.MaxDrop, text})
		default:
			rules = append(rules, rule{"<=", base + *t.MaxDrop, text})
		}
	}
	return rules, skipped
}

// measured is one figure a metric check judges.
type measured struct {
	slice       string // "" overall
	n           int
	gated       bool
	value       float64
	defined     bool
	reason      string
	hasInterval bool
	lo, hi      float64
}

// judge holds one measured figure to the check's threshold.
func (m *MetricCheck) judge(check string, f measured, bl *Baseline) (v report.Value, noBaseline bool) {
	v = report.Value{Metric: m.Metric, Slice: f.slice, N: f.n, Pass: true}
	if f.defined {
		x := f.value
		v.Value = &x
	}
	if f.hasInterval {
		v.Interval = &[2]float64{f.lo, f.hi}
	}
	base, have := bl.Lookup(check, m.Metric, f.slice)
	rules, skipped := m.Threshold.rules(m.Threshold.higherIsBetter(m.Metric), base, have)
	var notes []string
	if len(skipped) > 0 {
		noBaseline = true
		notes = append(notes, "no baseline value: "+strings.Join(skipped, ", ")+" not applied")
	}
	if len(rules) > 0 {
		r := rules[0]
		v.Threshold = &report.Threshold{Op: r.op, Bound: r.bound, Rule: r.text}
	}
	switch {
	case !f.gated:
		notes = append(notes, fmt.Sprintf("not gated: n=%d < min_slice_n %d", f.n, m.MinSliceN))
	case !f.defined:
		v.Pass = false
		notes = append(notes, "undefined: "+f.reason)
	default:
		for _, r := range rules {
			x, what := f.value, "value"
			if m.RequireInterval && f.hasInterval {
				if r.op == ">=" {
					x, what = f.lo, "interval lower bound"
				} else {
					x, what = f.hi, "interval upper bound"
				}
			}
			ok := (r.op == ">=" && x >= r.bound) || (r.op == "<=" && x <= r.bound)
			if !ok {
				v.Pass = false
				v.Threshold = &report.Threshold{Op: r.op, Bound: r.bound, Rule: r.text}
				notes = append(notes, fmt.Sprintf("%s %s not %s %s (%s)", what, fmtNum(x), r.op, fmtNum(r.bound), r.text))
				break
			}
		}
	}
	v.Note = strings.Join(notes, "; ")
	return v, noBaseline
}

func fmtNum(x float64) string { return fmt.Sprintf("%.6g", x) }

// runMetric evaluates one metric check.
func (r *runner) runMetric(ctx context.Context, c *Check, out *report.Check) error {
	m := c.Metric
	src := r.suite.Sources[m.Data]
	var figs []measured
	var err error
	if m.Task == "ranking" {
		figs, err = r.rankingFigures(src, m)
	} else {
		figs, err = r.tableFigures(src, m, out)
	}
	if err != nil {
		return err
	}
	anyNoBaseline := false
	var failed []report.Value
	for _, f := range figs {
		v, nb := m.judge(c.Name, f, r.opt.Baseline)
		anyNoBaseline = anyNoBaseline || nb
		out.Values = append(out.Values, v)
		if !v.Pass {
			failed = append(failed, v)
		}
	}
	overall := out.Values[0]
	switch {
	case len(failed) > 0:
		out.Status = failStatus(c)
		f := failed[0]
		where := ""
		if f.Slice != "" {
			where = " [" + f.Slice + "]"
		}
		out.Message = fmt.Sprintf("%s%s: %s", m.Metric, where, f.Note)
		if len(failed) > 1 {
			out.Message += fmt.Sprintf(" (%d of %d values failed)", len(failed), len(out.Values))
		}
	case anyNoBaseline:
		out.Status = report.Warn
		out.Message = fmt.Sprintf("%s %s: %s", m.Metric, fmtValue(overall), overall.Note)
	default:
		out.Status = report.Pass
		out.Message = fmt.Sprintf("%s %s", m.Metric, fmtValue(overall))
		if overall.Threshold != nil {
			out.Message += fmt.Sprintf(" (%s)", overall.Threshold.Rule)
		}
		if n := len(out.Values) - 1; n > 0 {
			out.Message += fmt.Sprintf(", %d slices held", n)
		}
	}
	return nil
}

func fmtValue(v report.Value) string {
	if v.Value == nil {
		return "undefined"
	}
	s := fmtNum(*v.Value)
	if v.Interval != nil {
		s += fmt.Sprintf(" [%s, %s]", fmtNum(v.Interval[0]), fmtNum(v.Interval[1]))
	}
	return s
}

func failStatus(c *Check) report.Status {
	if c.Severity == SeverityWarn {
		return report.Warn
	}
	return report.Fail
}

// tableFigures evaluates a metric over a predictions table with the flow of
// `mltest eval` (flow.Eval), so the check and the command give the same
// numbers on the same file.
func (r *runner) tableFigures(src *Source, m *MetricCheck, out *report.Check) ([]measured, error) {
	cols := src.columns(m.Task)
	if !m.PerSlice {
		cols.Slices = nil
	}
	opt := evaluate.DefaultOptions(evaluate.Task(m.Task))
	opt.Metrics = []string{m.Metric}
	opt.MinSliceN = m.MinSliceN
	opt.Binary.Threshold = m.DecisionThreshold
	opt.TopK = m.K
	if m.CI > 0 {
		opt.Intervals = evaluate.IntervalOptions{Level: m.CI, Resamples: m.Bootstrap, Seed: m.Seed}
	}
	rep, err := flow.Eval(src.Path, cols, opt, table.Options{})
	if err != nil {
		return nil, err
	}
	group := func(g evaluate.Group, label string) measured {
		v := g.Values[0]
		return measured{slice: label, n: g.N, gated: g.Gated, value: v.Value, defined: v.Defined, reason: v.Reason,
			hasInterval: v.HasInterval, lo: v.Lo, hi: v.Hi}
	}
	figs := []measured{group(rep.Overall, "")}
	for _, g := range rep.Slices {
		figs = append(figs, group(g, sliceLabel(rep.SliceBy, g.Key)))
	}
	if m.Task == "binary" {
		t, err := r.load.table(src, m.Task)
		if err != nil {
			return nil, err
		}
		out.Curves = binaryCurves(t)
	}
	return figs, nil
}

// maxCurvePoints bounds the points of a stored curve: enough to draw it.
const maxCurvePoints = 201

// binaryCurves computes ROC, precision-recall and calibration curves of the
// whole table; a curve that is undefined (one class) is left empty.
func binaryCurves(t *table.Table) *report.Curves {
	labels := make([]bool, len(t.Rows))
	scores := make([]float64, len(t.Rows))
	var weights []float64
	if t.Columns.Weight != "" {
		weights = make([]float64, len(t.Rows))
	}
	for i, r := range t.Rows {
		labels[i] = r.Label == 1
		scores[i] = r.Scores[0]
		if weights != nil {
			weights[i] = r.Weight
		}
	}
	c := &report.Curves{}
	if fpr, tpr, _, err := metrics.ROCCurve(labels, scores, weights); err == nil {
		c.ROC = thin(fpr, tpr)
	}
	if prec, rec, _, err := metrics.PRCurve(labels, scores, weights); err == nil {
		c.PR = thin(rec, prec)
	}
	if probTrue, probPred, err := metrics.CalibrationCurve(labels, scores, weights, 10); err == nil {
		c.Calibration = thin(probPred, probTrue)
	}
	return c
}

// thin keeps at most maxCurvePoints evenly spaced points, first and last included.
func thin(x, y []float64) report.XY {
	n := len(x)
	if n <= maxCurvePoints {
		return report.XY{X: append([]float64{}, x...), Y: append([]float64{}, y...)}
	}
	xy := report.XY{X: make([]float64, maxCurvePoints), Y: make([]float64, maxCurvePoints)}
	for i := range maxCurvePoints {
		j := i * (n - 1) / (maxCurvePoints - 1)
		xy.X[i], xy.Y[i] = x[j], y[j]
	}
	return xy
}
