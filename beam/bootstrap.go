package mltestbeam

import (
	"fmt"
	"hash/fnv"
	"math"
	"slices"

	"github.com/mltest/mltest/metrics/stats"
)

// The Poisson bootstrap (Hanley & MacGibbon 2006; what TFMA runs on Beam):
// instead of drawing n rows with replacement, which needs all rows in one
// place, every row gets in resample r an independent Poisson(1) count c, its
// multiplicity, and each resample's accumulators add the row with weight
// w*c. As n grows the counts' joint law approaches the multinomial one of
// the classic bootstrap. The count is a function of (seed, row id, r) only,
// so each row's counts are the same on any worker, in any bundle, in any
// order: the interval does not depend on the runner.

// poissonCDF[k] is P(X <= k) for X ~ Poisson(1).
var poissonCDF = func() []float64 {
	var cdf []float64
	p, sum := math.Exp(-1), 0.0
	for k := 0; sum < 1-1e-17 && k < 30; k++ {
		if k > 0 {
			p /= float64(k)
		}
		sum += p
		cdf = append(cdf, sum)
	}
	return cdf
}()

// unitHash is the 64-bit FNV-1a hash of a row or cluster id.
func unitHash(id string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(id))
	return h.Sum64()
}

// splitmix64 is Steele, Lea and Flood's finalizer: a bijection of uint64
// whose outputs for consecutive inputs are statistically independent.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// poissonCount is the Poisson(1) multiplicity of the unit with hash h in
// resample r under seed: inverse-CDF sampling of a uniform derived from
// (seed, h, r).
func poissonCount(seed, h uint64, r int) int {
	x := splitmix64(splitmix64(seed^0x6d6c74657374) ^ h)
	x = splitmix64(x + uint64(r)*0x9e3779b97f4a7c15)
	u := float64(x>>11) * 0x1p-53
	for k, c := range poissonCDF {
		if u < c {
			return k
		}
	}
	return len(poissonCDF)
}

// percentileInterval is [q(a/2), q(1-a/2)] of the resampled values, a =
// 1-level, q numpy's default (linear) quantile, as stats.Bootstrap reports.
// Resamples on which the metric was undefined are skipped; more than
// stats.MaxUndefinedFraction of them, or fewer than 2 values, give no
// interval and a note saying why.
func percentileInterval(vals []float64, undefined int, level float64) (lo, hi float64, ok bool, note string) {
	total := len(vals) + undefined
	if float64(undefined) > stats.MaxUndefinedFraction*float64(total) {
		return 0, 0, false, fmt.Sprintf("undefined on %d of %d resamples", undefined, total)
	}
	if len(vals) < 2 {
		return 0, 0, false, fmt.Sprintf("%d defined resamples, want at least 2", len(vals))
	}
	s := slices.Clone(vals)
	slices.Sort(s)
	a := 1 - level
	return quantile(s, a/2), quantile(s, 1-a/2), true, ""
}

// quantile is the type-7 quantile of sorted s.
func quantile(s []float64, p float64) float64 {
	h := p * float64(len(s)-1)
	i := int(math.Floor(h))
	if i >= len(s)-1 {
		return s[len(s)-1]
	}
	return s[i] + (h-float64(i))*(s[i+1]-s[i])
}
