package compare_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/compare"
)

// A candidate that ranks worse than the baseline on 2000 rows: the gate on
// roc_auc fails because the drop is significant and larger than 0.01; log
// loss is reported but not gated.
func ExampleBinary() {
	rng := rand.New(rand.NewPCG(1, 2))
	var labels []bool
	var base, cand []float64
	for range 2000 {
		y := rng.IntN(2) == 1
		s := -1.0
		if y {
			s = 1
		}
		shared := rng.NormFloat64()
		labels = append(labels, y)
		base = append(base, 1/(1+math.Exp(-(s+shared+0.7*rng.NormFloat64()))))
		cand = append(cand, 1/(1+math.Exp(-(0.85*s+shared+0.7*rng.NormFloat64()))))
	}
	opt := compare.DefaultOptions()
	opt.MaxRegression = map[string]float64{"roc_auc": 0.01}
	r, err := compare.Binary(labels, base, cand, compare.Rows{}, []string{"roc_auc", "log_loss"}, opt)
	if err != nil {
		panic(err)
	}
	for _, c := range r.Comparisons {
		fmt.Printf("%s: %.3f -> %.3f (%s)\n", c.Metric, c.Baseline, c.Candidate, c.Method)
	}
	fmt.Println("failed:", r.Failed())
	fmt.Println(r.Gates[0].Reason)
	// Output:
	// roc_auc: 0.879 -> 0.834 (delong)
	// log_loss: 0.447 -> 0.502 (paired bootstrap)
	// failed: true
	// roc_auc fell by 0.04522 (95% CI [-0.05924, -0.0312], p=2.6e-10, delong): significant at alpha=0.05 and larger than the allowed 0.01
}

// Two runs over three judged queries: the candidate puts the relevant
// document first on every query. With so few queries the improvement in
// MAP is large but not significant.
func ExampleRanking() {
	qrels := map[string]map[string]int{
		"q1": {"a": 1, "b": 0, "c": 0},
		"q2": {"a": 0, "b": 1, "c": 0},
		"q3": {"a": 0, "b": 0, "c": 1},
	}
	ranked := func(order ...string) []metrics.ScoredDoc {
		var docs []metrics.ScoredDoc
		for i, d := range order {
			docs = append(docs, metrics.ScoredDoc{DocNo: d, Score: float64(len(order) - i)})
		}
		return docs
	}
	base := map[string][]metrics.ScoredDoc{"q1": ranked("b", "a", "c"), "q2": ranked("a", "c", "b"), "q3": ranked("c", "a", "b")}
	cand := map[string][]metrics.ScoredDoc{"q1": ranked("a", "b", "c"), "q2": ranked("b", "a", "c"), "q3": ranked("c", "b", "a")}
	measures, _ := metrics.ParseTrecMeasures([]string{"map"})
	r, err := compare.Ranking(compare.RankingInput{Qrels: qrels, Baseline: base, Candidate: cand, Measures: measures}, compare.DefaultOptions())
	if err != nil {
		panic(err)
	}
	c := r.Comparisons[0]
	fmt.Printf("%s: %.4f -> %.4f, diff %+.4f, p=%.2f (%s)\n", c.Metric, c.Baseline, c.Candidate, c.Diff, c.P, c.Method)
	// Output:
	// map: 0.6111 -> 1.0000, diff +0.3889, p=0.50 (randomization)
}
