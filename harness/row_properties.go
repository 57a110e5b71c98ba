package harness

import (
	"fmt"
	"math"

	"pgregory.net/rapid"

	"github.com/mltest/mltest/assert"
)

// metricCase is a generated input a metric of type M can be called on:
// every case type.
type metricCase[M any] interface {
	eval(fn M) outcome
}

// rowCase is a case made of parallel rows with weights (nil = all ones):
// BinaryCase, MulticlassCase and RegressionCase. The laws below are written
// once for all three.
type rowCase[M, C any] interface {
	metricCase[M]
	rows() int
	// permuted returns the case whose row i is row perm[i] of this one.
	permuted(perm []int) C
	// doubledRow returns the case with row i at twice its weight, and the
	// case with a copy of row i (same weight) appended.
	doubledRow(i int) (doubled, appended C)
}

// boundedProperty: a defined value is finite and in [lo, hi].
func boundedProperty[M any, C metricCase[M]](name string, lo, hi float64) Property[M, C] {
	return NewProperty(name, func(_ *rapid.T, fn M, c C) error {
		return checkBounds(c.eval(fn), lo, hi)
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

// boundedName is "<prefix>Bounded(lo, hi)", or "<prefix>Finite" when both
// bounds are infinite.
func boundedName(prefix string, lo, hi float64) string {
	if math.IsInf(lo, -1) && math.IsInf(hi, 1) {
		return prefix + "Finite"
	}
	return fmt.Sprintf("%sBounded(%v, %v)", prefix, lo, hi)
}

// permutationInvariant: reordering the rows (and their weights) leaves the
// value unchanged within DefaultTolerance.
func permutationInvariant[M any, C rowCase[M, C]](name string) Property[M, C] {
	return NewProperty(name, func(t *rapid.T, fn M, c C) error {
		perm := rapid.Permutation(seq(c.rows())).Draw(t, "permutation")
		p := c.permuted(perm)
		if err := sameOutcome(c.eval(fn), p.eval(fn), DefaultTolerance); err != nil {
			return fmt.Errorf("original vs rows reordered as %v (%v): %v", perm, p, err)
		}
		return nil
	})
}

// weightTwoEqualsDuplicate: giving one row weight 2w equals keeping it at
// weight w and appending a copy of it.
func weightTwoEqualsDuplicate[M any, C rowCase[M, C]](name string) Property[M, C] {
	return NewProperty(name, func(t *rapid.T, fn M, c C) error {
		n := c.rows()
		if n == 0 {
			return nil
		}
		i := rapid.IntRange(0, n-1).Draw(t, "doubled row")
		doubled, dup := c.doubledRow(i)
		if err := sameOutcome(doubled.eval(fn), dup.eval(fn), DefaultTolerance); err != nil {
			return fmt.Errorf("row %d at double weight (%v) vs row %d appended again (%v): %v", i, doubled, i, dup, err)
		}
		return nil
	})
}

// agreesWith: fn and the reference ref agree on every case, both undefined
// or both values equal under tol with ref's value as want.
func agreesWith[M any, C metricCase[M]](name string, ref M, tol assert.Tolerance) Property[M, C] {
	return NewProperty(name, func(_ *rapid.T, fn M, c C) error {
		if err := sameOutcome(c.eval(ref), c.eval(fn), tol); err != nil {
			return fmt.Errorf("reference vs metric: %v", err)
		}
		return nil
	})
}

// permutedRows returns x reordered by perm: row i of the result is x[perm[i]].
// A nil x (weights all ones) stays nil.
func permutedRows[T any](x []T, perm []int) []T {
	if x == nil {
		return nil
	}
	out := make([]T, len(perm))
	for i, j := range perm {
		out[i] = x[j]
	}
	return out
}

// doubledWeights returns the weights (w, or all ones when nil) with row i's
// doubled, and the weights with row i's appended again.
func doubledWeights(w []float64, n, i int) (doubled, appended []float64) {
	if w == nil {
		w = ones(n)
	}
	doubled = append([]float64(nil), w...)
	doubled[i] *= 2
	return doubled, appendRow(w, i)
}

// appendRow returns a copy of x with x[i] appended.
func appendRow[T any](x []T, i int) []T {
	return append(append(make([]T, 0, len(x)+1), x...), x[i])
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
