package receval_test

import (
	"testing"

	"github.com/mltest/mltest/examples/recommender/rec"
	"github.com/mltest/mltest/examples/recommender/recdata"
	"github.com/mltest/mltest/examples/recommender/receval"
)

// TestDefaultsChosenOnValidation re-checks the claim of
// rec.DefaultHyperparameters: on the validation split of the training data
// (the test split untouched), the default regularization has the best
// nDCG@10 of the grid 10, 20, 50, 100.
func TestDefaultsChosenOnValidation(t *testing.T) {
	d, _ := recdata.Generate(recdata.DefaultOptions())
	v, err := d.ValidationSplit(0.8)
	if err != nil {
		t.Fatal(err)
	}
	if v.Cutoff >= d.Cutoff || len(v.Train)+len(v.Test) != len(d.Train) {
		t.Fatalf("validation split: cutoff %d (test cutoff %d), %d+%d events of %d", v.Cutoff, d.Cutoff, len(v.Train), len(v.Test), len(d.Train))
	}
	def := rec.DefaultHyperparameters()
	best, bestL := -1.0, 0.0
	for _, l := range []float64{10, 20, 50, 100} {
		h := def
		h.Regularization = l
		m, err := rec.Train(v, h, rec.DefaultRules())
		if err != nil {
			t.Fatal(err)
		}
		rep, err := receval.Evaluate(m, v, receval.Options{Resamples: 10})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("regularization %v: validation nDCG@10 %.4f", l, rep.Summary["ndcg_cut_10"])
		if rep.Summary["ndcg_cut_10"] > best {
			best, bestL = rep.Summary["ndcg_cut_10"], l
		}
	}
	if bestL != def.Regularization {
		t.Errorf("validation picks regularization %v (nDCG@10 %.4f), the default is %v", bestL, best, def.Regularization)
	}
}
