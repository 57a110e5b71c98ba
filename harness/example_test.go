package harness_test

import (
	"fmt"
	"testing"

	"github.com/mltest/mltest/harness"
	"github.com/mltest/mltest/metrics"
)

// exampleTB stands in for the *testing.T of a real test, which an Example
// has not got: it remembers whether the check failed and keeps quiet.
type exampleTB struct {
	testing.TB
	failed bool
}

func (e *exampleTB) Helper()               {}
func (e *exampleTB) Name() string          { return "Example" }
func (e *exampleTB) Logf(string, ...any)   {}
func (e *exampleTB) Log(...any)            {}
func (e *exampleTB) Errorf(string, ...any) { e.failed = true }
func (e *exampleTB) Error(...any)          { e.failed = true }
func (e *exampleTB) Fatalf(string, ...any) { e.failed = true }
func (e *exampleTB) Fatal(...any)          { e.failed = true }
func (e *exampleTB) Fail()                 { e.failed = true }
func (e *exampleTB) FailNow()              { e.failed = true }
func (e *exampleTB) Failed() bool          { return e.failed }
func (e *exampleTB) Skipf(string, ...any)  {}
func (e *exampleTB) Skip(...any)           {}
func (e *exampleTB) SkipNow()              {}

// In a test, the one line is harness.CheckBinaryMetric(t, myAUC, props...).
func ExampleCheckBinaryMetric() {
	t := &exampleTB{} // in a test: the test's t
	harness.CheckBinaryMetric(t, metrics.ROCAUC, harness.ROCAUCProperties()...)
	fmt.Println("ROCAUC failed:", t.Failed())
	// Output:
	// ROCAUC failed: false
}

// A property's Check returns the violation as an error, so it also tests one
// case of your choosing. Properties that draw nothing more (Bounded, Finite,
// Deterministic, PerfectIsOptimum, ReversedIsWorst, AgreesWith) accept a nil
// *rapid.T.
func ExampleProperty_Check() {
	// An AUC that forgets to divide by the number of pairs.
	unnormalized := func(labels []bool, scores, weights []float64) (float64, error) {
		auc, err := metrics.ROCAUC(labels, scores, weights)
		return auc * 2, err
	}
	c := harness.BinaryCase{Labels: []bool{true, false, true}, Scores: []float64{0.9, 0.1, 0.4}}
	fmt.Println(harness.Bounded(0, 1).Check(nil, unnormalized, c))
	fmt.Println(harness.Bounded(0, 1).Check(nil, metrics.ROCAUC, c))
	// Output:
	// value 2, want a finite number in [0, 1]
	// <nil>
}

func ExampleCheckRankingMetric() {
	t := &exampleTB{}
	ap := harness.TrecRankingMetric(func(r metrics.Ranking) float64 {
		return metrics.QueryAveragePrecision(r, 1)
	})
	harness.CheckRankingMetric(t, ap) // DefaultRankingProperties
	fmt.Println("map failed:", t.Failed())
	// Output:
	// map failed: false
}

func ExampleCheckBinaryAccumulator() {
	t := &exampleTB{}
	harness.CheckBinaryAccumulator(t, func() metrics.BinaryAccumulator {
		a, err := metrics.NewBinaryAccumulator("roc_auc", metrics.DefaultBinaryOptions())
		if err != nil {
			panic(err)
		}
		return a
	}) // DefaultBinaryAccumulatorProperties: MergeEqualsWhole and more
	fmt.Println("roc_auc accumulator failed:", t.Failed())
	// Output:
	// roc_auc accumulator failed: false
}

func ExampleBinaryCases() {
	opt := harness.DefaultBinaryCaseOptions()
	opt.MaxRows, opt.Weighted, opt.OneClass = 4, false, false
	c := harness.BinaryCases(opt).Example(1) // the same case for the same seed
	fmt.Println(len(c.Labels) >= 2, c.Weights == nil)
	// Output:
	// true true
}
