package harness_test

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/mltest/mltest/harness"
	"github.com/mltest/mltest/metrics"
)

// mutantMSEOverRows divides the weighted squared error by the number of
// rows instead of the total weight.
func mutantMSEOverRows(targets, predictions, weights []float64) (float64, error) {
	if len(targets) == 0 {
		return math.NaN(), errors.New("empty")
	}
	s := 0.0
	for i := range targets {
		w := 1.0
		if weights != nil {
			w = weights[i]
		}
		d := targets[i] - predictions[i]
		s += w * d * d
	}
	return s / float64(len(targets)), nil
}

// mutantR2AroundZero measures the total sum of squares around 0 instead of
// the mean of the targets.
func mutantR2AroundZero(targets, predictions, weights []float64) (float64, error) {
	var res, tot float64
	for i := range targets {
		w := 1.0
		if weights != nil {
			w = weights[i]
		}
		res += w * (targets[i] - predictions[i]) * (targets[i] - predictions[i])
		tot += w * targets[i] * targets[i]
	}
	if len(targets) == 0 {
		return math.NaN(), errors.New("empty")
	}
	if tot == 0 {
		if res == 0 {
			return 1, nil
		}
		return 0, nil
	}
	return 1 - res/tot, nil
}

func TestRegressionMutantsAreCaught(t *testing.T) {
	noFailFiles(t)
	props := append(harness.DefaultRegressionProperties(), harness.TranslationInvariant())
	for _, tc := range []struct {
		name string
		fn   harness.RegressionMetric
		want string
	}{
		{"MSE over rows, not weight", mutantMSEOverRows, "RegressionWeightTwoEqualsDuplicate"},
		{"R2 around zero, not the mean", mutantR2AroundZero, "TranslationInvariant"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var caught []string
			for _, p := range props {
				rec := &recordingTB{TB: t}
				harness.CheckRegressionMetric(rec, tc.fn, p)
				if rec.failed {
					caught = append(caught, p.Name())
				}
			}
			t.Logf("caught by %v", caught)
			if !slices.Contains(caught, tc.want) {
				t.Errorf("%s: caught by %v, want %s among them", tc.name, caught, tc.want)
			}
		})
	}
}

func TestRealRegressionMetricsPass(t *testing.T) {
	// R² and explained variance are undefined on one row (scikit-learn's
	// count rule), so a row at weight 2 and the row twice differ there:
	// they are checked from two rows up.
	twoRows := harness.DefaultRegressionCaseOptions()
	twoRows.MinRows = 2
	for _, tc := range []struct {
		name    string
		fn      harness.RegressionMetric
		props   []harness.RegressionProperty
		minRows int
	}{
		{"MSE", metrics.MSE, append(harness.DefaultRegressionProperties(), harness.TranslationInvariant(), harness.PerfectPredictionIsOptimum(0), harness.RegressionBounded(0, math.Inf(1))), 1},
		{"RMSE", metrics.RMSE, append(harness.DefaultRegressionProperties(), harness.TranslationInvariant(), harness.PerfectPredictionIsOptimum(0)), 1},
		{"MAE", metrics.MAE, append(harness.DefaultRegressionProperties(), harness.TranslationInvariant(), harness.PerfectPredictionIsOptimum(0)), 1},
		{"R2", metrics.R2, append(harness.DefaultRegressionProperties(), harness.TranslationInvariant(), harness.PerfectPredictionIsOptimum(1)), 2},
		{"ExplainedVariance", metrics.ExplainedVariance, append(harness.DefaultRegressionProperties(), harness.TranslationInvariant(), harness.PerfectPredictionIsOptimum(1)), 2},
		{"MAPE", metrics.MAPE, append(harness.DefaultRegressionProperties(), harness.PerfectPredictionIsOptimum(0)), 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.minRows == 2 {
				harness.CheckRegressionMetricOn(t, harness.RegressionCases(twoRows), tc.fn, tc.props...)
				return
			}
			harness.CheckRegressionMetric(t, tc.fn, tc.props...)
		})
	}
}
