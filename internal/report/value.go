package report

import (
	"math"
	"strconv"
)

// Float is a float64 as every writer puts it in JSON: the shortest decimal
// that reads back to the same float64, and null when the value is not a
// finite number (NaN, +Inf, -Inf), which JSON cannot hold. A writer that
// emits a null for a value also emits a warning saying why.
type Float float64

// MarshalJSON implements json.Marshaler.
func (f Float) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, v, 'g', -1, 64), nil
}

// Finite reports whether v is a finite number.
func Finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
