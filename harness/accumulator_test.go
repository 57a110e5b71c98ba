package harness_test

import (
	"math"
	"slices"
	"testing"

	"github.com/mltest/mltest/harness"
	"github.com/mltest/mltest/metrics"
)

// droppingBrier is a Brier accumulator whose Merge drops the other side's
// total weight: every single-accumulator result is right, every merge wrong.
type droppingBrier struct{ sum, total float64 }

func (a *droppingBrier) Name() string { return "brier" }
func (a *droppingBrier) Add(label bool, score, weight float64) {
	y := 0.0
	if label {
		y = 1
	}
	a.sum += weight * (y - score) * (y - score)
	a.total += weight
}
func (a *droppingBrier) Merge(other metrics.BinaryAccumulator) {
	a.sum += other.(*droppingBrier).sum // the bug: other's total is dropped
}
func (a *droppingBrier) Result() (float64, error) {
	if a.total == 0 {
		return math.NaN(), errOneClass
	}
	return a.sum / a.total, nil
}

func TestDroppingMergeIsCaught(t *testing.T) {
	noFailFiles(t)
	newAcc := func() metrics.BinaryAccumulator { return &droppingBrier{} }
	var caught []string
	for _, p := range harness.DefaultBinaryAccumulatorProperties() {
		rec := &recordingTB{TB: t}
		harness.CheckBinaryAccumulator(rec, newAcc, p)
		if rec.failed {
			caught = append(caught, p.Name())
		}
	}
	t.Logf("caught by %v", caught)
	if !slices.Contains(caught, "MergeEqualsWhole") {
		t.Errorf("accumulator dropping a count in Merge: caught by %v, want MergeEqualsWhole among them", caught)
	}
}

func TestEveryBinaryAccumulatorPasses(t *testing.T) {
	for _, name := range metrics.BinaryMetricNames() {
		t.Run(name, func(t *testing.T) {
			newAcc := func() metrics.BinaryAccumulator {
				a, err := metrics.NewBinaryAccumulator(name, metrics.DefaultBinaryOptions())
				if err != nil {
					t.Fatal(err)
				}
				return a
			}
			harness.CheckBinaryAccumulator(t, newAcc)
		})
	}
}
