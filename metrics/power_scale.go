package metrics

import "math"

// powerScale is a power of two, 2^k, by which an accumulator multiplies the
// values of one kind (weights, residuals, deviations from a reference)
// before it sums them or their products. k follows the largest value seen,
// so that a scaled value stays below scaleCeiling and the largest is at
// least 1/2: sums of products then neither overflow for huge weights
// (1e300) nor lose their digits to underflow for tiny ones (1e-300), and a
// value too small to register against the largest one (a product below
// 2^-1022 of it) is one that cannot change a float64 result.
//
// Multiplying by a power of two is exact, so a ratio of two sums kept in the
// same units (every weighted mean) is the unscaled ratio bit for bit
// whenever the unscaled sums neither overflow nor underflow: ordinary data
// give the figures they gave before scaling existed.
//
// The zero value has no scale yet: the first non-zero value sets it.
type powerScale struct {
	f float64 // 2^k; 0 until the first non-zero value
	k int
}

// scaleCeiling bounds |scaled value|: squares stay below 2^128 and sums of
// weighted squares of 2^40 rows far below the float64 range.
const scaleCeiling = 0x1p64

// apply returns x·2^k, first moving the scale when x is the first non-zero
// value or |x·2^k| reaches scaleCeiling; rescale is the power of two by
// which every sum kept in the old units must then be multiplied (its square
// for sums of squares), and 1 when the scale did not move.
func (p *powerScale) apply(x float64) (scaled, rescale float64) {
	scaled = x * p.f
	if p.f != 0 && math.Abs(scaled) < scaleCeiling {
		return scaled, 1
	}
	return p.refit(x)
}

func (p *powerScale) refit(x float64) (scaled, rescale float64) {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x * p.f, 1
	}
	_, e := math.Frexp(x) // |x| = m·2^e, m in [1/2, 1)
	k := min(max(-e, -1022), 1023)
	rescale = 1
	if p.f != 0 {
		rescale = math.Ldexp(1, k-p.k) // <= 2^-64; 0 when the old sums cannot matter
	}
	p.k, p.f = k, math.Ldexp(1, k)
	return x * p.f, rescale
}

// unify moves p to the units of the larger of p and o (the smaller k) and
// returns the factors by which sums kept in p's old units and in o's units
// must be multiplied to be in p's new units. A side without a scale holds
// only zeros and gets factor 1.
func (p *powerScale) unify(o powerScale) (mine, theirs float64) {
	switch {
	case o.f == 0:
		return 1, 1
	case p.f == 0:
		*p = o
		return 1, 1
	case o.k < p.k:
		mine = math.Ldexp(1, o.k-p.k)
		*p = o
		return mine, 1
	}
	return 1, math.Ldexp(1, p.k-o.k)
}

// scaledRatio returns (a/b)·2^e with no overflow or underflow but that of
// the result itself; b must not be 0.
func scaledRatio(a, b float64, e int) float64 {
	ma, ea := math.Frexp(a)
	mb, eb := math.Frexp(b)
	return math.Ldexp(ma/mb, ea-eb+e)
}

// harmonicProduct returns a·b/(a+b) for a, b >= 0 with sum = a+b, without
// the overflow or underflow of the product a·b: the smaller term times a
// ratio in [1/2, 1].
func harmonicProduct(a, b, sum float64) float64 {
	if a < b {
		return a * (b / sum)
	}
	return b * (a / sum)
}
