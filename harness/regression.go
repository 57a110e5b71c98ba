package harness

import (
	"fmt"
	"math"
	"testing"

	"pgregory.net/rapid"

	"github.com/mltest/mltest/assert"
)

// RegressionCase is one generated input of a regression metric: parallel
// targets, predictions and weights (nil = all ones).
type RegressionCase struct {
	Targets     []float64
	Predictions []float64
	Weights     []float64
}

func (c RegressionCase) String() string {
	return fmt.Sprintf("targets=%v predictions=%v weights=%v", c.Targets, c.Predictions, c.Weights)
}

func (c RegressionCase) eval(fn RegressionMetric) outcome {
	v, err := fn(c.Targets, c.Predictions, c.Weights)
	return outcome{v, err}
}

func (c RegressionCase) rows() int { return len(c.Targets) }

func (c RegressionCase) permuted(perm []int) RegressionCase {
	return RegressionCase{permutedRows(c.Targets, perm), permutedRows(c.Predictions, perm), permutedRows(c.Weights, perm)}
}

func (c RegressionCase) doubledRow(i int) (doubled, appended RegressionCase) {
	dw, aw := doubledWeights(c.Weights, len(c.Targets), i)
	return RegressionCase{c.Targets, c.Predictions, dw}, RegressionCase{appendRow(c.Targets, i), appendRow(c.Predictions, i), aw}
}

// RegressionCaseOptions sizes the inputs RegressionCases generates.
type RegressionCaseOptions struct {
	// MinRows and MaxRows bound the number of rows.
	MinRows, MaxRows int
	// Range bounds targets and predictions to [-Range, Range]; values are
	// multiples of 1/8, so sums are exact and equal values (a perfect
	// prediction, a constant target) are common.
	Range int
	// Weighted draws a weight for every row (multiples of 1/2 in [0.5, 4]).
	Weighted bool
}

// DefaultRegressionCaseOptions returns 1 to 30 weighted rows in [-8, 8].
func DefaultRegressionCaseOptions() RegressionCaseOptions {
	return RegressionCaseOptions{MinRows: 1, MaxRows: 30, Range: 8, Weighted: true}
}

// RegressionCases returns a generator of regression inputs sized by opt:
// a list of independent rows (rapid.SliceOfN), so that a failing case
// shrinks by deleting any row, and values toward 0 and weights toward 1.
func RegressionCases(opt RegressionCaseOptions) *rapid.Generator[RegressionCase] {
	if opt.MaxRows < opt.MinRows {
		opt.MaxRows = opt.MinRows
	}
	grid := func(t *rapid.T, label string) float64 {
		return float64(rapid.IntRange(-8*opt.Range, 8*opt.Range).Draw(t, label)) / 8
	}
	row := rapid.Custom(func(t *rapid.T) [3]float64 {
		r := [3]float64{grid(t, "target"), grid(t, "prediction"), 1}
		if opt.Weighted {
			k := rapid.IntRange(0, 7).Draw(t, "weight")
			r[2] = float64((k+1)%8+1) / 2
		}
		return r
	})
	return rapid.Custom(func(t *rapid.T) RegressionCase {
		rows := rapid.SliceOfN(row, opt.MinRows, opt.MaxRows).Draw(t, "rows")
		n := len(rows)
		c := RegressionCase{Targets: make([]float64, n), Predictions: make([]float64, n)}
		if opt.Weighted {
			c.Weights = make([]float64, n)
		}
		for i, r := range rows {
			c.Targets[i], c.Predictions[i] = r[0], r[1]
			if opt.Weighted {
				c.Weights[i] = r[2]
			}
		}
		return c
	})
}

// RegressionMetric is the shape of a regression metric, gonum style.
type RegressionMetric func(targets, predictions, weights []float64) (float64, error)

// RegressionProperty is one law a RegressionMetric must obey (see
// Property; make your own with NewProperty).
type RegressionProperty = Property[RegressionMetric, RegressionCase]

// DefaultRegressionProperties returns the laws of every regression metric:
// RegressionFinite, RegressionPermutationInvariant and
// RegressionWeightTwoEqualsDuplicate.
func DefaultRegressionProperties() []RegressionProperty {
	return []RegressionProperty{RegressionBounded(math.Inf(-1), math.Inf(1)), RegressionPermutationInvariant(), RegressionWeightTwoEqualsDuplicate()}
}

// RegressionBounded: a defined value is finite and in [lo, hi]; with both
// bounds infinite it is named RegressionFinite.
func RegressionBounded(lo, hi float64) RegressionProperty {
	return boundedProperty[RegressionMetric, RegressionCase](boundedName("Regression", lo, hi), lo, hi)
}

// RegressionPermutationInvariant: reordering the rows leaves the value
// unchanged within DefaultTolerance.
func RegressionPermutationInvariant() RegressionProperty {
	return permutationInvariant[RegressionMetric, RegressionCase]("RegressionPermutationInvariant")
}

// RegressionWeightTwoEqualsDuplicate: doubling one row's weight equals
// appending a copy of the row.
func RegressionWeightTwoEqualsDuplicate() RegressionProperty {
	return weightTwoEqualsDuplicate[RegressionMetric, RegressionCase]("RegressionWeightTwoEqualsDuplicate")
}

// PerfectPredictionIsOptimum: predictions equal to the targets give best
// (0 for MSE, RMSE, MAE, MAPE; 1 for R2 and explained variance).
func PerfectPredictionIsOptimum(best float64) RegressionProperty {
	return NewProperty(fmt.Sprintf("PerfectPredictionIsOptimum(%v)", best), func(_ *rapid.T, fn RegressionMetric, c RegressionCase) error {
		p := RegressionCase{c.Targets, c.Targets, c.Weights}
		if err := sameOutcome(outcome{v: best}, p.eval(fn), DefaultTolerance); err != nil {
			return fmt.Errorf("predictions = targets: want %v, got: %v", best, err)
		}
		return nil
	})
}

// TranslationInvariant: adding one constant to every target and prediction
// leaves the value unchanged (errors and variances do not move). MAPE, which
// divides by the target, does not obey it.
func TranslationInvariant() RegressionProperty {
	return NewProperty("TranslationInvariant", func(t *rapid.T, fn RegressionMetric, c RegressionCase) error {
		shift := float64(rapid.IntRange(-16, 16).Draw(t, "shift"))
		p := RegressionCase{make([]float64, len(c.Targets)), make([]float64, len(c.Targets)), c.Weights}
		for i := range c.Targets {
			p.Targets[i], p.Predictions[i] = c.Targets[i]+shift, c.Predictions[i]+shift
		}
		if err := sameOutcome(c.eval(fn), p.eval(fn), DefaultTolerance); err != nil {
			return fmt.Errorf("original vs shifted by %v: %v", shift, err)
		}
		return nil
	})
}

// RegressionAgreesWith: fn and the reference ref agree on every case, both
// undefined or equal under tol, ref's value as want.
func RegressionAgreesWith(ref RegressionMetric, tol assert.Tolerance) RegressionProperty {
	return agreesWith[RegressionMetric, RegressionCase]("RegressionAgreesWith(reference)", ref, tol)
}

// CheckRegressionMetric checks fn against each property
// (DefaultRegressionProperties when props is empty) on inputs from
// RegressionCases(DefaultRegressionCaseOptions()), one rapid.Check per
// property, failing t at the first property violated.
func CheckRegressionMetric(t testing.TB, fn RegressionMetric, props ...RegressionProperty) {
	t.Helper()
	CheckRegressionMetricOn(t, RegressionCases(DefaultRegressionCaseOptions()), fn, props...)
}

// CheckRegressionMetricOn is CheckRegressionMetric on the cases of your
// generator: MinRows 2 for a metric that, as scikit-learn's r2_score, is
// undefined on a single row by its count (which the weight-2-equals-
// duplicate law cannot see).
func CheckRegressionMetricOn(t testing.TB, cases *rapid.Generator[RegressionCase], fn RegressionMetric, props ...RegressionProperty) {
	t.Helper()
	checkProperties(t, cases, fn, finiteOrUndefined[RegressionMetric, RegressionCase](undefinedAdvice), props, DefaultRegressionProperties())
}
