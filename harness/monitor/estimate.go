package monitor

import (
	"fmt"
	"math"
	"slices"

	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/evaluate"
)

// Estimation without labels is confidence-based performance estimation
// (NannyML's CBPE): when the scores are calibrated probabilities, a
// prediction with score p is a positive with probability p, so every
// confusion-matrix count, and the ROC curve, has an expected value over the
// window's predictions without a single label. The estimate of a metric is
// the metric of the expected counts: precision E[TP]/(E[TP]+E[FP]), the ROC
// AUC of the expected ROC curve (TPR(t) = sum of p over scores >= t / sum of
// p; FPR with 1-p), log loss and Brier score their expectations.
//
// That is exactly the metric over an expanded table: each prediction of
// weight w becomes K rows, one per class k with label k and weight w·p_k
// (binary: a positive of weight w·p and a negative of weight w·(1-p)). The
// estimate runs that table through the same engine (metrics/evaluate) as the
// measured values: one definition of every metric. ECE is not estimated: on
// the expanded table it is 0 by construction.
//
// The estimate is only as good as the calibration. Run checks it on the
// reference data when they hold labels and scores (CalibrationWarning).

// estimable returns the metrics Estimate reports.
func estimable(o Options) []string {
	names := o.Evaluate.Metrics
	if names == nil {
		names = o.Evaluate.Task.MetricNames()
	}
	return slices.DeleteFunc(slices.Clone(names), func(n string) bool { return n == "ece" })
}

// estimateOptions are the engine's options of the expanded table.
func estimateOptions(o Options) evaluate.Options {
	e := o.Evaluate
	e.Metrics = estimable(o)
	e.Intervals = evaluate.IntervalOptions{}
	e.BoundedAUC = 0
	return e
}

// addExpected adds a prediction's expanded rows to e.
func addExpected(e *evaluate.Evaluator, task evaluate.Task, slice []string, scores []float64, w float64) error {
	if task == evaluate.Binary {
		p := scores[0]
		if err := e.Add(slice, evaluate.Row{Label: 1, Scores: scores, Weight: w * p}); err != nil {
			return err
		}
		return e.Add(slice, evaluate.Row{Label: 0, Scores: scores, Weight: w * (1 - p)})
	}
	for k, p := range scores {
		if err := e.Add(slice, evaluate.Row{Label: float64(k), Scores: scores, Weight: w * p}); err != nil {
			return err
		}
	}
	return nil
}

// checkProbabilities reports why scores cannot be read as probabilities.
func checkProbabilities(task evaluate.Task, scores []float64) error {
	sum := 0.0
	for _, p := range scores {
		if !(p >= 0 && p <= 1) {
			return fmt.Errorf("score %v: estimation reads scores as probabilities, in [0, 1]", p)
		}
		sum += p
	}
	if task == evaluate.Multiclass && math.Abs(sum-1) > 1e-6 {
		return fmt.Errorf("class probabilities sum to %v: estimation needs them to sum to 1", sum)
	}
	return nil
}

// CalibrationWarning returns a warning when binary scores with their labels
// (the reference data) show the scores are not calibrated, and "" when they
// are, or when the rows are too few to tell. Not calibrated means both a
// practically large expected calibration error (ECE over 15 bins above
// 0.05) and a significant one (Spiegelhalter's z test, |z| > 2.576, the 1%
// level), so that neither a handful of rows nor a large but harmless
// deviation raises it.
func CalibrationWarning(labels []bool, scores, weights []float64) (string, error) {
	ece, err := metrics.ECE(labels, scores, weights, metrics.DefaultECEBins)
	if err != nil {
		return "", err
	}
	z := spiegelhalterZ(labels, scores, weights)
	if ece > 0.05 && math.Abs(z) > 2.576 {
		return fmt.Sprintf("the reference data show the scores are not calibrated (ECE %.3f, Spiegelhalter z %.1f over %d rows): estimated values read scores as probabilities and will be off", ece, z, len(labels)), nil
	}
	return "", nil
}

// spiegelhalterZ is Spiegelhalter's (1986) test statistic of calibration,
//
//	z = sum w (y - p)(1 - 2p) / sqrt(sum w² (1 - 2p)² p (1 - p)),
//
// standard normal when the scores are calibrated; 0 when the denominator is.
func spiegelhalterZ(labels []bool, scores, weights []float64) float64 {
	var num, den float64
	for i, p := range scores {
		w := 1.0
		if weights != nil {
			w = weights[i]
		}
		y := 0.0
		if labels[i] {
			y = 1
		}
		num += w * (y - p) * (1 - 2*p)
		den += w * w * (1 - 2*p) * (1 - 2*p) * p * (1 - p)
	}
	if den == 0 {
		return 0
	}
	return num / math.Sqrt(den)
}
