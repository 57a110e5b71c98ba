package clicksim

import (
	"math"
	"testing"
)

// TestCTRIsWhatUsersDo: the exact expected clicks per impression of a
// ranker agree with the clicks simulated users give its list (within 4
// standard errors over 40000 impressions).
func TestCTRIsWhatUsersDo(t *testing.T) {
	w := NewWorld(50, 20, 100, 10, 0.5, 3)
	r := Ranker{Noise: 0.7, Seed: 4}
	ab := w.AB(r, r, 40000, 9)
	n := float64(ab.N[0] + ab.N[1])
	mean := (ab.Clicks[0] + ab.Clicks[1]) / n
	sd := math.Sqrt((ab.Sq[0]+ab.Sq[1])/n - mean*mean)
	if exact := w.CTR(r); math.Abs(mean-exact) > 4*sd/math.Sqrt(n) {
		t.Errorf("simulated clicks per impression %.4f, exact CTR %.4f (standard error %.4f)", mean, exact, sd/math.Sqrt(n))
	}
	if w.CTR(Ranker{Noise: 0}) <= w.CTR(Ranker{Noise: 3, Seed: 1}) {
		t.Error("the noiseless ranker should have the higher CTR")
	}
}

func TestImpressionsForBracketsTheThreshold(t *testing.T) {
	for _, need := range []int{50, 100, 1234, 99999} {
		got := ImpressionsFor(func(n int) float64 {
			if n >= need {
				return 1
			}
			return 0
		}, 0.8, 100)
		if got < need || float64(got) > 1.03*float64(max(need, 100)) {
			t.Errorf("ImpressionsFor(step at %d) = %d, want within 3%% above", need, got)
		}
	}
}

func TestPowerGrowsWithImpressions(t *testing.T) {
	w := NewWorld(50, 20, 100, 10, 0.5, 3)
	better, worse := Ranker{Noise: 0.3, Seed: 1}, Ranker{Noise: 1.5, Seed: 2}
	small, large := w.InterleavingPower(better, worse, 20, 40, 1), w.InterleavingPower(better, worse, 2000, 40, 1)
	abSmall, abLarge := w.ABPower(better, worse, 20, 40, 1), w.ABPower(better, worse, 20000, 40, 1)
	if !(small < 0.5 && large == 1 && abSmall < 0.5 && abLarge > 0.9) {
		t.Errorf("power: interleaving %.2f at 20, %.2f at 2000; A/B %.2f at 20, %.2f at 20000", small, large, abSmall, abLarge)
	}
}
