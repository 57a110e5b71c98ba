package harness

import (
	"fmt"
	"math"

	"pgregory.net/rapid"

	"github.com/mltest/mltest/assert"
)

// BinaryMetric is the shape of a binary-classification metric, gonum style:
// parallel labels, scores and weights (nil weights = all ones). An error
// means the metric is undefined on the input (one class, zero weight).
type BinaryMetric func(labels []bool, scores, weights []float64) (float64, error)

// BinaryProperty is one law a BinaryMetric must obey. Check returns nil
// when fn obeys it on the case c and an error describing the violation
// otherwise; it may draw more values from t (a permutation, a row).
type BinaryProperty struct {
	name  string
	check func(t *rapid.T, fn BinaryMetric, c BinaryCase) error
}

// NewBinaryProperty names a law of your own for CheckBinaryMetric.
func NewBinaryProperty(name string, check func(t *rapid.T, fn BinaryMetric, c BinaryCase) error) BinaryProperty {
	return BinaryProperty{name: name, check: check}
}

// Name returns the property's name, as failures print it.
func (p BinaryProperty) Name() string { return p.name }

// Check tests fn on one case; nil means the law holds there. t supplies the
// property's own random choices (a permutation, a row); it may be nil for
// properties that make none (Bounded, Finite, Deterministic,
// PerfectIsOptimum, ReversedIsWorst, AgreesWith).
func (p BinaryProperty) Check(t *rapid.T, fn BinaryMetric, c BinaryCase) error {
	return p.check(t, fn, c)
}

func call(fn BinaryMetric, c BinaryCase) outcome {
	v, err := fn(c.Labels, c.Scores, c.Weights)
	return outcome{v, err}
}

// DefaultBinaryProperties returns the laws every binary metric obeys,
// whatever it measures: Deterministic, Finite, PermutationInvariant and
// WeightTwoEqualsDuplicate. They catch order-dependent code, missing
// clipping (an infinite log loss) and weights applied to the wrong term.
func DefaultBinaryProperties() []BinaryProperty {
	return []BinaryProperty{Deterministic(), Finite(), PermutationInvariant(), WeightTwoEqualsDuplicate()}
}

// ScoreRankingProperties returns the laws of a threshold-free metric of how
// well scores rank positives above negatives with best value 1 (ROC AUC,
// average precision): the defaults plus Bounded(0, 1), MonotoneInvariant
// and PerfectIsOptimum(1). For ROC AUC add ReversalComplement(1).
func ScoreRankingProperties() []BinaryProperty {
	return append(DefaultBinaryProperties(), Bounded(0, 1), MonotoneInvariant(), PerfectIsOptimum(1))
}

// ROCAUCProperties returns the laws of ROC AUC, ScoreRankingProperties plus
// the symmetry only it has: ReversalComplement(1) (reversed scores give 1 -
// AUC, which catches ties counted as wins) and ReversedIsWorst(0).
func ROCAUCProperties() []BinaryProperty {
	return append(ScoreRankingProperties(), ReversalComplement(1), ReversedIsWorst(0))
}

// Deterministic: two calls on the same input return the same value, bit
// for bit, or both fail.
func Deterministic() BinaryProperty {
	return NewBinaryProperty("Deterministic", func(_ *rapid.T, fn BinaryMetric, c BinaryCase) error {
		a, b := call(fn, c), call(fn, c)
		if err := sameOutcome(a, b, assert.Tolerance{}); err != nil {
			return fmt.Errorf("two calls differ: %v", err)
		}
		return nil
	})
}

// Finite: a defined value is a finite number, never NaN or ±Inf.
func Finite() BinaryProperty {
	return Bounded(math.Inf(-1), math.Inf(1))
}

// Bounded: a defined value v is finite and lo <= v <= hi (an infinite bound
// means no bound on that side). NaN is always a violation.
func Bounded(lo, hi float64) BinaryProperty {
	name := fmt.Sprintf("Bounded(%v, %v)", lo, hi)
	if math.IsInf(lo, -1) && math.IsInf(hi, 1) {
		name = "Finite"
	}
	return NewBinaryProperty(name, func(_ *rapid.T, fn BinaryMetric, c BinaryCase) error {
		return checkBounds(call(fn, c), lo, hi)
	})
}

func checkBounds(o outcome, lo, hi float64) error {
	if o.err != nil {
		return nil
	}
	if math.IsNaN(o.v) || math.IsInf(o.v, 0) || o.v < lo || o.v > hi {
		return fmt.Errorf("value %v, want a finite number in [%v, %v]", o.v, lo, hi)
	}
	return nil
}

// PermutationInvariant: reordering the rows (labels, scores and weights
// together) leaves the value unchanged within DefaultTolerance.
func PermutationInvariant() BinaryProperty {
	return NewBinaryProperty("PermutationInvariant", func(t *rapid.T, fn BinaryMetric, c BinaryCase) error {
		perm := rapid.Permutation(seq(len(c.Labels))).Draw(t, "permutation")
		p := BinaryCase{Labels: make([]bool, len(perm)), Scores: make([]float64, len(perm))}
		if c.Weights != nil {
			p.Weights = make([]float64, len(perm))
		}
		for i, j := range perm {
			p.Labels[i], p.Scores[i] = c.Labels[j], c.Scores[j]
			if c.Weights != nil {
				p.Weights[i] = c.Weights[j]
			}
		}
		if err := sameOutcome(call(fn, c), call(fn, p), DefaultTolerance); err != nil {
			return fmt.Errorf("original vs rows reordered as %v (%v): %v", perm, p, err)
		}
		return nil
	})
}

// WeightTwoEqualsDuplicate: giving one row weight 2w equals keeping it at
// weight w and appending a copy of it.
func WeightTwoEqualsDuplicate() BinaryProperty {
	return NewBinaryProperty("WeightTwoEqualsDuplicate", func(t *rapid.T, fn BinaryMetric, c BinaryCase) error {
		n := len(c.Labels)
		if n == 0 {
			return nil
		}
		i := rapid.IntRange(0, n-1).Draw(t, "doubled row")
		w := c.Weights
		if w == nil {
			w = ones(n)
		}
		doubled := BinaryCase{Labels: c.Labels, Scores: c.Scores, Weights: append([]float64(nil), w...)}
		doubled.Weights[i] *= 2
		dup := BinaryCase{
			Labels:  append(append([]bool(nil), c.Labels...), c.Labels[i]),
			Scores:  append(append([]float64(nil), c.Scores...), c.Scores[i]),
			Weights: append(append([]float64(nil), w...), w[i]),
		}
		if err := sameOutcome(call(fn, doubled), call(fn, dup), DefaultTolerance); err != nil {
			return fmt.Errorf("row %d at double weight (%v) vs row %d appended again (%v): %v", i, doubled, i, dup, err)
		}
		return nil
	})
}

// scoreTransform is a strictly monotone map of [0, 1] into [0, 1] that is
// exact on the score grid of BinaryCases.
type scoreTransform struct {
	name string
	f    func(float64) float64
}

var increasingTransforms = []scoreTransform{
	{"s*s", func(s float64) float64 { return s * s }},
	{"(1+s)/2", func(s float64) float64 { return (1 + s) / 2 }},
	{"s/4", func(s float64) float64 { return s / 4 }},
}

func transformed(c BinaryCase, f func(float64) float64) BinaryCase {
	out := BinaryCase{Labels: c.Labels, Scores: make([]float64, len(c.Scores)), Weights: c.Weights}
	for i, s := range c.Scores {
		out.Scores[i] = f(s)
	}
	return out
}

// MonotoneInvariant: a strictly increasing transform of the scores (s², (1+s)/2,
// s/4) leaves the value unchanged: the metric reads only the order of the
// scores, ties included. Threshold metrics (F1 at 0.5) and probability
// metrics (log loss, Brier) do not obey it.
func MonotoneInvariant() BinaryProperty {
	return NewBinaryProperty("MonotoneInvariant", func(t *rapid.T, fn BinaryMetric, c BinaryCase) error {
		tr := increasingTransforms[rapid.IntRange(0, len(increasingTransforms)-1).Draw(t, "transform")]
		if err := sameOutcome(call(fn, c), call(fn, transformed(c, tr.f)), DefaultTolerance); err != nil {
			return fmt.Errorf("scores s vs %s: %v", tr.name, err)
		}
		return nil
	})
}

// ReversalComplement: reversing the order of the scores (s -> 1-s, then any
// increasing transform) turns value v into total - v: ROC AUC with total 1,
// where a tied positive-negative pair counts ½ either way. Counting ties as
// wins breaks it.
func ReversalComplement(total float64) BinaryProperty {
	return NewBinaryProperty(fmt.Sprintf("ReversalComplement(%v)", total), func(t *rapid.T, fn BinaryMetric, c BinaryCase) error {
		a := call(fn, c)
		b := call(fn, transformed(c, func(s float64) float64 { return 1 - s }))
		if b.err == nil {
			b.v = total - b.v
		}
		if err := sameOutcome(a, b, DefaultTolerance); err != nil {
			return fmt.Errorf("v(s) vs %v - v(1-s): %v", total, err)
		}
		return nil
	})
}

// hasBothClasses reports whether both classes carry positive weight.
func hasBothClasses(c BinaryCase) bool {
	var pos, neg float64
	for i, l := range c.Labels {
		w := 1.0
		if c.Weights != nil {
			w = c.Weights[i]
		}
		if l {
			pos += w
		} else {
			neg += w
		}
	}
	return pos > 0 && neg > 0
}

func scoredByLabel(c BinaryCase, pos, neg float64) BinaryCase {
	out := BinaryCase{Labels: c.Labels, Scores: make([]float64, len(c.Labels)), Weights: c.Weights}
	for i, l := range c.Labels {
		out.Scores[i] = neg
		if l {
			out.Scores[i] = pos
		}
	}
	return out
}

// PerfectIsOptimum: scores that are 1 on every positive and 0 on every
// negative give best (1 for AUC, AP and F1; 0 for log loss and Brier).
// Checked on cases where both classes carry weight (elsewhere many metrics
// are undefined).
func PerfectIsOptimum(best float64) BinaryProperty {
	return NewBinaryProperty(fmt.Sprintf("PerfectIsOptimum(%v)", best), func(_ *rapid.T, fn BinaryMetric, c BinaryCase) error {
		if !hasBothClasses(c) {
			return nil
		}
		p := scoredByLabel(c, 1, 0)
		if err := sameOutcome(outcome{v: best}, call(fn, p), DefaultTolerance); err != nil {
			return fmt.Errorf("perfect scores %v: want %v, got: %v", p.Scores, best, err)
		}
		return nil
	})
}

// ReversedIsWorst: scores that are 0 on every positive and 1 on every
// negative give worst (0 for ROC AUC, 1 for Brier). Checked on cases where
// both classes carry weight.
func ReversedIsWorst(worst float64) BinaryProperty {
	return NewBinaryProperty(fmt.Sprintf("ReversedIsWorst(%v)", worst), func(_ *rapid.T, fn BinaryMetric, c BinaryCase) error {
		if !hasBothClasses(c) {
			return nil
		}
		p := scoredByLabel(c, 0, 1)
		if err := sameOutcome(outcome{v: worst}, call(fn, p), DefaultTolerance); err != nil {
			return fmt.Errorf("reversed scores %v: want %v, got: %v", p.Scores, worst, err)
		}
		return nil
	})
}

// AgreesWith: fn and the reference ref agree on every case, both undefined
// or both values equal under tol, ref's value as want (assert.Tolerance's
// rule). Use it to pin a fast implementation to a slow, obviously correct one.
func AgreesWith(ref BinaryMetric, tol assert.Tolerance) BinaryProperty {
	return NewBinaryProperty("AgreesWith(reference)", func(_ *rapid.T, fn BinaryMetric, c BinaryCase) error {
		if err := sameOutcome(call(ref, c), call(fn, c), tol); err != nil {
			return fmt.Errorf("reference vs metric: %v", err)
		}
		return nil
	})
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

func ones(n int) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1
	}
	return w
}
