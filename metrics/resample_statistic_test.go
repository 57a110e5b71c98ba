package metrics

import (
	"math"
	"testing"

	"pgregory.net/rapid"
)

// TestBinaryStatisticEqualsAccumulator: for every binary metric, on tied
// scores (some outside [0, 1]), zero weights, weights far apart or near the
// float64 maximum and multiplicities 0..5, BinaryStatistic(mult) is the
// accumulator fed the rows with weight w·mult (rows with mult 0 left out),
// bit for bit, with the same error.
func TestBinaryStatisticEqualsAccumulator(t *testing.T) {
	opt := DefaultBinaryOptions()
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 40).Draw(t, "n")
		labels := rapid.SliceOfN(rapid.Bool(), n, n).Draw(t, "labels")
		scores := rapid.SliceOfN(rapid.SampledFrom([]float64{0, math.Copysign(0, -1), 0.25, 0.5, 0.75, 1, 1.5, -2, 0.1, 0.3}), n, n).Draw(t, "scores")
		var weights []float64
		if rapid.Bool().Draw(t, "weighted") {
			weights = rapid.SliceOfN(rapid.SampledFrom([]float64{0, 1, 2, 0.5, 3.25, 1e-300, 1e300, math.MaxFloat64 / 2}), n, n).Draw(t, "weights")
		}
		mult := rapid.SliceOfN(rapid.Map(rapid.IntRange(0, 5), func(k int) float64 { return float64(k) }), n, n).Draw(t, "mult")
		for _, name := range BinaryMetricNames() {
			stat, err := BinaryStatistic(name, opt, labels, scores, weights)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			got, gotErr := stat(mult)
			a, err := NewBinaryAccumulator(name, opt)
			if err != nil {
				t.Fatal(err)
			}
			for i, m := range mult {
				if m != 0 {
					a.Add(labels[i], scores[i], weightAt(weights, i)*m)
				}
			}
			want, wantErr := a.Result()
			if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
				t.Fatalf("%s: BinaryStatistic = %v (%v), accumulator %v (%v)", name, got, gotErr, want, wantErr)
			}
			if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
				t.Fatalf("%s: BinaryStatistic error %v, accumulator %v", name, gotErr, wantErr)
			}
		}
	})
}

func TestBinaryStatisticErrors(t *testing.T) {
	opt := DefaultBinaryOptions()
	if _, err := BinaryStatistic("nope", opt, []bool{true}, []float64{1}, nil); err == nil {
		t.Error("unknown metric: want an error")
	}
	if _, err := BinaryStatistic("average_precision", opt, []bool{true, false}, []float64{1, math.NaN()}, nil); err == nil {
		t.Error("NaN score: want an error")
	}
	if _, err := BinaryStatistic("log_loss", opt, []bool{true, false}, []float64{1, 0}, []float64{1, -1}); err == nil {
		t.Error("negative weight: want an error")
	}
	stat, err := BinaryStatistic("average_precision", opt, []bool{true, false}, []float64{1, 0}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if recover() == nil {
			t.Error("mult of the wrong length: want a panic")
		}
	}()
	stat([]float64{1})
}
