package metrics_test

import (
	"fmt"

	"github.com/mltest/mltest/metrics"
)

// One query: rank the run as trec_eval does and read single measures.
func ExampleNewRanking() {
	judged := map[string]int{"d1": 2, "d2": 0, "d3": 1} // qrels of the query
	run := []metrics.ScoredDoc{{DocNo: "d2", Score: 0.9}, {DocNo: "d3", Score: 0.7}, {DocNo: "d9", Score: 0.7}}
	r, err := metrics.NewRanking(judged, run, 0)
	if err != nil {
		panic(err)
	}
	fmt.Println("ranks:", r.Rels) // d2, then d9 before d3 (tie: docno descending); -1 = not judged
	fmt.Printf("AP %.4f  P@2 %.4f  RR %.4f  nDCG@3 %.4f\n",
		metrics.QueryAveragePrecision(r, 1), metrics.PrecisionAtK(r, 1, 2),
		metrics.ReciprocalRank(r, 1), metrics.NDCGAtK(r, 3))
	// Output:
	// ranks: [0 -1 1]
	// AP 0.1667  P@2 0.0000  RR 0.3333  nDCG@3 0.1900
}

// Many queries: trec_eval's measures, per query and averaged.
func ExampleTrecEval() {
	measures, err := metrics.ParseTrecMeasures([]string{"map", "P.1,2", "ndcg_cut.2"})
	if err != nil {
		panic(err)
	}
	eval := metrics.NewTrecEval(measures)
	acc := eval.NewAccumulator()
	queries := []struct {
		judged map[string]int
		run    []metrics.ScoredDoc
	}{
		{map[string]int{"a": 1, "b": 0}, []metrics.ScoredDoc{{DocNo: "a", Score: 2}, {DocNo: "b", Score: 1}}},
		{map[string]int{"x": 1, "y": 1}, []metrics.ScoredDoc{{DocNo: "z", Score: 3}, {DocNo: "y", Score: 1}}},
	}
	for _, q := range queries {
		res, err := eval.Query(q.judged, q.run)
		if err != nil {
			panic(err)
		}
		acc.Add(res)
	}
	for i, v := range eval.Values() {
		fmt.Printf("%-10s %6.4f\n", v.Name, acc.Result()[i])
	}
	// Output:
	// map        0.6250
	// P_1        0.5000
	// P_2        0.5000
	// ndcg_cut_2 0.6934
}

// Recommender-style hit rate and MRR at k over users' recommendation lists.
func ExampleHitRateAtK() {
	hits := [][]bool{ // is the item at each rank relevant, per user
		{false, true, false},
		{false, false, false},
		{true},
	}
	hr, _ := metrics.HitRateAtK(hits, 2)
	mrr, _ := metrics.MRRAtK(hits, 2)
	fmt.Printf("HitRate@2 %.4f  MRR@2 %.4f\n", hr, mrr)
	// Output:
	// HitRate@2 0.6667  MRR@2 0.5000
}
