package metrics

import (
	"fmt"
	"math"
)

// ConfusionMatrix holds the weighted counts of a binary classifier's hard
// predictions: a row is predicted positive iff score >= threshold.
type ConfusionMatrix struct {
	TP, FP, TN, FN float64
}

// NewConfusionMatrix returns the weighted confusion matrix of predicting
// positive iff score >= threshold. Weights: nil means all ones. A NaN or
// infinite score or a negative, NaN or infinite weight is an error; a length
// mismatch panics.
func NewConfusionMatrix(labels []bool, scores, weights []float64, threshold float64) (ConfusionMatrix, error) {
	checkLen(len(labels), weights, len(scores))
	var c ConfusionMatrix
	for i, s := range scores {
		w := weightAt(weights, i)
		if err := checkScoreWeight("confusion_matrix", i, s, w); err != nil {
			return ConfusionMatrix{}, err
		}
		c.add(labels[i], s >= threshold, w)
	}
	return c, nil
}

func (c *ConfusionMatrix) add(label, predicted bool, w float64) {
	switch {
	case label && predicted:
		c.TP += w
	case label:
		c.FN += w
	case predicted:
		c.FP += w
	default:
		c.TN += w
	}
}

// Total is TP+FP+TN+FN, the total weight.
func (c ConfusionMatrix) Total() float64 { return c.TP + c.FP + c.TN + c.FN }

// Accuracy is (TP+TN)/total, as accuracy_score. Zero total weight is an
// *UndefinedError (scikit-learn raises ZeroDivisionError).
func (c ConfusionMatrix) Accuracy() (float64, error) { return c.cells().accuracy() }

// Precision is TP/(TP+FP). Nothing predicted positive (TP+FP = 0) is an
// *UndefinedError: scikit-learn warns "Precision is ill-defined" there and
// returns its zero_division placeholder 0, which mltest never reports as a
// value.
func (c ConfusionMatrix) Precision() (float64, error) { return c.cells().precision() }

// Recall is TP/(TP+FN). No positive weight (TP+FN = 0) is an *UndefinedError,
// where scikit-learn warns "Recall is ill-defined" and returns 0.
func (c ConfusionMatrix) Recall() (float64, error) { return c.cells().recall() }

// F1 is 2·P·R/(P+R) = 2TP/(2TP+FP+FN), as scikit-learn 1.2's f1_score. When
// only one of precision and recall is ill-defined, F1 is 0, as scikit-learn
// computes it without a warning. When there are neither positive labels nor
// positive predictions (TP+FP+FN = 0), scikit-learn warns "F-score is
// ill-defined" and F1 is an *UndefinedError.
func (c ConfusionMatrix) F1() (float64, error) { return c.cells().f1() }

// MCC is the Matthews correlation coefficient,
//
//	MCC = (TP·TN - FP·FN) / sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN))
//
// which equals scikit-learn's matthews_corrcoef, (trace(C)·n - t·p) /
// sqrt((n² - t·t)(n² - p·p)) with n the total, t the true and p the
// predicted class sums, and is 0 when the denominator is 0 (a single class
// in labels or predictions), as there.
//
// It is computed in 256-bit arithmetic (math/big) from the cells: the
// products are exact and the difference is rounded once, so MCC is exact to
// float64 rounding whatever the magnitude of the weights. scikit-learn's
// float64 products overflow for weights near 1e100 (n² = 9e200, its
// denominator's product 1.6e401 = inf) and it returns 0 where the value is
// 0.5.
func (c ConfusionMatrix) MCC() float64 { return c.cells().mcc() }

func divOrZero(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func f1Of(p, r float64) float64 {
	d := p + r
	if d == 0 {
		return 0
	}
	if v := 2 * p * r; v >= 0x1p-1000 {
		return v / d
	}
	// p·r underflows (precision and recall near 1e-200): the harmonic
	// mean from the smaller one times a ratio in [1/2, 1].
	return 2 * harmonicProduct(p, r, d)
}

// Accuracy returns the weighted fraction of rows whose hard prediction
// (positive iff score >= threshold) equals the label, as accuracy_score. Zero
// total weight or empty input is an *UndefinedError.
func Accuracy(labels []bool, scores, weights []float64, threshold float64) (float64, error) {
	return atThreshold("accuracy", labels, scores, weights, threshold, func(c ConfusionMatrix) (float64, error) { return c.Accuracy() })
}

// Precision returns TP/(TP+FP) at the threshold (positive iff score >=
// threshold), as precision_score; 0 when nothing is predicted positive.
// Empty input is an *UndefinedError, as for Recall, F1 and MCC.
func Precision(labels []bool, scores, weights []float64, threshold float64) (float64, error) {
	return atThreshold("precision", labels, scores, weights, threshold, func(c ConfusionMatrix) (float64, error) { return c.Precision() })
}

// Recall returns TP/(TP+FN) at the threshold, as recall_score; 0 when there
// is no positive weight.
func Recall(labels []bool, scores, weights []float64, threshold float64) (float64, error) {
	return atThreshold("recall", labels, scores, weights, threshold, func(c ConfusionMatrix) (float64, error) { return c.Recall() })
}

// F1 returns 2PR/(P+R) at the threshold, as f1_score; 0 when P+R = 0.
func F1(labels []bool, scores, weights []float64, threshold float64) (float64, error) {
	return atThreshold("f1", labels, scores, weights, threshold, func(c ConfusionMatrix) (float64, error) { return c.F1() })
}

// MCC returns the Matthews correlation coefficient at the threshold, as
// matthews_corrcoef; 0 when labels or predictions hold a single class.
func MCC(labels []bool, scores, weights []float64, threshold float64) (float64, error) {
	return atThreshold("mcc", labels, scores, weights, threshold, func(c ConfusionMatrix) (float64, error) { return c.MCC(), nil })
}

// atThreshold evaluates a hard-label metric; empty input is undefined.
func atThreshold(metric string, labels []bool, scores, weights []float64, threshold float64, f func(ConfusionMatrix) (float64, error)) (float64, error) {
	c, err := NewConfusionMatrix(labels, scores, weights, threshold)
	if err != nil {
		return math.NaN(), err
	}
	if len(labels) == 0 {
		return math.NaN(), undefined(metric, "no rows")
	}
	return f(c)
}

// logLossEps is float64 machine epsilon, scikit-learn 1.2's eps="auto" for
// float64 probabilities.
const logLossEps = 2.220446049250313e-16

// LogLoss returns the weighted mean binary cross-entropy, as scikit-learn
// 1.2.1's log_loss with a 1-d score (the probability of the positive class):
//
//	p = clip(score, eps, 1-eps), eps = 2.220446049250313e-16
//	loss_i = -log(p/(p + (1-p)))      if label
//	         -log((1-p)/(p + (1-p)))  otherwise
//	LogLoss = sum w_i loss_i / sum w_i
//
// The division by p+(1-p) is scikit-learn's renormalisation, kept for exact
// agreement. Scores outside [0, 1] are clipped, not rejected. A single class
// in labels (by presence, whatever the weights) is an *UndefinedError, since
// scikit-learn raises "y_true contains only one label"; so is empty input or
// zero total weight.
func LogLoss(labels []bool, scores, weights []float64) (float64, error) {
	checkLen(len(labels), weights, len(scores))
	var a logLossAccumulator
	for i, s := range scores {
		a.Add(labels[i], s, weightAt(weights, i))
	}
	return a.Result()
}

func binaryLogLoss(label bool, s float64) float64 {
	p := math.Min(math.Max(s, logLossEps), 1-logLossEps)
	q := 1 - p
	sum := q + p
	if label {
		return -math.Log(p / sum)
	}
	return -math.Log(q / sum)
}

// Brier returns the weighted mean squared difference between score and label
// (1 for true, 0 for false), as brier_score_loss:
//
//	Brier = sum w_i (y_i - s_i)² / sum w_i
//
// Scores must lie in [0, 1] (scikit-learn raises otherwise): a score
// outside is an *UndefinedError naming the first such row (see
// NeedsProbabilities). One class is fine. Empty input or zero total weight is an *UndefinedError.
func Brier(labels []bool, scores, weights []float64) (float64, error) {
	checkLen(len(labels), weights, len(scores))
	var a brierAccumulator
	for i, s := range scores {
		a.Add(labels[i], s, weightAt(weights, i))
	}
	return a.Result()
}

func weightAt(weights []float64, i int) float64 {
	if weights == nil {
		return 1
	}
	return weights[i]
}

func badScore(metric string, row int, s float64) error {
	return fmt.Errorf("metrics: %s: row %d: score is %v, want a finite number", metric, row, s)
}

func badWeight(metric string, row int, w float64) error {
	return fmt.Errorf("metrics: %s: row %d: weight is %v, want a finite number >= 0", metric, row, w)
}

func checkScoreWeight(metric string, row int, s, w float64) error {
	if math.IsNaN(s) || math.IsInf(s, 0) {
		return badScore(metric, row, s)
	}
	if !(w >= 0) || math.IsInf(w, 1) {
		return badWeight(metric, row, w)
	}
	return nil
}

// rowGuard counts the rows an accumulator has seen and remembers the first
// invalid one, which Result then reports.
type rowGuard struct {
	n   int
	err error
}

// admit reports whether the row is valid, recording the first error.
func (g *rowGuard) admit(metric string, s, w float64) bool {
	row := g.n
	g.n++
	if err := checkScoreWeight(metric, row, s, w); err != nil {
		if g.err == nil {
			g.err = err
		}
		return false
	}
	return true
}

func (g *rowGuard) fail(err error) {
	if g.err == nil {
		g.err = err
	}
}

func (g *rowGuard) merge(o rowGuard) {
	if g.err == nil && o.err != nil {
		g.err = o.err
	}
	g.n += o.n
}
