package rec_test

import (
	"testing"

	"github.com/mltest/mltest/examples/recommender/rec"
	"github.com/mltest/mltest/harness/serving"
)

// BenchmarkTrain: ALS on the example's data (1000 users, 500 items, about
// 20,000 training events, 8 factors, 10 sweeps).
func BenchmarkTrain(b *testing.B) {
	d, _ := trained(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rec.Train(d, rec.DefaultHyperparameters(), rec.DefaultRules()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPredictRowAllItems: one request scored over all 500 items, the
// server's and the batch job's unit of work.
func BenchmarkPredictRowAllItems(b *testing.B) {
	_, m := trained(b)
	row := serving.Row{ID: "r", Values: map[string]serving.Value{rec.InputUser: {Strings: []string{"u1"}}}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.PredictRow(row); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPredictRow12Candidates: a request with 12 candidates.
func BenchmarkPredictRow12Candidates(b *testing.B) {
	_, m := trained(b)
	row := serving.Row{ID: "r", Values: map[string]serving.Value{
		rec.InputUser:       {Strings: []string{"u1"}},
		rec.InputCandidates: serving.StringVector("i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8", "i9", "i10", "i11", "i12"),
	}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.PredictRow(row); err != nil {
			b.Fatal(err)
		}
	}
}
