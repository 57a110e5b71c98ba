package parity

import (
	"fmt"
	"testing"

	"github.com/mltest/mltest/harness/serving"
)

// BenchmarkCompare measures the comparison itself (no network): rows of a
// scalar, a 16-vector and a ranked list of 10 items, 1% of them skewed.
func BenchmarkCompare(b *testing.B) {
	const n = 100_000
	rows := make([]serving.Row, n)
	off := make([]serving.Outcome, n)
	on := make([]serving.Outcome, n)
	items := make([]string, 10)
	for i := range items {
		items[i] = fmt.Sprintf("item%d", i)
	}
	for i := range rows {
		id := fmt.Sprintf("r%d", i)
		rows[i] = serving.Row{ID: id}
		vec := make([]float64, 16)
		for j := range vec {
			vec[j] = float64(i*j) / n
		}
		outs := map[string]serving.Value{"p": serving.Scalar(float64(i) / n), "emb": serving.Vector(vec...), "items": serving.StringVector(items...)}
		off[i] = serving.Outcome{ID: id, Outputs: outs}
		onOuts := outs
		if i%100 == 0 {
			onOuts = map[string]serving.Value{"p": serving.Scalar(float64(i)/n + 0.1), "emb": outs["emb"], "items": outs["items"]}
		}
		on[i] = serving.Outcome{ID: id, Outputs: onOuts}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		res := CompareOutcomes(rows, off, on, nil, Options{Tolerance: DefaultTolerance, RankK: 5})
		if res.Mismatched != n/100 {
			b.Fatalf("mismatched %d", res.Mismatched)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
