package stats

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/mltest/mltest/internal/floatscale"
	"github.com/mltest/mltest/metrics"
)

// ROCAUCStatistic returns the statistic mult -> ROC AUC of the rows with
// weights weights[i]*mult[i], for Bootstrap and PairedBootstrap. Its value
// is metrics.ROCAUC(labels, scores, w) with w[i] = weights[i]*mult[i] (nil
// weights: all ones), with the same conventions (ties count one half; a
// resample with zero total weight in one class is an *metrics.UndefinedError,
// which Bootstrap skips), but the scores are sorted once here and each call
// is a single O(n) pass, instead of a sort per resample: for 100k rows this
// is about ten times faster than calling metrics.ROCAUC in the statistic.
//
// The data are checked once, by metrics.ROCAUC on the full data, whose error
// (a NaN score, a negative weight, a single class) is returned. The returned
// function is safe for concurrent use; it panics if len(mult) differs from
// len(labels). labels, scores and weights must not change while it is in use.
func ROCAUCStatistic(labels []bool, scores, weights []float64) (func(mult []float64) (float64, error), error) {
	if _, err := metrics.ROCAUC(labels, scores, weights); err != nil {
		return nil, err
	}
	n := len(labels)
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(scores[b], scores[a]) }) // descending
	// Rows in score order, the weight's sign bit carrying the label, and the
	// end of each group of tied scores.
	type row struct {
		index  int32
		weight float64
	}
	rows := make([]row, n)
	var ends []int32
	for k, i := range order {
		w := 1.0
		if weights != nil {
			w = weights[i]
		}
		if labels[i] {
			w = math.Copysign(w, -1) // negative marks a positive row; weights are >= 0
		}
		rows[k] = row{i, w}
		if k+1 == n || scores[order[k+1]] != scores[i] {
			ends = append(ends, int32(k+1))
		}
	}
	// Each class's weights are scaled by the power of two that brings its
	// largest to 1 (AUC is bilinear in the two classes' weights, so this
	// changes only the range): weights of 1e-200 or 1e200 then give
	// products of weights that neither under- nor overflow.
	sp, sn := classScales(rows, func(r row) (bool, float64) { return math.Signbit(r.weight), math.Abs(r.weight) })
	for k := range rows {
		if math.Signbit(rows[k].weight) {
			rows[k].weight *= sp
		} else {
			rows[k].weight *= sn
		}
	}
	pass := func(mult []float64, sp, sn float64) (area, tp, fp float64) {
		k := 0
		for _, end := range ends {
			var tpG, fpG float64
			for ; k < int(end); k++ {
				r := rows[k]
				w := r.weight * mult[r.index]
				if math.Signbit(r.weight) {
					tpG -= w
				} else {
					fpG += w
				}
			}
			tpG, fpG = tpG*sp, fpG*sn
			area += fpG * (tp + tpG/2)
			tp += tpG
			fp += fpG
		}
		return area, tp, fp
	}
	return func(mult []float64) (float64, error) {
		if len(mult) != n {
			panic(fmt.Sprintf("metrics/stats: ROCAUCStatistic: len(mult) = %d, want %d", len(mult), n))
		}
		area, tp, fp := pass(mult, 1, 1)
		if tp == 0 || fp == 0 {
			return math.NaN(), &metrics.UndefinedError{Metric: "roc_auc", Reason: "one class has zero total weight"}
		}
		if !floatscale.ProductsSafe(tp, fp, area) {
			// A resample without the heaviest rows: rescale to its own.
			sp, sn := classScales(rows, func(r row) (bool, float64) {
				return math.Signbit(r.weight), math.Abs(r.weight) * mult[r.index]
			})
			area, tp, fp = pass(mult, sp, sn)
		}
		return area / (tp * fp), nil
	}, nil
}

// classScales returns, for the positive and the negative rows (by
// positive(r)), the power of two that brings the largest weight into
// [1/2, 1); 1 for a class without weight.
func classScales[R any](rows []R, weight func(R) (positive bool, w float64)) (sp, sn float64) {
	var maxPos, maxNeg float64
	for _, r := range rows {
		if pos, w := weight(r); pos {
			maxPos = max(maxPos, w)
		} else {
			maxNeg = max(maxNeg, w)
		}
	}
	return floatscale.UnitScale(maxPos), floatscale.UnitScale(maxNeg)
}
