package metrics

import (
	"math"

	"github.com/mltest/mltest/internal/floatscale"
)

// The sorted-array computations of ROC AUC and average precision as they
// were before the row store was walked (rank_walk.go): the oracle that the
// walked values must equal bit for bit (rank_walk_test.go).

// oracleROCAUCSorted computes ROC AUC over rows sorted by ascending score.
func oracleROCAUCSorted(rows []scoredRow, classes classPresence) (float64, error) {
	if len(rows) == 0 {
		return math.NaN(), undefined("roc_auc", "no rows")
	}
	if classes != bothClasses {
		return math.NaN(), undefined("roc_auc", "only one class present in labels")
	}
	area, tp, fp := oracleROCArea(rows, 1, 1)
	if tp == 0 || fp == 0 {
		return math.NaN(), undefined("roc_auc", "one class has zero total weight")
	}
	if !floatscale.ProductsSafe(tp, fp, area) {
		// Products of weights under- or overflow (weights of 1e-200 give
		// terms of 1e-400): scale each class by a power of two that brings
		// its largest weight to 1. AUC is a ratio of sums bilinear in the
		// positive and the negative weights, so this changes nothing but
		// the range.
		maxPos, maxNeg := oracleClassMaxWeights(rows)
		area, tp, fp = oracleROCArea(rows, floatscale.UnitScale(maxPos), floatscale.UnitScale(maxNeg))
	}
	return finite("roc_auc", area/(tp*fp))
}

// oracleROCArea returns the trapezoid area under the weighted ROC curve and the
// class totals, positive weights multiplied by sp and negative ones by sn.
func oracleROCArea(rows []scoredRow, sp, sn float64) (area, tp, fp float64) {
	i := len(rows) - 1
	for i >= 0 {
		key := rows[i].Key
		var tpG, fpG float64
		for ; i >= 0 && rows[i].Key == key; i-- {
			p := rows[i].Payload
			w := math.Float64frombits(p &^ labelBit)
			if p&labelBit != 0 {
				tpG += w
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

// oracleClassMaxWeights returns the largest positive and negative weight.
func oracleClassMaxWeights(rows []scoredRow) (maxPos, maxNeg float64) {
	for _, r := range rows {
		w := math.Float64frombits(r.Payload &^ labelBit)
		if r.Payload&labelBit != 0 {
			maxPos = max(maxPos, w)
		} else {
			maxNeg = max(maxNeg, w)
		}
	}
	return maxPos, maxNeg
}

// oracleAveragePrecisionSorted computes average precision over rows sorted by
// ascending score.
func oracleAveragePrecisionSorted(rows []scoredRow) (float64, error) {
	sum, tp, fp := oracleAPCurveSum(rows)
	if tp+fp == 0 {
		return math.NaN(), undefined("average_precision", "total weight is zero")
	}
	if tp == 0 {
		return math.NaN(), undefined("average_precision", "no positive labels (scikit-learn warns and returns 0)")
	}
	if !floatscale.RatioSafe(sum, tp, fp) {
		// Totals beyond the float64 range (weights near 1e308), or classes
		// so far apart (positives of 1e-200, negatives of 1e200) that their
		// sums lose digits: each class in its own units.
		return finite("average_precision", oracleAPScaled(rows))
	}
	return finite("average_precision", sum/tp)
}

// oracleAPScaled is average precision with every running sum a scaledSum, for
// weights whose sums leave the float64 range or classes so far apart
// (positives of 1e-200 above one negative of 1e-200, then a negative of
// 1e273) that the precision at an early threshold would lose its digits:
// precision = tp/(tp+fp) = 1/(1 + fp/tp), each cumulative sum in its own
// units.
func oracleAPScaled(rows []scoredRow) float64 {
	var tp, fp, sum scaledSum
	i := len(rows) - 1
	for i >= 0 {
		key := rows[i].Key
		var tpG, fpG scaledSum
		for ; i >= 0 && rows[i].Key == key; i-- {
			p := rows[i].Payload
			w := math.Float64frombits(p &^ labelBit)
			if p&labelBit != 0 {
				tpG.add(w)
			} else {
				fpG.add(w)
			}
		}
		tp, fp = tp.plus(tpG), fp.plus(fpG)
		if !tpG.isZero() {
			sum.addScaled(tpG, 1/(1+fp.ratio(tp)))
		}
	}
	return sum.ratio(tp)
}

// oracleAPCurveSum returns sum_k tp_k·precision_k over thresholds and the class
// totals.
func oracleAPCurveSum(rows []scoredRow) (sum, tp, fp float64) {
	i := len(rows) - 1
	for i >= 0 {
		key := rows[i].Key
		var tpG, fpG float64
		for ; i >= 0 && rows[i].Key == key; i-- {
			p := rows[i].Payload
			w := math.Float64frombits(p &^ labelBit)
			if p&labelBit != 0 {
				tpG += w
			} else {
				fpG += w
			}
		}
		tp += tpG
		fp += fpG
		if tpG != 0 {
			sum += tpG * (tp / (tp + fp))
		}
	}
	return sum, tp, fp
}
