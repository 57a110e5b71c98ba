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

func exactStdDev(x []float64, ddof int) float64 {
	n := new(big.Float).SetPrec(4000).SetInt64(int64(len(x)))
	m := new(big.Float).SetPrec(4000)
	for _, v := range x {
		m.Add(m, new(big.Float).SetFloat64(v))
	}
	m.Quo(m, n)
	ss := new(big.Float).SetPrec(4000)
	for _, v := range x {
		d := new(big.Float).SetPrec(4000).Sub(new(big.Float).SetFloat64(v), m)
		ss.Add(ss, d.Mul(d, d))
	}
	ss.Quo(ss, new(big.Float).SetInt64(int64(len(x)-ddof)))
	f, _ := ss.Sqrt(ss).Float64()
	return f
}

func TestStdDev(t *testing.T) {
	for _, x := range [][]float64{
		{1e-190, 3e-190, -2e-190}, // squares underflow
		{1e160, -3e160, 2e160},    // squares overflow
		{1, 1 + 0x1p-40, 1 + 0x1p-41, 1},
		{math.Ldexp(1, 500), 1, -math.Ldexp(1, 500)},
		{5, 5, 5},
	} {
		for ddof := range 2 {
			want := exactStdDev(x, ddof)
			if got := StdDev(x, Sum(x)/float64(len(x)), ddof); math.Abs(got-want) > 1e-14*want {
				t.Errorf("StdDev(%v, ddof %d) = %v, want %v", x, ddof, got, want)
			}
		}
	}
}
