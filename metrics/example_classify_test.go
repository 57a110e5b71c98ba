package metrics_test

import (
	"errors"
	"fmt"

	"github.com/mltest/mltest/metrics"
)

func ExampleROCAUC() {
	labels := []bool{false, false, true, true}
	scores := []float64{0.1, 0.4, 0.35, 0.8}
	auc, err := metrics.ROCAUC(labels, scores, nil) // nil weights: all ones
	fmt.Println(auc, err)

	// One class: undefined, never a silent 0.
	_, err = metrics.ROCAUC([]bool{true, true}, []float64{0.2, 0.9}, nil)
	fmt.Println(errors.Is(err, metrics.ErrUndefined), err)
	// Output:
	// 0.75 <nil>
	// true metrics: roc_auc is undefined: only one class present in labels
}

func ExampleNewConfusionMatrix() {
	labels := []bool{false, false, true, true}
	scores := []float64{0.1, 0.4, 0.35, 0.8}
	weights := []float64{1, 1, 2, 1}
	cm, _ := metrics.NewConfusionMatrix(labels, scores, weights, 0.35) // positive iff score >= 0.35
	fmt.Printf("%+v\n", cm)
	p, _ := cm.Precision()
	r, _ := cm.Recall()
	f1, _ := cm.F1()
	fmt.Printf("precision %.3f recall %.3f f1 %.3f mcc %.3f\n", p, r, f1, cm.MCC())
	// Nothing predicted positive: precision has no value (scikit-learn warns and returns 0).
	_, err := metrics.Precision(labels, scores, weights, 0.9)
	fmt.Println(err)
	// Output:
	// {TP:3 FP:1 TN:1 FN:0}
	// precision 0.750 recall 1.000 f1 0.857 mcc 0.612
	// metrics: precision is undefined: no row is predicted positive
}

func ExampleNewBinaryAccumulator() {
	// Two shards of the same data, evaluated apart and merged.
	a, _ := metrics.NewBinaryAccumulator("roc_auc", metrics.DefaultBinaryOptions())
	b, _ := metrics.NewBinaryAccumulator("roc_auc", metrics.DefaultBinaryOptions())
	a.Add(false, 0.1, 1)
	a.Add(true, 0.35, 1)
	b.Add(false, 0.4, 1)
	b.Add(true, 0.8, 1)
	a.Merge(b)
	fmt.Println(a.Result())
	// Output:
	// 0.75 <nil>
}

func ExampleMulticlassAccuracy() {
	labels := []int{0, 1, 2, 2}
	probs := [][]float64{ // one row per example, one column per class
		{0.7, 0.2, 0.1},
		{0.2, 0.7, 0.1},
		{0.3, 0.3, 0.4},
		{0.25, 0.5, 0.25},
	}
	acc, _ := metrics.MulticlassAccuracy(labels, probs, nil)
	top2, _ := metrics.TopKAccuracy(labels, probs, nil, 2)
	macro, _ := metrics.MacroF1(labels, probs, nil)
	fmt.Printf("accuracy %.2f top-2 %.2f macro F1 %.3f\n", acc, top2, macro)
	// Output:
	// accuracy 0.75 top-2 1.00 macro F1 0.778
}

func ExampleR2() {
	targets := []float64{1, 2, 3, 4}
	predictions := []float64{1, 2, 3, 6}
	r2, _ := metrics.R2(targets, predictions, nil)
	mse, _ := metrics.MSE(targets, predictions, nil)
	fmt.Printf("R2 %.2f MSE %.2f\n", r2, mse)
	// Output:
	// R2 0.20 MSE 1.00
}
