package serving

import (
	"fmt"
	"math"
)

// Datatype is an Open Inference Protocol tensor datatype. Numeric and BOOL
// data travel in Value.Numbers (BOOL as 0 or 1); BYTES data travels in
// Value.Strings, one Go string per element, as the JSON wire form carries it.
type Datatype string

// The datatypes of the Open Inference Protocol v2.
const (
	Bool   Datatype = "BOOL"
	Uint8  Datatype = "UINT8"
	Uint16 Datatype = "UINT16"
	Uint32 Datatype = "UINT32"
	Uint64 Datatype = "UINT64"
	Int8   Datatype = "INT8"
	Int16  Datatype = "INT16"
	Int32  Datatype = "INT32"
	Int64  Datatype = "INT64"
	FP16   Datatype = "FP16"
	BF16   Datatype = "BF16" // bfloat16; Triton's extension of the datatype list
	FP32   Datatype = "FP32"
	FP64   Datatype = "FP64"
	Bytes  Datatype = "BYTES"
)

// Known reports whether d is one of the protocol's datatypes.
func (d Datatype) Known() bool {
	switch d {
	case Bool, Uint8, Uint16, Uint32, Uint64, Int8, Int16, Int32, Int64, FP16, BF16, FP32, FP64, Bytes:
		return true
	}
	return false
}

// Round returns x at the precision of d: rounded to nearest even for FP32,
// FP16 and BF16, unchanged for every other datatype.
func (d Datatype) Round(x float64) float64 {
	switch d {
	case FP32:
		return float64(float32(x))
	case FP16:
		return roundFloat16(x)
	case BF16:
		return roundBFloat16(x)
	}
	return x
}

// integerRange returns the inclusive range of an integer datatype.
func (d Datatype) integerRange() (lo, hi float64, ok bool) {
	switch d {
	case Uint8:
		return 0, math.MaxUint8, true
	case Uint16:
		return 0, math.MaxUint16, true
	case Uint32:
		return 0, math.MaxUint32, true
	case Uint64:
		return 0, math.MaxUint64, true
	case Int8:
		return math.MinInt8, math.MaxInt8, true
	case Int16:
		return math.MinInt16, math.MaxInt16, true
	case Int32:
		return math.MinInt32, math.MaxInt32, true
	case Int64:
		return math.MinInt64, math.MaxInt64, true
	}
	return 0, 0, false
}

// conform returns x as a tensor of datatype d holds it: FP32, FP16 and BF16
// are rounded to nearest even at their precision, integer types must hold an
// integer in range, BOOL must be 0 or 1. Integers above 2^53 are held as the
// nearest float64, as JSON readers hold them.
func (d Datatype) conform(x float64) (float64, error) {
	switch d {
	case FP64:
		return x, nil
	case FP32:
		return float64(float32(x)), nil
	case FP16:
		return roundFloat16(x), nil
	case BF16:
		return roundBFloat16(x), nil
	case Bool:
		if x != 0 && x != 1 {
			return 0, fmt.Errorf("%v is not a BOOL (0 or 1)", x)
		}
		return x, nil
	case Bytes:
		return 0, fmt.Errorf("a number is not BYTES")
	}
	lo, hi, ok := d.integerRange()
	if !ok {
		return 0, fmt.Errorf("unknown datatype %q", string(d))
	}
	if x != math.Trunc(x) || x < lo || x > hi { // NaN fails x == Trunc(x)
		return 0, fmt.Errorf("%v is not a %s", x, d)
	}
	return x, nil
}

// roundFloat16 rounds x to the nearest IEEE 754 half-precision value (ties
// to even), overflowing to ±Inf above 65504 as a float16 conversion does.
func roundFloat16(x float64) float64 { return roundBinary(x, 10, -14, 65504) }

// roundBFloat16 rounds x to the nearest bfloat16 value (8 exponent bits, 7
// fraction bits; ties to even), overflowing to ±Inf above the largest
// finite bfloat16, (2 - 2^-7) * 2^127.
func roundBFloat16(x float64) float64 {
	return roundBinary(x, 7, -126, 0x1.fep127)
}

// roundBinary rounds x to a binary floating-point format of frac fraction
// bits and smallest normal exponent emin (subnormals below it), ties to
// even, returning ±Inf for a result above maxFinite.
func roundBinary(x float64, frac, emin int, maxFinite float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	a := math.Abs(x)
	_, exp := math.Frexp(a) // a = f * 2^exp, f in [0.5, 1)
	e := max(exp-1, emin)   // below emin: subnormal, fixed quantum
	q := math.Ldexp(1, e-frac)
	r := math.RoundToEven(a/q) * q
	if r > maxFinite {
		r = math.Inf(1)
	}
	return math.Copysign(r, x)
}

// datatypeOf is the datatype a server or client uses for a value when no
// metadata names one: BYTES for strings, FP64 for numbers.
func datatypeOf(v Value) Datatype {
	if v.Strings != nil {
		return Bytes
	}
	return FP64
}
