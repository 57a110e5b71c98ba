package report

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mltest/mltest/harness/interleave"
	"github.com/mltest/mltest/metrics/ope"
)

func TestLog10Histogram(t *testing.T) {
	bins, zeros := log10Histogram([]float64{0, 1, 1.5, 10, 0.1, 0, 3})
	// log10: 0, 0.176, 1, -1, 0.477 in quarter decades from -1 to 1.
	want := []Bin{{-1, -0.75, 1}, {-0.75, -0.5, 0}, {-0.5, -0.25, 0}, {-0.25, 0, 0}, {0, 0.25, 2}, {0.25, 0.5, 1},
		{0.5, 0.75, 0}, {0.75, 1, 0}, {1, 1.25, 1}}
	if d := cmp.Diff(want, bins); d != "" || zeros != 2 {
		t.Errorf("bins (-want +got):\n%s\nzeros %d, want 2", d, zeros)
	}
	wide, _ := log10Histogram([]float64{1e-6, 1e6})
	if len(wide) > 40 || wide[0].Count != 1 || wide[len(wide)-1].Count != 1 {
		t.Errorf("12 decades: %d bins %v, want at most 40 holding both weights", len(wide), wide)
	}
	if b, z := log10Histogram([]float64{0, 0}); b != nil || z != 2 {
		t.Errorf("only zeros: %v, %d", b, z)
	}
}

func TestOnlineDetailsHaveNoNaN(t *testing.T) {
	il := NewInterleaveDetail(interleave.Result{NoClick: 3, DeltaAB: math.NaN(), CI: [2]float64{math.NaN(), math.NaN()}, P: 1,
		Preferred: "none", ByPosition: []interleave.PositionCredit{{Shown: 3}}})
	if il.DeltaAB != nil || il.Interval != nil || len(il.Positions) != 1 || il.Positions[0].Position != 1 {
		t.Errorf("undefined interleave figures: %+v", il)
	}
	o := NewOPEDetail(ope.Result{N: 2, Estimators: []string{"snips", "ips"},
		Values:  map[string]ope.PolicyValue{"snips": {Value: math.NaN(), CI: [2]float64{math.NaN(), math.NaN()}}, "ips": {Value: 0, CI: [2]float64{0, 0}}},
		Weights: []float64{0, 0}})
	if o.Estimates[0].Estimator != "snips" || o.Estimates[0].Value != nil || *o.Estimates[1].Value != 0 || o.ZeroWeights != 2 {
		t.Errorf("ope detail: %+v", o)
	}
	r := Report{Checks: []Check{{Name: "x", Interleave: il, OPE: o}}}
	if err := Validate(r); err != nil {
		t.Errorf("Validate: %v", err)
	}
	o.ESS = math.NaN()
	if err := Validate(r); err == nil || err.Error() != `report: check "x": ope.ess is NaN` {
		t.Errorf("Validate with a NaN ESS: %v", err)
	}
}
