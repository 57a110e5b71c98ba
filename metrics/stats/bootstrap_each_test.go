package stats

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/mltest/mltest/metrics"
)

// BootstrapEach is Bootstrap run once per statistic, bit for bit: with and
// without clusters, with a statistic undefined on some resamples, one
// undefined on too many, and one that fails.
func TestBootstrapEachEqualsBootstrap(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	const n = 300
	x := make([]float64, n)
	clusters := make([]int, n)
	for i := range x {
		x[i] = rng.NormFloat64()
		clusters[i] = i / 7
	}
	// sometimes: undefined when the resample draws row 0 more than once
	// (about 26% of resamples: too many); rarely: undefined when it draws
	// row 0 three times or more (about 8%).
	undefinedWhen := func(min float64) func([]float64) (float64, error) {
		return func(mult []float64) (float64, error) {
			if mult[0] >= min {
				return math.NaN(), &metrics.UndefinedError{Metric: "m", Reason: "row 0 drawn often"}
			}
			return weightedMean(x)(mult)
		}
	}
	fails := func(mult []float64) (float64, error) {
		if mult[1] == 2 {
			return 0, errors.New("broken")
		}
		return 1, nil
	}
	square := make([]float64, n)
	for i, v := range x {
		square[i] = v * v
	}
	stats := []func([]float64) (float64, error){weightedMean(x), undefinedWhen(3), undefinedWhen(2), fails, weightedMean(square)}
	for _, cl := range [][]int{nil, clusters} {
		opt := BootstrapOptions{Resamples: 300, Seed: 5, Clusters: cl}
		ivs, errs := BootstrapEach(n, stats, opt)
		for j, stat := range stats {
			want, wantErr := Bootstrap(n, stat, opt)
			if (wantErr == nil) != (errs[j] == nil) {
				t.Fatalf("clusters %v, statistic %d: error %v, Bootstrap's %v", cl != nil, j, errs[j], wantErr)
			}
			if ivs[j] != want {
				t.Errorf("clusters %v, statistic %d: %+v, Bootstrap's %+v", cl != nil, j, ivs[j], want)
			}
		}
		if errs[0] != nil || errs[1] != nil || errs[2] == nil || errs[3] == nil || errs[4] != nil {
			t.Errorf("clusters %v: errors %v: want statistics 2 (too often undefined) and 3 (fails) alone to fail", cl != nil, errs)
		}
	}
	_, errs := BootstrapEach(1, stats, BootstrapOptions{})
	for j, err := range errs {
		if !errors.Is(err, ErrTooFewUnits) {
			t.Errorf("one row, statistic %d: %v, want ErrTooFewUnits", j, err)
		}
	}
}
