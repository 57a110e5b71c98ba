package compare_test

import (
	"fmt"
	"math"
	"math/rand/v2"

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
