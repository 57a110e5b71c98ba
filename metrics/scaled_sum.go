package metrics

import (
	"math"
	"math/big"
)

// scaledSum is a sum of non-negative terms of any float64 magnitude, and of
// products of them (addProduct), kept as v·2^e with the units 2^e following
// the largest term: every term that can change the float64 value of the sum
// keeps its digits, and the sum itself neither overflows nor underflows. A
// metric that is a ratio of such sums (a mean squared error, a precision, an
// R²) is then exact to rounding wherever its value is a float64, whatever
// the range of the weights and values behind it: weights of 1e-200 on one
// class and 1e200 on the other, residuals of 1e200 under weights of 1e-300.
//
// Each sum has its own units, so a precision TP/(TP+FP) over cells of
// 1e-200 is exact next to a true-negative cell of 1e200, which one scale for
// every cell (by the largest weight) would flush to zero.
//
// In the float64 range (terms and sums between 2^-900 and 2^900) the
// arithmetic is the float64 arithmetic bit for bit, scaled by a power of
// two: ordinary data give the figures they gave before.
type scaledSum struct {
	v   float64 // the sum in units of 2^e
	e   int
	inv float64 // 2^-e when that is a normal float64; 0 before the first term or outside
}

// add adds t >= 0.
func (x *scaledSum) add(t float64) {
	if ts := t * x.inv; x.inv != 0 && ts < scaleCeiling {
		x.v += ts // terms below 2^-1074 of the units cannot change the sum
		return
	}
	if t != 0 {
		m, e := math.Frexp(t)
		x.addExp(m, e)
	}
}

// addProduct adds a·b·c for a, b, c >= 0 (or a = b of either sign), exact
// in range: the product is formed from mantissas and exponents when a
// float64 product would under- or overflow.
func (x *scaledSum) addProduct(a, b, c float64) {
	p := a * b
	t := p * c
	if inRange(p) && inRange(t) {
		x.add(t)
		return
	}
	if a == 0 || b == 0 || c == 0 {
		return
	}
	ma, ea := math.Frexp(a)
	mb, eb := math.Frexp(b)
	mc, ec := math.Frexp(c)
	x.addExp(ma*mb*mc, ea+eb+ec)
}

// addProductExp adds a·b·m·2^e for a, b >= 0 (or a = b of either sign)
// and m >= 0, whatever the exponent e.
func (x *scaledSum) addProductExp(a, b, m float64, e int) {
	if a == 0 || b == 0 || m == 0 {
		return
	}
	ma, ea := math.Frexp(a)
	mb, eb := math.Frexp(b)
	mm, em := math.Frexp(m)
	x.addExp(ma*mb*mm, ea+eb+em+e)
}

// addScaled adds s·f for f >= 0.
func (x *scaledSum) addScaled(s scaledSum, f float64) {
	if m := s.v * f; m != 0 {
		x.addExp(m, s.e)
	}
}

// inRange reports whether |t| lies in [2^-900, 2^900], where a float64
// product keeps every digit and a sum of 2^40 of them cannot overflow.
func inRange(t float64) bool {
	t = math.Abs(t)
	return t >= 0x1p-900 && t <= 0x1p900
}

// addExp adds m·2^e, m > 0.
func (x *scaledSum) addExp(m float64, e int) {
	if x.inv == 0 && x.v == 0 || e-x.e > 64 {
		// A new largest term: move the units to 2^e.
		x.v = math.Ldexp(x.v, x.e-e) + m
		x.setExp(e)
		return
	}
	x.v += math.Ldexp(m, e-x.e)
	if x.inv == 0 {
		x.normalize()
	}
}

func (x *scaledSum) setExp(e int) {
	x.e = e
	x.inv = 0
	if e >= -1022 && e <= 1022 {
		x.inv = math.Ldexp(1, -e)
	}
}

// normalize moves the units so that v lies in [1/2, 1).
func (x *scaledSum) normalize() {
	if x.v == 0 {
		return
	}
	m, e := math.Frexp(x.v)
	x.v = m
	x.setExp(x.e + e)
}

// scaleExp multiplies the sum by 2^d, exactly.
func (x *scaledSum) scaleExp(d int) {
	if x.v != 0 {
		x.setExp(x.e + d)
	}
}

// plus returns x + o.
func (x scaledSum) plus(o scaledSum) scaledSum {
	switch {
	case o.v == 0:
		return x
	case x.v == 0:
		return o
	case o.e > x.e:
		x, o = o, x
	}
	x.v += math.Ldexp(o.v, o.e-x.e)
	return x
}

// float returns the sum as a float64: ±Inf beyond the range, rounded (to a
// subnormal or 0) below it.
func (x scaledSum) float() float64 {
	m, e := math.Frexp(x.v)
	return math.Ldexp(m, e+x.e)
}

// isZero reports whether the sum is 0.
func (x scaledSum) isZero() bool { return x.v == 0 }

// ratio returns x/y (y not 0), without overflow or underflow but that of the
// ratio itself.
func (x scaledSum) ratio(y scaledSum) float64 { return scaledRatio(x.v, y.v, x.e-y.e) }

// big returns the sum as a 256-bit big.Float, exactly.
func (x scaledSum) big() *big.Float {
	f := new(big.Float).SetPrec(256).SetFloat64(x.v)
	return f.SetMantExp(f, x.e)
}

// sumOf returns the scaledSum of one float64 x >= 0.
func sumOf(x float64) scaledSum {
	var s scaledSum
	s.add(x)
	return s
}
