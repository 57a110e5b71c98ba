package suite

import (
	"context"
	"fmt"
	"math"

	"github.com/mltest/mltest/assert"
	"github.com/mltest/mltest/harness/parity"
	"github.com/mltest/mltest/internal/report"
)

// maxWorstRows is how many mismatching rows a parity check keeps for the report.
const maxWorstRows = 20

// runParity sends the requests to the endpoint and compares its outputs with
// the offline outputs, or with a second endpoint's (harness/parity's
// CompareFiles and CompareEndpoints): the check fails when more rows than
// max_mismatches mismatch or fail, and errors when no request got an answer
// (the server is unreachable).
func (r *runner) runParity(ctx context.Context, c *Check, out *report.Check) error {
	p := c.Parity
	e := parity.Endpoint{Protocol: p.Protocol, URL: p.URL, Model: p.Model,
		Signature: p.Signature, TypedContents: p.TypedContents, BinaryData: p.BinaryData, Header: p.Headers, TLS: p.TLS,
		Concurrency: p.Concurrency, Batch: p.Batch, Timeout: p.Timeout, Retries: p.Retries, NoRetries: p.Retries == 0}
	opt := parity.Options{Tolerance: assert.Tolerance{Abs: p.AbsTol, Rel: p.RelTol}, RankK: p.RankK}
	for _, st := range p.Stages {
		opt.Stages = append(opt.Stages, parity.Stage{Name: st.Name, Outputs: st.Outputs})
	}
	var res parity.Result
	var err error
	if a := p.Against; a != nil {
		res, err = parity.CompareEndpoints(ctx, p.Requests, nil, e, e.Against(a.URL, a.Protocol, a.Model), opt)
	} else {
		res, err = parity.CompareFiles(ctx, p.Requests, p.Offline, nil, e, opt)
	}
	if err != nil {
		return err
	}
	d := &report.ParityDetail{N: res.N, Matched: res.Matched, Mismatched: res.Mismatched, Failed: res.Failed,
		MaxAbsDiff: finiteOr(res.MaxAbsDiff, math.MaxFloat64), FirstStage: res.FirstStage, Histogram: diffHistogram(res.Diffs), Worst: []report.ParityRow{}}
	if res.Latency != (parity.Latency{}) {
		d.LatencyMS = map[string]float64{"p50": res.Latency.P50, "p95": res.Latency.P95, "p99": res.Latency.P99}
	}
	for _, m := range res.Mismatches {
		if len(d.Worst) == maxWorstRows {
			break
		}
		d.Worst = append(d.Worst, report.ParityRow{ID: m.ID, Output: m.Output, Stage: m.Stage,
			Offline: fmt.Sprint(m.Offline), Online: fmt.Sprint(m.Online), AbsDiff: finiteOr(m.AbsDiff, math.MaxFloat64)})
	}
	for _, f := range res.Failures {
		if len(d.Worst) == maxWorstRows {
			break
		}
		d.Worst = append(d.Worst, report.ParityRow{ID: f.ID, Error: f.Error})
	}
	out.Parity = d
	bad := res.Mismatched + res.Failed
	out.Values = []report.Value{{Metric: "mismatched_or_failed", N: res.N, Value: ptr(float64(bad)),
		Threshold: &report.Threshold{Op: "<=", Bound: float64(p.MaxMismatches), Rule: fmt.Sprintf("max_mismatches: %d", p.MaxMismatches)},
		Pass:      bad <= p.MaxMismatches}}
	if bad > p.MaxMismatches {
		out.Status = failStatus(c)
		out.Message = fmt.Sprintf("%d of %d rows differ (%d mismatched, %d failed; max_mismatches %d): %s",
			bad, res.N, res.Mismatched, res.Failed, p.MaxMismatches, firstParityProblem(res))
		return nil
	}
	out.Status = report.Pass
	out.Message = fmt.Sprintf("%d of %d rows match %s (max |diff| %.3g)", res.Matched, res.N, p.URL, res.MaxAbsDiff)
	if p.Against != nil {
		out.Message = fmt.Sprintf("%d of %d rows of %s (%s) match %s (%s) (max |diff| %.3g)", res.Matched, res.N, p.URL, p.Protocol, p.Against.URL, p.Against.Protocol, res.MaxAbsDiff)
	}
	return nil
}

func ptr(x float64) *float64 { return &x }

// finiteOr returns x, or alt when x is not finite (JSON has no infinity).
func finiteOr(x, alt float64) float64 {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return alt
	}
	return x
}

func firstParityProblem(res parity.Result) string {
	if len(res.Mismatches) > 0 {
		return res.Mismatches[0].String()
	}
	if len(res.Failures) > 0 {
		return res.Failures[0].ID + ": " + res.Failures[0].Error
	}
	return ""
}

// diffHistogram bins log10 |offline - online| in unit-wide bins; an exact
// match (0) counts in the bin [-17, -16), below any float64 rounding error.
func diffHistogram(diffs []float64) []report.Bin {
	if len(diffs) == 0 {
		return []report.Bin{}
	}
	const floor = -17.0
	logs := make([]float64, 0, len(diffs))
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, d := range diffs {
		l := floor
		if d > 0 && !math.IsInf(d, 0) && !math.IsNaN(d) {
			l = math.Max(math.Log10(d), floor)
		} else if d != 0 {
			continue
		}
		logs = append(logs, l)
		lo, hi = math.Min(lo, math.Floor(l)), math.Max(hi, math.Floor(l))
	}
	if len(logs) == 0 {
		return []report.Bin{}
	}
	bins := make([]report.Bin, int(hi-lo)+1)
	for i := range bins {
		bins[i] = report.Bin{Lo: lo + float64(i), Hi: lo + float64(i) + 1}
	}
	for _, l := range logs {
		bins[int(math.Floor(l)-lo)].Count++
	}
	return bins
}
