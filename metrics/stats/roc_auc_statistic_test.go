package stats

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/mltest/mltest/metrics"
	"pgregory.net/rapid"
)

// TestROCAUCStatisticEqualsROCAUC: for any labels, tied scores, weights
// (including zeros) and multiplicities, the presorted statistic equals
// metrics.ROCAUC with weights w*mult, or both are undefined.
func TestROCAUCStatisticEqualsROCAUC(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(2, 50).Draw(t, "n")
		labels := rapid.SliceOfN(rapid.Bool(), n, n).Draw(t, "labels")
		labels[0], labels[1] = true, false
		scores := rapid.SliceOfN(rapid.Map(rapid.Float64Range(-3, 3), math.Round), n, n).Draw(t, "scores")
		var weights []float64
		if rapid.Bool().Draw(t, "weighted") {
			weights = rapid.SliceOfN(rapid.Float64Range(0, 5), n, n).Draw(t, "weights")
			weights[0], weights[1] = 1, 1
		}
		mult := rapid.SliceOfN(rapid.Map(rapid.IntRange(0, 3), func(k int) float64 { return float64(k) }), n, n).Draw(t, "mult")
		stat, err := ROCAUCStatistic(labels, scores, weights)
		if err != nil {
			t.Fatal(err)
		}
		w := make([]float64, n)
		for i := range w {
			w[i] = mult[i]
			if weights != nil {
				w[i] *= weights[i]
			}
		}
		got, gotErr := stat(mult)
		want, wantErr := metrics.ROCAUC(labels, scores, w)
		if errors.Is(gotErr, metrics.ErrUndefined) != errors.Is(wantErr, metrics.ErrUndefined) || (gotErr == nil) != (wantErr == nil) {
			t.Fatalf("errors differ: %v vs metrics.ROCAUC %v", gotErr, wantErr)
		}
		if wantErr == nil && math.Abs(got-want) > 1e-12 {
			t.Fatalf("ROCAUCStatistic = %.17g, metrics.ROCAUC = %.17g", got, want)
		}
	})
}

func TestROCAUCStatisticErrors(t *testing.T) {
	if _, err := ROCAUCStatistic([]bool{true, true}, []float64{1, 2}, nil); !errors.Is(err, metrics.ErrUndefined) {
		t.Errorf("one class: err = %v, want ErrUndefined", err)
	}
	if _, err := ROCAUCStatistic([]bool{true, false}, []float64{1, math.NaN()}, nil); err == nil {
		t.Error("NaN score: want an error")
	}
	stat, err := ROCAUCStatistic([]bool{true, false}, []float64{1, 0}, nil)
	if err != nil {
		t.Fatal(err)
	}
	mustPanic(t, "mult length", func() { stat([]float64{1}) })
}

// TestROCAUCStatisticBootstrap: the interval from the presorted statistic is
// the interval from metrics.ROCAUC, bit for bit up to summation order, on a
// larger sample.
func TestROCAUCStatisticBootstrap(t *testing.T) {
	labels, scores := binormal(rand.New(rand.NewPCG(3, 3)), 400, 600, 0.9)
	fast, err := ROCAUCStatistic(labels, scores, nil)
	if err != nil {
		t.Fatal(err)
	}
	opt := BootstrapOptions{Resamples: 300, Seed: 3}
	a, err := Bootstrap(len(labels), fast, opt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Bootstrap(len(labels), func(mult []float64) (float64, error) { return metrics.ROCAUC(labels, scores, mult) }, opt)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(a.Lo-b.Lo) > 1e-12 || math.Abs(a.Hi-b.Hi) > 1e-12 || a.Estimate != b.Estimate {
		t.Errorf("presorted %+v, metrics.ROCAUC %+v", a, b)
	}
}
