package fsum

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

func exact(x []float64) float64 {
	s := new(big.Float).SetPrec(4000)
	for _, v := range x {
		s.Add(s, new(big.Float).SetFloat64(v))
	}
	f, _ := s.Float64()
	return f
}

func TestSum(t *testing.T) {
	p := math.Ldexp
	for _, x := range [][]float64{
		nil,
		{1},
		{p(1, 500), 1, -p(1, 500)},
		{p(1, 600), p(1, 500), 1, -p(1, 600), -p(1, 500)}, // Neumaier's compensated sum gives 0
		{1, p(1, -53), p(1, -106)},                        // just above half an ulp: rounds up
		{1, p(1, -53)},                                    // exactly half: to even (1)
		{1e308, 1e308, -1e308},                            // intermediate overflow: plain sum
		{p(1, -1074), p(1, -1074), -p(1, -1073)},
		{0.1, 0.2, 0.3, -0.6},
	} {
		want := exact(x)
		if len(x) == 3 && x[0] == 1e308 {
			want = math.Inf(1)
		}
		if got := Sum(x); got != want {
			t.Errorf("Sum(%v) = %v, want %v", x, got, want)
		}
	}
	if got := Sum([]float64{1, math.NaN()}); !math.IsNaN(got) {
		t.Errorf("Sum with NaN = %v", got)
	}
}

// TestSumRandom: magnitudes from 2^-1000 to 2^1000 with cancelling pairs,
// seeded.
func TestSumRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 1))
	for range 2000 {
		x := make([]float64, 1+r.IntN(12))
		for i := range x {
			x[i] = math.Ldexp(r.Float64()-0.5, r.IntN(2000)-1000)
			if i > 0 && r.IntN(3) == 0 {
				x[i] = -x[r.IntN(i)]
			}
		}
		if got, want := Sum(x), exact(x); got != want {
			t.Fatalf("Sum(%v) = %v, want %v", x, got, want)
		}
	}
}
