package stats

import (
	"math"

	"github.com/mltest/mltest/internal/fsum"
	"github.com/mltest/mltest/metrics"
	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// PairedTTest is Student's paired t-test of per-query (or per-row) values,
// as scipy.stats.ttest_rel(candidate, baseline): with d_i = candidate_i -
// baseline_i, mean dbar, sample standard deviation s (divisor n-1),
//
//	t = dbar / (s / sqrt(n)),  df = n - 1,  P = 2 P(T_df >= |t|) = I_{df/(df+t^2)}(df/2, ½)
//
// and the interval dbar -/+ t_{df,(1+level)/2} s/sqrt(n). Diff = dbar =
// mean(candidate) - mean(baseline). Method is "paired t".
//
// When every d_i is the same (s = 0) scipy returns t = NaN or ±Inf; here P is
// 1 if dbar = 0 (no evidence of a difference) and 0 otherwise, with the
// interval [dbar, dbar]. Fewer than 2 pairs is an *metrics.UndefinedError, a
// NaN or infinite value an error. Slices of different lengths or a level
// outside (0, 1) panic.
func PairedTTest(baseline, candidate []float64, level float64) (Comparison, error) {
	checkLevel(level)
	d, mb, mc, err := pairedDiffs("paired t-test", baseline, candidate)
	if err != nil {
		return Comparison{}, err
	}
	n := float64(len(d))
	if len(d) < 2 {
		return Comparison{}, &metrics.UndefinedError{Metric: "paired t-test", Reason: "needs at least 2 pairs"}
	}
	mean := fsum.Sum(d) / n
	df := n - 1
	se := fsum.StdDev(d, mean, 1) / math.Sqrt(n)
	var p float64
	switch {
	case se > 0:
		t := mean / se
		p = mathext.RegIncBeta(df/2, 0.5, df/(df+t*t))
	case mean == 0:
		p = 1
	}
	q := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(0.5 + level/2)
	return Comparison{
		Baseline:  mb,
		Candidate: mc,
		Diff:      mean,
		Interval:  Interval{Estimate: mean, Lo: mean - q*se, Hi: mean + q*se, Level: level},
		P:         p,
		Method:    "paired t",
	}, nil
}
