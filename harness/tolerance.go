package harness

import (
	"fmt"
	"math"
)

// DefaultTolerance is the tolerance of the properties that compare two
// values of one metric computed two ways (permutation, duplication, merge):
// the same sum in a different order may differ in its last bits, never more.
const DefaultTolerance = 1e-9

// withinTolerance reports whether x and y agree as go-cmp's EquateApprox
// does with fraction = margin = tol:
//
//	|x-y| <= max(tol*min(|x|,|y|), tol)
//
// Equal infinities agree; NaN agrees with nothing.
func withinTolerance(x, y, tol float64) bool {
	if x == y {
		return true
	}
	if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
		return false
	}
	return math.Abs(x-y) <= math.Max(tol*math.Min(math.Abs(x), math.Abs(y)), tol)
}

// outcome is what one call of a metric returned.
type outcome struct {
	v   float64
	err error
}

func (o outcome) String() string {
	if o.err != nil {
		return fmt.Sprintf("error %q", o.err)
	}
	return fmt.Sprint(o.v)
}

// sameOutcome returns nil when a and b agree: both errors (the metric is
// undefined on both inputs), or both values within tol. A NaN value with a
// nil error never agrees: NaN must not pass silently.
func sameOutcome(a, b outcome, tol float64) error {
	switch {
	case a.err != nil && b.err != nil:
		return nil
	case a.err != nil || b.err != nil:
		return fmt.Errorf("one is defined and the other is not: %v vs %v", a, b)
	case !withinTolerance(a.v, b.v, tol):
		return fmt.Errorf("%v vs %v (|diff| = %.3g, tolerance %g)", a.v, b.v, math.Abs(a.v-b.v), tol)
	}
	return nil
}
