package evaluate_test

import (
	"fmt"

	"github.com/mltest/mltest/metrics/evaluate"
)

func ExampleRun() {
	labels := []float64{1, 0, 1, 0, 1, 0}
	scores := []float64{0.9, 0.3, 0.4, 0.6, 0.8, 0.1}
	device := []string{"web", "web", "ios", "ios", "ios", "web"}

	opt := evaluate.DefaultOptions(evaluate.Binary)
	opt.Metrics = []string{"roc_auc", "accuracy"}
	opt.SliceBy = []string{"device"}
	rep, err := evaluate.Run(opt, len(labels), func(i int) evaluate.Row {
		return evaluate.Row{Label: labels[i], Scores: scores[i : i+1], Weight: 1}
	}, func(i int) []string { return []string{device[i]} })
	if err != nil {
		fmt.Println(err)
		return
	}
	auc, _ := rep.Value(rep.Overall, "roc_auc")
	fmt.Printf("all: roc_auc %.4f\n", auc)
	for _, g := range rep.Slices {
		acc, _ := rep.Value(g, "accuracy")
		fmt.Printf("%s: n=%d accuracy %.4f\n", g.Key[0], g.N, acc)
	}
	// Output:
	// all: roc_auc 0.8889
	// ios: n=3 accuracy 0.3333
	// web: n=3 accuracy 1.0000
}

// Evaluators built over disjoint shards merge into the evaluator of the
// whole: how mltest reads a file on every core.
func ExampleEvaluator_Merge() {
	opt := evaluate.DefaultOptions(evaluate.Regression)
	opt.Metrics = []string{"mae"}
	a, _ := evaluate.New(opt)
	b, _ := evaluate.New(opt)
	a.Add(nil, evaluate.Row{Label: 1, Scores: []float64{1.5}, Weight: 1})
	b.Add(nil, evaluate.Row{Label: 2, Scores: []float64{1.0}, Weight: 1})
	if err := a.Merge(b); err != nil {
		fmt.Println(err)
		return
	}
	rep, _ := a.Report()
	mae, _ := rep.Value(rep.Overall, "mae")
	fmt.Println("mae", mae)
	// Output:
	// mae 0.75
}
