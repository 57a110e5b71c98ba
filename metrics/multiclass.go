package metrics

import (
	"fmt"
	"math"
)

// MulticlassAccuracy returns the weighted fraction of rows whose argmax class
// equals the label, as accuracy_score(y, probs.argmax(axis=1)). Ties in the
// argmax go to the lowest class index, as numpy's argmax. Empty input or zero
// total weight is an *UndefinedError.
//
// Multiclass metrics take labels []int with values in [0, K) and probs
// [][]float64 with one row of K scores per label (row-major: probs[i][c] is
// the score of class c for row i); K is len(probs[0]) and every row must have
// K entries (else panic). Weights: nil means all ones. A label outside
// [0, K), a NaN or infinite score, or a negative, NaN or infinite weight is a
// returned error; len(labels) != len(probs) panics. Each function equals the
// accumulator of the same metric fed the same rows.
func MulticlassAccuracy(labels []int, probs [][]float64, weights []float64) (float64, error) {
	return runMulticlass(&multiclassAccuracyAccumulator{}, labels, probs, weights)
}

// TopKAccuracy returns the weighted fraction of rows whose label is among the
// k classes with the highest scores, as scikit-learn 1.2.1's
// top_k_accuracy_score(y, probs, k=k, labels=range(K)) for K >= 3. Ties
// follow its stable descending argsort: among equal scores the higher class
// index ranks first. k >= K makes every row a hit, a score scikit-learn warns
// is meaningless: it is an *UndefinedError here. For
// K = 2 the same rule is used (scikit-learn takes a 1-d score there instead).
// k < 1 panics. Empty input or zero total weight is an *UndefinedError.
//
// Inputs, validation and panics as MulticlassAccuracy.
func TopKAccuracy(labels []int, probs [][]float64, weights []float64, k int) (float64, error) {
	if k < 1 {
		panic(fmt.Sprintf("metrics: TopKAccuracy needs k >= 1, got %d", k))
	}
	return runMulticlass(&topKAccuracyAccumulator{k: k}, labels, probs, weights)
}

// MulticlassLogLoss returns the weighted mean cross-entropy, as scikit-learn
// 1.2.1's log_loss(y, probs, labels=range(K)):
//
//	p_ic = clip(probs[i][c], eps, 1-eps), eps = 2.220446049250313e-16
//	loss_i = -log(p_iy / sum_c p_ic)
//	LogLoss = sum w_i loss_i / sum w_i
//
// The clipped row is renormalised to sum 1, as scikit-learn does. Classes
// absent from the labels are fine (scikit-learn with labels=range(K)). K < 2,
// empty input or zero total weight is an *UndefinedError.
//
// Inputs, validation and panics as MulticlassAccuracy.
func MulticlassLogLoss(labels []int, probs [][]float64, weights []float64) (float64, error) {
	return runMulticlass(&multiclassLogLossAccumulator{}, labels, probs, weights)
}

// MacroF1 returns the unweighted mean over classes of the per-class F1 of the
// argmax prediction, as f1_score(y, pred, average="macro"). The classes
// averaged are those occurring in the labels or the predictions (by presence,
// whatever the weights), scikit-learn's default labels. Per class
// F1 = 2PR/(P+R) with precision P = TP/(TP+FP), recall R = TP/(TP+FN), each 0
// on zero division and F1 0 when P+R = 0 (scikit-learn's zero_division
// default). Empty input or zero total weight is an *UndefinedError
// (scikit-learn returns its zero_division 0 there, with a warning).
//
// Inputs, validation and panics as MulticlassAccuracy.
func MacroF1(labels []int, probs [][]float64, weights []float64) (float64, error) {
	return runMulticlass(&f1Accumulator{average: "macro_f1"}, labels, probs, weights)
}

// MicroF1 returns F1 from the summed TP, FP, FN over the classes present, as
// f1_score(average="micro"); for single-label data it equals accuracy, and,
// as accuracy, it is an *UndefinedError when the total weight is zero.
//
// Inputs, validation and panics as MulticlassAccuracy.
func MicroF1(labels []int, probs [][]float64, weights []float64) (float64, error) {
	return runMulticlass(&f1Accumulator{average: "micro_f1"}, labels, probs, weights)
}

// WeightedF1 returns the mean of per-class F1 weighted by each class's true
// weight (support), as f1_score(average="weighted"); an *UndefinedError when
// the total weight is zero (scikit-learn: its zero_division 0).
//
// Inputs, validation and panics as MulticlassAccuracy.
func WeightedF1(labels []int, probs [][]float64, weights []float64) (float64, error) {
	return runMulticlass(&f1Accumulator{average: "weighted_f1"}, labels, probs, weights)
}

// ROCAUCOVR returns the one-vs-rest ROC AUC averaged over classes without
// weighting, as roc_auc_score(y, probs, multi_class="ovr", average="macro"):
// the mean over classes c of ROCAUC(labels == c, probs[:, c], weights).
// Every row's scores must sum to 1 within np.allclose's tolerance,
// |1 - sum| <= 1e-8 + 1e-5·|sum| (SumsToOne), as scikit-learn requires: a
// row that does not is an *UndefinedError naming the first such row. A
// class absent from the labels, or one with zero total weight, is an
// *UndefinedError (scikit-learn raises, or returns NaN for zero weight). For
// K = 2 scikit-learn refuses a 2-column score; the mean of the two one-vs-rest
// AUCs used here equals its roc_auc_score(y, probs[:, 1]) when the rows sum
// to 1, up to ties that computing 1 - p can create.
//
// Inputs, validation and panics as MulticlassAccuracy.
func ROCAUCOVR(labels []int, probs [][]float64, weights []float64) (float64, error) {
	return runMulticlass(&rocAUCOVRAccumulator{}, labels, probs, weights)
}

// multiclassRows is the part of an accumulator runMulticlass needs.
type multiclassRows interface {
	MulticlassAccumulator
	setClasses(k int)
}

func runMulticlass(a multiclassRows, labels []int, probs [][]float64, weights []float64) (float64, error) {
	checkLen(len(labels), weights, len(probs))
	if len(probs) == 0 {
		return math.NaN(), undefined(a.Name(), "no rows")
	}
	a.setClasses(len(probs[0]))
	for i, row := range probs {
		a.Add(labels[i], row, weightAt(weights, i))
	}
	return a.Result()
}

// argmaxLowest returns the index of the largest score, the lowest index on ties.
func argmaxLowest(probs []float64) int {
	best := 0
	for c, p := range probs {
		if p > probs[best] {
			best = c
		}
	}
	return best
}

// inTopK reports whether class y is among the k highest scores, ties ranking
// the higher index first (a reversed stable ascending argsort).
func inTopK(probs []float64, y, k int) bool {
	py := probs[y]
	ahead := 0
	for c, p := range probs {
		if p > py || (p == py && c > y) {
			ahead++
		}
	}
	return ahead < k
}

// multiclassLogLossRow is -log of the renormalised clipped score of class y.
func multiclassLogLossRow(probs []float64, y int) float64 {
	var sum float64
	for _, p := range probs {
		sum += math.Min(math.Max(p, logLossEps), 1-logLossEps)
	}
	py := math.Min(math.Max(probs[y], logLossEps), 1-logLossEps)
	return -math.Log(py / sum)
}
