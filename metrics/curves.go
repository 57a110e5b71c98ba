package metrics

import (
	"math"

	"github.com/mltest/mltest/internal/floatscale"
)

// ROCAUC returns the area under the receiver operating characteristic curve,
// as scikit-learn 1.2's roc_auc_score for binary labels (true = positive):
//
//	AUC = sum over positive i, negative j of w_i w_j [s_i > s_j] + ½ w_i w_j [s_i = s_j]
//	      ------------------------------------------------------------------------
//	                          (sum_pos w_i) (sum_neg w_j)
//
// which is the trapezoid area under the weighted ROC curve. Ties: rows with
// equal scores form one threshold, so a tied positive-negative pair counts one
// half (mid-rank). Weights: nil means all ones; zero-weight rows count for
// nothing. The scores are sorted by an exact O(n) radix sort on their bits.
//
// An *UndefinedError is returned when the labels hold a single class
// (scikit-learn raises ValueError), when either class has zero total weight
// (scikit-learn returns NaN with a warning) and for empty input. A NaN or
// infinite score or a negative, NaN or infinite weight is an error. Slices of
// different lengths panic.
func ROCAUC(labels []bool, scores, weights []float64) (float64, error) {
	sorted, classes, err := sortedRankRows("roc_auc", labels, scores, weights)
	if err != nil {
		return math.NaN(), err
	}
	defer returnRows(sorted)
	return rocAUCSorted(sorted, classes)
}

// AveragePrecision returns the average precision, the step-wise (not
// interpolated) area under the precision-recall curve, as scikit-learn 1.2's
// average_precision_score:
//
//	AP = sum_k (R_k - R_{k-1}) P_k
//
// over the distinct scores taken as thresholds from high to low, where P_k and
// R_k are the weighted precision and recall of predicting positive when
// score >= threshold k (R_0 = 0). Tied scores form one threshold.
//
// No positive weight (only negatives) is an *UndefinedError: scikit-learn 1.2.1
// warns "No positive class found in y_true, recall is set to one for all
// thresholds" and returns a meaningless 0, which mltest never reports as a value. Empty input or zero total weight is an
// *UndefinedError. Bad values and length mismatch as ROCAUC.
func AveragePrecision(labels []bool, scores, weights []float64) (float64, error) {
	sorted, _, err := sortedRankRows("average_precision", labels, scores, weights)
	if err != nil {
		return math.NaN(), err
	}
	defer returnRows(sorted)
	return averagePrecisionSorted(sorted)
}

// ROCCurve returns the ROC curve as scikit-learn's roc_curve with
// drop_intermediate=True: false- and true-positive rates at each distinct score
// used as threshold (predict positive iff score >= threshold), scores
// descending, with zero-weight rows removed first and points collinear with
// their neighbours dropped (a point is kept where the second difference of the
// cumulative false or true positives is non-zero). The first point is (0, 0)
// at threshold +Inf, as scikit-learn 1.3 and later; scikit-learn 1.2 uses
// max(score)+1 there, the other points are those of 1.2.
//
// One class (by weight), empty input or zero total weight is an
// *UndefinedError (scikit-learn returns NaN rates with a warning).
func ROCCurve(labels []bool, scores, weights []float64) (fpr, tpr, thresholds []float64, err error) {
	sorted, classes, err := sortedRankRows("roc_curve", labels, scores, weights)
	if err != nil {
		return nil, nil, nil, err
	}
	fps, tps, thr := cumulativeCounts(sorted)
	returnRows(sorted)
	if len(fps) == 0 || classes != bothClasses || fps[len(fps)-1] == 0 || tps[len(tps)-1] == 0 {
		return nil, nil, nil, undefined("roc_curve", "labels need both classes with positive weight")
	}
	keep := make([]int, 0, len(fps))
	for i := range fps {
		if i == 0 || i == len(fps)-1 {
			keep = append(keep, i)
			continue
		}
		// np.diff(x, 2) in the same arithmetic, so that the same points go.
		d2f := (fps[i+1] - fps[i]) - (fps[i] - fps[i-1])
		d2t := (tps[i+1] - tps[i]) - (tps[i] - tps[i-1])
		if d2f != 0 || d2t != 0 {
			keep = append(keep, i)
		}
	}
	fpr = make([]float64, len(keep)+1)
	tpr = make([]float64, len(keep)+1)
	thresholds = make([]float64, len(keep)+1)
	thresholds[0] = math.Inf(1)
	nf, nt := fps[len(fps)-1], tps[len(tps)-1]
	for j, i := range keep {
		fpr[j+1] = fps[i] / nf
		tpr[j+1] = tps[i] / nt
		thresholds[j+1] = thr[i]
	}
	return fpr, tpr, thresholds, nil
}

// PRCurve returns the precision-recall curve as scikit-learn 1.2.1's
// precision_recall_curve: for each distinct score as threshold in increasing
// order (zero-weight rows removed first), precision = TP/(TP+FP) (0 when
// TP+FP = 0) and recall = TP/P, followed by a last point with precision 1 and
// recall 0 that has no threshold, so len(thresholds) = len(precision) - 1.
// Without positive weight recall is 1 at every threshold (scikit-learn warns).
// Empty input or zero total weight is an *UndefinedError.
func PRCurve(labels []bool, scores, weights []float64) (precision, recall, thresholds []float64, err error) {
	sorted, _, err := sortedRankRows("pr_curve", labels, scores, weights)
	if err != nil {
		return nil, nil, nil, err
	}
	fps, tps, thr := cumulativeCounts(sorted)
	returnRows(sorted)
	m := len(fps)
	if m == 0 {
		return nil, nil, nil, undefined("pr_curve", "total weight is zero")
	}
	precision = make([]float64, m+1)
	recall = make([]float64, m+1)
	thresholds = make([]float64, m)
	p := tps[m-1]
	for i := 0; i < m; i++ {
		j := m - 1 - i
		if ps := tps[i] + fps[i]; ps != 0 {
			precision[j] = tps[i] / ps
		}
		if p == 0 {
			recall[j] = 1
		} else {
			recall[j] = tps[i] / p
		}
		thresholds[j] = thr[i]
	}
	precision[m] = 1
	return precision, recall, thresholds, nil
}

// classPresence records which labels occur among the rows, by count and
// regardless of weight, which is how scikit-learn decides "one class".
type classPresence uint8

const (
	hasNegative classPresence = 1 << iota
	hasPositive
	bothClasses = hasNegative | hasPositive
)

func presenceOf(label bool) classPresence {
	if label {
		return hasPositive
	}
	return hasNegative
}

// rocAUCSorted computes ROC AUC over rows sorted by ascending score.
func rocAUCSorted(rows []scoredRow, classes classPresence) (float64, error) {
	if len(rows) == 0 {
		return math.NaN(), undefined("roc_auc", "no rows")
	}
	if classes != bothClasses {
		return math.NaN(), undefined("roc_auc", "only one class present in labels")
	}
	area, tp, fp := rocArea(rows, 1, 1)
	if tp == 0 || fp == 0 {
		return math.NaN(), undefined("roc_auc", "one class has zero total weight")
	}
	if !floatscale.ProductsSafe(tp, fp, area) {
		// Products of weights under- or overflow (weights of 1e-200 give
		// terms of 1e-400): scale each class by a power of two that brings
		// its largest weight to 1. AUC is a ratio of sums bilinear in the
		// positive and the negative weights, so this changes nothing but
		// the range.
		maxPos, maxNeg := classMaxWeights(rows)
		area, tp, fp = rocArea(rows, floatscale.UnitScale(maxPos), floatscale.UnitScale(maxNeg))
	}
	return finite("roc_auc", area/(tp*fp))
}

// rocArea returns the trapezoid area under the weighted ROC curve and the
// class totals, positive weights multiplied by sp and negative ones by sn.
func rocArea(rows []scoredRow, sp, sn float64) (area, tp, fp float64) {
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

// classMaxWeights returns the largest positive and negative weight.
func classMaxWeights(rows []scoredRow) (maxPos, maxNeg float64) {
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

// averagePrecisionSorted computes average precision over rows sorted by
// ascending score.
func averagePrecisionSorted(rows []scoredRow) (float64, error) {
	sum, tp, fp := apCurveSum(rows)
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
		return finite("average_precision", apScaled(rows))
	}
	return finite("average_precision", sum/tp)
}

// apScaled is average precision with every running sum a scaledSum, for
// weights whose sums leave the float64 range or classes so far apart
// (positives of 1e-200 above one negative of 1e-200, then a negative of
// 1e273) that the precision at an early threshold would lose its digits:
// precision = tp/(tp+fp) = 1/(1 + fp/tp), each cumulative sum in its own
// units.
func apScaled(rows []scoredRow) float64 {
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

// apCurveSum returns sum_k tp_k·precision_k over thresholds and the class
// totals.
func apCurveSum(rows []scoredRow) (sum, tp, fp float64) {
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

// cumulativeCounts returns, for each distinct score from high to low (rows
// with zero weight left out, as scikit-learn's _binary_clf_curve does), the
// cumulative false- and true-positive weight at that threshold and the score.
func cumulativeCounts(rows []scoredRow) (fps, tps, thresholds []float64) {
	var tp, fp float64
	i := len(rows) - 1
	for i >= 0 {
		key := rows[i].Key
		var any bool
		for ; i >= 0 && rows[i].Key == key; i-- {
			p := rows[i].Payload
			w := math.Float64frombits(p &^ labelBit)
			if w == 0 {
				continue
			}
			any = true
			if p&labelBit != 0 {
				tp += w
			} else {
				fp += w
			}
		}
		if any {
			fps = append(fps, fp)
			tps = append(tps, tp)
			thresholds = append(thresholds, keyScore(key))
		}
	}
	return fps, tps, thresholds
}
