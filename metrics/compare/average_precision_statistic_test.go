package compare

import (
	"math/rand/v2"
	"testing"

	"github.com/mltest/mltest/metrics"
	"pgregory.net/rapid"
)

// The sorted-once statistic equals metrics.AveragePrecision with weights
// multiplied by the multiplicities, on data with ties, zero weights and
// zero multiplicities.
func TestAveragePrecisionStatisticMatchesMetrics(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(2, 60).Draw(t, "n")
		labels := rapid.SliceOfN(rapid.Bool(), n, n).Draw(t, "labels")
		labels[0], labels[1] = true, false
		scores := make([]float64, n)
		weights := make([]float64, n)
		mult := make([]float64, n)
		for i := range scores {
			scores[i] = float64(rapid.IntRange(0, 8).Draw(t, "score")) / 8 // ties
			weights[i] = float64(rapid.IntRange(0, 3).Draw(t, "weight"))
			mult[i] = float64(rapid.IntRange(0, 3).Draw(t, "mult"))
		}
		weights[0], weights[1] = 1, 1
		stat, err := averagePrecisionStatistic(labels, scores, weights)
		if err != nil {
			t.Fatalf("full data: %v", err)
		}
		w := make([]float64, n)
		for i := range w {
			w[i] = weights[i] * mult[i]
		}
		want, wantErr := metrics.AveragePrecision(labels, scores, w)
		got, gotErr := stat(mult)
		if (wantErr != nil) != (gotErr != nil) {
			t.Fatalf("errors differ: metrics %v, statistic %v", wantErr, gotErr)
		}
		if wantErr == nil && !close(got, want, 1e-12) {
			t.Fatalf("statistic %v, metrics.AveragePrecision %v", got, want)
		}
	})
}

func close(a, b, tol float64) bool {
	d := a - b
	return d <= tol && -d <= tol
}

func BenchmarkAveragePrecisionStatistic(b *testing.B) {
	labels, scores, _ := binaryPair(20000, 1, 0)
	stat, err := averagePrecisionStatistic(labels, scores, nil)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	mult := make([]float64, len(labels))
	for i := range mult {
		mult[i] = float64(rng.IntN(3))
	}
	for b.Loop() {
		stat(mult)
	}
}
