package compare

import (
	"testing"

	"github.com/mltest/mltest/metrics"
	"pgregory.net/rapid"
)

// The confusion-matrix statistic equals the registry's accumulator over
// the rows with weights w_i * mult_i, bit for bit, errors included.
func TestConfusionStatisticMatchesAccumulator(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 60).Draw(t, "n")
		labels := rapid.SliceOfN(rapid.Bool(), n, n).Draw(t, "labels")
		scores := make([]float64, n)
		weights := make([]float64, n)
		mult := make([]float64, n)
		for i := range scores {
			scores[i] = float64(rapid.IntRange(0, 8).Draw(t, "score")) / 8
			weights[i] = rapid.Float64Range(0, 3).Draw(t, "weight")
			mult[i] = float64(rapid.IntRange(0, 3).Draw(t, "mult"))
		}
		mult[0] = 1
		threshold := rapid.SampledFrom([]float64{0, 0.5, 0.75, 1.5}).Draw(t, "threshold")
		d := &binaryData{labels: labels, base: scores, weights: weights, opt: metrics.BinaryOptions{Threshold: threshold, Bins: 15}}
		for _, name := range []string{"accuracy", "precision", "recall", "f1", "mcc"} {
			want, wantErr := d.statistic(name, scores)(mult)
			got, gotErr := confusionStatistic(name, labels, scores, weights, threshold)(mult)
			if (wantErr == nil) != (gotErr == nil) || (wantErr == nil && got != want && !(got != got && want != want)) {
				t.Fatalf("%s: statistic %v (%v), accumulator %v (%v)", name, got, gotErr, want, wantErr)
			}
		}
	})
}
