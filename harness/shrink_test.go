package harness_test

import (
	"flag"
	"fmt"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/mltest/mltest/harness"
)

// mutantAUCNaNOnOneClass is the textbook AUC that divides 0 by 0 when a
// class is missing, instead of returning an error.
func mutantAUCNaNOnOneClass(labels []bool, scores, weights []float64) (float64, error) {
	v, err := referenceAUC(labels, scores, weights)
	if err != nil {
		return math.NaN(), nil
	}
	return v, nil
}

// mutantMSEOverRowsMinimal divides the weighted squared error by the row
// count, not the total weight.
func mutantMSEOverRowsMinimal(targets, predictions, weights []float64) (float64, error) {
	var sum float64
	for i, y := range targets {
		d := y - predictions[i]
		sum += weights[i] * d * d
	}
	return sum / float64(len(targets)), nil
}

// shrunk runs check against a recording TB with rapid's seed fixed and
// returns the shrunk counterexample and the violation, from the failure
// message "NAME violated on CASE:\n    WHY".
func shrunk(t *testing.T, seed int, check func(testing.TB)) (name, example, why string) {
	t.Helper()
	old := flag.Lookup("rapid.seed").Value.String()
	if err := flag.Set("rapid.seed", fmt.Sprint(seed)); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = flag.Set("rapid.seed", old) }()
	rec := &recordingTB{TB: t}
	check(rec)
	if !rec.failed {
		t.Fatalf("seed %d: the mutant passed", seed)
	}
	m := regexp.MustCompile(`tests: (.*?) violated on (.*):\n\s*(.*)`).FindStringSubmatch(rec.log.String())
	if m == nil {
		t.Fatalf("seed %d: no violation in %s", seed, rec.log.String())
	}
	return m[1], m[2], m[3]
}

// TestMutantsShrinkToTheMinimalCase: whatever rapid's seed, a known bug
// shrinks to the smallest input that shows it, and a non-finite result is
// reported as such before any other property.
func TestMutantsShrinkToTheMinimalCase(t *testing.T) {
	noFailFiles(t)
	for _, tc := range []struct {
		name       string
		check      func(testing.TB)
		property   string
		example    string
		whyContain string
	}{
		{"AUC counting ties as wins", func(tb testing.TB) {
			harness.CheckBinaryMetric(tb, mutantAUCTiesAsWins, harness.ROCAUCProperties()...)
		}, "ReversalComplement(1)", "labels=[false true] scores=[0 0] weights=[1 1]", "v(s) vs 1 - v(1-s): 1 vs 0"},
		{"AUC returning 0/0 on one class", func(tb testing.TB) {
			harness.CheckBinaryMetric(tb, mutantAUCNaNOnOneClass, harness.ROCAUCProperties()...)
		}, harness.FiniteOrUndefinedName, "labels=[false] scores=[0] weights=[1]",
			"returned NaN on a one-class case: a metric with no value on its input returns an error, such as *metrics.UndefinedError"},
		{"AUC without normalization", func(tb testing.TB) {
			harness.CheckBinaryMetric(tb, mutantAUCUnnormalized, harness.Bounded(0, 1))
		}, "Bounded(0, 1)", "labels=[false true] scores=[0 0.015625] weights=[1 1.5]", "value 1.5"},
		{"log loss without clipping", func(tb testing.TB) {
			harness.CheckBinaryMetric(tb, mutantLogLossNoClip)
		}, harness.FiniteOrUndefinedName, "labels=[false true] scores=[0 0] weights=[1 1]", "returned +Inf"},
		{"MSE over rows", func(tb testing.TB) {
			harness.CheckRegressionMetric(tb, mutantMSEOverRowsMinimal, harness.RegressionWeightTwoEqualsDuplicate())
		}, "RegressionWeightTwoEqualsDuplicate", "targets=[0] predictions=[0.125] weights=[1]", "row 0 at double weight"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for seed := 1; seed <= 3; seed++ {
				prop, example, why := shrunk(t, seed, tc.check)
				if prop != tc.property || example != tc.example || !strings.Contains(why, tc.whyContain) {
					t.Errorf("seed %d: %s violated on %s: %s\nwant %s on %s: ...%s...", seed, prop, example, why, tc.property, tc.example, tc.whyContain)
				}
			}
		})
	}
}
