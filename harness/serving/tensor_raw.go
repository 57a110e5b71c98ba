package serving

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// The raw tensor form shared by the Open Inference Protocol's gRPC
// raw_input_contents/raw_output_contents and its REST binary tensor
// extension: the flat row-major elements, little-endian, in the native size
// of the datatype, with no padding. BOOL is one byte, 0 or 1; FP16 is IEEE
// 754 binary16; BF16 is the upper 16 bits of a float32; BYTES is, per
// element, a 4-byte little-endian length followed by that many bytes.

// rawSize is the size in bytes of one element of datatype d; 0 for BYTES,
// whose elements vary.
func (d Datatype) rawSize() int {
	switch d {
	case Bool, Uint8, Int8:
		return 1
	case Uint16, Int16, FP16, BF16:
		return 2
	case Uint32, Int32, FP32:
		return 4
	case Uint64, Int64, FP64:
		return 8
	}
	return 0
}

// rawBytesLen is the length of the raw form of the elements.
func rawBytesLen(numbers []float64, strs []string, d Datatype) int {
	if d == Bytes {
		n := 4 * len(strs)
		for _, s := range strs {
			n += len(s)
		}
		return n
	}
	return d.rawSize() * len(numbers)
}

// appendRaw appends the raw form of the elements: strs for BYTES, numbers
// (already conformed to d) otherwise. A number is rounded to d's precision
// as it is written; an integer at 2^63 (or 2^64), which float64 cannot tell
// from the largest INT64 (UINT64), is written as that largest value.
func appendRaw(b []byte, numbers []float64, strs []string, d Datatype) []byte {
	if d == Bytes {
		for _, s := range strs {
			b = binary.LittleEndian.AppendUint32(b, uint32(len(s)))
			b = append(b, s...)
		}
		return b
	}
	for _, x := range numbers {
		switch d {
		case Bool:
			if x != 0 {
				b = append(b, 1)
			} else {
				b = append(b, 0)
			}
		case Uint8:
			b = append(b, uint8(x))
		case Int8:
			b = append(b, uint8(int8(x)))
		case Uint16:
			b = binary.LittleEndian.AppendUint16(b, uint16(x))
		case Int16:
			b = binary.LittleEndian.AppendUint16(b, uint16(int16(x)))
		case FP16:
			b = binary.LittleEndian.AppendUint16(b, float16Bits(x))
		case BF16:
			b = binary.LittleEndian.AppendUint16(b, bfloat16Bits(x))
		case Uint32:
			b = binary.LittleEndian.AppendUint32(b, uint32(x))
		case Int32:
			b = binary.LittleEndian.AppendUint32(b, uint32(int32(x)))
		case FP32:
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(float32(x)))
		case Uint64:
			b = binary.LittleEndian.AppendUint64(b, floatToUint64(x))
		case Int64:
			b = binary.LittleEndian.AppendUint64(b, uint64(floatToInt64(x)))
		case FP64:
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
		}
	}
	return b
}

// floatToInt64 converts an integral x in [-2^63, 2^63] to int64, 2^63 to
// the largest int64 (Go leaves that conversion undefined).
func floatToInt64(x float64) int64 {
	if x >= 0x1p63 {
		return math.MaxInt64
	}
	return int64(x)
}

// floatToUint64 converts an integral x in [0, 2^64] to uint64, 2^64 to the
// largest uint64.
func floatToUint64(x float64) uint64 {
	if x >= 0x1p64 {
		return math.MaxUint64
	}
	return uint64(x)
}

// decodeRaw reads n elements of datatype d from raw, which must hold
// exactly them: strings for BYTES, float64 numbers otherwise (integers
// beyond 2^53 as the nearest float64, BOOL as 0 or 1).
func decodeRaw(raw []byte, d Datatype, n int) ([]float64, []string, error) {
	if d == Bytes {
		strs := make([]string, 0, min(n, len(raw)/4))
		for i := 0; i < n; i++ {
			if len(raw) < 4 {
				return nil, nil, fmt.Errorf("BYTES element %d: %d bytes left, want a 4-byte length", i, len(raw))
			}
			l := binary.LittleEndian.Uint32(raw)
			raw = raw[4:]
			if uint64(l) > uint64(len(raw)) {
				return nil, nil, fmt.Errorf("BYTES element %d: length %d, %d bytes left", i, l, len(raw))
			}
			strs = append(strs, string(raw[:l]))
			raw = raw[l:]
		}
		if len(raw) != 0 {
			return nil, nil, fmt.Errorf("%d bytes after the %d BYTES elements", len(raw), n)
		}
		return nil, strs, nil
	}
	size := d.rawSize()
	if size == 0 {
		return nil, nil, fmt.Errorf("unknown datatype %q", string(d))
	}
	if n < 0 || len(raw) != n*size {
		return nil, nil, fmt.Errorf("%d bytes for %d %s elements of %d bytes", len(raw), n, d, size)
	}
	numbers := make([]float64, n)
	for i := range numbers {
		e := raw[i*size : (i+1)*size]
		var x float64
		switch d {
		case Bool:
			if e[0] > 1 {
				return nil, nil, fmt.Errorf("element %d: BOOL byte %d is not 0 or 1", i, e[0])
			}
			x = float64(e[0])
		case Uint8:
			x = float64(e[0])
		case Int8:
			x = float64(int8(e[0]))
		case Uint16:
			x = float64(binary.LittleEndian.Uint16(e))
		case Int16:
			x = float64(int16(binary.LittleEndian.Uint16(e)))
		case FP16:
			x = float16FromBits(binary.LittleEndian.Uint16(e))
		case BF16:
			x = float64(math.Float32frombits(uint32(binary.LittleEndian.Uint16(e)) << 16))
		case Uint32:
			x = float64(binary.LittleEndian.Uint32(e))
		case Int32:
			x = float64(int32(binary.LittleEndian.Uint32(e)))
		case FP32:
			x = float64(math.Float32frombits(binary.LittleEndian.Uint32(e)))
		case Uint64:
			x = float64(binary.LittleEndian.Uint64(e))
		case Int64:
			x = float64(int64(binary.LittleEndian.Uint64(e)))
		case FP64:
			x = math.Float64frombits(binary.LittleEndian.Uint64(e))
		}
		numbers[i] = x
	}
	return numbers, nil, nil
}

// float16Bits is the IEEE 754 binary16 encoding of x rounded to half
// precision (ties to even); NaN is the quiet NaN 0x7e00.
func float16Bits(x float64) uint16 {
	r := roundFloat16(x)
	var sign uint16
	if math.Signbit(r) {
		sign = 0x8000
	}
	a := math.Abs(r)
	switch {
	case math.IsNaN(r):
		return 0x7e00
	case math.IsInf(r, 0):
		return sign | 0x7c00
	case a < 0x1p-14: // subnormal or zero: a multiple of 2^-24
		return sign | uint16(a*0x1p24)
	}
	_, exp := math.Frexp(a) // a = f * 2^exp, f in [0.5, 1)
	e := exp - 1
	frac := uint16((math.Ldexp(a, -e) - 1) * 1024)
	return sign | uint16(e+15)<<10 | frac
}

// float16FromBits decodes an IEEE 754 binary16 value.
func float16FromBits(b uint16) float64 {
	sign := 1.0
	if b&0x8000 != 0 {
		sign = -1
	}
	exp := int(b>>10) & 0x1f
	frac := float64(b & 0x3ff)
	switch exp {
	case 0:
		return sign * math.Ldexp(frac, -24)
	case 0x1f:
		if frac != 0 {
			return math.NaN()
		}
		return math.Inf(int(sign))
	}
	return sign * math.Ldexp(1+frac/1024, exp-15)
}

// bfloat16Bits is the bfloat16 encoding of x rounded to bfloat16 precision
// (ties to even): the upper half of the float32 that holds it exactly.
func bfloat16Bits(x float64) uint16 {
	r := roundBFloat16(x)
	if math.IsNaN(r) {
		return 0x7fc0
	}
	return uint16(math.Float32bits(float32(r)) >> 16)
}

// errRawAndTyped is the error of a message that carries a tensor both in
// raw contents and in typed contents, which the protocol forbids.
var errRawAndTyped = errors.New("raw contents are given, so no tensor may have typed contents")
