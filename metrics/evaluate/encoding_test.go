package evaluate

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A decoded evaluator reports what the encoded one reports, bit for bit,
// and merges like it, for every task, with slices and intervals.
func TestEncodingRoundTrip(t *testing.T) {
	for _, task := range []Task{Binary, Multiclass, Regression} {
		r := rand.New(rand.NewPCG(3, uint64(len(task))))
		opt := DefaultOptions(task)
		opt.SliceBy = []string{"s"}
		opt.Intervals = IntervalOptions{Level: 0.9, Resamples: 50, Seed: 2}
		row := func() Row {
			switch task {
			case Binary:
				return Row{Label: float64(r.IntN(2)), Scores: []float64{r.Float64()}, Weight: 1 + float64(r.IntN(2))}
			case Multiclass:
				a, b := r.Float64(), r.Float64()
				return Row{Label: float64(r.IntN(3)), Scores: []float64{a / 2, b / 2, 1 - a/2 - b/2}, Weight: 1}
			}
			return Row{Label: r.NormFloat64(), Scores: []float64{r.NormFloat64()}, Weight: 1}
		}
		a, _ := New(opt)
		b, _ := New(opt)
		for i := range 300 {
			key := []string{[]string{"x", "y"}[i%2]}
			if err := a.Add(key, row()); err != nil {
				t.Fatal(err)
			}
			if err := b.Add(key, row()); err != nil {
				t.Fatal(err)
			}
		}
		data, err := a.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		back, err := Decode(opt, data)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := a.Report()
		got, _ := back.Report()
		exact := cmp.Comparer(func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
		if d := cmp.Diff(want, got, exact); d != "" {
			t.Fatalf("%s: decoded report (-want +got):\n%s", task, d)
		}
		// Merging the decoded state equals merging the original.
		bc, _ := b.Clone()
		if err := a.Merge(b); err != nil {
			t.Fatal(err)
		}
		if err := back.Merge(bc); err != nil {
			t.Fatal(err)
		}
		want, _ = a.Report()
		got, _ = back.Report()
		if d := cmp.Diff(want, got, exact); d != "" {
			t.Errorf("%s: merged report (-want +got):\n%s", task, d)
		}
		// Options other than the encoding's are refused.
		other := opt
		other.Metrics = opt.Task.MetricNames()[:1]
		if _, err := Decode(other, data); err == nil {
			t.Errorf("%s: decoding with other metrics: no error", task)
		}
		if _, err := Decode(opt, data[:len(data)/2]); err == nil {
			t.Errorf("%s: truncated encoding: no error", task)
		}
	}
	empty, _ := New(DefaultOptions(Binary))
	data, _ := empty.MarshalBinary()
	back, err := Decode(DefaultOptions(Binary), data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := back.Report(); err != ErrNoRows {
		t.Errorf("empty evaluator decoded: Report error %v, want ErrNoRows", err)
	}
}
