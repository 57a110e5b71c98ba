package stats

import (
	"cmp"
	"fmt"
	"math"
)

// KendallTauB returns Kendall's tau-b between paired scores x and y, the
// rank correlation that scipy.stats.kendalltau computes by default:
//
//	tau_b = (C - D) / sqrt((C + D + Tx) * (C + D + Ty))
//
// over all pairs i < j, where C counts concordant pairs, D discordant pairs,
// Tx pairs tied only in x and Ty pairs tied only in y (pairs tied in both
// count in neither). It is 1 for identical orders, -1 for reversed ones.
// When every pair is tied in x or in y (a constant input, or fewer than two
// items) tau-b is undefined and KendallTauB returns NaN, as scipy does. It
// panics if the lengths differ; NaN in the scores is an error. O(n²), meant
// for rankings of up to some thousands of items.
func KendallTauB(x, y []float64) (float64, error) {
	if len(x) != len(y) {
		panic("metrics/stats: slice length mismatch")
	}
	for i := range x {
		if math.IsNaN(x[i]) || math.IsNaN(y[i]) {
			return math.NaN(), fmt.Errorf("metrics/stats: KendallTauB: NaN at index %d", i)
		}
	}
	var c, d, tx, ty int64
	for i := range x {
		for j := i + 1; j < len(x); j++ {
			dx, dy := cmp.Compare(x[i], x[j]), cmp.Compare(y[i], y[j])
			switch {
			case dx == 0 && dy == 0:
			case dx == 0:
				tx++
			case dy == 0:
				ty++
			case dx == dy:
				c++
			default:
				d++
			}
		}
	}
	// sqrt of the product, not a product of roots: identical orders give exactly 1.
	den := math.Sqrt(float64(c+d+tx) * float64(c+d+ty))
	if den == 0 {
		return math.NaN(), nil
	}
	return float64(c-d) / den, nil
}
