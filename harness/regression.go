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

// RegressionCases returns a generator of regression inputs sized by opt,
// shrinking toward fewer rows, values 0 and weight 1.
func RegressionCases(opt RegressionCaseOptions) *rapid.Generator[RegressionCase] {
	if opt.MaxRows < opt.MinRows {
		opt.MaxRows = opt.MinRows
	}
	grid := func(t *rapid.T, label string) float64 {
		return float64(rapid.IntRange(-8*opt.Range, 8*opt.Range).Draw(t, label)) / 8
	}
	return rapid.Custom(func(t *rapid.T) RegressionCase {
		n := rapid.IntRange(opt.MinRows, opt.MaxRows).Draw(t, "rows")
		c := RegressionCase{Targets: make([]float64, n), Predictions: make([]float64, n)}
		for i := range n {
			c.Targets[i] = grid(t, "target")
			c.Predictions[i] = grid(t, "prediction")
		}
		if opt.Weighted {
			c.Weights = make([]float64, n)
			for i := range n {
				k := rapid.IntRange(0, 7).Draw(t, "weight")
				c.Weights[i] = float64((k+1)%8+1) / 2
			}
		}
		return c
	})
}

// RegressionMetric is the shape of a regression metric, gonum style.
type RegressionMetric func(targets, predictions, weights []float64) (float64, error)

// RegressionProperty is one law a RegressionMetric must obey; Check returns
// nil when it holds on c.
type RegressionProperty struct {
	name  string
	check func(t *rapid.T, fn RegressionMetric, c RegressionCase) error
}

// Name returns the property's name, as failures print it.
func (p RegressionProperty) Name() string { return p.name }

// Check tests fn on one case; nil means the law holds there.
func (p RegressionProperty) Check(t *rapid.T, fn RegressionMetric, c RegressionCase) error {
	return p.check(t, fn, c)
}

func callRegression(fn RegressionMetric, c RegressionCase) outcome {
	v, err := fn(c.Targets, c.Predictions, c.Weights)
	return outcome{v, err}
}

// DefaultRegressionProperties returns the laws of every regression metric:
// RegressionFinite, RegressionPermutationInvariant and
// RegressionWeightTwoEqualsDuplicate.
func DefaultRegressionProperties() []RegressionProperty {
	return []RegressionProperty{RegressionBounded(math.Inf(-1), math.Inf(1)), RegressionPermutationInvariant(), RegressionWeightTwoEqualsDuplicate()}
}

// RegressionBounded: a defined value is finite and in [lo, hi]; with both
// bounds infinite it is named RegressionFinite.
func RegressionBounded(lo, hi float64) RegressionProperty {
	name := fmt.Sprintf("RegressionBounded(%v, %v)", lo, hi)
	if math.IsInf(lo, -1) && math.IsInf(hi, 1) {
		name = "RegressionFinite"
	}
	return RegressionProperty{name, func(_ *rapid.T, fn RegressionMetric, c RegressionCase) error {
		return checkBounds(callRegression(fn, c), lo, hi)
	}}
}

// RegressionPermutationInvariant: reordering the rows leaves the value
// unchanged within DefaultTolerance.
func RegressionPermutationInvariant() RegressionProperty {
	return RegressionProperty{"RegressionPermutationInvariant", func(t *rapid.T, fn RegressionMetric, c RegressionCase) error {
		perm := rapid.Permutation(seq(len(c.Targets))).Draw(t, "permutation")
		p := RegressionCase{Targets: make([]float64, len(perm)), Predictions: make([]float64, len(perm))}
		if c.Weights != nil {
			p.Weights = make([]float64, len(perm))
		}
		for i, j := range perm {
			p.Targets[i], p.Predictions[i] = c.Targets[j], c.Predictions[j]
			if c.Weights != nil {
				p.Weights[i] = c.Weights[j]
			}
		}
		if err := sameOutcome(callRegression(fn, c), callRegression(fn, p), DefaultTolerance); err != nil {
			return fmt.Errorf("original vs rows reordered as %v: %v", perm, err)
		}
		return nil
	}}
}

// RegressionWeightTwoEqualsDuplicate: doubling one row's weight equals
// appending a copy of the row.
func RegressionWeightTwoEqualsDuplicate() RegressionProperty {
	return RegressionProperty{"RegressionWeightTwoEqualsDuplicate", func(t *rapid.T, fn RegressionMetric, c RegressionCase) error {
		n := len(c.Targets)
		if n == 0 {
			return nil
		}
		i := rapid.IntRange(0, n-1).Draw(t, "doubled row")
		w := c.Weights
		if w == nil {
			w = ones(n)
		}
		doubled := RegressionCase{c.Targets, c.Predictions, append([]float64(nil), w...)}
		doubled.Weights[i] *= 2
		dup := RegressionCase{
			append(append([]float64(nil), c.Targets...), c.Targets[i]),
			append(append([]float64(nil), c.Predictions...), c.Predictions[i]),
			append(append([]float64(nil), w...), w[i]),
		}
		if err := sameOutcome(callRegression(fn, doubled), callRegression(fn, dup), DefaultTolerance); err != nil {
			return fmt.Errorf("row %d at double weight vs row %d appended again: %v", i, i, err)
		}
		return nil
	}}
}

// PerfectPredictionIsOptimum: predictions equal to the targets give best
// (0 for MSE, RMSE, MAE, MAPE; 1 for R2 and explained variance).
func PerfectPredictionIsOptimum(best float64) RegressionProperty {
	return RegressionProperty{fmt.Sprintf("PerfectPredictionIsOptimum(%v)", best), func(_ *rapid.T, fn RegressionMetric, c RegressionCase) error {
		p := RegressionCase{c.Targets, c.Targets, c.Weights}
		if err := sameOutcome(outcome{v: best}, callRegression(fn, p), DefaultTolerance); err != nil {
			return fmt.Errorf("predictions = targets: want %v, got: %v", best, err)
		}
		return nil
	}}
}

// TranslationInvariant: adding one constant to every target and prediction
// leaves the value unchanged (errors and variances do not move). MAPE, which
// divides by the target, does not obey it.
func TranslationInvariant() RegressionProperty {
	return RegressionProperty{"TranslationInvariant", func(t *rapid.T, fn RegressionMetric, c RegressionCase) error {
		shift := float64(rapid.IntRange(-16, 16).Draw(t, "shift"))
		p := RegressionCase{make([]float64, len(c.Targets)), make([]float64, len(c.Targets)), c.Weights}
		for i := range c.Targets {
			p.Targets[i], p.Predictions[i] = c.Targets[i]+shift, c.Predictions[i]+shift
		}
		if err := sameOutcome(callRegression(fn, c), callRegression(fn, p), DefaultTolerance); err != nil {
			return fmt.Errorf("original vs shifted by %v: %v", shift, err)
		}
		return nil
	}}
}

// RegressionAgreesWith: fn and the reference ref agree on every case, both
// undefined or equal under tol, ref's value as want.
func RegressionAgreesWith(ref RegressionMetric, tol assert.Tolerance) RegressionProperty {
	return RegressionProperty{"RegressionAgreesWith(reference)", func(_ *rapid.T, fn RegressionMetric, c RegressionCase) error {
		if err := sameOutcome(callRegression(ref, c), callRegression(fn, c), tol); err != nil {
			return fmt.Errorf("reference vs metric: %v", err)
		}
		return nil
	}}
}

// CheckRegressionMetric checks fn against each property
// (DefaultRegressionProperties when props is empty) on inputs from
// RegressionCases(DefaultRegressionCaseOptions()), one rapid.Check per
// property, failing t at the first property violated.
func CheckRegressionMetric(t testing.TB, fn RegressionMetric, props ...RegressionProperty) {
	t.Helper()
	if len(props) == 0 {
		props = DefaultRegressionProperties()
	}
	cases := RegressionCases(DefaultRegressionCaseOptions())
	for _, p := range props {
		rapid.Check(t, func(rt *rapid.T) {
			c := cases.Draw(rt, "case")
			if err := p.Check(rt, fn, c); err != nil {
				rt.Fatalf("%s violated on %v:\n%v", p.Name(), c, err)
			}
		})
	}
}
