package stats

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
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

// BenchmarkROCAUCStatisticSorted: one call of ROCAUCStatistic on 1,000,000
// rows shaped like the eval benchmark's (scores N(0.4 + 0.2 label, 0.2)
// clipped to [0, 1] with 6 decimals, so ties abound; weights 1, 2, 3), in
// descending score order as the evaluator resamples them, with one
// bootstrap draw of multiplicities.
func BenchmarkROCAUCStatisticSorted(b *testing.B) {
	const n = 1_000_000
	rng := rand.New(rand.NewPCG(7, 7))
	labels, scores, weights := make([]bool, n), make([]float64, n), make([]float64, n)
	for i := range labels {
		y := rng.IntN(2)
		labels[i] = y == 1
		scores[i] = math.Round(math.Min(1, math.Max(0, 0.4+0.2*float64(y)+0.2*rng.NormFloat64()))*1e6) / 1e6
		weights[i] = float64(1 + rng.IntN(3))
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(scores[j], scores[i]) })
	l, s, w := make([]bool, n), make([]float64, n), make([]float64, n)
	for k, i := range order {
		l[k], s[k], w[k] = labels[i], scores[i], weights[i]
	}
	stat, err := ROCAUCStatistic(l, s, w)
	if err != nil {
		b.Fatal(err)
	}
	mult := make([]float64, n)
	for range n {
		mult[rng.IntN(n)]++
	}
	for b.Loop() {
		if _, err := stat(mult); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkResamplerDraw: the multiplicities of one resample of 1,000,000
// rows.
func BenchmarkResamplerDraw(b *testing.B) {
	const n = 1_000_000
	rs, err := newResampler(n, nil)
	if err != nil {
		b.Fatal(err)
	}
	counts, mult := make([]uint8, n), make([]float64, n)
	var wrapped []int
	r := 0
	for b.Loop() {
		rs.draw(1, r, counts, &wrapped, mult)
		r++
	}
}
