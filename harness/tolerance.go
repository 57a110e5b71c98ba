package harness

import (
	"fmt"
	"math"

	"github.com/mltest/mltest/assert"
)

// DefaultTolerance is the tolerance of the properties that compare two
// values of one metric computed two ways (permutation, duplication, merge):
// the same sum in a different order may differ in its last bits, never
// more. Under assert.Tolerance's rule a value got equals the reference want
// when |got - want| <= 1e-9 + 1e-9*|want|.
var DefaultTolerance = assert.Tolerance{Abs: 1e-9, Rel: 1e-9}

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

// sameOutcome returns nil when got agrees with the reference outcome want
// (the original input's value, the whole's, the reference metric's): both
// errors (the metric is undefined on both inputs), or both values and
// tol.Equal(got, want). A NaN value with a nil error never agrees: NaN must
// not pass silently. The message prints want first.
func sameOutcome(want, got outcome, tol assert.Tolerance) error {
	switch {
	case want.err != nil && got.err != nil:
		return nil
	case want.err != nil || got.err != nil:
		return fmt.Errorf("one is defined and the other is not: %v vs %v", want, got)
	case math.IsNaN(want.v) || math.IsNaN(got.v) || !tol.Equal(got.v, want.v):
		return fmt.Errorf("%v vs %v (|diff| = %.3g, tolerance %s)", want.v, got.v, math.Abs(want.v-got.v), tol)
	}
	return nil
}
