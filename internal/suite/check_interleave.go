package suite

import (
	"context"
	"fmt"

	"github.com/mltest/mltest/harness/interleave"
	"github.com/mltest/mltest/internal/report"
)

// runInterleave analyses an interleaving log with the flow of `mltest
// interleave` (interleave.ReadLog and Analyze): the same numbers for the
// same file and options. It fails when the required side is not
// significantly preferred or delta_ab is below min_delta_ab; a bad log is
// an error.
func (r *runner) runInterleave(_ context.Context, c *Check, out *report.Check) error {
	m := c.Interleave
	imps, err := interleave.ReadLog(m.Log, nil, m.User)
	if err != nil {
		return err
	}
	res, err := interleave.Analyze(imps, interleave.Options{Level: m.CI, Resamples: m.Bootstrap, Seed: m.Seed,
		ByUser: m.User != "", Sequential: m.Sequential})
	if err != nil {
		return err
	}
	out.Interleave = report.NewInterleaveDetail(res)
	d := out.Interleave
	var problems []string
	delta := report.Value{Metric: "delta_ab", N: res.N, Value: d.DeltaAB, Interval: d.Interval, Pass: true}
	if b := m.MinDeltaAB; b != nil {
		delta = atLeast(delta, *b, "min_delta_ab: "+fmtNum(*b))
		if !delta.Pass {
			problems = append(problems, delta.Note)
		}
	}
	out.Values = append(out.Values, delta)
	if m.Require != "" {
		p := report.Value{Metric: "p", N: res.N, Value: ptr(res.P), Pass: res.Significant(m.Require),
			Threshold: &report.Threshold{Op: "<", Bound: 1 - m.CI, Rule: "require: " + m.Require}}
		if !p.Pass {
			p.Note = fmt.Sprintf("%s is not significantly preferred (preferred: %s, p %s, %s)", m.Require, res.Preferred, fmtNum(res.P), res.Test)
			problems = append(problems, p.Note)
		}
		out.Values = append(out.Values, p)
	}
	summary := fmt.Sprintf("delta_ab %s over %d %s, p %s (%s); %d impressions with a click (%d without)",
		fmtValue(delta), res.Units, resampledUnits(m.User), fmtNum(res.P), res.Test, res.N, res.NoClick)
	if len(problems) > 0 {
		out.Status = failStatus(c)
		out.Message = problems[0] + "; " + summary
		return nil
	}
	out.Status = report.Pass
	out.Message = fmt.Sprintf("preferred: %s; %s", res.Preferred, summary)
	return nil
}

func resampledUnits(user string) string {
	if user != "" {
		return "users"
	}
	return "impressions"
}
