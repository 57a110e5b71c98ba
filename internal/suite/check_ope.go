package suite

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/mltest/mltest/harness/offpolicy"
	"github.com/mltest/mltest/internal/report"
	"github.com/mltest/mltest/metrics/ope"
)

// runOPE estimates the target policy's value with the flow of `mltest ope`
// (offpolicy.EstimateFiles) and holds each bounded estimator to its bound
// (with require_interval, the interval's end on the failing side) and the
// effective sample size to min_ess. Bad files are an error, as is a bound
// on an estimator the log cannot give.
func (r *runner) runOPE(_ context.Context, c *Check, out *report.Check) error {
	m := c.OPE
	res, err := offpolicy.EstimateFiles(offpolicy.Files{Log: m.Log, Target: m.Target, RewardModel: m.RewardModel}, nil,
		ope.Options{Estimators: m.Estimators, Clip: m.Clip, Level: m.CI, Resamples: m.Bootstrap, Seed: m.Seed})
	if err != nil {
		return err
	}
	for _, bounds := range []map[string]float64{m.Min, m.Max} {
		for _, name := range slices.Sorted(maps.Keys(bounds)) {
			if _, ok := res.Values[name]; !ok {
				return fmt.Errorf("a bound on %s, which this log does not give (computed: %s)", name, strings.Join(res.Estimators, ", "))
			}
		}
	}
	out.OPE = report.NewOPEDetail(res)
	var problems []string
	for _, e := range out.OPE.Estimates {
		v := report.Value{Metric: e.Estimator, N: res.N, Value: e.Value, Interval: e.Interval, Pass: true}
		if th := estimatorThreshold(m, e.Estimator); th != (Threshold{}) {
			// The metric check's rule: min and max, on the interval's end
			// with require_interval.
			mc := &MetricCheck{Metric: e.Estimator, Threshold: th, RequireInterval: m.RequireInterval}
			f := measured{n: res.N, gated: true, defined: e.Value != nil, reason: "the estimator is undefined on this log"}
			if e.Value != nil {
				f.value = *e.Value
			}
			if e.Interval != nil {
				f.hasInterval, f.lo, f.hi = true, e.Interval[0], e.Interval[1]
			}
			v, _ = mc.judge(c.Name, f, nil)
			if !v.Pass {
				problems = append(problems, e.Estimator+": "+v.Note)
			}
		}
		out.Values = append(out.Values, v)
	}
	ess := report.Value{Metric: "ess", N: res.N, Value: ptr(res.ESS), Pass: true}
	if m.MinESS != nil {
		ess = atLeast(ess, *m.MinESS, "min_ess: "+fmtNum(*m.MinESS))
		if !ess.Pass {
			problems = append(problems, ess.Note)
		}
	}
	if len(res.Warnings) > 0 && ess.Note == "" {
		ess.Note = strings.Join(res.Warnings, "; ")
	}
	out.Values = append(out.Values, ess)
	if len(problems) > 0 {
		out.Status = failStatus(c)
		out.Message = problems[0]
		if len(problems) > 1 {
			out.Message += fmt.Sprintf(" (%d rules failed)", len(problems))
		}
		return nil
	}
	out.Status = report.Pass
	parts := make([]string, len(out.OPE.Estimates))
	for i, e := range out.OPE.Estimates {
		parts[i] = e.Estimator + " " + fmtValue(report.Value{Value: e.Value, Interval: e.Interval})
	}
	out.Message = fmt.Sprintf("%s; ess %s of %d events", strings.Join(parts, ", "), fmtNum(res.ESS), res.N)
	return nil
}

// estimatorThreshold is an ope check's rule for one estimator, as a
// metric check's threshold.
func estimatorThreshold(m *OPECheck, name string) Threshold {
	var th Threshold
	if b, ok := m.Min[name]; ok {
		th.Min = &Bound{Offset: b, Text: fmtNum(b)}
	}
	if b, ok := m.Max[name]; ok {
		th.Max = &Bound{Offset: b, Text: fmtNum(b)}
	}
	return th
}

// atLeast holds v (defined) to v >= bound under the rule's name.
func atLeast(v report.Value, bound float64, rule string) report.Value {
	v.Threshold = &report.Threshold{Op: ">=", Bound: bound, Rule: rule}
	if v.Value == nil || *v.Value < bound {
		v.Pass = false
		v.Note = fmt.Sprintf("%s %s, want >= %s (%s)", v.Metric, fmtValue(v), fmtNum(bound), rule)
	}
	return v
}
