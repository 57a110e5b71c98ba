package harness

import (
	"fmt"
	"math"
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

func (c MulticlassCase) eval(fn MulticlassMetric) outcome {
	v, err := fn(c.Labels, c.Probs, c.Weights)
	return outcome{v, err}
}

func (c MulticlassCase) rows() int { return len(c.Labels) }

func (c MulticlassCase) permuted(perm []int) MulticlassCase {
	return MulticlassCase{permutedRows(c.Labels, perm), permutedRows(c.Probs, perm), permutedRows(c.Weights, perm)}
}

func (c MulticlassCase) doubledRow(i int) (doubled, appended MulticlassCase) {
	dw, aw := doubledWeights(c.Weights, len(c.Labels), i)
	return MulticlassCase{c.Labels, c.Probs, dw}, MulticlassCase{appendRow(c.Labels, i), appendRow(c.Probs, i), aw}
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
// coarse grid, so tied scores are common; a row of zeros stays zeros). Rows
// are a list of independent rows (rapid.SliceOfN), so a failing case
// shrinks by deleting any row, toward fewer classes, class 0, zero scores
// and weight 1.
func MulticlassCases(opt MulticlassCaseOptions) *rapid.Generator[MulticlassCase] {
	opt.MinClasses = max(opt.MinClasses, 2)
	opt.MaxClasses = max(opt.MaxClasses, opt.MinClasses)
	opt.MaxRows = max(opt.MaxRows, opt.MinRows)
	type row struct {
		label  int
		probs  []float64
		weight float64
	}
	return rapid.Custom(func(t *rapid.T) MulticlassCase {
		k := rapid.IntRange(opt.MinClasses, opt.MaxClasses).Draw(t, "classes")
		gen := rapid.Custom(func(t *rapid.T) row {
			r := row{label: rapid.IntRange(0, k-1).Draw(t, "label"), probs: make([]float64, k), weight: 1}
			sum := 0.0
			for j := range r.probs {
				r.probs[j] = float64(rapid.IntRange(0, 8).Draw(t, "score"))
				sum += r.probs[j]
			}
			if sum > 0 {
				for j := range r.probs {
					r.probs[j] /= sum
				}
			}
			if opt.Weighted {
				w := rapid.IntRange(0, 7).Draw(t, "weight")
				r.weight = float64((w+1)%8+1) / 2
			}
			return r
		})
		rows := rapid.SliceOfN(gen, opt.MinRows, opt.MaxRows).Draw(t, "rows")
		n := len(rows)
		c := MulticlassCase{Labels: make([]int, n), Probs: make([][]float64, n)}
		if opt.Weighted {
			c.Weights = make([]float64, n)
		}
		for i, r := range rows {
			c.Labels[i], c.Probs[i] = r.label, r.probs
			if opt.Weighted {
				c.Weights[i] = r.weight
			}
		}
		return c
	})
}

// MulticlassMetric is the shape of a multiclass metric, as metrics'
// MulticlassAccuracy, MulticlassLogLoss, MacroF1 and ROCAUCOVR.
type MulticlassMetric func(labels []int, probs [][]float64, weights []float64) (float64, error)

// MulticlassProperty is one law a MulticlassMetric must obey (see
// Property; make your own with NewProperty).
type MulticlassProperty = Property[MulticlassMetric, MulticlassCase]

// DefaultMulticlassProperties returns the laws of every multiclass metric:
// MulticlassFinite, MulticlassPermutationInvariant and
// MulticlassWeightTwoEqualsDuplicate.
func DefaultMulticlassProperties() []MulticlassProperty {
	return []MulticlassProperty{MulticlassBounded(math.Inf(-1), math.Inf(1)), MulticlassPermutationInvariant(), MulticlassWeightTwoEqualsDuplicate()}
}

// MulticlassBounded: a defined value is finite and in [lo, hi]; with both
// bounds infinite it is named MulticlassFinite.
func MulticlassBounded(lo, hi float64) MulticlassProperty {
	return boundedProperty[MulticlassMetric, MulticlassCase](boundedName("Multiclass", lo, hi), lo, hi)
}

// MulticlassPermutationInvariant: reordering the rows leaves the value
// unchanged within DefaultTolerance.
func MulticlassPermutationInvariant() MulticlassProperty {
	return permutationInvariant[MulticlassMetric, MulticlassCase]("MulticlassPermutationInvariant")
}

// MulticlassWeightTwoEqualsDuplicate: doubling one row's weight equals
// appending a copy of the row.
func MulticlassWeightTwoEqualsDuplicate() MulticlassProperty {
	return weightTwoEqualsDuplicate[MulticlassMetric, MulticlassCase]("MulticlassWeightTwoEqualsDuplicate")
}

// OneHotIsOptimum: scores of 1 on each row's label and 0 elsewhere give
// best (1 for accuracy, F1 and one-vs-rest AUC; 0 for log loss). Checked
// where the metric is defined on the one-hot input.
func OneHotIsOptimum(best float64) MulticlassProperty {
	return NewProperty(fmt.Sprintf("OneHotIsOptimum(%v)", best), func(_ *rapid.T, fn MulticlassMetric, c MulticlassCase) error {
		p := MulticlassCase{Labels: c.Labels, Probs: make([][]float64, len(c.Labels)), Weights: c.Weights}
		for i, l := range c.Labels {
			p.Probs[i] = make([]float64, len(c.Probs[i]))
			p.Probs[i][l] = 1
		}
		o := p.eval(fn)
		if o.err != nil {
			return nil
		}
		if err := sameOutcome(outcome{v: best}, o, DefaultTolerance); err != nil {
			return fmt.Errorf("one-hot scores %v: want %v, got: %v", p.Probs, best, err)
		}
		return nil
	})
}

// CheckMulticlassMetric checks fn against each property
// (DefaultMulticlassProperties when props is empty) on inputs from
// MulticlassCases(DefaultMulticlassCaseOptions()), one rapid.Check per
// property, failing t at the first property violated.
func CheckMulticlassMetric(t testing.TB, fn MulticlassMetric, props ...MulticlassProperty) {
	t.Helper()
	checkProperties(t, MulticlassCases(DefaultMulticlassCaseOptions()), fn, finiteOrUndefined[MulticlassMetric, MulticlassCase](undefinedAdvice), props, DefaultMulticlassProperties())
}
