package exactref

import (
	"fmt"
	"math"
	"math/big"
	"sync"
)

// Prec is the precision of the big.Float evaluations (square roots,
// logarithms): far beyond the 53 bits any result is rounded to.
const Prec = 300

// Value is an exact reference rounded once to float64. OK is false where the
// quantity is undefined or beyond float64; Edge marks an exact value just
// beyond MaxFloat64 (within 1e-12 relative), where ±MaxFloat64 and
// undefined are both right answers of a float64 evaluation.
type Value struct {
	V    float64
	OK   bool
	Edge bool
}

// Undefined is the Value of a quantity without a value.
var Undefined = Value{}

// Rat is x as an exact rational.
func Rat(x float64) *big.Rat { return new(big.Rat).SetFloat64(x) }

// Of rounds r to float64.
func Of(r *big.Rat) Value { return OfFloat(Float(r)) }

// OfFloat rounds f to float64.
func OfFloat(f *big.Float) Value {
	v, _ := f.Float64()
	if !math.IsInf(v, 0) {
		return Value{V: v, OK: true}
	}
	edge := new(big.Float).SetPrec(Prec).SetFloat64(math.MaxFloat64)
	edge.Mul(edge, new(big.Float).SetPrec(Prec).SetFloat64(1+1e-12))
	return Value{V: math.Copysign(math.MaxFloat64, v), Edge: new(big.Float).Abs(f).Cmp(edge) <= 0}
}

// Float is r as a Prec-bit float.
func Float(r *big.Rat) *big.Float { return new(big.Float).SetPrec(Prec).SetRat(r) }

// Sqrt is the Prec-bit square root of r >= 0.
func Sqrt(r *big.Rat) *big.Float {
	f := Float(r)
	return f.Sqrt(f)
}

// Log is the natural logarithm of x > 0 to Prec bits: with x = m·2^e,
// m in [½, 1), ln x = ln m + e·ln 2, ln m = 2 atanh((m-1)/(m+1)) by its
// series, whose ratio ((m-1)/(m+1))² <= 1/9 gives Prec bits in 100 terms.
func Log(x *big.Float) *big.Float {
	if x.Sign() <= 0 {
		panic("exactref: Log of a non-positive number")
	}
	m := new(big.Float).SetPrec(Prec)
	e := x.MantExp(m)
	lnM := atanhSeries(m)
	return lnM.Add(lnM, new(big.Float).SetPrec(Prec).Mul(big.NewFloat(float64(e)).SetPrec(Prec), ln2()))
}

// Ln2 is ln 2 to Prec bits (a new value each call).
func Ln2() *big.Float { return new(big.Float).Set(ln2()) }

var ln2 = sync.OnceValue(func() *big.Float {
	return new(big.Float).SetPrec(Prec).Neg(atanhSeries(new(big.Float).SetPrec(Prec).SetFloat64(0.5)))
})

// atanhSeries returns ln m = 2 Σ z^(2k+1)/(2k+1), z = (m-1)/(m+1), for m in [½, 1].
func atanhSeries(m *big.Float) *big.Float {
	one := new(big.Float).SetPrec(Prec).SetInt64(1)
	z := new(big.Float).SetPrec(Prec).Sub(m, one)
	z.Quo(z, new(big.Float).SetPrec(Prec).Add(m, one))
	z2 := new(big.Float).SetPrec(Prec).Mul(z, z)
	sum := new(big.Float).SetPrec(Prec)
	term := new(big.Float).SetPrec(Prec).Set(z)
	for k := int64(0); k < 400 && term.Sign() != 0; k++ {
		t := new(big.Float).SetPrec(Prec).Quo(term, new(big.Float).SetPrec(Prec).SetInt64(2*k+1))
		sum.Add(sum, t)
		if t.Sign() != 0 && t.MantExp(nil) < sum.MantExp(nil)-Prec-8 {
			break
		}
		term.Mul(term, z2)
	}
	return sum.Mul(sum, big.NewFloat(2).SetPrec(Prec))
}

// Weight decodes two bytes as a weight of any magnitude: 0 for (0, 0), else
// (1 + m/256)·2^(8e - 1024), from 2^-1024 to 2^1016. Every such weight is a
// normal float64 or a subnormal with its 9 significant bits intact.
func Weight(e, m byte) float64 {
	if e == 0 && m == 0 {
		return 0
	}
	return math.Ldexp(1+float64(m)/256, 8*int(e)-1024)
}

// Signed decodes two bytes as a signed value from 2^-1024 to 2^504 in
// magnitude (the low bit of m is the sign), so that differences of two and
// their squares stay finite.
func Signed(e, m byte) float64 {
	v := Weight(e%192, m)
	if m&1 == 1 {
		v = -v
	}
	return v
}

// Check holds got to want: it returns "" when |got - want.V| <= tol·max(scale,
// |want.V|) or within 1e-300 (subnormal results keep fewer digits), when
// both are undefined (undefined: got is NaN or ±Inf, or defined is false),
// or, for an Edge want, when got is undefined or within tol of ±MaxFloat64;
// otherwise it says what differs. scale > 0 makes the error absolute below
// |want| = scale, for a statistic that is a difference of rounded sums.
func Check(what string, got float64, defined bool, want Value, tol, scale float64) string {
	gotOK := defined && !math.IsNaN(got) && !math.IsInf(got, 0)
	switch {
	case want.Edge && (!gotOK || math.Abs(got) >= math.MaxFloat64*(1-tol)):
		return ""
	case !want.OK && !gotOK:
		return ""
	case !want.OK:
		return fmt.Sprintf("%s = %.17g; want undefined or beyond float64", what, got)
	case !gotOK:
		return fmt.Sprintf("%s = %v (undefined); want %.17g", what, got, want.V)
	}
	d := math.Abs(got - want.V)
	if d <= tol*math.Max(scale, math.Abs(want.V)) || d <= 1e-300 {
		return ""
	}
	return fmt.Sprintf("%s = %.17g, want %.17g (relative error %.3g)", what, got, want.V, d/math.Abs(want.V))
}
