package stats

import (
	"fmt"
	"math"
	"math/rand/v2"
)

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
