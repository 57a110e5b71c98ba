package harness_test

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/mltest/mltest/harness"
	"github.com/mltest/mltest/metrics"
)

// mutantAccuracyUnweightedTotal weights the hits but divides by the number
// of rows.
func mutantAccuracyUnweightedTotal(labels []int, probs [][]float64, weights []float64) (float64, error) {
	if len(labels) == 0 {
		return math.NaN(), errors.New("empty")
	}
	hit := 0.0
	for i, l := range labels {
		w := 1.0
		if weights != nil {
			w = weights[i]
		}
		best := 0
		for j, p := range probs[i] {
			if p > probs[i][best] {
				best = j
			}
		}
		if best == l {
			hit += w
		}
	}
	return hit / float64(len(labels)), nil
}

func TestMulticlassMutantIsCaught(t *testing.T) {
	noFailFiles(t)
	var caught []string
	for _, p := range append(harness.DefaultMulticlassProperties(), harness.MulticlassBounded(0, 1), harness.OneHotIsOptimum(1)) {
		rec := &recordingTB{TB: t}
		harness.CheckMulticlassMetric(rec, mutantAccuracyUnweightedTotal, p)
		if rec.failed {
			caught = append(caught, p.Name())
		}
	}
	t.Logf("caught by %v", caught)
	if !slices.Contains(caught, "MulticlassWeightTwoEqualsDuplicate") {
		t.Errorf("accuracy over rows, not weight: caught by %v, want MulticlassWeightTwoEqualsDuplicate among them", caught)
	}
}

func TestRealMulticlassMetricsPass(t *testing.T) {
	bounded := append(harness.DefaultMulticlassProperties(), harness.MulticlassBounded(0, 1), harness.OneHotIsOptimum(1))
	for _, tc := range []struct {
		name  string
		fn    harness.MulticlassMetric
		props []harness.MulticlassProperty
	}{
		{"MulticlassAccuracy", metrics.MulticlassAccuracy, bounded},
		{"MulticlassLogLoss", metrics.MulticlassLogLoss, append(harness.DefaultMulticlassProperties(), harness.MulticlassBounded(0, math.Inf(1)), harness.OneHotIsOptimum(0))},
		{"MacroF1", metrics.MacroF1, bounded},
		{"MicroF1", metrics.MicroF1, bounded},
		{"WeightedF1", metrics.WeightedF1, bounded},
		{"ROCAUCOVR", metrics.ROCAUCOVR, bounded},
	} {
		t.Run(tc.name, func(t *testing.T) {
			harness.CheckMulticlassMetric(t, tc.fn, tc.props...)
		})
	}
}
