package ope

import (
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// A hand-computed log of four events: weights 2, 0, 0.5, 4.
var hand = Bandit{
	Reward:     []float64{1, 1, 0, 1},
	Propensity: []float64{0.25, 0.5, 1, 0.2},
	Target:     []float64{0.5, 0, 0.5, 0.8},
	QLogged:    []float64{0.5, 0.5, 0.2, 0.6},
	QTarget:    []float64{0.4, 0.3, 0.2, 0.7},
}

func TestEstimatorsKnownValues(t *testing.T) {
	w, err := ImportanceWeights(hand.Target, hand.Propensity)
	if err != nil {
		t.Fatal(err)
	}
	got := []float64{
		IPS(hand.Reward, w),                            // (2 + 0 + 0 + 4) / 4
		IPS(hand.Reward, Clip(w, 3)),                   // (2 + 3) / 4
		SNIPS(hand.Reward, w),                          // 6 / 6.5
		DM(hand.QTarget),                               // 1.6 / 4
		DR(hand.Reward, w, hand.QLogged, hand.QTarget), // (0.4+1) + 0.3 + (0.2-0.1) + (0.7+1.6) = 4.1, / 4
		ESS(w), // 6.5^2 / 20.25
		MaxWeight(w),
	}
	want := []float64{1.5, 1.25, 6 / 6.5, 0.4, 4.1 / 4, 6.5 * 6.5 / 20.25, 4}
	if d := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-15)); d != "" {
		t.Errorf("estimators (-want +got):\n%s", d)
	}
	r, err := Estimate(hand, Options{Clip: 3, Resamples: 50, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	gotR := []float64{r.Values["ips"].Value, r.Values["snips"].Value, r.Values["dm"].Value, r.Values["dr"].Value, r.ESS, r.MaxWeight}
	// Clip applies to IPS and DR (DR: 0.4+1 + 0.3 + 0.1 + 0.7+1.2 = 3.7), not to SNIPS or the diagnostics.
	wantR := []float64{1.25, 6 / 6.5, 0.4, 3.7 / 4, 6.5 * 6.5 / 20.25, 4}
	if d := cmp.Diff(wantR, gotR, cmpopts.EquateApprox(0, 1e-15)); d != "" {
		t.Errorf("Estimate (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"ips", "snips", "dm", "dr"}, r.Estimators); d != "" {
		t.Errorf("default estimators with a reward model (-want +got):\n%s", d)
	}
	if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "effective sample size 2.086 of 4 events") {
		t.Errorf("warnings %q, want the small effective sample size", r.Warnings)
	}
}

func TestSlateEstimatorsKnownValues(t *testing.T) {
	reward := [][]float64{{1, 0}, {0, 1, 1}}
	w := [][]float64{{2, 0.5}, {1, 3, 0}}
	// IIPS: (2 + 0) + (0 + 3 + 0) = 5, / 2 slates.
	// PI: 1 (2.5 - 2 + 1) + 2 (4 - 3 + 1) = 1.5 + 4 = 5.5, / 2.
	if got := IIPS(reward, w); got != 2.5 {
		t.Errorf("IIPS = %v, want 2.5", got)
	}
	if got := PseudoInverse(reward, w); got != 2.75 {
		t.Errorf("PseudoInverse = %v, want 2.75", got)
	}
}

// TestEstimatorsOnPolicyLaws: when the target is the logging policy, every
// weight is 1, and IPS, SNIPS and IIPS are the mean logged reward, ESS is
// n, and DR equals IPS plus the reward model's mean error on the target,
// whatever the model.
func TestEstimatorsOnPolicyLaws(t *testing.T) {
	b := Bandit{
		Reward:     []float64{1, 0, 0, 1, 1},
		Propensity: []float64{0.3, 0.9, 0.5, 0.2, 0.7},
		QLogged:    []float64{0.1, 0.9, 0.4, 0.3, 0.5},
		QTarget:    []float64{0.1, 0.9, 0.4, 0.3, 0.5},
	}
	b.Target = b.Propensity
	r, err := Estimate(b, Options{Resamples: 20})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"ips", "snips", "dr"} {
		if v := r.Values[k].Value; math.Abs(v-0.6) > 1e-15 {
			t.Errorf("%s on-policy = %v, want the mean reward 0.6", k, v)
		}
	}
	if r.ESS != 5 || r.MaxWeight != 1 {
		t.Errorf("ESS %v, max weight %v on-policy, want 5 and 1", r.ESS, r.MaxWeight)
	}
	s := Slates{Reward: [][]float64{{1, 0}, {1, 1}}, Propensity: [][]float64{{0.5, 0.2}, {0.1, 1}}}
	s.Target = s.Propensity
	rs, err := EstimateSlates(s, Options{Resamples: 20})
	if err != nil {
		t.Fatal(err)
	}
	if rs.Values["iips"].Value != 1.5 || rs.Values["pi"].Value != 1.5 {
		t.Errorf("slates on-policy: iips %v, pi %v, want the mean total reward 1.5", rs.Values["iips"].Value, rs.Values["pi"].Value)
	}
}

func TestEstimateUndefinedAndErrors(t *testing.T) {
	// The target never takes a logged action: SNIPS is undefined, IPS is 0.
	b := Bandit{Reward: []float64{1, 0}, Propensity: []float64{0.5, 0.5}, Target: []float64{0, 0}}
	r, err := Estimate(b, Options{Resamples: 20})
	if err != nil {
		t.Fatal(err)
	}
	if v := r.Values["snips"]; !math.IsNaN(v.Value) || !math.IsNaN(v.CI[0]) || r.Values["ips"].Value != 0 || r.ESS != 0 {
		t.Errorf("target off the log: %+v", r)
	}
	if !strings.Contains(strings.Join(r.Warnings, "\n"), "snips is undefined") {
		t.Errorf("warnings %q, want snips undefined", r.Warnings)
	}
	one := Bandit{Reward: []float64{1}, Propensity: []float64{0.5}, Target: []float64{1}}
	r, err = Estimate(one, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if v := r.Values["ips"]; v.Value != 2 || !math.IsNaN(v.CI[1]) || !strings.Contains(r.Warnings[0], "no interval") {
		t.Errorf("one event: %+v", r)
	}
	for _, c := range []struct {
		b    Bandit
		opt  Options
		want string
	}{
		{Bandit{}, Options{}, "no events"},
		{Bandit{Reward: []float64{1}, Propensity: []float64{0}, Target: []float64{1}}, Options{}, "event 0: propensity 0 outside (0, 1]"},
		{Bandit{Reward: []float64{1}, Propensity: []float64{1.5}, Target: []float64{1}}, Options{}, "propensity 1.5 outside"},
		{Bandit{Reward: []float64{1, 1}, Propensity: []float64{1, 1}, Target: []float64{1, math.NaN()}}, Options{}, "event 1: target probability NaN outside [0, 1]"},
		{Bandit{Reward: []float64{math.Inf(1)}, Propensity: []float64{1}, Target: []float64{1}}, Options{}, "event 0: reward +Inf is not a finite number"},
		{Bandit{Reward: []float64{1}, Propensity: []float64{1}, Target: []float64{1}}, Options{Estimators: []string{"dr"}}, "dr needs a reward model"},
		{Bandit{Reward: []float64{1}, Propensity: []float64{1}, Target: []float64{1}}, Options{Estimators: []string{"switch"}}, `unknown estimator "switch"`},
	} {
		if _, err := Estimate(c.b, c.opt); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want it to contain %q", err, c.want)
		}
	}
	if _, err := EstimateSlates(Slates{Reward: [][]float64{{}}, Propensity: [][]float64{{}}, Target: [][]float64{{}}}, Options{}); err == nil || !strings.Contains(err.Error(), "slate 0 has no position") {
		t.Errorf("empty slate: %v", err)
	}
	defer func() {
		if r := recover(); r == nil || !strings.HasPrefix(r.(string), "ope: slice length mismatch") {
			t.Errorf("length mismatch: recovered %v", r)
		}
	}()
	IPS([]float64{1}, nil)
}
