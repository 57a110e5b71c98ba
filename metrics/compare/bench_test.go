package compare

import "testing"

// go test ./metrics/compare -run '^$' -bench . -benchtime 3x
func BenchmarkBinary(b *testing.B) {
	labels, base, cand := binaryPair(20000, 1, -0.05)
	for _, bm := range []struct {
		name  string
		names []string
		rows  Rows
	}{
		{"delong_mcnemar", []string{"roc_auc", "accuracy"}, Rows{}},
		{"bootstrap_roc_auc", []string{"roc_auc"}, Rows{Weights: ones(len(labels))}},
		{"bootstrap_average_precision", []string{"average_precision"}, Rows{}},
		{"bootstrap_log_loss", []string{"log_loss"}, Rows{}},
		{"bootstrap_f1", []string{"f1"}, Rows{}},
	} {
		b.Run(bm.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Binary(labels, base, cand, bm.rows, bm.names, DefaultOptions()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func ones(n int) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1
	}
	return w
}
