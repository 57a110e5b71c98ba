package parity

import (
	"math"

	"github.com/mltest/mltest/assert"
)

// DefaultTolerance is the tolerance of mltest parity (--abs-tol 1e-6
// --rel-tol 0) and of a suite's parity check when they are not told
// otherwise: an absolute 1e-6, which a float32 round trip of a value in
// [0, 1] (error at most 6e-8) always passes and a changed feature almost
// never does. Options' zero Tolerance is exact, not this: set it.
var DefaultTolerance = assert.Tolerance{Abs: 1e-6}

// Match reports whether an online value matches the offline one under tol,
// the offline value being the reference (want of assert.Tolerance):
//
//	|offline - online| <= tol.Abs + tol.Rel*|offline|
//
// or the two are at most tol.ULP float64 values apart. NaN matches only
// NaN, whatever tol.EquateNaN says (a served model that returns NaN where
// the offline one did agrees with it; NaN against a number never matches);
// +Inf matches only +Inf and -Inf only -Inf. It panics if tol.Abs or
// tol.Rel is negative or NaN.
func Match(tol assert.Tolerance, offline, online float64) bool {
	tol.EquateNaN = true
	return tol.Equal(online, offline)
}

// absDiff is |a-b|, 0 for two equal values (infinities and NaNs included)
// and +Inf when exactly one is NaN or the two differ by an infinity.
func absDiff(a, b float64) float64 {
	if a == b || (math.IsNaN(a) && math.IsNaN(b)) {
		return 0
	}
	d := math.Abs(a - b)
	if math.IsNaN(d) {
		return math.Inf(1)
	}
	return d
}
