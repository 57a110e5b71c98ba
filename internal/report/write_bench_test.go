package report

import (
	"io"
	"testing"
)

// bigReport has the sample's checks plus curves of a million points and a
// metric over a thousand slices, the size a real run can reach.
func bigReport() Report {
	r := sampleReport()
	const n = 1_000_000
	roc := XY{X: make([]float64, n), Y: make([]float64, n)}
	for i := range n {
		roc.X[i] = float64(i) / (n - 1)
		roc.Y[i] = roc.X[i] * (2 - roc.X[i])
	}
	r.Checks[0].Curves = &Curves{ROC: roc, PR: roc, Calibration: r.Checks[0].Curves.Calibration}
	for i := range 1000 {
		v := float64(i%97) / 97
		r.Checks[1].Values = append(r.Checks[1].Values, Value{Metric: "roc_auc", Slice: "shop=" + itoa(i), N: 100, Value: &v, Interval: &[2]float64{v - 0.01, v + 0.01}, Pass: true})
	}
	return r
}

func BenchmarkWriters(b *testing.B) {
	r := bigReport()
	for _, w := range []struct {
		name  string
		write func(io.Writer, Report) error
	}{{"html", WriteHTML}, {"junit", WriteJUnit}, {"json", WriteJSON}, {"markdown", WriteMarkdown}} {
		b.Run(w.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := w.write(io.Discard, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
