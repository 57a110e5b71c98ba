// Package harness tests metric code with property-based checks: a team's
// own NDCG, business KPI or calibration score gets, in one line of go test,
// the laws that catch the silent bugs of metric code (ties counted as wins, a
// missing normalization, an ideal DCG built from the wrong documents, a
// Merge that drops a count, a value that depends on row order).
//
//	func TestMyAUC(t *testing.T) {
//		harness.CheckBinaryMetric(t, myAUC, harness.ROCAUCProperties()...)
//	}
//
// It is built on pgregory.net/rapid. Generators are typed values
// (BinaryCases, RankingCases, QueryCases for qrels/run pairs,
// RegressionCases) made from rapid's small combinators and sized by option
// structs (rows, score grid, tie rate, weights, one-class cases; judged
// documents, grades, unjudged documents); they live
// here, next to the properties that read them, so that a property and the
// inputs it needs (ties, exact monotone transforms on the score grid) are
// designed together. A property is a value, one generic type for every
// shape (Property[M, C] over the metric type and the case type, named
// BinaryProperty, MulticlassProperty, RegressionProperty, RankingProperty
// and BinaryAccumulatorProperty), whose Check returns an error describing
// the violation, or nil; NewProperty makes your own. The user combines
// them, and the Check functions (CheckBinaryMetric, CheckMulticlassMetric,
// CheckRegressionMetric, CheckRankingMetric, CheckBinaryAccumulator) are
// thin wrappers that run one rapid.Check per property against a testing.TB.
// With no properties they use the default set of the shape
// (DefaultBinaryProperties, DefaultMulticlassProperties,
// DefaultRegressionProperties, DefaultRankingProperties,
// DefaultBinaryAccumulatorProperties); named sets cover families
// (ScoreRankingProperties for threshold-free metrics such as average
// precision; ROCAUCProperties).
//
// Properties that compare two values of a metric (a permutation, a doubled
// weight, a merge) accept |got - want| <= 1e-9 + 1e-9*|want|, want the
// reference value (DefaultTolerance, under assert.Tolerance's rule). A
// metric may be undefined (return an error) on an input; the comparison
// then requires it to be undefined on the other input too. A NaN returned
// without an error always fails, and first: every Check function runs
// FiniteOrUndefined before the properties, and it names the kind of input
// ("returned NaN on a one-class case: a metric with no value on its input
// returns an error, such as *metrics.UndefinedError, never NaN"), so that a
// 0/0 is not reported as a broken Deterministic or PermutationInvariant.
//
// The generators draw rows as a list of independent rows (rapid.SliceOfN),
// so rapid shrinks a failing case by deleting any row and each value toward
// its simplest: the AUC that counts ties as wins fails ReversalComplement
// on labels=[false true] scores=[0 0] weights=[1 1], whatever the seed
// (shrink_test.go holds a few such minimal cases to that).
//
// How a failure reads. rapid shrinks the failing input to a small one and
// the test fails with the property, the shrunk case and the replay command:
//
//	[rapid] failed after 0 tests: PermutationInvariant violated on labels=[false false true] scores=[0 0 0] weights=[1 1 1]:
//	    original vs rows reordered as [0 2 1] (...): 0 vs 0.5 (|diff| = 0.5, tolerance abs 1e-09, rel 1e-09)
//	    To reproduce, specify -run="TestMyAUC" -rapid.seed=13559946733084249292
//
// Replay with that command line: go test -run=TestMyAUC -rapid.seed=N. rapid
// also saves the failing case under testdata/rapid/TestMyAUC/ and replays it
// with -rapid.failfile=PATH. The checks run 100 cases per property by default
// (a few milliseconds); raise the effort with -rapid.checks=10000, or let
// coverage-guided fuzzing drive a property through rapid.MakeFuzz and
// PropertyCheck:
//
//	func FuzzMyAUC(f *testing.F) {
//		f.Fuzz(rapid.MakeFuzz(harness.PropertyCheck(
//			harness.BinaryCases(harness.DefaultBinaryCaseOptions()), myAUC, harness.PermutationInvariant())))
//	}
//
// and run it with go test -fuzz=FuzzMyAUC -fuzzminimizetime=2s (rapid reads
// 8 bytes per choice, so give f.Add seeds of a few kilobytes).
//
// Models get the same treatment in the model*.go files: MinimumFunctionality,
// Invariance and Directional checks (CheckList style) return a ModelReport,
// with CheckXxx wrappers for tests.
//
// The package's own tests keep deliberately broken metrics (mutants) and
// assert that the property sets catch each of them while mltest's metrics
// pass: a property set that cannot fail would test nothing.
package harness
