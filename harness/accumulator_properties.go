package harness

import (
	"fmt"
	"testing"

	"pgregory.net/rapid"

	"github.com/mltest/mltest/assert"
	"github.com/mltest/mltest/metrics"
)

// NewBinaryAccumulator makes an empty accumulator of the metric under test;
// every call must return a fresh one made with the same options.
type NewBinaryAccumulator func() metrics.BinaryAccumulator

// BinaryAccumulatorProperty is one law a metrics.BinaryAccumulator must
// obey: a Property over the accumulators newAcc makes (make your own with
// NewProperty).
type BinaryAccumulatorProperty = Property[NewBinaryAccumulator, BinaryCase]

// AccumulatedMetric turns an accumulator into a BinaryMetric: add every row
// to a fresh accumulator, in order, and return its Result.
func AccumulatedMetric(newAcc NewBinaryAccumulator) BinaryMetric {
	return func(labels []bool, scores, weights []float64) (float64, error) {
		a := newAcc()
		addRows(a, BinaryCase{labels, scores, weights}, nil, -1)
		return a.Result()
	}
}

// addRows adds the rows of c whose part (parts[i]) is part; all rows when
// parts is nil.
func addRows(a metrics.BinaryAccumulator, c BinaryCase, parts []int, part int) {
	for i, l := range c.Labels {
		if parts != nil && parts[i] != part {
			continue
		}
		w := 1.0
		if c.Weights != nil {
			w = c.Weights[i]
		}
		a.Add(l, c.Scores[i], w)
	}
}

func result(a metrics.BinaryAccumulator) outcome {
	v, err := a.Result()
	return outcome{v, err}
}

// DefaultBinaryAccumulatorProperties returns MergeEqualsWhole(DefaultTolerance),
// MergeEmptyIsIdentity and the DefaultBinaryProperties of AccumulatedMetric.
func DefaultBinaryAccumulatorProperties() []BinaryAccumulatorProperty {
	props := []BinaryAccumulatorProperty{MergeEqualsWhole(DefaultTolerance), MergeEmptyIsIdentity()}
	for _, p := range DefaultBinaryProperties() {
		props = append(props, Accumulated(p))
	}
	return props
}

// MergeEqualsWhole: split the rows into 1 to 4 parts, any row to any part
// (not only contiguous runs), accumulate each part, merge the parts in any
// order; the result equals that of one accumulator given every row, both
// undefined or equal under tol, the whole's value as want.
func MergeEqualsWhole(tol assert.Tolerance) BinaryAccumulatorProperty {
	return NewProperty("MergeEqualsWhole", func(t *rapid.T, newAcc NewBinaryAccumulator, c BinaryCase) error {
		k := rapid.IntRange(1, 4).Draw(t, "parts")
		parts := make([]int, len(c.Labels))
		for i := range parts {
			parts[i] = rapid.IntRange(0, k-1).Draw(t, "part of row")
		}
		order := rapid.Permutation(seq(k)).Draw(t, "merge order")
		accs := make([]metrics.BinaryAccumulator, k)
		for p := range accs {
			accs[p] = newAcc()
			addRows(accs[p], c, parts, p)
		}
		merged := accs[order[0]]
		for _, p := range order[1:] {
			merged.Merge(accs[p])
		}
		whole := newAcc()
		addRows(whole, c, nil, -1)
		if err := sameOutcome(result(whole), result(merged), tol); err != nil {
			return fmt.Errorf("whole vs rows split into parts %v merged in order %v: %v", parts, order, err)
		}
		return nil
	})
}

// MergeEmptyIsIdentity: merging an empty accumulator into a full one, or a
// full one into an empty one, changes nothing.
func MergeEmptyIsIdentity() BinaryAccumulatorProperty {
	return NewProperty("MergeEmptyIsIdentity", func(_ *rapid.T, newAcc NewBinaryAccumulator, c BinaryCase) error {
		whole := newAcc()
		addRows(whole, c, nil, -1)
		want := result(whole)
		full := newAcc()
		addRows(full, c, nil, -1)
		full.Merge(newAcc())
		if err := sameOutcome(want, result(full), assert.Tolerance{}); err != nil {
			return fmt.Errorf("full vs full merged with empty: %v", err)
		}
		empty := newAcc()
		other := newAcc()
		addRows(other, c, nil, -1)
		empty.Merge(other)
		if err := sameOutcome(want, result(empty), DefaultTolerance); err != nil {
			return fmt.Errorf("full vs empty merged with full: %v", err)
		}
		return nil
	})
}

// Accumulated lifts a BinaryProperty to accumulators: AccumulatedMetric(newAcc)
// obeys p.
func Accumulated(p BinaryProperty) BinaryAccumulatorProperty {
	return NewProperty("Accumulated("+p.Name()+")", func(t *rapid.T, newAcc NewBinaryAccumulator, c BinaryCase) error {
		return p.Check(t, AccumulatedMetric(newAcc), c)
	})
}

// CheckBinaryAccumulator checks the accumulators newAcc makes against each
// property (DefaultBinaryAccumulatorProperties when props is empty) on
// inputs from BinaryCases(DefaultBinaryCaseOptions()), one rapid.Check per
// property, failing t at the first property violated with the shrunk case
// and the seed that replays it.
func CheckBinaryAccumulator(t testing.TB, newAcc NewBinaryAccumulator, props ...BinaryAccumulatorProperty) {
	t.Helper()
	checkProperties(t, BinaryCases(DefaultBinaryCaseOptions()), newAcc, Accumulated(binaryGate()), props, DefaultBinaryAccumulatorProperties())
}
