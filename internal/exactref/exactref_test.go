package exactref

import (
	"math"
	"math/big"
	"testing"
)

func TestLog(t *testing.T) {
	for _, x := range []float64{1, 2, 0.5, 3, 10, 1e-300, 1e300, 0.7, math.MaxFloat64} {
		got, _ := Log(new(big.Float).SetPrec(Prec).SetFloat64(x)).Float64()
		if want := math.Log(x); math.Abs(got-want) > 1e-15*math.Max(1, math.Abs(want)) {
			t.Errorf("Log(%g) = %.17g, want %.17g", x, got, want)
		}
	}
	// ln 2 to 60 digits (OEIS A002162).
	const ln2 = "0.693147180559945309417232121458176568075500134360255254120680"
	want, _ := new(big.Float).SetPrec(Prec).SetString(ln2)
	d := new(big.Float).Sub(Ln2(), want)
	if d.Abs(d).Cmp(big.NewFloat(1e-59)) > 0 {
		t.Errorf("Ln2 = %s, want %s", Ln2().Text('g', 60), ln2)
	}
}

func TestCheck(t *testing.T) {
	one := Of(big.NewRat(1, 1))
	for _, c := range []struct {
		got     float64
		defined bool
		want    Value
		ok      bool
	}{
		{1, true, one, true},
		{1 + 1e-13, true, one, true},
		{1 + 1e-11, true, one, false},
		{math.NaN(), true, one, false},
		{1, false, one, false},
		{math.NaN(), true, Undefined, true},
		{0, false, Undefined, true},
		{0, true, Undefined, false},
		{math.MaxFloat64, true, Value{V: math.MaxFloat64, Edge: true}, true},
		{math.Inf(1), true, Value{V: math.MaxFloat64, Edge: true}, true},
	} {
		if msg := Check("x", c.got, c.defined, c.want, 1e-12, 0); (msg == "") != c.ok {
			t.Errorf("Check(%v, %v, %+v) = %q, want ok %v", c.got, c.defined, c.want, msg, c.ok)
		}
	}
	if v := Of(new(big.Rat).Mul(Rat(math.MaxFloat64), big.NewRat(2, 1))); v.OK || v.Edge {
		t.Errorf("Of(2·MaxFloat64) = %+v, want beyond float64", v)
	}
	if v := Of(new(big.Rat).Mul(Rat(math.MaxFloat64), big.NewRat(1e13+1, 1e13))); v.OK || !v.Edge {
		t.Errorf("Of((1+1e-13)·MaxFloat64) = %+v, want the edge", v)
	}
}

func TestDecoders(t *testing.T) {
	if Weight(0, 0) != 0 || Weight(0, 1) != math.Ldexp(1+1.0/256, -1024) || Weight(255, 255) != math.Ldexp(1+255.0/256, 1016) {
		t.Error("Weight does not span 0, 2^-1024 .. 2^1016")
	}
	if Signed(191, 1) != -math.Ldexp(1+1.0/256, 504) {
		t.Errorf("Signed(191, 1) = %g", Signed(191, 1))
	}
}
