package stats

import (
	"fmt"
	"math"
	"slices"
)

// BenjaminiHochberg returns p-values adjusted for the false discovery rate
// (Benjamini & Hochberg 1995, JRSS B 57:289-300), exactly as R's
// p.adjust(p, method = "BH"): with the m p-values sorted in decreasing order
// p_(m) >= ... >= p_(1) and i their rank from the smallest,
//
//	adj_(i) = min(1, min_{j >= i} (m / j) p_(j))
//
// returned in the order of p. Rejecting every hypothesis with adj <= q
// controls the false discovery rate at q. The adjusted values are monotone in
// the raw ones and never below them.
//
// NaN entries stay NaN and do not count in m, as R's NA. An empty or nil p
// gives an empty result. A p-value outside [0, 1] panics: it is not a
// p-value, so the caller has a bug.
func BenjaminiHochberg(p []float64) []float64 {
	out := make([]float64, len(p))
	idx := make([]int, 0, len(p))
	for i, v := range p {
		if math.IsNaN(v) {
			out[i] = math.NaN()
			continue
		}
		if v < 0 || v > 1 {
			panic(fmt.Sprintf("metrics/stats: p-value %v at index %d outside [0, 1]", v, i))
		}
		idx = append(idx, i)
	}
	m := len(idx)
	// R: o <- order(p, decreasing = TRUE); cummin(n/i * p[o]), i = n:1
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case p[a] > p[b]:
			return -1
		case p[a] < p[b]:
			return 1
		}
		return 0
	})
	run := math.Inf(1)
	for k, i := range idx {
		rank := m - k
		run = math.Min(run, float64(m)/float64(rank)*p[i])
		out[i] = math.Min(1, run)
	}
	return out
}
