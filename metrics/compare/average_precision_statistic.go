package compare

import (
	"cmp"
	"math"
	"slices"

	"github.com/mltest/mltest/internal/floatscale"
	"github.com/mltest/mltest/metrics"
)

// averagePrecisionStatistic returns mult -> average precision of the rows
// with weights weights[i]*mult[i], for the paired bootstrap: the value of
// metrics.AveragePrecision(labels, scores, w) with w[i] = weights[i]*mult[i]
// (up to the rounding of a different summation order), computed in one O(n)
// pass over rows sorted once here, instead of a sort per resample.
//
// With the rows in decreasing score order and tied scores forming one
// threshold, AP = sum over thresholds with positive weight tp_g of
// (tp_g / P) * tp / (tp + fp), tp and fp the cumulative positive and
// negative weight down to that threshold and P the total positive weight:
// scikit-learn's sum_k (R_k - R_{k-1}) P_k. A resample without positive
// weight is an *metrics.UndefinedError, which the bootstrap skips. The data
// are checked once, by metrics.AveragePrecision on the full data.
func averagePrecisionStatistic(labels []bool, scores, weights []float64) (func([]float64) (float64, error), error) {
	if _, err := metrics.AveragePrecision(labels, scores, weights); err != nil {
		return nil, err
	}
	n := len(labels)
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(scores[b], scores[a]) })
	type row struct {
		index  int32
		weight float64 // negative: a positive row (weights are >= 0)
	}
	rows := make([]row, n)
	var ends []int32
	for k, i := range order {
		w := weightAt(weights, int(i))
		if labels[i] {
			w = math.Copysign(w, -1)
		}
		rows[k] = row{i, w}
		if k+1 == n || scores[order[k+1]] != scores[i] {
			ends = append(ends, int32(k+1))
		}
	}
	// Weights scaled by the power of two that brings the largest to 1, so
	// that weights near 1e308 do not overflow the totals (AP is a ratio of
	// sums homogeneous in the weights).
	var maxW float64
	for _, r := range rows {
		maxW = max(maxW, math.Abs(r.weight))
	}
	for k, s := 0, floatscale.UnitScale(maxW); k < n; k++ {
		rows[k].weight *= s
	}
	pass := func(mult []float64, s float64) (sum, tp, fp float64) {
		k := 0
		for _, end := range ends {
			var tpG float64
			for ; k < int(end); k++ {
				r := rows[k]
				w := r.weight * mult[r.index] * s
				if math.Signbit(r.weight) {
					tpG -= w
				} else {
					fp += w
				}
			}
			tp += tpG
			if tpG > 0 {
				sum += tpG * (tp / (tp + fp)) // the precision first, as metrics: tpG·tp underflows for weights near 1e-161
			}
		}
		return sum, tp, fp
	}
	return func(mult []float64) (float64, error) {
		sum, tp, fp := pass(mult, 1)
		if tp == 0 || !floatscale.RatioSafe(sum, tp, fp) {
			// A resample without the heaviest rows, or without positive
			// weight in these units (positives of 1e-200 next to negatives
			// of 1e200 flush to 0): the registry's AP of the resampled
			// weights, exact across magnitudes.
			w := make([]float64, n)
			for i := range w {
				w[i] = weightAt(weights, i) * mult[i]
			}
			return metrics.AveragePrecision(labels, scores, w)
		}
		return sum / tp, nil
	}, nil
}
