package receval

import (
	"bytes"
	"testing"

	"github.com/mltest/mltest/examples/recommender/rec"
	"github.com/mltest/mltest/examples/recommender/recdata"
	"github.com/mltest/mltest/harness/offpolicy"
	"github.com/mltest/mltest/metrics/ope"
)

// TestOffPolicyEstimatesTheModel evaluates the model's top item in the
// hero slot from logs of uniform exploration, before it serves anyone: IPS
// and DR intervals cover the exact value of the target policy (known from
// the generator), the user-blind reward model makes DM miss it, and the
// model beats the logging policy.
func TestOffPolicyEstimatesTheModel(t *testing.T) {
	d, truth := recdata.Generate(recdata.DefaultOptions())
	m, err := rec.Train(d, rec.DefaultHyperparameters(), rec.DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	lg, err := SimulateLoggedPolicy(m, d, truth, OnlineOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var logB, targetB, modelB bytes.Buffer
	if err := lg.Write(&logB, &targetB, &modelB); err != nil {
		t.Fatal(err)
	}
	l, err := offpolicy.DecodeLog(&logB, "log")
	if err != nil {
		t.Fatal(err)
	}
	if err := l.DecodeTarget(&targetB, "target"); err != nil {
		t.Fatal(err)
	}
	if err := l.DecodeRewardModel(&modelB, "model"); err != nil {
		t.Fatal(err)
	}
	r, err := ope.Estimate(l.Bandit(), ope.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range r.Estimators {
		v := r.Values[k]
		t.Logf("%-5s %.4f [%.4f, %.4f]", k, v.Value, v.CI[0], v.CI[1])
	}
	t.Logf("truth: target %.4f, logging %.4f; %d events, ESS %.1f, largest weight %.0f", lg.TargetValue, lg.LoggingValue, r.N, r.ESS, r.MaxWeight)
	for _, k := range []string{"ips", "dr"} {
		if ci := r.Values[k].CI; !(ci[0] <= lg.TargetValue && lg.TargetValue <= ci[1]) {
			t.Errorf("%s interval %v misses the target's exact value %.4f", k, ci, lg.TargetValue)
		}
	}
	if ci := r.Values["dm"].CI; ci[0] <= lg.TargetValue && lg.TargetValue <= ci[1] {
		t.Errorf("dm interval %v covers %.4f: the user-blind reward model should bias it", ci, lg.TargetValue)
	}
	if !(lg.TargetValue > lg.LoggingValue) || r.Values["dr"].CI[0] <= lg.LoggingValue {
		t.Errorf("the model's top item (%.4f, DR %v) should beat the logging policy (%.4f)", lg.TargetValue, r.Values["dr"].CI, lg.LoggingValue)
	}
}
