package clicksim

import (
	"math"

	"github.com/mltest/mltest/harness/interleave"
)

// Alpha is the significance level of the power simulations.
const Alpha = 0.05

// InterleavingPower returns the fraction of reps experiments of n
// interleaved impressions of better against worse in which
// interleave.Analyze (sign test) prefers the better ranker at Alpha. The
// better ranker is side A in even experiments and B in odd ones.
func (w *World) InterleavingPower(better, worse Ranker, n, reps int, seed uint64) float64 {
	hits := 0
	for r := range reps {
		s := seed + uint64(r)*7919
		a, b, want := better, worse, "A"
		if r%2 == 1 {
			a, b, want = worse, better, "B"
		}
		res, err := interleave.Analyze(w.Interleaved(a, b, n, s), interleave.Options{Resamples: 2, Level: 1 - Alpha})
		if err != nil {
			panic(err) // simulated logs are well formed
		}
		if res.Preferred == want {
			hits++
		}
	}
	return float64(hits) / float64(reps)
}

// ABPower returns the fraction of reps A/B tests of n impressions (split at
// random between the rankers) in which the z-test on clicks per impression
// finds the better ranker's CTR higher at Alpha.
func (w *World) ABPower(better, worse Ranker, n, reps int, seed uint64) float64 {
	hits := 0
	for r := range reps {
		res := w.AB(better, worse, n, seed+uint64(r)*7919)
		if res.P() < Alpha && res.CTR(0) > res.CTR(1) {
			hits++
		}
	}
	return float64(hits) / float64(reps)
}

// ImpressionsFor returns about the smallest n at which power(n) reaches
// target: n doubles from start until it does, then five bisection steps in
// log n narrow the bracket to a factor of 2^(1/32), about 2%. power is
// assumed to grow with n (up to simulation noise).
func ImpressionsFor(power func(n int) float64, target float64, start int) int {
	lo, hi := 0, start
	for power(hi) < target {
		lo, hi = hi, 2*hi
	}
	if lo == 0 {
		return hi
	}
	for range 5 {
		mid := int(math.Round(math.Sqrt(float64(lo) * float64(hi))))
		if mid <= lo || mid >= hi {
			break
		}
		if power(mid) >= target {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}
