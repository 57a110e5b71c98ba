package radix

import (
	"math"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// TestSortOrdersScores: at sizes around the insertion-sort, bucket and
// re-split thresholds, rows come out in ascending score order, the sort is a
// permutation, equal scores and only they share a key, and -0 and +0 get one
// key. (Moved here with DeLong's own sort, which this package replaced.)
func TestSortOrdersScores(t *testing.T) {
	if ScoreKey(math.Copysign(0, -1)) != ScoreKey(0) {
		t.Fatal("-0 and +0 have different keys")
	}
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.SampledFrom([]int{0, 1, 5, 48, 49, 1023, 1024, 3000, 70000}).Draw(t, "n")
		values := rapid.SliceOfN(rapid.Float64Range(-1e300, 1e300), 1, 20).Draw(t, "values")
		values = append(values, 0, math.Copysign(0, -1), -1e-310, 1e-310, math.MaxFloat64, -math.MaxFloat64)
		scores := make([]float64, n)
		rows := make([]Row, n)
		for i := range scores {
			scores[i] = values[rapid.IntRange(0, len(values)-1).Draw(t, "pick")]
			rows[i] = Row{ScoreKey(scores[i]), uint64(i)}
		}
		sorted := Sort(rows, make([]Row, n))
		seen := make([]bool, n)
		for k, r := range sorted {
			if seen[int(r.Payload)] {
				t.Fatalf("row %d twice", int(r.Payload))
			}
			seen[int(r.Payload)] = true
			if k > 0 && scores[int(sorted[k-1].Payload)] > scores[int(r.Payload)] {
				t.Fatalf("out of order at %d: %v > %v", k, scores[int(sorted[k-1].Payload)], scores[int(r.Payload)])
			}
			if k > 0 && (scores[int(sorted[k-1].Payload)] == scores[int(r.Payload)]) != (sorted[k-1].Key == r.Key) {
				t.Fatalf("equal scores and equal keys disagree at %d", k)
			}
		}
		want := slices.Clone(scores)
		slices.Sort(want)
		for k, r := range sorted {
			if scores[int(r.Payload)] != want[k] {
				t.Fatalf("position %d: %v, want %v", k, scores[int(r.Payload)], want[k])
			}
		}
	})
}

func TestKeyScoreInvertsScoreKey(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.Float64().Draw(t, "score")
		if math.IsNaN(s) || s == 0 {
			return
		}
		if got := KeyScore(ScoreKey(s)); got != s {
			t.Fatalf("KeyScore(ScoreKey(%v)) = %v", s, got)
		}
	})
}
