package harness_test

import (
	"testing"

	"pgregory.net/rapid"

	"github.com/mltest/mltest/harness"
	"github.com/mltest/mltest/metrics"
)

// FuzzROCAUCPermutationInvariant lets go test -fuzz drive the property: the
// fuzzer's bytes become rapid's choices, so coverage guidance explores
// cases the random generator rarely reaches.
//
//	go test -run='^$' -fuzz=FuzzROCAUCPermutationInvariant -fuzztime=30s ./harness
func FuzzROCAUCPermutationInvariant(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{3, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0})
	f.Fuzz(rapid.MakeFuzz(harness.BinaryPropertyCheck(
		harness.BinaryCases(harness.DefaultBinaryCaseOptions()), metrics.ROCAUC, harness.PermutationInvariant())))
}

// FuzzAccumulatorMergeEqualsWhole fuzzes MergeEqualsWhole for average
// precision, whose accumulator merges sorted runs.
func FuzzAccumulatorMergeEqualsWhole(f *testing.F) {
	f.Add([]byte{})
	cases := harness.BinaryCases(harness.DefaultBinaryCaseOptions())
	newAcc := func() metrics.BinaryAccumulator {
		a, _ := metrics.NewBinaryAccumulator("average_precision", metrics.DefaultBinaryOptions())
		return a
	}
	p := harness.MergeEqualsWhole(harness.DefaultTolerance)
	f.Fuzz(rapid.MakeFuzz(harness.BinaryAccumulatorPropertyCheck(cases, newAcc, p)))
}
