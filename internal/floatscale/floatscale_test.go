package floatscale

import (
	"math"
	"testing"
)

func TestUnitScale(t *testing.T) {
	for _, w := range []float64{1, 0.5, 3, 1e-200, 1e200, 1e-310, math.MaxFloat64, math.SmallestNonzeroFloat64} {
		s := UnitScale(w)
		if frac, _ := math.Frexp(s); frac != 0.5 {
			t.Errorf("UnitScale(%g) = %g, not a power of two", w, s)
		}
		got := w * s
		// Subnormal w cannot reach 1/2 within the float64 range of scales.
		if w >= 0x1p-1000 && (got < 0.5 || got >= 1) {
			t.Errorf("UnitScale(%g) = %g: w·s = %g, want [1/2, 1)", w, s, got)
		}
	}
	if UnitScale(0) != 1 {
		t.Errorf("UnitScale(0) = %g, want 1", UnitScale(0))
	}
}

func TestProductsSafe(t *testing.T) {
	for _, c := range []struct {
		tp, fp, area float64
		want         bool
	}{
		{1, 1, 0.5, true},
		{1e-200, 1e-200, 0, false}, // products underflowed
		{1e155, 1e155, math.Inf(1), false},
		{1, 1, 0, false},
		{1e120, 1e120, 1e240, true},
	} {
		if got := ProductsSafe(c.tp, c.fp, c.area); got != c.want {
			t.Errorf("ProductsSafe(%g, %g, %g) = %v, want %v", c.tp, c.fp, c.area, got, c.want)
		}
	}
	if RatioSafe(1, 1e-300, 1) || !RatioSafe(1, 1, 1) || RatioSafe(1, 1e300, 1e300) || RatioSafe(0, 1e-193, 1) {
		t.Error("RatioSafe: wrong verdict")
	}
}
