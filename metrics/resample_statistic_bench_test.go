package metrics

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// BenchmarkBinaryStatistic is one call of each sum statistic (and
// average_precision for scale) on 1,000,000 rows with weights 1, 2, 3 in
// descending score order, as the evaluator resamples them, with one
// bootstrap draw of multiplicities (about 37% of them 0).
func BenchmarkBinaryStatistic(b *testing.B) {
	const n = 1_000_000
	labels, scores, _ := benchBinaryData(n, 3)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return -compareFloat(scores[i], scores[j]) })
	l, s, w := make([]bool, n), make([]float64, n), make([]float64, n)
	for k, i := range order {
		l[k], s[k], w[k] = labels[i], scores[i], float64(1+i%3)
	}
	r := rand.New(rand.NewPCG(5, 6))
	mult := make([]float64, n)
	for range n {
		mult[r.IntN(n)]++
	}
	for _, name := range []string{"log_loss", "brier", "accuracy", "mcc", "average_precision"} {
		b.Run(name, func(b *testing.B) {
			stat, err := BinaryStatistic(name, DefaultBinaryOptions(), l, s, w)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				v, err := stat(mult)
				if err != nil {
					b.Fatal(err)
				}
				clfBenchSink = v
			}
		})
	}
}

func compareFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
