package stats

import (
	"math"
	"testing"
)

// An undefined tau-b (every pair tied in x) is NaN, as in scipy; NaN in the
// scores is an error.
func TestKendallTauBUndefinedAndNaN(t *testing.T) {
	if tau, err := KendallTauB([]float64{1, 1, 1}, []float64{1, 2, 3}); err != nil || !math.IsNaN(tau) {
		t.Errorf("constant x: tau = %v, %v, want NaN", tau, err)
	}
	if _, err := KendallTauB([]float64{1, math.NaN()}, []float64{1, 2}); err == nil {
		t.Error("NaN accepted")
	}
}
