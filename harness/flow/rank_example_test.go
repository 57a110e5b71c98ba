package flow_test

import (
	"fmt"
	"log"

	"github.com/mltest/mltest/fixtures"
	"github.com/mltest/mltest/harness/flow"
	"github.com/mltest/mltest/metrics"
)

// Rank evaluates a run against qrels as trec_eval does. Query q3 is judged
// but not in the run: without Complete it is skipped with a warning (q9,
// in the run only, is ignored); with Complete it counts, scoring 0.
func ExampleRank() {
	files := flow.RankFiles{Qrels: "testdata/rank/demo.qrels", Run: "testdata/rank/demo.run"}
	opt := flow.DefaultRankOptions()
	opt.Measures = []string{"map", "P.2"}
	res, err := flow.Rank(files, opt)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Queries, res.Skipped)
	for j, v := range res.Values {
		fmt.Printf("%s %.4f\n", v.Name, res.Summary[j])
	}
	fmt.Println(res.Warnings[0])

	opt.Complete = true
	if res, err = flow.Rank(files, opt); err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Queries, res.PerQueryValues("map"))
	fmt.Printf("map %.4f\n", res.Summary[res.Index("map")])
	// Output:
	// [q1 q2] [q3]
	// map 0.6250
	// P_2 0.7500
	// query "q3" is in testdata/rank/demo.qrels but not in testdata/rank/demo.run: skipped (with -c it would count as 0)
	// [q1 q2 q3] [1 0.25 0]
	// map 0.4167
}

// Ranking.Evaluate is Rank's flow over inputs in memory, here summarized by
// a query attribute too.
func ExampleRanking_Evaluate() {
	in := &flow.Ranking{
		Qrels: fixtures.Qrels{"a": {"x": 1, "y": 0}, "b": {"z": 1}, "c": {"w": 2}},
		Run: &fixtures.Run{ID: "mine", Queries: map[string][]metrics.ScoredDoc{
			"a": {{DocNo: "y", Score: 2}, {DocNo: "x", Score: 1}},
			"b": {{DocNo: "z", Score: 1}},
			"c": {{DocNo: "v", Score: 3}, {DocNo: "w", Score: 1}},
		}},
		Attrs: &flow.QueryAttrs{Columns: []string{"device"}, Values: map[string][]string{
			"a": {"web"}, "b": {"ios"}, "c": {"web"},
		}},
	}
	opt := flow.DefaultRankOptions()
	opt.Measures = []string{"recip_rank"}
	opt.SliceBy = []string{"device"}
	opt.MinSliceN = 2
	res, err := in.Evaluate(opt)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("all: %.4f over %d queries\n", res.Summary[0], len(res.Queries))
	for _, s := range res.Slices {
		fmt.Printf("%s: %.4f over %d queries, gated %v\n", res.SliceLabel(s), s.Summary[0], len(s.Queries), s.Gated)
	}
	// Output:
	// all: 0.6667 over 3 queries
	// device=ios: 1.0000 over 1 queries, gated false
	// device=web: 0.5000 over 2 queries, gated true
}
