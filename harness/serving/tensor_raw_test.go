package serving

import (
	"encoding/binary"
	"math"
	"strings"
	"testing"
)

// TestFloat16BitsKnown checks the binary16 encoding against Python's
// struct.pack('<e', x) (Python 3.11), which rounds to nearest even:
//
//	/usr/bin/python3 -c "import struct; print(struct.pack('<e', 0.1).hex())"
func TestFloat16BitsKnown(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want uint16 // struct.pack('<e', x), read little-endian
	}{
		{1, 0x3c00}, {-2, 0xc000}, {65504, 0x7bff}, {6.1035156e-05, 0x0400},
		{5.960464477539063e-08, 0x0001}, {0.1, 0x2e66}, {1.0 / 3, 0x3555},
		{math.Copysign(0, -1), 0x8000}, {math.Inf(1), 0x7c00}, {65519, 0x7bff},
		{1e-8, 0x0000}, {2.9802322387695312e-08, 0x0000}, {3e-08, 0x0001},
		{65520, 0x7c00}, // overflows to +Inf (Python refuses to pack it)
	} {
		if got := float16Bits(c.x); got != c.want {
			t.Errorf("float16Bits(%v) = %#04x, want %#04x", c.x, got, c.want)
		}
	}
	if got := float16Bits(math.NaN()); got&0x7c00 != 0x7c00 || got&0x3ff == 0 {
		t.Errorf("float16Bits(NaN) = %#04x, not a NaN", got)
	}
}

// TestBFloat16BitsKnown: bfloat16 is the upper half of the float32, rounded
// to nearest even on the lower half: float32(pi) = 0x40490fdb -> 0x4049,
// float32(1/3) = 0x3eaaaaab -> 0x3eab, 0x3f808000 (a tie) -> 0x3f80 (even).
func TestBFloat16BitsKnown(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want uint16
	}{
		{1, 0x3f80}, {-2, 0xc000}, {math.Pi, 0x4049}, {1.0 / 3, 0x3eab},
		{float64(math.Float32frombits(0x3f808000)), 0x3f80}, {float64(math.Float32frombits(0x3f818000)), 0x3f82},
		{math.Inf(-1), 0xff80}, {0x1.fep127, 0x7f7f}, {0x1.ffp127, 0x7f80}, {1e-40, 0x0001},
	} {
		if got := bfloat16Bits(c.x); got != c.want {
			t.Errorf("bfloat16Bits(%v) = %#04x, want %#04x", c.x, got, c.want)
		}
	}
}

// TestHalfPrecisionEveryBitPattern: every finite 16-bit pattern decodes to a
// value that rounds to itself and encodes back to the same bits (both
// formats), so decode and encode are inverse and rounding is idempotent.
func TestHalfPrecisionEveryBitPattern(t *testing.T) {
	for b := range 1 << 16 {
		bits := uint16(b)
		x := float16FromBits(bits)
		if !math.IsNaN(x) {
			if r := roundFloat16(x); r != x || math.Signbit(r) != math.Signbit(x) {
				t.Fatalf("FP16 %#04x = %v rounds to %v", bits, x, r)
			}
			if got := float16Bits(x); got != bits {
				t.Fatalf("FP16 %#04x = %v encodes as %#04x", bits, x, got)
			}
		}
		nums, _, err := decodeRaw([]byte{byte(b), byte(b >> 8)}, BF16, 1)
		if err != nil {
			t.Fatal(err)
		}
		if y := nums[0]; !math.IsNaN(y) {
			if r := roundBFloat16(y); r != y {
				t.Fatalf("BF16 %#04x = %v rounds to %v", bits, y, r)
			}
			if got := bfloat16Bits(y); got != bits {
				t.Fatalf("BF16 %#04x = %v encodes as %#04x", bits, y, got)
			}
		}
	}
}

func TestRawExtremesRoundTrip(t *testing.T) {
	for _, c := range []struct {
		dt   Datatype
		in   []float64
		want []float64 // nil: same as in
	}{
		{Int64, []float64{math.MinInt64, 0x1p63, -1}, []float64{math.MinInt64, 0x1p63, -1}}, // 2^63 is the float64 of MaxInt64
		{Uint64, []float64{0, 0x1p64}, nil},
		{Int8, []float64{-128, 127}, nil},
		{Uint16, []float64{0, 65535}, nil},
		{Bool, []float64{0, 1, 1}, nil},
		{FP32, []float64{float64(float32(0.1)), math.Inf(-1)}, nil},
		{FP64, []float64{0.1, math.MaxFloat64, math.SmallestNonzeroFloat64}, nil},
	} {
		raw := appendRaw(nil, c.in, nil, c.dt)
		if len(raw) != rawBytesLen(c.in, nil, c.dt) {
			t.Errorf("%s: %d bytes, rawBytesLen says %d", c.dt, len(raw), rawBytesLen(c.in, nil, c.dt))
		}
		got, _, err := decodeRaw(raw, c.dt, len(c.in))
		want := c.want
		if want == nil {
			want = c.in
		}
		if err != nil || !sameValue(Value{Numbers: got}, Value{Numbers: want}) {
			t.Errorf("%s: %v round trips to %v, %v", c.dt, c.in, got, err)
		}
	}
	if b := appendRaw(nil, []float64{0x1p63}, nil, Int64); binary.LittleEndian.Uint64(b) != math.MaxInt64 {
		t.Errorf("INT64 2^63 written as %x, want MaxInt64", b)
	}
}

func TestRawBytesAndErrors(t *testing.T) {
	strs := []string{"", "item-42", "ünïcödé", strings.Repeat("x", 300)}
	raw := appendRaw(nil, nil, strs, Bytes)
	if _, got, err := decodeRaw(raw, Bytes, len(strs)); err != nil || strings.Join(got, "|") != strings.Join(strs, "|") {
		t.Fatalf("BYTES round trip: %q, %v", got, err)
	}
	for _, c := range []struct {
		raw  []byte
		dt   Datatype
		n    int
		want string
	}{
		{raw, Bytes, 5, "BYTES element 4: 0 bytes left, want a 4-byte length"},
		{raw, Bytes, 3, "304 bytes after the 3 BYTES elements"},
		{[]byte{9, 0, 0, 0, 'a'}, Bytes, 1, "BYTES element 0: length 9, 1 bytes left"},
		{[]byte{0xff, 0xff, 0xff, 0xff}, Bytes, 1, "BYTES element 0: length 4294967295, 0 bytes left"},
		{[]byte{1, 2, 3}, FP32, 1, "3 bytes for 1 FP32 elements of 4 bytes"},
		{[]byte{2}, Bool, 1, "element 0: BOOL byte 2 is not 0 or 1"},
		{nil, "FP8", 0, `unknown datatype "FP8"`},
	} {
		_, _, err := decodeRaw(c.raw, c.dt, c.n)
		if err == nil || err.Error() != c.want {
			t.Errorf("decodeRaw(%d bytes, %s, %d) = %v, want %q", len(c.raw), c.dt, c.n, err, c.want)
		}
	}
}
