package rec_test

import (
	"fmt"

	"github.com/mltest/mltest/examples/recommender/rec"
	"github.com/mltest/mltest/examples/recommender/recdata"
	"github.com/mltest/mltest/examples/recommender/receval"
	"github.com/mltest/mltest/metrics/compare"
)

// The experiment path in a few lines: generate the data, train, recommend,
// evaluate against the popularity baseline and gate.
func Example() {
	d, _ := recdata.Generate(recdata.DefaultOptions())
	m, err := rec.Train(d, rec.DefaultHyperparameters(), rec.DefaultRules())
	if err != nil {
		panic(err)
	}
	out, err := m.Recommend("u1", 5)
	if err != nil {
		panic(err)
	}
	fmt.Println("u1:", out.Items)

	rep, err := receval.Evaluate(m, d, receval.Options{Resamples: 100, Seed: 1})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d test users, nDCG@10 %.4f\n", rep.Users, rep.Summary["ndcg_cut_10"])

	opt := compare.DefaultOptions()
	opt.Trials, opt.Resamples = 1000, 100
	cmp, err := receval.Compare(d, m.Baseline(), m, opt)
	if err != nil {
		panic(err)
	}
	fmt.Println("gate:", receval.BeatsBaseline(cmp, "ndcg_cut_10", 0.05) == nil)
	// Output:
	// u1: [i294 i13 i435 i74 i485]
	// 958 test users, nDCG@10 0.2626
	// gate: true
}
