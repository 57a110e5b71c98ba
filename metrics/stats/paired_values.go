package stats

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/mltest/mltest/metrics"
	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// pairedDiffs checks paired per-query values and returns d_i = candidate_i -
// baseline_i with both means.
func pairedDiffs(test string, baseline, candidate []float64) (d []float64, mb, mc float64, err error) {
	if len(baseline) != len(candidate) {
		panic("metrics/stats: slice length mismatch")
	}
	if len(baseline) == 0 {
		return nil, 0, 0, &metrics.UndefinedError{Metric: test, Reason: "no pairs"}
	}
	d = make([]float64, len(baseline))
	for i := range baseline {
		b, c := baseline[i], candidate[i]
		if math.IsNaN(b) || math.IsInf(b, 0) || math.IsNaN(c) || math.IsInf(c, 0) {
			return nil, 0, 0, fmt.Errorf("metrics/stats: %s: pair %d (%v, %v) is not a pair of finite numbers", test, i, b, c)
		}
		mb += b
		mc += c
		d[i] = c - b
	}
	n := float64(len(d))
	return d, mb / n, mc / n, nil
}

// RandomizationTest is the paired approximate randomization (permutation)
// test of the mean difference of per-query values, the test recommended for
// IR evaluation by Smucker, Allan & Carterette (2007, CIKM) and used by ranx.
// Under the null hypothesis the two systems are exchangeable on every query,
// so each pair may be swapped, which flips the sign of d_i = candidate_i -
// baseline_i. Each trial swaps every pair with probability ½ and counts the
// trial when |sum of signed d_i| >= |sum of d_i| (two-sided; ties within a
// relative 1e-10 of sum |d_i| count, so that sign patterns that are equal in
// exact arithmetic are not lost to rounding). Then
//
//	P = (count + 1) / (trials + 1)
//
// which treats the observed assignment as one of the permutations (Phipson &
// Smyth 2010, "Permutation p-values should never be zero"): P is never 0 and
// is a valid (slightly conservative) p-value for any number of trials.
// Smucker et al. and ranx report count/trials instead, which differs by less
// than 1/trials.
//
// Diff = mean(candidate) - mean(baseline). The test has no interval of its
// own: Interval is the 95% percentile paired bootstrap interval of the mean
// difference over queries, from `trials` resamples with the same seed (see
// Bootstrap). Method is "randomization".
//
// All differences zero gives P = 1. Empty input is an *metrics.UndefinedError,
// a NaN or infinite value an error. Slices of different lengths or trials < 1
// panic.
func RandomizationTest(baseline, candidate []float64, trials int, seed uint64) (Comparison, error) {
	if trials < 1 {
		panic(fmt.Sprintf("metrics/stats: randomization test needs trials >= 1, got %d", trials))
	}
	d, mb, mc, err := pairedDiffs("randomization test", baseline, candidate)
	if err != nil {
		return Comparison{}, err
	}
	var obs, scale float64
	for _, v := range d {
		obs += v
		scale += math.Abs(v)
	}
	limit := math.Abs(obs) - 1e-10*scale
	rng := rand.New(rand.NewPCG(splitmix64(seed), splitmix64(seed^0x5241_4e44_4f4d))) // "RANDOM"
	// A swap flips the sign bit of d_i; done on the bits, without a branch.
	dbits := make([]uint64, len(d))
	for i, v := range d {
		dbits[i] = math.Float64bits(v)
	}
	count := 0
	for range trials {
		var s float64
		for start := 0; start < len(dbits); start += 64 {
			flips := rng.Uint64()
			for _, b := range dbits[start:min(start+64, len(dbits))] {
				s += math.Float64frombits(b ^ (flips << 63))
				flips >>= 1
			}
		}
		if math.Abs(s) >= limit {
			count++
		}
	}
	diff := mc - mb
	iv := Interval{Estimate: diff, Lo: diff, Hi: diff, Level: 0.95}
	if len(d) >= 2 {
		iv, err = Bootstrap(len(d), func(mult []float64) (float64, error) {
			var s, w float64
			for i, v := range d {
				s += mult[i] * v
				w += mult[i]
			}
			return s / w, nil
		}, BootstrapOptions{Level: 0.95, Resamples: trials, Seed: seed})
		if err != nil {
			return Comparison{}, err
		}
		iv.Estimate = diff
	}
	return Comparison{
		Baseline:  mb,
		Candidate: mc,
		Diff:      diff,
		Interval:  iv,
		P:         float64(count+1) / float64(trials+1),
		Method:    "randomization",
	}, nil
}

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
	var sum float64
	for _, v := range d {
		sum += v
	}
	mean := sum / n
	var ss float64
	for _, v := range d {
		ss += (v - mean) * (v - mean)
	}
	df := n - 1
	se := math.Sqrt(ss/df) / math.Sqrt(n)
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
