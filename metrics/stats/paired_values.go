package stats

import (
	"fmt"
	"math"

	"github.com/mltest/mltest/internal/fsum"
	"github.com/mltest/mltest/metrics"
)

// pairedDiffs checks paired per-query values and returns d_i = candidate_i -
// baseline_i with both means, each from the correctly rounded sum.
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
		d[i] = c - b
	}
	n := float64(len(d))
	return d, fsum.Sum(baseline) / n, fsum.Sum(candidate) / n, nil
}
