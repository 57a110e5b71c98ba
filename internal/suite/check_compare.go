package suite

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/mltest/mltest/fixtures/table"
	"github.com/mltest/mltest/harness/flow"
	"github.com/mltest/mltest/internal/report"
	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/compare"
)

// runCompare compares candidate with baseline predictions (metrics/compare)
// and gates: a max_regression metric fails when it regressed significantly
// by more than its delta (compare's gate), a require_better metric fails
// unless it improved significantly (p < alpha in the better direction).
func (r *runner) runCompare(ctx context.Context, c *Check, out *report.Check) error {
	m := c.Compare
	opt := compare.Options{Level: m.CI, Resamples: m.Bootstrap, Trials: m.Trials, Seed: m.Seed, Alpha: m.Alpha,
		MinSliceSupport: m.MinSliceN, MaxRegression: m.MaxRegression, Threshold: m.DecisionThreshold,
		ECEBins: metrics.DefaultECEBins, TopK: m.K}
	var rep *compare.Report
	var err error
	if m.Task == "ranking" {
		rep, err = r.compareRankings(m, opt)
	} else {
		rep, err = r.compareTables(m, opt)
	}
	if err != nil {
		return err
	}
	verdict := func(mc compare.MetricComparison, p float64) string {
		if mc.Undefined != "" || math.IsNaN(mc.Diff) || !(p < m.Alpha) {
			return "no significant change"
		}
		if (mc.Diff > 0) == compare.HigherIsBetter(mc.Metric) {
			return "better"
		}
		return "worse"
	}
	delta := func(mc compare.MetricComparison, slice string) report.Delta {
		d := report.Delta{Metric: mc.Metric, Slice: slice, Baseline: mc.Baseline, Candidate: mc.Candidate, Delta: mc.Diff,
			Interval: [2]float64{mc.Interval.Lo, mc.Interval.Hi}, Verdict: verdict(mc, mc.PAdjusted)}
		if !math.IsNaN(mc.PAdjusted) {
			p := mc.PAdjusted
			d.PValue = &p
		}
		return d
	}
	// An undefined comparison (brier of a model that outputs logits) has
	// no delta: its value says why, and the reports hold no NaN.
	var problems, undefined []string
	for _, mc := range rep.Comparisons {
		d := delta(mc, "")
		if mc.Undefined == "" {
			out.Deltas = append(out.Deltas, d)
		} else {
			undefined = append(undefined, mc.Metric+": "+mc.Undefined)
		}
		v := report.Value{Metric: mc.Metric, N: rep.N, Pass: true}
		if mc.Undefined == "" {
			x := mc.Candidate
			v.Value = &x
		} else {
			v.Note = "undefined: " + mc.Undefined
		}
		if slices.Contains(m.RequireBetter, mc.Metric) {
			if d.Verdict != "better" {
				v.Pass = false
				v.Note = fmt.Sprintf("not significantly better than the baseline: %s", describeDelta(d))
				problems = append(problems, mc.Metric+": "+v.Note)
			}
		}
		out.Values = append(out.Values, v)
	}
	for _, s := range rep.Slices {
		for _, mc := range s.Comparisons {
			if mc.Undefined == "" {
				out.Deltas = append(out.Deltas, delta(mc, s.Key))
			}
		}
	}
	for _, g := range rep.Gates {
		if !g.Failed {
			continue
		}
		where := ""
		if g.InSlice {
			where = " [" + g.Slice + "]"
		}
		problems = append(problems, fmt.Sprintf("%s%s: %s", g.Metric, where, g.Reason))
		for i := range out.Values {
			if out.Values[i].Metric == g.Metric && !g.InSlice {
				out.Values[i].Pass = false
				op, bound := ">=", rep.Comparisons[i].Baseline-g.Delta
				if !compare.HigherIsBetter(g.Metric) {
					op, bound = "<=", rep.Comparisons[i].Baseline+g.Delta
				}
				if !report.Finite(bound) {
					out.Values[i].Note = g.Reason
					continue
				}
				out.Values[i].Threshold = &report.Threshold{Op: op, Bound: bound, Rule: fmt.Sprintf("max_regression: %v (significant at alpha %v)", g.Delta, m.Alpha)}
				out.Values[i].Note = g.Reason
			}
		}
	}
	if len(problems) > 0 {
		out.Status = failStatus(c)
		out.Message = strings.Join(problems, "; ")
		return nil
	}
	out.Status = report.Pass
	var parts []string
	for _, d := range out.Deltas {
		if d.Slice == "" {
			parts = append(parts, fmt.Sprintf("%s %s", d.Metric, describeDelta(d)))
		}
	}
	out.Message = fmt.Sprintf("%s vs %s on %d %s: %s", m.Candidate, m.Baseline, rep.N, unitName(m.Task), strings.Join(append(parts, undefined...), "; "))
	return nil
}

func unitName(task string) string {
	if task == "ranking" {
		return "queries"
	}
	return "rows"
}

func describeDelta(d report.Delta) string {
	s := fmt.Sprintf("%+.4g [%.4g, %.4g]", d.Delta, d.Interval[0], d.Interval[1])
	if d.PValue != nil {
		s += fmt.Sprintf(" p=%.3g", *d.PValue)
	}
	return s + " " + d.Verdict
}

// compareTables compares two predictions sources with the flow of `mltest
// compare` (flow.Compare): joined by id, weights, clusters and slices from
// the baseline.
func (r *runner) compareTables(m *CompareCheck, opt compare.Options) (*compare.Report, error) {
	bsrc, csrc := r.suite.Sources[m.Baseline], r.suite.Sources[m.Candidate]
	bcols := bsrc.columns(m.Task)
	if !m.PerSlice {
		bcols.Slices = nil
	}
	rep, err := flow.Compare(flow.Predictions{File: bsrc.Path, Columns: bcols}, flow.Predictions{File: csrc.Path, Columns: csrc.columns(m.Task)},
		m.Metrics, opt, table.Options{})
	if err != nil {
		return nil, err
	}
	labelSlices(rep, bsrc.Slices)
	return rep, nil
}

// compareRankings compares two runs judged by the baseline's qrels, query by
// query, with the flow of `mltest compare --task ranking` (flow.CompareRuns).
func (r *runner) compareRankings(m *CompareCheck, opt compare.Options) (*compare.Report, error) {
	bsrc, csrc := r.suite.Sources[m.Baseline], r.suite.Sources[m.Candidate]
	files := flow.RunPair{Qrels: bsrc.Qrels, Baseline: bsrc.Run, Candidate: csrc.Run}
	if m.PerSlice {
		files.QueryAttrs, files.QueryID, files.SliceBy = bsrc.Queries, bsrc.QueryID, bsrc.Slices
	}
	var args []string
	for _, name := range m.Metrics {
		args = append(args, rankingMeasureArg(name))
	}
	spec := bsrc.rankSpec()
	spec.Measures = args
	rep, err := flow.CompareRuns(files, spec, opt)
	if err != nil {
		return nil, err
	}
	labelSlices(rep, bsrc.Slices)
	// Only the asked measures: a parsed measure may expand to several values.
	if len(m.Metrics) > 0 {
		keep := rep.Comparisons[:0]
		for _, mc := range rep.Comparisons {
			if slices.Contains(m.Metrics, mc.Metric) {
				keep = append(keep, mc)
			}
		}
		rep.Comparisons = keep
	}
	return rep, nil
}

// labelSlices names the slices of a comparison "col=val,col=val", as every
// check does (flow keys them by SliceKey).
func labelSlices(rep *compare.Report, cols []string) {
	label := func(key string) string { return sliceLabel(cols, strings.Split(key, "\x00")) }
	for i := range rep.Slices {
		rep.Slices[i].Key = label(rep.Slices[i].Key)
	}
	for i := range rep.Gates {
		if rep.Gates[i].InSlice {
			rep.Gates[i].Slice = label(rep.Gates[i].Slice)
		}
	}
}
