package harness_test

import (
	"math/rand/v2"
	"testing"

	"pgregory.net/rapid"

	"github.com/mltest/mltest/harness"
	"github.com/mltest/mltest/metrics"
)

// FuzzROCAUCPermutationInvariant lets go test -fuzz drive the property: the
// fuzzer's bytes become rapid's choices, so coverage guidance explores
// cases the random generator rarely reaches.
//
//	go test -run='^$' -fuzz=FuzzROCAUCPermutationInvariant -fuzztime=30s -fuzzminimizetime=2s ./harness
//
// The seeds are long (a whole case), so minimizing each new interesting
// input with the default -fuzzminimizetime=60s stalls the progress report;
// a short minimize time keeps the fuzzer fuzzing.
func FuzzROCAUCPermutationInvariant(f *testing.F) {
	addRandomSeeds(f)
	f.Fuzz(rapid.MakeFuzz(harness.PropertyCheck(
		harness.BinaryCases(harness.DefaultBinaryCaseOptions()), metrics.ROCAUC, harness.PermutationInvariant())))
}

// FuzzAccumulatorMergeEqualsWhole fuzzes MergeEqualsWhole for average
// precision, whose accumulator merges sorted runs.
func FuzzAccumulatorMergeEqualsWhole(f *testing.F) {
	addRandomSeeds(f)
	cases := harness.BinaryCases(harness.DefaultBinaryCaseOptions())
	newAcc := func() metrics.BinaryAccumulator {
		a, _ := metrics.NewBinaryAccumulator("average_precision", metrics.DefaultBinaryOptions())
		return a
	}
	p := harness.MergeEqualsWhole(harness.DefaultTolerance)
	f.Fuzz(rapid.MakeFuzz(harness.PropertyCheck(cases, newAcc, p)))
}

// addRandomSeeds gives the fuzzer inputs long enough for a whole case: rapid
// reads 8 bytes per choice, and a short input ends in an overrun that rapid
// reports as invalid data (the fuzz run skips it). The seeds come from a
// fixed PCG seed, so the corpus is the same on every run.
func addRandomSeeds(f *testing.F) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 4 {
		b := make([]byte, 8*400)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		f.Add(b)
	}
}
