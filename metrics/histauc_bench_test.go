package metrics

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func histBenchData(n int) ([]bool, []float64) {
	r := rand.New(rand.NewPCG(3, 0))
	labels := make([]bool, n)
	scores := make([]float64, n)
	for i := range scores {
		scores[i] = r.Float64()
		labels[i] = r.Float64() < scores[i]
	}
	return labels, scores
}

// BenchmarkHistogramROCAUC adds every row to a histogram and takes ROC AUC;
// BenchmarkExactROCAUCAccumulator does the same with the exact accumulator.
func BenchmarkHistogramROCAUC(b *testing.B) {
	for _, n := range []int{1_000_000, 10_000_000} {
		labels, scores := histBenchData(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				a, _ := NewBoundedBinaryAccumulator("roc_auc", DefaultBinaryOptions(), 0)
				for i, s := range scores {
					a.Add(labels[i], s, 1)
				}
				if _, err := a.Result(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkExactROCAUCAccumulator(b *testing.B) {
	for _, n := range []int{1_000_000, 10_000_000} {
		labels, scores := histBenchData(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				a, _ := NewBinaryAccumulator("roc_auc", DefaultBinaryOptions())
				for i, s := range scores {
					a.Add(labels[i], s, 1)
				}
				if _, err := a.Result(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
