package metrics

import (
	"math"
	"math/rand/v2"
	"testing"
)

// benchBinaryData returns n weighted rows like a model's output: score =
// sigmoid(z) with z ~ N(0, 2²), label ~ Bernoulli(sigmoid(1.5 z)), weight
// ~ U(0, 2). testdata/sklearn/bench_roc_auc.py draws the same distribution.
func benchBinaryData(n int, seed uint64) (labels []bool, scores, weights []float64) {
	r := rand.New(rand.NewPCG(seed, 1))
	labels = make([]bool, n)
	scores = make([]float64, n)
	weights = make([]float64, n)
	for i := range scores {
		z := 2 * r.NormFloat64()
		scores[i] = 1 / (1 + math.Exp(-z))
		labels[i] = r.Float64() < 1/(1+math.Exp(-1.5*z))
		weights[i] = 2 * r.Float64()
	}
	return labels, scores, weights
}

var clfBenchSink float64

func BenchmarkROCAUC(b *testing.B) {
	for _, c := range []struct {
		name string
		n    int
	}{{"n=1e6", 1_000_000}, {"n=1e7", 10_000_000}} {
		b.Run(c.name, func(b *testing.B) {
			labels, scores, weights := benchBinaryData(c.n, 1)
			b.SetBytes(int64(c.n) * 17) // label, score, weight
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				auc, err := ROCAUC(labels, scores, weights)
				if err != nil {
					b.Fatal(err)
				}
				clfBenchSink = auc
			}
		})
	}
}

// BenchmarkROCAUCAccumulator is the CLI's path: rows added one at a time,
// then Result.
func BenchmarkROCAUCAccumulator(b *testing.B) {
	labels, scores, weights := benchBinaryData(1_000_000, 1)
	b.ReportAllocs()
	for b.Loop() {
		acc, _ := NewBinaryAccumulator("roc_auc", DefaultBinaryOptions())
		for i, l := range labels {
			acc.Add(l, scores[i], weights[i])
		}
		auc, err := acc.Result()
		if err != nil {
			b.Fatal(err)
		}
		clfBenchSink = auc
	}
}

func BenchmarkAveragePrecision(b *testing.B) {
	labels, scores, weights := benchBinaryData(1_000_000, 2)
	b.ReportAllocs()
	for b.Loop() {
		ap, err := AveragePrecision(labels, scores, weights)
		if err != nil {
			b.Fatal(err)
		}
		clfBenchSink = ap
	}
}

func BenchmarkSortRows(b *testing.B) {
	labels, scores, weights := benchBinaryData(1_000_000, 3)
	rows := make([]scoredRow, len(scores))
	work := make([]scoredRow, len(scores))
	buf := make([]scoredRow, len(scores))
	for i := range rows {
		rows[i] = makeRow(labels[i], scores[i], weights[i])
	}
	b.SetBytes(int64(len(rows)) * 16)
	b.ReportAllocs()
	for b.Loop() {
		copy(work, rows)
		clfBenchSink = float64(sortRows(work, buf)[0].Key)
	}
}

func BenchmarkBinaryAccumulatorAdd(b *testing.B) {
	labels, scores, weights := benchBinaryData(1<<16, 4)
	for _, name := range []string{"roc_auc", "log_loss", "f1", "ece"} {
		b.Run(name, func(b *testing.B) {
			acc, err := NewBinaryAccumulator(name, DefaultBinaryOptions())
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				j := i & (1<<16 - 1)
				acc.Add(labels[j], scores[j], weights[j])
				i++
			}
		})
	}
}

func BenchmarkMulticlassLogLoss(b *testing.B) {
	const n, k = 100_000, 10
	r := rand.New(rand.NewPCG(5, 1))
	labels := make([]int, n)
	probs := make([][]float64, n)
	for i := range probs {
		row := make([]float64, k)
		var sum float64
		for c := range row {
			row[c] = r.ExpFloat64()
			sum += row[c]
		}
		for c := range row {
			row[c] /= sum
		}
		probs[i] = row
		labels[i] = r.IntN(k)
	}
	b.ReportAllocs()
	for b.Loop() {
		v, err := MulticlassLogLoss(labels, probs, nil)
		if err != nil {
			b.Fatal(err)
		}
		clfBenchSink = v
	}
}

func BenchmarkR2(b *testing.B) {
	const n = 1_000_000
	r := rand.New(rand.NewPCG(6, 1))
	y := make([]float64, n)
	p := make([]float64, n)
	for i := range y {
		y[i] = r.NormFloat64()
		p[i] = y[i] + 0.5*r.NormFloat64()
	}
	b.ReportAllocs()
	for b.Loop() {
		v, err := R2(y, p, nil)
		if err != nil {
			b.Fatal(err)
		}
		clfBenchSink = v
	}
}
