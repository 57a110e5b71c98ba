package harness_test

import (
	"math"
	"testing"

	"github.com/mltest/mltest/assert"
	"github.com/mltest/mltest/harness"
	"github.com/mltest/mltest/metrics"
)

func f1At05(labels []bool, scores, weights []float64) (float64, error) {
	return metrics.F1(labels, scores, weights, 0.5)
}

// TestRealBinaryMetricsPass checks mltest's own metrics against the property
// sets that catch the mutants: a set that failed correct code would be
// useless.
func TestRealBinaryMetricsPass(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fn    harness.BinaryMetric
		props []harness.BinaryProperty
	}{
		{"ROCAUC", metrics.ROCAUC, append(harness.ROCAUCProperties(), harness.AgreesWith(referenceAUC, assert.Tolerance{Abs: 1e-9}))},
		{"AveragePrecision", metrics.AveragePrecision, harness.ScoreRankingProperties()},
		{"LogLoss", metrics.LogLoss, append(harness.DefaultBinaryProperties(), harness.Bounded(0, math.Inf(1)), harness.PerfectIsOptimum(0))},
		{"Brier", metrics.Brier, append(harness.DefaultBinaryProperties(), harness.Bounded(0, 1), harness.PerfectIsOptimum(0), harness.ReversedIsWorst(1))},
		{"F1", f1At05, append(harness.DefaultBinaryProperties(), harness.Bounded(0, 1), harness.PerfectIsOptimum(1), harness.ReversedIsWorst(0))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			harness.CheckBinaryMetric(t, tc.fn, tc.props...)
		})
	}
}
