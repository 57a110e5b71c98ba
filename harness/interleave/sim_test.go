package interleave_test

import (
	"math"
	"testing"

	"github.com/mltest/mltest/harness/interleave"
	"github.com/mltest/mltest/harness/interleave/internal/clicksim"
)

// The simulated world of these tests: 200 queries of 30 candidates with
// known grades, 500 users issuing 1-5 queries each and clicking by a
// position-based model (users and queries differing in how much they draw
// clicks, log-normal spread 0.5), lists of 10. Rankers sort by grade plus noise: the
// less noise, the better, and the exact expected clicks per impression of
// each (World.CTR) says by how much.
var (
	world  = clicksim.NewWorld(200, 30, 500, 10, 0.5, 1)
	better = clicksim.Ranker{Noise: 0.6, Seed: 11}
	worse  = clicksim.Ranker{Noise: 1.2, Seed: 12}
)

// TestSimulatedInterleavingPrefersTheBetterRanker: with 3000 impressions,
// over 40 experiments, interleaving (users resampled) names the better
// ranker in nearly all and the worse in none, and delta_ab points its way.
func TestSimulatedInterleavingPrefersTheBetterRanker(t *testing.T) {
	cb, cw := world.CTR(better), world.CTR(worse)
	if !(cb > cw) {
		t.Fatalf("the simulation is broken: CTR of the better ranker %.4f <= the worse's %.4f", cb, cw)
	}
	const experiments = 40
	right, wrong := 0, 0
	for s := range uint64(experiments) {
		// Half the experiments put the better ranker on side B.
		a, b, want := better, worse, "A"
		if s%2 == 1 {
			a, b, want = worse, better, "B"
		}
		r, err := interleave.Analyze(world.Interleaved(a, b, 3000, s), interleave.Options{ByUser: true, Seed: s, Resamples: 200})
		if err != nil {
			t.Fatal(err)
		}
		switch r.Preferred {
		case want:
			right++
		case "none":
		default:
			wrong++
		}
		if (want == "A") != (r.DeltaAB > 0) {
			t.Errorf("experiment %d: delta_ab %.4f points away from the better ranker (%s)", s, r.DeltaAB, want)
		}
	}
	t.Logf("true CTR %.4f against %.4f (+%.1f%%); interleaving preferred the better ranker in %d of %d experiments, the worse in %d",
		cb, cw, 100*(cb/cw-1), right, experiments, wrong)
	if right < experiments*9/10 || wrong > 0 {
		t.Errorf("preferred the better ranker in %d of %d experiments and the worse in %d: want >= 90%% and none", right, experiments, wrong)
	}
}

// TestSimulatedAAFalsePositiveRate interleaves a ranker with itself, where
// no side can be preferred, 400 times: the sign test is significant at 0.05
// in about 5% of experiments (binomial 95% range over 400: 2.9%-7.3%),
// the bootstrap interval over users misses delta_ab = 0 about as often, and
// the always-valid mSPRT stays below 5%.
func TestSimulatedAAFalsePositiveRate(t *testing.T) {
	const experiments, alpha = 400, 0.05
	var signFP, ciMiss, seqFP int
	for s := range uint64(experiments) {
		imps := world.Interleaved(better, better, 800, 1000+s)
		r, err := interleave.Analyze(imps, interleave.Options{ByUser: true, Seed: s, Resamples: 200})
		if err != nil {
			t.Fatal(err)
		}
		if r.P < alpha {
			signFP++
		}
		if r.CI[0] > 0 || r.CI[1] < 0 {
			ciMiss++
		}
		seq, err := interleave.Analyze(imps, interleave.Options{Sequential: true, Resamples: 10})
		if err != nil {
			t.Fatal(err)
		}
		if seq.P < alpha {
			seqFP++
		}
	}
	rate := func(k int) float64 { return float64(k) / experiments }
	t.Logf("A against A over %d experiments: sign test p < %v in %.3f, interval over users excludes 0 in %.3f, mSPRT in %.3f",
		experiments, alpha, rate(signFP), rate(ciMiss), rate(seqFP))
	// 3 binomial standard deviations (0.011) around alpha.
	lo, hi := alpha-3*math.Sqrt(alpha*(1-alpha)/experiments), alpha+3*math.Sqrt(alpha*(1-alpha)/experiments)
	if r := rate(signFP); r < lo || r > hi {
		t.Errorf("sign test false-positive rate %.3f outside [%.3f, %.3f]", r, lo, hi)
	}
	if r := rate(ciMiss); r < lo || r > hi {
		t.Errorf("the 95%% interval missed the true delta_ab 0 in %.3f of experiments, want within [%.3f, %.3f]", r, lo, hi)
	}
	if r := rate(seqFP); r > hi {
		t.Errorf("mSPRT false-positive rate %.3f above %.3f", r, hi)
	}
}
