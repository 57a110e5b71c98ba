package compare

import (
	"fmt"

	"github.com/mltest/mltest/metrics"
)

// A metric with a score requirement (brier and ece: probabilities in
// [0, 1]; roc_auc_ovr: class scores summing to 1) is undefined for the
// comparison when a row of either model breaks it, and every other metric
// is still compared: the warning names the first such row, by its line
// when Rows.Locate knows it.

// unfitBinary returns the *metrics.UndefinedError of metric when a baseline
// or candidate score is not a probability and the metric needs one, nil
// otherwise.
func unfitBinary(metric string, rows Rows, base, cand []float64) error {
	if !metrics.NeedsProbabilities(metric) {
		return nil
	}
	for m, scores := range [2][]float64{base, cand} {
		for i, s := range scores {
			if !metrics.IsProbability(s) {
				return &metrics.UndefinedError{Metric: metric,
					Reason: fmt.Sprintf("%s: score %v is not a probability in [0, 1]", rows.locate(i, m == 1), s)}
			}
		}
	}
	return nil
}

// unfitMulticlass is unfitBinary for class scores that must sum to 1.
func unfitMulticlass(metric string, rows Rows, base, cand [][]float64) error {
	if !metrics.NeedsDistributions(metric) {
		return nil
	}
	for m, scores := range [2][][]float64{base, cand} {
		for i, p := range scores {
			if !metrics.SumsToOne(p) {
				var sum float64
				for _, x := range p {
					sum += x
				}
				return &metrics.UndefinedError{Metric: metric,
					Reason: fmt.Sprintf("%s: class scores sum to %v, not to 1 (np.allclose)", rows.locate(i, m == 1), sum)}
			}
		}
	}
	return nil
}

// locate names row i of the baseline's or the candidate's predictions.
func (r Rows) locate(i int, candidate bool) string {
	if r.Locate != nil {
		return r.Locate(i, candidate)
	}
	model := "baseline"
	if candidate {
		model = "candidate"
	}
	return fmt.Sprintf("%s row %d", model, i)
}

// subset returns the rows' Locate for the rows idx of the full data.
func (r Rows) subset(idx []int) Rows {
	if r.Locate == nil {
		return Rows{}
	}
	return Rows{Locate: func(i int, candidate bool) string { return r.Locate(idx[i], candidate) }}
}
