package ope

import (
	"encoding/json"
	"math"
	"os"
	"testing"
)

// reference is testdata/reference.json, written by testdata/gen_reference.py
// from the Open Bandit Pipeline (obp.ope) and Swaminathan et al.'s slate
// code, each run from its source. Regenerate with (see the script)
//
//	cd metrics/ope/testdata && PYTHONPATH=OBP:SLATES /usr/bin/python3 joblib_shim.py gen_reference.py
type reference struct {
	Bandit []struct {
		Name      string
		Action    []int
		Pscore    []float64
		Reward    []float64
		Target    [][]float64
		QHat      [][]float64 `json:"q_hat"`
		Values    map[string]float64
		Intervals map[string][2]float64
	}
	Slate struct {
		Pscore       [][]float64
		TargetPscore [][]float64 `json:"target_pscore"`
		Reward       [][]float64
		IIPS         float64
	}
	UniformPI struct {
		NItems      int `json:"n_items"`
		Items       [][]int
		TargetItems [][]int `json:"target_items"`
		Reward      [][]float64
		PI          float64
	} `json:"uniform_pi"`
}

func loadReference(t *testing.T) reference {
	t.Helper()
	data, err := os.ReadFile("testdata/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref reference
	if err := json.Unmarshal(data, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref.Bandit) == 0 || len(ref.Slate.Reward) == 0 || len(ref.UniformPI.Reward) == 0 {
		t.Fatal("reference.json is missing a section")
	}
	return ref
}

// banditOf joins a reference case the way harness/offpolicy joins files:
// the target's probability of the logged action, the reward model's
// prediction for it, and its expectation under the target.
func banditOf(actions []int, pscore, reward []float64, target, q [][]float64) Bandit {
	b := Bandit{Reward: reward, Propensity: pscore}
	for i, a := range actions {
		b.Target = append(b.Target, target[i][a])
		b.QLogged = append(b.QLogged, q[i][a])
		var e float64
		for k, p := range target[i] {
			e += p * q[i][k]
		}
		b.QTarget = append(b.QTarget, e)
	}
	return b
}

func closeTo(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// TestEstimatesMatchOBP: IPS (unclipped and clipped at 5), SNIPS, DM and DR
// (unclipped and clipped) equal obp.ope's estimate_policy_value to 1e-12,
// on a stochastic and a deterministic target policy.
func TestEstimatesMatchOBP(t *testing.T) {
	for _, c := range loadReference(t).Bandit {
		b := banditOf(c.Action, c.Pscore, c.Reward, c.Target, c.QHat)
		plain, err := Estimate(b, Options{Resamples: 10000, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		clipped, err := Estimate(b, Options{Clip: 5, Resamples: 10})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]float64{
			"ips": plain.Values["ips"].Value, "snips": plain.Values["snips"].Value,
			"dm": plain.Values["dm"].Value, "dr": plain.Values["dr"].Value,
			"ips_clip5": clipped.Values["ips"].Value, "dr_clip5": clipped.Values["dr"].Value,
		}
		for k, want := range c.Values {
			if !closeTo(got[k], want, 1e-12) {
				t.Errorf("%s: %s = %.17g, obp %.17g", c.Name, k, got[k], want)
			}
		}
		if len(got) != len(c.Values) {
			t.Errorf("%s: compared %d estimates, obp gave %d", c.Name, len(got), len(c.Values))
		}
		// Both are percentile intervals of 10000 resamples of events, drawn
		// by different generators: their ends agree to the Monte Carlo error,
		// a few percent of the width.
		for k, want := range c.Intervals {
			ci := plain.Values[k].CI
			width := want[1] - want[0]
			if math.Abs(ci[0]-want[0]) > 0.05*width || math.Abs(ci[1]-want[1]) > 0.05*width {
				t.Errorf("%s: %s interval %v, obp %v (more than 5%% of the width apart)", c.Name, k, ci, want)
			}
		}
	}
}

func TestSlateEstimatesMatchReferences(t *testing.T) {
	ref := loadReference(t)
	s := ref.Slate
	r, err := EstimateSlates(Slates{Reward: s.Reward, Propensity: s.Pscore, Target: s.TargetPscore}, Options{Resamples: 10})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Values["iips"].Value; !closeTo(got, s.IIPS, 1e-12) {
		t.Errorf("IIPS = %.17g, obp SlateIndependentIPS %.17g", got, s.IIPS)
	}

	// Uniform logging with repetitions over m items: every position's
	// propensity is 1/m; the deterministic target's marginal is 1 for its
	// item and 0 otherwise.
	u := ref.UniformPI
	m := float64(u.NItems)
	var sl Slates
	for i, items := range u.Items {
		var p, tg []float64
		for j, it := range items {
			p = append(p, 1/m)
			tg = append(tg, b2f(it == u.TargetItems[i][j]))
		}
		sl.Propensity = append(sl.Propensity, p)
		sl.Target = append(sl.Target, tg)
		sl.Reward = append(sl.Reward, u.Reward[i])
	}
	r, err = EstimateSlates(sl, Options{Estimators: []string{"pi"}, Resamples: 10})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Values["pi"].Value; !closeTo(got, u.PI, 1e-12) {
		t.Errorf("PseudoInverse = %.17g, Swaminathan et al.'s UniformPI %.17g", got, u.PI)
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
