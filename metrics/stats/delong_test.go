package stats

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/mltest/mltest/metrics"
)

// binormal draws m positives with scores N(d, 1) and n negatives N(0, 1),
// whose true AUC is Phi(d / sqrt 2).
func binormal(rng *rand.Rand, m, n int, d float64) ([]bool, []float64) {
	labels := make([]bool, m+n)
	scores := make([]float64, m+n)
	for i := range labels {
		labels[i] = i < m
		scores[i] = rng.NormFloat64()
		if labels[i] {
			scores[i] += d
		}
	}
	return labels, scores
}

func binormalAUC(d float64) float64 { return 0.5 * math.Erfc(-d/2) } // Phi(d/sqrt2)

// TestDeLongHandComputed checks a case small enough to do by hand.
//
// Positives X = {3, 2}, negatives Y = {2, 1}; psi(x, y) = 1, ½, 0 for >, =, <.
//
//	V10(X=3) = (psi(3,2) + psi(3,1))/2 = (1 + 1)/2 = 1
//	V10(X=2) = (psi(2,2) + psi(2,1))/2 = (½ + 1)/2 = 0.75
//	V01(Y=2) = (psi(3,2) + psi(2,2))/2 = (1 + ½)/2 = 0.75
//	V01(Y=1) = (psi(3,1) + psi(2,1))/2 = (1 + 1)/2 = 1
//	AUC = (1 + 0.75)/2 = 0.875
//	S10 = ((1-0.875)^2 + (0.75-0.875)^2)/(2-1) = 0.03125, S01 = 0.03125
//	Var = S10/2 + S01/2 = 0.03125
//
// 95% interval: 0.875 -/+ 1.959963984540054 * sqrt(0.03125) = 0.875 -/+ 0.346476...
// = [0.528524..., 1.221476...] clipped to [0.528524..., 1].
func TestDeLongHandComputed(t *testing.T) {
	labels := []bool{true, false, true, false}
	scores := []float64{3, 2, 2, 1}
	auc, v, err := DeLong(labels, scores)
	if err != nil {
		t.Fatal(err)
	}
	if auc != 0.875 || v != 0.03125 {
		t.Errorf("DeLong = (%v, %v), want (0.875, 0.03125)", auc, v)
	}
	iv, err := DeLongInterval(labels, scores, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	wantLo := 0.875 - 1.959963984540054*math.Sqrt(0.03125)
	if math.Abs(iv.Lo-wantLo) > 1e-12 || iv.Hi != 1 || iv.Estimate != 0.875 || iv.Level != 0.95 {
		t.Errorf("DeLongInterval = %+v, want {0.875 %.15g 1 0.95}", iv, wantLo)
	}
	// Against itself the difference is 0 with variance 0: P = 1.
	c, err := DeLongTest(labels, scores, scores, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	if c.Diff != 0 || c.P != 1 || c.Interval.Lo != 0 || c.Interval.Hi != 0 {
		t.Errorf("DeLongTest(x, x) = %+v, want Diff 0, P 1, interval [0, 0]", c)
	}
}

// TestDeLongAUCEqualsROCAUC: the AUC half of DeLong is metrics.ROCAUC
// without weights, ties included.
func TestDeLongAUCEqualsROCAUC(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for rep := range 20 {
		labels, scores := binormal(rng, 20+rep, 30, 0.5)
		for i := range scores {
			scores[i] = math.Round(scores[i]*2) / 2 // many ties
		}
		auc, _, err := DeLong(labels, scores)
		if err != nil {
			t.Fatal(err)
		}
		want, err := metrics.ROCAUC(labels, scores, nil)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(auc-want) > 1e-15 {
			t.Errorf("rep %d: DeLong AUC %v, metrics.ROCAUC %v", rep, auc, want)
		}
	}
}

func TestDeLongErrors(t *testing.T) {
	_, _, err := DeLong([]bool{true, true, false}, []float64{1, 2, 3})
	if !errors.Is(err, metrics.ErrUndefined) {
		t.Errorf("one negative: err = %v, want ErrUndefined", err)
	}
	_, _, err = DeLong([]bool{true, true, false, false}, []float64{1, math.NaN(), 3, 4})
	if err == nil || errors.Is(err, metrics.ErrUndefined) {
		t.Errorf("NaN score: err = %v, want a data error", err)
	}
	_, err = DeLongTest([]bool{true, true, false, false}, []float64{1, 2, 3, 4}, []float64{1, 2, math.Inf(1), 4}, 0.95)
	if err == nil {
		t.Error("Inf candidate score: want an error")
	}
	mustPanic(t, "length mismatch", func() { DeLong([]bool{true}, []float64{1, 2}) })
	mustPanic(t, "level 1", func() { DeLongInterval([]bool{true, true, false, false}, []float64{1, 2, 3, 4}, 1) })
}

func mustPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s: no panic", what)
		}
	}()
	f()
}

// deLongCoverage returns the fraction of reps binormal samples whose DeLong
// interval, with its half-width scaled by widen, covers the true AUC.
func deLongCoverage(t *testing.T, seed uint64, reps, m, n int, d, widen float64) float64 {
	rng := rand.New(rand.NewPCG(seed, 1))
	truth := binormalAUC(d)
	covered := 0
	for range reps {
		labels, scores := binormal(rng, m, n, d)
		iv, err := DeLongInterval(labels, scores, 0.95)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		lo := iv.Estimate - widen*(iv.Estimate-iv.Lo)
		hi := iv.Estimate + widen*(iv.Hi-iv.Estimate)
		if lo <= truth && truth <= hi {
			covered++
		}
	}
	return float64(covered) / float64(reps)
}

// TestDeLongCoverage: over 400 seeded binormal samples (60 positives, 60
// negatives, d = 1, true AUC = Phi(1/sqrt 2) = 0.7602) the 95% DeLong
// interval covers the truth in 91%-98.5% of them (the Monte Carlo standard
// error of a 95% coverage over 400 samples is 1.1%). The same samples with
// the half-width halved must fall below the band, which shows the check can
// fail.
func TestDeLongCoverage(t *testing.T) {
	const seed = 20261124
	cov := deLongCoverage(t, seed, 400, 60, 60, 1, 1)
	t.Logf("DeLong 95%% coverage: %.4f (seed %d)", cov, seed)
	if cov < 0.91 || cov > 0.985 {
		t.Errorf("DeLong 95%% interval covered the true AUC in %.3f of 400 samples, want 0.91-0.985 (seed %d)", cov, seed)
	}
	narrow := deLongCoverage(t, seed, 400, 60, 60, 1, 0.5)
	if narrow >= 0.91 {
		t.Errorf("a half-width interval covered %.3f, want < 0.91: the coverage check cannot tell (seed %d)", narrow, seed)
	}
}

// TestDeLongVarianceMatchesBootstrap: on 800 binormal rows the DeLong
// variance and the variance of 2000 bootstrap AUCs agree within 12% (the
// Monte Carlo relative error of a variance from B = 2000 resamples is about
// sqrt(2/B) = 3%; the two estimators also differ by O(1/n)).
func TestDeLongVarianceMatchesBootstrap(t *testing.T) {
	const seed = 5
	rng := rand.New(rand.NewPCG(seed, 2))
	labels, scores := binormal(rng, 300, 500, 0.8)
	_, v, err := DeLong(labels, scores)
	if err != nil {
		t.Fatal(err)
	}
	run, err := runBootstrap(len(labels), BootstrapOptions{Level: 0.95, Resamples: 2000, Seed: seed}.withDefaults(len(labels)),
		func(mult []float64) (float64, error) { return metrics.ROCAUC(labels, scores, mult) })
	if err != nil {
		t.Fatal(err)
	}
	x := run.valid(0)
	var mean, ss float64
	for _, a := range x {
		mean += a
	}
	mean /= float64(len(x))
	for _, a := range x {
		ss += (a - mean) * (a - mean)
	}
	bv := ss / float64(len(x)-1)
	t.Logf("DeLong variance %.6g, bootstrap variance %.6g (ratio %.4f)", v, bv, bv/v)
	if math.Abs(bv/v-1) > 0.12 {
		t.Errorf("bootstrap variance %.6g vs DeLong %.6g: ratio %.4f, want within 12%% of 1 (seed %d)", bv, v, bv/v, seed)
	}
}
