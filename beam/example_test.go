package mltestbeam_test

import (
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	mltestbeam "github.com/mltest/mltest/beam"
	"github.com/mltest/mltest/metrics/evaluate"
)

// A pipeline evaluates binary predictions per device; EvaluateLocal computes
// the same groups in-process, which is how this example prints them
// without starting a job (run the pipeline with beamx.Run or ptest.Run).
func ExampleEvaluate() {
	rows := []mltestbeam.Example{
		{ID: "1", Slice: []string{"web"}, Label: 1, Scores: []float64{0.9}, Weight: 1},
		{ID: "2", Slice: []string{"web"}, Label: 0, Scores: []float64{0.3}, Weight: 1},
		{ID: "3", Slice: []string{"ios"}, Label: 1, Scores: []float64{0.4}, Weight: 1},
		{ID: "4", Slice: []string{"ios"}, Label: 0, Scores: []float64{0.6}, Weight: 1},
	}
	spec := mltestbeam.DefaultEvalSpec(evaluate.Binary)
	spec.Metrics = []string{"roc_auc", "accuracy"}
	spec.SliceBy = []string{"device"}

	p, s := beam.NewPipelineWithRoot()
	_ = mltestbeam.Evaluate(s, spec, beam.CreateList(s, rows)) // PCollection<GroupResult>
	_ = p

	groups, err := mltestbeam.EvaluateLocal(spec, rows)
	if err != nil {
		panic(err)
	}
	for _, g := range groups {
		fmt.Printf("%v n=%d %s=%.2f %s=%.2f\n", g.Key, g.N,
			g.Metrics[0].Name, g.Metrics[0].Value, g.Metrics[1].Name, g.Metrics[1].Value)
	}
	// Output:
	// [] n=4 roc_auc=0.75 accuracy=0.50
	// [ios] n=2 roc_auc=0.00 accuracy=0.00
	// [web] n=2 roc_auc=1.00 accuracy=1.00
}
