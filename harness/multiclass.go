package harness

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// MulticlassCase is one generated input of a multiclass metric: labels in
// [0, K), one row of K scores per label, weights (nil = all ones).
type MulticlassCase struct {
	Labels  []int
	Probs   [][]float64
	Weights []float64
}

func (c MulticlassCase) String() string {
	return fmt.Sprintf("labels=%v probs=%v weights=%v", c.Labels, c.Probs, c.Weights)
}

// MulticlassCaseOptions sizes the inputs MulticlassCases generates.
type MulticlassCaseOptions struct {
	// MinRows and MaxRows bound the number of rows.
	MinRows, MaxRows int
	// MinClasses and MaxClasses bound K (at least 2).
	MinClasses, MaxClasses int
	// Weighted draws a weight for every row (multiples of 1/2 in [0.5, 4]).
	Weighted bool
}

// DefaultMulticlassCaseOptions returns 1 to 25 weighted rows of 2 to 5
// classes.
func DefaultMulticlassCaseOptions() MulticlassCaseOptions {
	return MulticlassCaseOptions{MinRows: 1, MaxRows: 25, MinClasses: 2, MaxClasses: 5, Weighted: true}
}

// MulticlassCases returns a generator of multiclass inputs: each row's
// scores are integers 0..8 divided by their sum (a probability vector on a
// coarse grid, so tied scores are common; a row of zeros stays zeros),
// shrinking toward fewer rows and classes, class 0 and zero scores.
func MulticlassCases(opt MulticlassCaseOptions) *rapid.Generator[MulticlassCase] {
	opt.MinClasses = max(opt.MinClasses, 2)
	opt.MaxClasses = max(opt.MaxClasses, opt.MinClasses)
	opt.MaxRows = max(opt.MaxRows, opt.MinRows)
	return rapid.Custom(func(t *rapid.T) MulticlassCase {
		k := rapid.IntRange(opt.MinClasses, opt.MaxClasses).Draw(t, "classes")
		n := rapid.IntRange(opt.MinRows, opt.MaxRows).Draw(t, "rows")
		c := MulticlassCase{Labels: make([]int, n), Probs: make([][]float64, n)}
		for i := range n {
			c.Labels[i] = rapid.IntRange(0, k-1).Draw(t, "label")
			row := make([]float64, k)
			sum := 0.0
			for j := range row {
				row[j] = float64(rapid.IntRange(0, 8).Draw(t, "score"))
				sum += row[j]
			}
			if sum > 0 {
				for j := range row {
					row[j] /= sum
				}
			}
			c.Probs[i] = row
		}
		if opt.Weighted {
			c.Weights = make([]float64, n)
			for i := range n {
				w := rapid.IntRange(0, 7).Draw(t, "weight")
				c.Weights[i] = float64((w+1)%8+1) / 2
			}
		}
		return c
	})
}

// MulticlassMetric is the shape of a multiclass metric, as metrics'
// MulticlassAccuracy, MulticlassLogLoss, MacroF1 and ROCAUCOVR.
type MulticlassMetric func(labels []int, probs [][]float64, weights []float64) (float64, error)

// MulticlassProperty is one law a MulticlassMetric must obey; Check returns
// nil when it holds on c.
type MulticlassProperty struct {
	name  string
	check func(t *rapid.T, fn MulticlassMetric, c MulticlassCase) error
}

// Name returns the property's name, as failures print it.
func (p MulticlassProperty) Name() string { return p.name }

// Check tests fn on one case; nil means the law holds there.
func (p MulticlassProperty) Check(t *rapid.T, fn MulticlassMetric, c MulticlassCase) error {
	return p.check(t, fn, c)
}

func callMulticlass(fn MulticlassMetric, c MulticlassCase) outcome {
	v, err := fn(c.Labels, c.Probs, c.Weights)
	return outcome{v, err}
}

// DefaultMulticlassProperties returns the laws of every multiclass metric:
// MulticlassFinite, MulticlassPermutationInvariant and
// MulticlassWeightTwoEqualsDuplicate.
func DefaultMulticlassProperties() []MulticlassProperty {
	return []MulticlassProperty{MulticlassBounded(math.Inf(-1), math.Inf(1)), MulticlassPermutationInvariant(), MulticlassWeightTwoEqualsDuplicate()}
}

// MulticlassBounded: a defined value is finite and in [lo, hi]; with both
// bounds infinite it is named MulticlassFinite.
func MulticlassBounded(lo, hi float64) MulticlassProperty {
	name := fmt.Sprintf("MulticlassBounded(%v, %v)", lo, hi)
	if math.IsInf(lo, -1) && math.IsInf(hi, 1) {
		name = "MulticlassFinite"
	}
	return MulticlassProperty{name, func(_ *rapid.T, fn MulticlassMetric, c MulticlassCase) error {
		return checkBounds(callMulticlass(fn, c), lo, hi)
	}}
}

// MulticlassPermutationInvariant: reordering the rows leaves the value
// unchanged within DefaultTolerance.
func MulticlassPermutationInvariant() MulticlassProperty {
	return MulticlassProperty{"MulticlassPermutationInvariant", func(t *rapid.T, fn MulticlassMetric, c MulticlassCase) error {
		perm := rapid.Permutation(seq(len(c.Labels))).Draw(t, "permutation")
		p := MulticlassCase{Labels: make([]int, len(perm)), Probs: make([][]float64, len(perm))}
		if c.Weights != nil {
			p.Weights = make([]float64, len(perm))
		}
		for i, j := range perm {
			p.Labels[i], p.Probs[i] = c.Labels[j], c.Probs[j]
			if c.Weights != nil {
				p.Weights[i] = c.Weights[j]
			}
		}
		if err := sameOutcome(callMulticlass(fn, c), callMulticlass(fn, p), DefaultTolerance); err != nil {
			return fmt.Errorf("original vs rows reordered as %v: %v", perm, err)
		}
		return nil
	}}
}

// MulticlassWeightTwoEqualsDuplicate: doubling one row's weight equals
// appending a copy of the row.
func MulticlassWeightTwoEqualsDuplicate() MulticlassProperty {
	return MulticlassProperty{"MulticlassWeightTwoEqualsDuplicate", func(t *rapid.T, fn MulticlassMetric, c MulticlassCase) error {
		n := len(c.Labels)
		if n == 0 {
			return nil
		}
		i := rapid.IntRange(0, n-1).Draw(t, "doubled row")
		w := c.Weights
		if w == nil {
			w = ones(n)
		}
		doubled := MulticlassCase{c.Labels, c.Probs, slices.Clone(w)}
		doubled.Weights[i] *= 2
		dup := MulticlassCase{
			append(slices.Clone(c.Labels), c.Labels[i]),
			append(slices.Clone(c.Probs), c.Probs[i]),
			append(slices.Clone(w), w[i]),
		}
		if err := sameOutcome(callMulticlass(fn, doubled), callMulticlass(fn, dup), DefaultTolerance); err != nil {
			return fmt.Errorf("row %d at double weight vs row %d appended again: %v", i, i, err)
		}
		return nil
	}}
}

// OneHotIsOptimum: scores of 1 on each row's label and 0 elsewhere give
// best (1 for accuracy, F1 and one-vs-rest AUC; 0 for log loss). Checked
// where the metric is defined on the one-hot input.
func OneHotIsOptimum(best float64) MulticlassProperty {
	return MulticlassProperty{fmt.Sprintf("OneHotIsOptimum(%v)", best), func(_ *rapid.T, fn MulticlassMetric, c MulticlassCase) error {
		p := MulticlassCase{Labels: c.Labels, Probs: make([][]float64, len(c.Labels)), Weights: c.Weights}
		for i, l := range c.Labels {
			p.Probs[i] = make([]float64, len(c.Probs[i]))
			p.Probs[i][l] = 1
		}
		o := callMulticlass(fn, p)
		if o.err != nil {
			return nil
		}
		if err := sameOutcome(outcome{v: best}, o, DefaultTolerance); err != nil {
			return fmt.Errorf("one-hot scores %v: want %v, got: %v", p.Probs, best, err)
		}
		return nil
	}}
}

// CheckMulticlassMetric checks fn against each property
// (DefaultMulticlassProperties when props is empty) on inputs from
// MulticlassCases(DefaultMulticlassCaseOptions()), one rapid.Check per
// property, failing t at the first property violated.
func CheckMulticlassMetric(t testing.TB, fn MulticlassMetric, props ...MulticlassProperty) {
	t.Helper()
	if len(props) == 0 {
		props = DefaultMulticlassProperties()
	}
	cases := MulticlassCases(DefaultMulticlassCaseOptions())
	for _, p := range props {
		rapid.Check(t, func(rt *rapid.T) {
			c := cases.Draw(rt, "case")
			if err := p.Check(rt, fn, c); err != nil {
				rt.Fatalf("%s violated on %v:\n%v", p.Name(), c, err)
			}
		})
	}
}
