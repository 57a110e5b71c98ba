package assert

import (
	"fmt"
	"math"
	"strings"

	"github.com/google/go-cmp/cmp"
)

// Tolerance says when two floats count as equal. The zero Tolerance is exact
// equality (and NaN is never equal to anything).
//
// x and y are equal when x == y, or
//
//	|x-y| <= max(Rel*min(|x|,|y|), Abs)
//
// (the rule of go-cmp's cmpopts.EquateApprox), or when they are at most ULP
// representable float64 values apart (units in the last place, counted
// across zero: the distance between -0 and +0 is 0, between the smallest
// positive subnormal and -that value is 2). Infinities equal only the same
// infinity. NaN equals NaN only when EquateNaN is set.
type Tolerance struct {
	Abs       float64 // absolute margin; must be >= 0
	Rel       float64 // fraction of the smaller magnitude; must be >= 0
	ULP       uint64  // distance in units in the last place
	EquateNaN bool    // NaN equals NaN
}

// Equal reports whether x and y are equal under tol. It panics if Abs or Rel
// is negative or NaN.
func (tol Tolerance) Equal(x, y float64) bool {
	if !(tol.Abs >= 0) || !(tol.Rel >= 0) {
		panic("assert: negative or NaN tolerance")
	}
	if math.IsNaN(x) || math.IsNaN(y) {
		return tol.EquateNaN && math.IsNaN(x) && math.IsNaN(y)
	}
	if x == y {
		return true
	}
	if math.IsInf(x, 0) || math.IsInf(y, 0) {
		return false
	}
	if math.Abs(x-y) <= math.Max(tol.Rel*math.Min(math.Abs(x), math.Abs(y)), tol.Abs) {
		return true
	}
	return tol.ULP > 0 && ulpDistance(x, y) <= tol.ULP
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
func (tol Tolerance) CmpOption() cmp.Option {
	return cmp.FilterValues(func(x, y float64) bool {
		return x != y || math.IsNaN(x) || math.IsNaN(y)
	}, cmp.Comparer(tol.Equal))
}

func fmtG(x float64) string { return fmt.Sprintf("%g", x) }
