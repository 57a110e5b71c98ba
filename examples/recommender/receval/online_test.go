package receval

import (
	"testing"

	"github.com/mltest/mltest/examples/recommender/rec"
	"github.com/mltest/mltest/examples/recommender/recdata"
	"github.com/mltest/mltest/harness/interleave"
)

// TestInterleavingPrefersTheModel is the example's online experiment: the
// model and the popularity baseline interleaved for simulated users whose
// clicks follow the generator's true preferences. The model is truly better
// (more expected clicks on its own lists, computed exactly), and the
// interleaving experiment says so: A (the model) significantly preferred.
func TestInterleavingPrefersTheModel(t *testing.T) {
	d, truth := recdata.Generate(recdata.DefaultOptions())
	m, err := rec.Train(d, rec.DefaultHyperparameters(), rec.DefaultRules())
	if err != nil {
		t.Fatal(err)
	}
	model, err := ExpectedClicks(m.PredictRow, d, truth)
	if err != nil {
		t.Fatal(err)
	}
	baseline, err := ExpectedClicks(m.Baseline().PredictRow, d, truth)
	if err != nil {
		t.Fatal(err)
	}
	if !(model > baseline) {
		t.Fatalf("expected clicks per request: model %.4f, baseline %.4f: the model should be truly better", model, baseline)
	}
	log, err := SimulateInterleaving(m, d, truth, OnlineOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	r, err := interleave.Analyze(log, interleave.Options{ByUser: true, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("expected clicks per request: model %.4f, baseline %.4f (+%.1f%%); %d impressions, %d with a click: wins A %d, B %d, ties %d, delta_ab %.4f [%.4f, %.4f], p %.2g, preferred %s",
		model, baseline, 100*(model/baseline-1), len(log), r.N, r.WinsA, r.WinsB, r.Ties, r.DeltaAB, r.CI[0], r.CI[1], r.P, r.Preferred)
	if r.Preferred != "A" || r.CI[0] <= 0 {
		t.Errorf("interleaving preferred %q (delta_ab %.4f, interval %v, p %v): want the model, A", r.Preferred, r.DeltaAB, r.CI, r.P)
	}
}
