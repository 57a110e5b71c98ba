package compare

import "github.com/mltest/mltest/metrics"

// confusionStatistic returns mult -> the named confusion-matrix metric
// (accuracy, precision, recall, f1, mcc) of the rows with weights
// weights[i]*mult[i], for the paired bootstrap. These metrics depend on the
// rows only through the weighted confusion matrix, so each call sums the
// weights into the four cells (precomputed per row: label, and score >=
// threshold) in row order, exactly as the registry's accumulator does, and
// reads the metric from metrics.ConfusionMatrix with its conventions
// (precision without predicted positives is undefined, ...). The result is
// bit for bit the accumulator's, without its per-row checks, which
// Binary has already made. mult must hold at least one non-zero value.
func confusionStatistic(name string, labels []bool, scores, weights []float64, threshold float64) func([]float64) (float64, error) {
	const (
		tp = iota
		fn
		fp
		tn
	)
	cell := make([]uint8, len(labels))
	for i, y := range labels {
		pred := scores[i] >= threshold
		switch {
		case y && pred:
			cell[i] = tp
		case y:
			cell[i] = fn
		case pred:
			cell[i] = fp
		default:
			cell[i] = tn
		}
	}
	return func(mult []float64) (float64, error) {
		var sum [4]float64
		for i, m := range mult {
			if m != 0 {
				sum[cell[i]] += weightAt(weights, i) * m
			}
		}
		c := metrics.ConfusionMatrix{TP: sum[tp], FN: sum[fn], FP: sum[fp], TN: sum[tn]}
		switch name {
		case "accuracy":
			return c.Accuracy()
		case "precision":
			return c.Precision()
		case "recall":
			return c.Recall()
		case "f1":
			return c.F1()
		}
		return c.MCC(), nil
	}
}
