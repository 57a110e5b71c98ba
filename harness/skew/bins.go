package skew

import (
	"math"
	"slices"

	"github.com/mltest/mltest/assert"
)

// quantileEdges returns the inner edges of bins quantile bins of the sorted
// sample s: its quantiles at 1/bins, ..., (bins-1)/bins, linear
// interpolation between order statistics (numpy.quantile's default), repeated
// edges dropped. This is assert.PSI's binning.
func quantileEdges(s []float64, bins int) []float64 {
	edges := make([]float64, 0, bins-1)
	for i := 1; i < bins; i++ {
		p := float64(i) / float64(bins)
		h := float64(len(s)-1) * p
		lo := int(math.Floor(h))
		q := s[len(s)-1]
		if lo+1 < len(s) {
			q = s[lo] + (h-float64(lo))*(s[lo+1]-s[lo])
		}
		if len(edges) == 0 || q != edges[len(edges)-1] {
			edges = append(edges, q)
		}
	}
	return edges
}

// binCounts counts the sorted sample s in the right-closed bins
// (-Inf, e_1], (e_1, e_2], ..., (e_last, +Inf).
func binCounts(s, edges []float64) []float64 {
	c := make([]float64, len(edges)+1)
	prev := 0
	for i, e := range edges {
		k := prev + upperBound(s[prev:], e)
		c[i] = float64(k - prev)
		prev = k
	}
	c[len(edges)] = float64(len(s) - prev)
	return c
}

// upperBound is the number of values of sorted s that are <= x.
func upperBound(s []float64, x float64) int {
	k, _ := slices.BinarySearchFunc(s, x, func(v, x float64) int {
		if v <= x {
			return -1
		}
		return 1
	})
	return k
}

// psi is the population stability index of shares a (current) against e
// (reference) over the same bins or categories, each share of 0 replaced by
// assert.PSIEpsilon: sum_i (a_i - e_i) ln(a_i / e_i).
func psi(e, a []float64) float64 {
	var s float64
	for i := range e {
		ei, ai := math.Max(e[i], assert.PSIEpsilon), math.Max(a[i], assert.PSIEpsilon)
		s += (ai - ei) * math.Log(ai/ei)
	}
	return s
}
