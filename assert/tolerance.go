package assert

import (
	"fmt"
	"math"
	"strings"

	"github.com/google/go-cmp/cmp"
)

// Tolerance says when a computed value got equals a reference value want.
// It is mltest's one tolerance rule: assert's checks, harness's properties,
// golden files (fixtures) and offline-vs-online parity (harness/parity,
// mltest parity) all use it. The zero Tolerance is exact equality, as in
// go-cmp.
//
// got equals want when got == want, or
//
//	|got - want| <= Abs + Rel*|want|
//
// (numpy's isclose and assert_allclose rule, with the reference value on
// the right, and the rule of mltest parity's --abs-tol and --rel-tol), or,
// when ULP > 0, when got and want are at most ULP representable float64
// values apart (units in the last place, counted across zero: the distance
// between -0 and +0 is 0, between the smallest positive subnormal and minus
// that value 2).
//
// The rule is not symmetric: Rel scales with |want| only, so a 1% tolerance
// around 100 accepts 99 and 101, whatever got is. Pass the reference value
// as want (CheckFloat, FloatsDiff and MatrixDiff take got before want).
//
// Infinities equal only the same infinity, whatever the tolerance. NaN
// equals NaN only when EquateNaN is set, and never equals a number. (mltest
// parity sets EquateNaN: there NaN matches only NaN.)
type Tolerance struct {
	Abs       float64 // absolute margin; must be >= 0
	Rel       float64 // fraction of |want|; must be >= 0
	ULP       uint64  // distance in units in the last place
	EquateNaN bool    // NaN equals NaN
}

// Equal reports whether got equals the reference value want under tol. It
// panics if Abs or Rel is negative or NaN.
func (tol Tolerance) Equal(got, want float64) bool {
	if !(tol.Abs >= 0) || !(tol.Rel >= 0) {
		panic("assert: negative or NaN tolerance")
	}
	if math.IsNaN(got) || math.IsNaN(want) {
		return tol.EquateNaN && math.IsNaN(got) && math.IsNaN(want)
	}
	if got == want {
		return true
	}
	if math.IsInf(got, 0) || math.IsInf(want, 0) {
		return false
	}
	if math.Abs(got-want) <= tol.Abs+tol.Rel*math.Abs(want) {
		return true
	}
	return tol.ULP > 0 && ulpDistance(got, want) <= tol.ULP
}

// ulpDistance counts the float64 values between x and y, mapping the bit
// patterns to a monotone integer line so that the count crosses zero.
func ulpDistance(x, y float64) uint64 {
	a, b := orderedBits(x), orderedBits(y)
	if a > b {
		return uint64(a - b)
	}
	return uint64(b - a)
}

func orderedBits(x float64) int64 {
	b := int64(math.Float64bits(x))
	if b < 0 {
		return math.MinInt64 - b
	}
	return b
}

// String describes tol the way failure messages print it.
func (tol Tolerance) String() string {
	var parts []string
	if tol.Abs > 0 {
		parts = append(parts, "abs "+fmtG(tol.Abs))
	}
	if tol.Rel > 0 {
		parts = append(parts, "rel "+fmtG(tol.Rel))
	}
	if tol.ULP > 0 {
		parts = append(parts, fmt.Sprintf("%d ulp", tol.ULP))
	}
	if len(parts) == 0 {
		parts = append(parts, "exact")
	}
	if tol.EquateNaN {
		parts = append(parts, "NaN equals NaN")
	}
	return strings.Join(parts, ", ")
}

// CmpOption returns a go-cmp option that compares float64 values under tol,
// for use with cmp.Equal and cmp.Diff on structs, slices and maps that hold
// floats. Like cmpopts.EquateApprox it applies only to pairs that are not
// exactly equal, so that exact values keep go-cmp's own reporting.
//
// go-cmp requires a symmetric comparer and may pass the two values in
// either order, so a pair is equal only when it is equal with either value
// as want: |x - y| <= Abs + Rel*min(|x|, |y|) (or within ULP). That is never
// looser than Equal.
func (tol Tolerance) CmpOption() cmp.Option {
	return cmp.FilterValues(func(x, y float64) bool {
		return x != y || math.IsNaN(x) || math.IsNaN(y)
	}, cmp.Comparer(func(x, y float64) bool {
		return tol.Equal(x, y) && tol.Equal(y, x)
	}))
}

func fmtG(x float64) string { return fmt.Sprintf("%g", x) }
