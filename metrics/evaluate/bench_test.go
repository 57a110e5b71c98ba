package evaluate

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkBinaryIntervals is the bootstrap alone (the rows are added
// before the timer starts): 1,000,000 weighted rows, 200 resamples, the
// three metrics of flow's BenchmarkEvalCSV/ci200_ap, plain and by cluster.
func BenchmarkBinaryIntervals(b *testing.B) {
	const n = 1_000_000
	for _, clustered := range []bool{false, true} {
		name := "rows"
		if clustered {
			name = "clusters"
		}
		b.Run(name, func(b *testing.B) {
			opt := DefaultOptions(Binary)
			opt.Metrics = []string{"roc_auc", "average_precision", "log_loss"}
			opt.Clustered = clustered
			opt.Intervals = IntervalOptions{Level: 0.95, Resamples: 200, Seed: 1}
			rng := rand.New(rand.NewPCG(1, 2))
			rows := make([]Row, n)
			for i := range rows {
				label := float64(rng.IntN(2))
				score := float64(int((rng.Float64()+label)/2*1e6)) / 1e6
				rows[i] = Row{Label: label, Scores: []float64{score}, Weight: float64(1 + rng.IntN(3)), Cluster: rng.IntN(n / 10)}
			}
			for b.Loop() {
				b.StopTimer()
				e, err := New(opt)
				if err != nil {
					b.Fatal(err)
				}
				for _, r := range rows {
					if err := e.Add(nil, r); err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
				if _, err := e.Report(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
