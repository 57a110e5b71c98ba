package metrics

import "math"

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
	s := rankSumsOf([][]scoredRow{rows}, true, wantAUC)
	return s.rocAUC(classes)
}

// averagePrecisionSorted computes average precision over rows sorted by
// ascending score.
func averagePrecisionSorted(rows []scoredRow) (float64, error) {
	if len(rows) == 0 {
		return math.NaN(), undefined("average_precision", "total weight is zero")
	}
	s := rankSumsOf([][]scoredRow{rows}, true, wantAP)
	return s.averagePrecision()
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
