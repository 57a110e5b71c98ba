package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

// darwinZeaMays are the differences in height (eighths of an inch) between
// cross- and self-fertilised Zea mays in 15 pots, Darwin's data as analysed
// by Fisher (1935), The Design of Experiments, §21: of the 2^15 = 32768 sign
// patterns, 1726 give a total at least as large in absolute value as the
// observed 314, a two-sided randomization p-value of 1726/32768 = 0.05267.
var darwinZeaMays = []float64{49, -67, 8, 16, 6, 23, 28, 41, 14, 29, 56, 24, 75, 60, -48}

func TestDarwinFisherEnumeration(t *testing.T) {
	count := 0
	for mask := range 1 << len(darwinZeaMays) {
		s := 0.0
		for i, v := range darwinZeaMays {
			if mask>>i&1 == 1 {
				v = -v
			}
			s += v
		}
		if math.Abs(s) >= 314 {
			count++
		}
	}
	if count != 1726 {
		t.Fatalf("exact enumeration: %d sign patterns reach |314|, Fisher: 1726", count)
	}
}

// TestRandomizationTestFisher: with 100000 trials the approximate test must
// land within 0.003 (4 Monte Carlo standard errors of 0.0007) of Fisher's
// exact 1726/32768.
func TestRandomizationTestFisher(t *testing.T) {
	const seed = 1935
	base := make([]float64, len(darwinZeaMays)) // self-fertilised = 0, cross = difference
	c, err := RandomizationTest(base, darwinZeaMays, 100000, seed)
	if err != nil {
		t.Fatal(err)
	}
	exact := 1726.0 / 32768
	t.Logf("randomization p = %.5f, Fisher's exact %.5f; %v", c.P, exact, c.Interval)
	if math.Abs(c.P-exact) > 0.003 {
		t.Errorf("RandomizationTest(Darwin).P = %.5f, want %.5f +/- 0.003 (seed %d)", c.P, exact, seed)
	}
	if c.Diff != 314.0/15 || c.Method != "randomization" || c.Interval.Level != 0.95 || !(c.Interval.Lo < c.Diff && c.Diff < c.Interval.Hi) {
		t.Errorf("Comparison = %+v, want Diff 314/15 inside a 95%% interval", c)
	}
	again, _ := RandomizationTest(base, darwinZeaMays, 100000, seed)
	if again != c {
		t.Errorf("same seed, different result: %+v vs %+v", again, c)
	}
	// Swapping the roles flips the sign of Diff, not the p-value's distribution;
	// with the same seed the sign flips are the same, so P is identical.
	rev, _ := RandomizationTest(darwinZeaMays, base, 100000, seed)
	if rev.P != c.P || rev.Diff != -c.Diff {
		t.Errorf("reversed: P %v Diff %v, want %v and %v", rev.P, rev.Diff, c.P, -c.Diff)
	}
}

func TestRandomizationTestEdges(t *testing.T) {
	// 40 positive differences: only 2 of 2^40 sign patterns reach the
	// observed sum, so no trial does and P = (0 + 1)/(999 + 1).
	base := make([]float64, 40)
	cand := make([]float64, 40)
	for i := range cand {
		cand[i] = 0.1 + 0.01*float64(i)
	}
	c, err := RandomizationTest(base, cand, 999, 3)
	if err != nil {
		t.Fatal(err)
	}
	if c.P != 0.001 {
		t.Errorf("P = %v, want 1/1000", c.P)
	}
	// No difference at all: every trial counts, P = 1.
	c, err = RandomizationTest(cand, cand, 500, 3)
	if err != nil || c.P != 1 || c.Diff != 0 {
		t.Errorf("identical: %+v, %v, want P 1, Diff 0", c, err)
	}
	// Sums equal in decimal arithmetic but not in floating point must count:
	// for d = {-0.1, 0.3, 0.6, -0.8, -0.9} (sum -0.9000000000000001), 20 of
	// the 32 sign patterns reach |-0.9| exactly, but only 16 do in float64
	// (enumerated with Python fractions). P must be near 20/32, not 16/32.
	c, err = RandomizationTest(make([]float64, 5), []float64{-0.1, 0.3, 0.6, -0.8, -0.9}, 20000, 9)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(c.P-0.625) > 0.015 {
		t.Errorf("P = %v, want about 20/32 = 0.625", c.P)
	}
	if _, err := RandomizationTest([]float64{1, math.NaN()}, []float64{1, 2}, 10, 1); err == nil {
		t.Error("NaN: want an error")
	}
	if _, err := RandomizationTest(nil, nil, 10, 1); err == nil {
		t.Error("empty: want an error")
	}
	mustPanic(t, "trials 0", func() { RandomizationTest([]float64{1}, []float64{2}, 0, 1) })
}

// TestPairedTTestHand: d = {1, 2, 3}: mean 2, s = 1, t = 2/(1/sqrt 3) =
// 2 sqrt 3, df = 2. For 2 degrees of freedom the t CDF is ½ + t/(2
// sqrt(2 + t^2)), so P = 1 - t/sqrt(2 + t^2) = 1 - sqrt(12/14) and the
// 0.975 quantile is 0.95 sqrt(2/(4 * 0.975 * 0.025)) = 4.302652729...
func TestPairedTTestHand(t *testing.T) {
	c, err := PairedTTest([]float64{0, 0, 0}, []float64{1, 2, 3}, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	wantP := 1 - math.Sqrt(12.0/14)
	q := 0.95 * math.Sqrt(2/(4*0.975*0.025))
	se := 1 / math.Sqrt(3)
	if c.Diff != 2 || math.Abs(c.P-wantP) > 1e-14 || math.Abs(c.Interval.Lo-(2-q*se)) > 1e-12 || math.Abs(c.Interval.Hi-(2+q*se)) > 1e-12 {
		t.Errorf("PairedTTest = %+v, want Diff 2, P %.15g, interval 2 -/+ %.15g", c, wantP, q*se)
	}
	// Constant differences: P 0 (nonzero) or 1 (zero), interval a point.
	c, _ = PairedTTest([]float64{1, 2, 3}, []float64{1.5, 2.5, 3.5}, 0.95)
	if c.P != 0 || c.Interval.Lo != 0.5 || c.Interval.Hi != 0.5 {
		t.Errorf("constant 0.5 differences: %+v", c)
	}
	c, _ = PairedTTest([]float64{1, 2, 3}, []float64{1, 2, 3}, 0.95)
	if c.P != 1 || c.Diff != 0 {
		t.Errorf("identical: %+v", c)
	}
	if _, err := PairedTTest([]float64{1}, []float64{2}, 0.95); err == nil {
		t.Error("one pair: want an error")
	}
}

// TestPairedTTestAgreesWithRandomization: on 300 queries with a small
// real effect, the t-test and the randomization test agree closely (both
// test the mean difference; with n this large the t approximation is good).
func TestPairedTTestAgreesWithRandomization(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	base := make([]float64, 300)
	cand := make([]float64, 300)
	for i := range base {
		base[i] = rng.Float64()
		cand[i] = math.Min(1, math.Max(0, base[i]+0.015+0.12*rng.NormFloat64()))
	}
	tt, err := PairedTTest(base, cand, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	rt, err := RandomizationTest(base, cand, 20000, 4)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("t-test p %.4f %v; randomization p %.4f %v", tt.P, tt.Interval, rt.P, rt.Interval)
	if math.Abs(tt.P-rt.P) > 0.1*tt.P+0.005 {
		t.Errorf("t-test P %.4f and randomization P %.4f disagree", tt.P, rt.P)
	}
}
