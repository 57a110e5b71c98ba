package stats

import (
	"math/rand/v2"
	"testing"

	"github.com/mltest/mltest/metrics"
)

// BenchmarkBootstrapAUC: percentile interval of metrics.ROCAUC over 100k
// rows from 200 resamples (each resample re-sorts; see also
// BenchmarkBootstrapAUCPresorted).
func BenchmarkBootstrapAUC(b *testing.B) {
	labels, scores := binormal(rand.New(rand.NewPCG(1, 1)), 30000, 70000, 1)
	stat := func(mult []float64) (float64, error) { return metrics.ROCAUC(labels, scores, mult) }
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Bootstrap(len(labels), stat, BootstrapOptions{Resamples: 200, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDeLong: AUC and variance of 1e6 rows.
func BenchmarkDeLong(b *testing.B) {
	labels, scores := binormal(rand.New(rand.NewPCG(1, 1)), 300000, 700000, 1)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := DeLong(labels, scores); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDeLongTest: two scorings of 1e6 rows compared.
func BenchmarkDeLongTest(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	labels, base := binormal(rng, 300000, 700000, 1)
	_, cand := binormal(rng, 300000, 700000, 1.1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DeLongTest(labels, base, cand, 0.95); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRandomizationTest: 1000 queries, 10000 trials.
func BenchmarkRandomizationTest(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	base := make([]float64, 1000)
	cand := make([]float64, 1000)
	for i := range base {
		base[i], cand[i] = rng.Float64(), rng.Float64()
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := RandomizationTest(base, cand, 10000, 1); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBootstrapAUCPresorted: as BenchmarkBootstrapAUC with
// ROCAUCStatistic, which sorts once.
func BenchmarkBootstrapAUCPresorted(b *testing.B) {
	labels, scores := binormal(rand.New(rand.NewPCG(1, 1)), 30000, 70000, 1)
	b.ReportAllocs()
	for b.Loop() {
		stat, err := ROCAUCStatistic(labels, scores, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Bootstrap(len(labels), stat, BootstrapOptions{Resamples: 200, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
