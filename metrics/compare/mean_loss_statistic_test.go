package compare

import (
	"testing"

	"github.com/mltest/mltest/metrics"
	"pgregory.net/rapid"
)

// The mean-loss statistics equal the registry's accumulators over the rows
// with weights w_i * mult_i to 1e-12 (log_loss exactly), errors included.
func TestMeanLossStatisticMatchesAccumulator(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 50).Draw(t, "n")
		labels := rapid.SliceOfN(rapid.Bool(), n, n).Draw(t, "labels")
		scores := rapid.SliceOfN(rapid.Float64Range(0, 1), n, n).Draw(t, "scores")
		targets := rapid.SliceOfN(rapid.Float64Range(-5, 5), n, n).Draw(t, "targets")
		weights := rapid.SliceOfN(rapid.Float64Range(0, 3), n, n).Draw(t, "weights")
		mult := make([]float64, n)
		for i := range mult {
			mult[i] = float64(rapid.IntRange(0, 3).Draw(t, "mult"))
		}
		mult[0] = 1
		bd := &binaryData{labels: labels, base: scores, weights: weights, opt: metrics.BinaryOptions{Threshold: 0.5, Bins: 15}}
		for _, name := range []string{"log_loss", "brier"} {
			loss, err := binaryRowLosses(name, bd.opt, labels, scores)
			if err != nil {
				t.Fatal(err)
			}
			var lab []bool
			if name == "log_loss" {
				lab = labels
			}
			want, wantErr := bd.statistic(name, scores)(mult)
			got, gotErr := meanLossStatistic(name, loss, weights, lab)(mult)
			checkSame(t, name, got, want, gotErr, wantErr, name == "log_loss")
		}
		rd := &regressionData{targets: targets, base: scores, weights: weights}
		for _, name := range []string{"mse", "rmse", "mae", "mape"} {
			loss, err := regressionRowLosses(name, targets, scores)
			if err != nil {
				t.Fatal(err)
			}
			acc := func(mult []float64) (float64, error) {
				a, _ := metrics.NewRegressionAccumulator(name)
				for i, m := range mult {
					if m != 0 {
						a.Add(rd.targets[i], rd.base[i], weights[i]*m)
					}
				}
				return a.Result()
			}
			want, wantErr := acc(mult)
			got, gotErr := meanLossStatistic(name, loss, weights, nil)(mult)
			checkSame(t, name, got, want, gotErr, wantErr, false)
		}
	})
}

func checkSame(t *rapid.T, name string, got, want float64, gotErr, wantErr error, exact bool) {
	if (gotErr == nil) != (wantErr == nil) {
		t.Fatalf("%s: statistic %v (%v), accumulator %v (%v)", name, got, gotErr, want, wantErr)
	}
	if wantErr != nil {
		return
	}
	if exact && got != want || !close(got, want, 1e-12*max(1, want)) {
		t.Fatalf("%s: statistic %v, accumulator %v", name, got, want)
	}
}
