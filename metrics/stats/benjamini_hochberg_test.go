package stats

import (
	"math"
	"testing"
)

// TestBenjaminiHochbergHand: p = (0.01, 0.04, 0.03, 0.005, 0.2), m = 5.
// Sorted ascending with ranks: 0.005 (1), 0.01 (2), 0.03 (3), 0.04 (4), 0.2 (5);
// m/rank * p: 0.025, 0.025, 0.05, 0.05, 0.2; running minimum from the top
// leaves them unchanged. In input order: 0.025, 0.05, 0.05, 0.025, 0.2 (what
// R's p.adjust(c(0.01, 0.04, 0.03, 0.005, 0.2), "BH") prints).
//
// Second case, where the running minimum acts: p = (0.01, 0.02, 0.022, 0.5):
// m/rank * p = 0.04, 0.04, 0.029333..., 0.5; from the top the minimum makes
// the first two 0.029333...; so 0.0293, 0.0293, 0.0293, 0.5.
func TestBenjaminiHochbergHand(t *testing.T) {
	for _, tc := range []struct{ p, want []float64 }{
		{[]float64{0.01, 0.04, 0.03, 0.005, 0.2}, []float64{0.025, 0.05, 0.05, 0.025, 0.2}},
		{[]float64{0.01, 0.02, 0.022, 0.5}, []float64{0.088 / 3, 0.088 / 3, 0.088 / 3, 0.5}},
		{[]float64{0.9, 0.95}, []float64{0.95, 0.95}},
		{[]float64{0.6, 0.7, 0.8}, []float64{0.8, 0.8, 0.8}},
		{nil, []float64{}},
	} {
		got := BenjaminiHochberg(tc.p)
		if len(got) != len(tc.want) {
			t.Fatalf("BenjaminiHochberg(%v) = %v, want %v", tc.p, got, tc.want)
		}
		for i := range got {
			if math.Abs(got[i]-tc.want[i]) > 1e-15 {
				t.Errorf("BenjaminiHochberg(%v) = %v, want %v", tc.p, got, tc.want)
				break
			}
		}
	}
}

// TestBenjaminiHochbergNaN: NaN stays NaN and does not count in m, as R's NA
// (p.adjust(c(0.01, NA, 0.04), "BH") is 0.02, NA, 0.04).
func TestBenjaminiHochbergNaN(t *testing.T) {
	got := BenjaminiHochberg([]float64{0.01, math.NaN(), 0.04})
	if got[0] != 0.02 || !math.IsNaN(got[1]) || got[2] != 0.04 {
		t.Errorf("BenjaminiHochberg(0.01, NaN, 0.04) = %v, want [0.02 NaN 0.04]", got)
	}
	mustPanic(t, "p > 1", func() { BenjaminiHochberg([]float64{0.5, 1.5}) })
	mustPanic(t, "p < 0", func() { BenjaminiHochberg([]float64{-0.1}) })
}
