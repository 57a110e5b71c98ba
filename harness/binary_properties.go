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

// BinaryProperty is one law a BinaryMetric must obey (see Property; make
// your own with NewProperty).
type BinaryProperty = Property[BinaryMetric, BinaryCase]

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
	return NewProperty("Deterministic", func(_ *rapid.T, fn BinaryMetric, c BinaryCase) error {
		if err := sameOutcome(c.eval(fn), c.eval(fn), assert.Tolerance{}); err != nil {
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
	return boundedProperty[BinaryMetric, BinaryCase](boundedName("", lo, hi), lo, hi)
}

// PermutationInvariant: reordering the rows (labels, scores and weights
// together) leaves the value unchanged within DefaultTolerance.
func PermutationInvariant() BinaryProperty {
	return permutationInvariant[BinaryMetric, BinaryCase]("PermutationInvariant")
}

// WeightTwoEqualsDuplicate: giving one row weight 2w equals keeping it at
// weight w and appending a copy of it.
func WeightTwoEqualsDuplicate() BinaryProperty {
	return weightTwoEqualsDuplicate[BinaryMetric, BinaryCase]("WeightTwoEqualsDuplicate")
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
	return NewProperty("MonotoneInvariant", func(t *rapid.T, fn BinaryMetric, c BinaryCase) error {
		tr := increasingTransforms[rapid.IntRange(0, len(increasingTransforms)-1).Draw(t, "transform")]
		if err := sameOutcome(c.eval(fn), transformed(c, tr.f).eval(fn), DefaultTolerance); err != nil {
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
	return NewProperty(fmt.Sprintf("ReversalComplement(%v)", total), func(t *rapid.T, fn BinaryMetric, c BinaryCase) error {
		a := c.eval(fn)
		b := transformed(c, func(s float64) float64 { return 1 - s }).eval(fn)
		if b.err == nil {
			b.v = total - b.v
		}
		if err := sameOutcome(a, b, DefaultTolerance); err != nil {
			return fmt.Errorf("v(s) vs %v - v(1-s): %v", total, err)
		}
		return nil
	})
}

// PerfectIsOptimum: scores that are 1 on every positive and 0 on every
// negative give best (1 for AUC, AP and F1; 0 for log loss and Brier).
// Checked on cases where both classes carry weight (elsewhere many metrics
// are undefined).
func PerfectIsOptimum(best float64) BinaryProperty {
	return scoredByLabelGives(fmt.Sprintf("PerfectIsOptimum(%v)", best), "perfect", 1, 0, best)
}

// ReversedIsWorst: scores that are 0 on every positive and 1 on every
// negative give worst (0 for ROC AUC, 1 for Brier). Checked on cases where
// both classes carry weight.
func ReversedIsWorst(worst float64) BinaryProperty {
	return scoredByLabelGives(fmt.Sprintf("ReversedIsWorst(%v)", worst), "reversed", 0, 1, worst)
}

// scoredByLabelGives: scoring every positive pos and every negative neg
// gives want, on cases where both classes carry weight.
func scoredByLabelGives(name, what string, pos, neg, want float64) BinaryProperty {
	return NewProperty(name, func(_ *rapid.T, fn BinaryMetric, c BinaryCase) error {
		if !hasBothClasses(c) {
			return nil
		}
		p := BinaryCase{Labels: c.Labels, Scores: make([]float64, len(c.Labels)), Weights: c.Weights}
		for i, l := range c.Labels {
			p.Scores[i] = neg
			if l {
				p.Scores[i] = pos
			}
		}
		if err := sameOutcome(outcome{v: want}, p.eval(fn), DefaultTolerance); err != nil {
			return fmt.Errorf("%s scores %v: want %v, got: %v", what, p.Scores, want, err)
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

// AgreesWith: fn and the reference ref agree on every case, both undefined
// or both values equal under tol, ref's value as want (assert.Tolerance's
// rule). Use it to pin a fast implementation to a slow, obviously correct one.
func AgreesWith(ref BinaryMetric, tol assert.Tolerance) BinaryProperty {
	return agreesWith[BinaryMetric, BinaryCase]("AgreesWith(reference)", ref, tol)
}
