package metrics_test

import (
	"fmt"

	"github.com/mltest/mltest/metrics"
)

// A histogram summarises any number of rows in bounded memory; ROC AUC comes
// with a bound on its distance from the exact value.
func ExampleScoreHistogram() {
	h, err := metrics.NewScoreHistogram(metrics.DefaultHistogramBits)
	if err != nil {
		panic(err)
	}
	labels := []bool{false, false, true, true, false, true}
	scores := []float64{0.1, 0.4, 0.35, 0.8, 0.8, 0.9}
	for i, s := range scores {
		h.Add(labels[i], s, 1)
	}
	auc, maxErr, err := h.ROCAUC()
	fmt.Printf("roc_auc %.4f ± %g, %v\n", auc, maxErr, err)
	ap, maxErr, err := h.AveragePrecision()
	fmt.Printf("average_precision %.4f ± %g, %v\n", ap, maxErr, err)
	// Output:
	// roc_auc 0.7222 ± 0, <nil>
	// average_precision 0.7556 ± 0, <nil>
}

// The bounded accumulators plug in where the exact ones do; the histogram
// ones also report their error bound.
func ExampleNewBoundedBinaryAccumulator() {
	acc, err := metrics.NewBoundedBinaryAccumulator("roc_auc", metrics.DefaultBinaryOptions(), 0)
	if err != nil {
		panic(err)
	}
	acc.Add(true, 0.5+1e-9, 1) // shares a bucket with the next row
	acc.Add(false, 0.5, 1)
	acc.Add(true, 0.9, 1)
	acc.Add(false, 0.2, 1)
	v, maxErr, err := acc.(metrics.BoundedResult).ResultWithBound()
	fmt.Printf("roc_auc %.4f ± %.4f, %v\n", v, maxErr, err)
	// Output:
	// roc_auc 0.8750 ± 0.1250, <nil>
}
