package parity

import (
	"math"

	"github.com/mltest/mltest/assert"
)

// Tolerance is the rule by which two numbers match:
//
//	|offline - online| <= Abs + Rel*|offline|
//
// or, when ULP > 0, also when the two are at most ULP representable float64
// values apart. NaN matches only NaN; +Inf matches only +Inf and -Inf only
// -Inf. The zero Tolerance demands exact equality.
type Tolerance struct {
	Abs float64
	Rel float64
	ULP uint64
}

// DefaultTolerance is the CLI's default: an absolute 1e-6, which a float32
// round trip of a value in [0, 1] (error at most 6e-8) always passes and a
// changed feature almost never does.
var DefaultTolerance = Tolerance{Abs: 1e-6}

// Match reports whether offline and online match under t.
func (t Tolerance) Match(offline, online float64) bool {
	switch {
	case math.IsNaN(offline) || math.IsNaN(online):
		return math.IsNaN(offline) && math.IsNaN(online)
	case math.IsInf(offline, 0) || math.IsInf(online, 0):
		return offline == online
	}
	if math.Abs(offline-online) <= t.Abs+t.Rel*math.Abs(offline) {
		return true
	}
	return t.ULP > 0 && assert.Tolerance{ULP: t.ULP}.Equal(offline, online)
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
