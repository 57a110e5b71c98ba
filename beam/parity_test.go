package mltestbeam

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
)

func TestValuesMatchRule(t *testing.T) {
	opt := ParityOptions{AbsTol: 1e-6, RelTol: 0.01}
	nan, inf := math.NaN(), math.Inf(1)
	for _, c := range []struct {
		off, on float64
		want    bool
	}{
		{1, 1, true}, {100, 101, true}, {100, 101.0001, false}, // 1e-6 + 0.01*100 = 1.000001
		{0, 1e-6, true}, {0, 1.1e-6, false}, {-100, -101, true},
		{1, 1.0099, true}, {1.0099, 1, true}, // rel is of |off|: 0.0100989...
		{nan, nan, true}, {nan, 0, false}, {0, nan, false},
		{inf, inf, true}, {inf, -inf, false}, {inf, 1e308, false},
	} {
		if got := opt.ValuesMatch(c.off, c.on); got != c.want {
			t.Errorf("ValuesMatch(%v, %v) = %v, want %v", c.off, c.on, got, c.want)
		}
	}
}

func TestParityJoinOnPrism(t *testing.T) {
	var offline, online []Prediction
	for i := 0; i < 200; i++ {
		id := fmt.Sprintf("r%03d", i)
		v := float64(i) / 7
		off := Prediction{ID: id, Outputs: []Output{{Name: "score", Values: []float64{v}}, {Name: "probs", Values: []float64{v, 1 - v}}}}
		on := Prediction{ID: id, Outputs: []Output{{Name: "score", Values: []float64{v + 1e-9}}, {Name: "probs", Values: []float64{v, 1 - v}}}}
		switch i {
		case 3:
			on.Outputs[0].Values[0] = v + 0.5 // mismatch, abs diff 0.5
		case 4:
			on.Outputs[1].Values[1] = math.NaN() // NaN against a number: worst
		case 5:
			off.Outputs[0].Values[0], on.Outputs[0].Values[0] = math.NaN(), math.NaN() // NaN matches NaN
		case 6:
			on.Outputs = on.Outputs[:1] // probs missing online
		case 7:
			online = append(online, on) // duplicate online
		case 8:
			continue // missing on both: not an id at all
		}
		if i != 10 {
			offline = append(offline, off)
		}
		if i != 11 {
			online = append(online, on)
		}
	}
	p, s := beam.NewPipelineWithRoot()
	rows, report := ParityJoin(s, ParityOptions{AbsTol: 1e-6}, beam.CreateList(s, offline), beam.CreateList(s, online))
	collect(s, "parity/rows", rows)
	collect(s, "parity/report", report)
	if err := ptest.Run(p); err != nil {
		t.Fatal(err)
	}
	if got := len(collectedItems("parity/rows")); got != 199 {
		t.Errorf("%d rows, want 199 ids", got)
	}
	reps := collectedItems("parity/report")
	if len(reps) != 1 {
		t.Fatalf("%d reports", len(reps))
	}
	rep := reps[0].(ParityReport)
	if rep.N != 199 || rep.Mismatched != 3 || rep.Matched != 199-3-3 {
		t.Errorf("n %d matched %d mismatched %d, want 199, 193, 3", rep.N, rep.Matched, rep.Mismatched)
	}
	if !slices.Equal(rep.MissingOnline, []string{"r011"}) || !slices.Equal(rep.MissingOffline, []string{"r010"}) || !slices.Equal(rep.DuplicateIDs, []string{"r007"}) {
		t.Errorf("missing online %v, offline %v, duplicates %v", rep.MissingOnline, rep.MissingOffline, rep.DuplicateIDs)
	}
	if len(rep.Mismatches) != 3 {
		t.Fatalf("mismatches %+v", rep.Mismatches)
	}
	// Worst first: the shape problem and the NaN (both +Inf, by id), then 0.5.
	if m := rep.Mismatches; m[0].ID != "r004" || m[1].ID != "r006" || m[1].Problem != "missing online" || m[2].ID != "r003" || math.Abs(m[2].AbsDiff-0.5) > 1e-12 {
		t.Errorf("order %+v", m)
	}
	if math.Abs(rep.MaxAbsDiff-0.5) > 1e-12 {
		t.Errorf("max abs diff %v, want 0.5", rep.MaxAbsDiff)
	}
}
