package stats

import (
	"math"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// TestSortKeyedOrdersScores: on both paths (pdqsort below 1024 rows, radix
// sort above), the rows come out in ascending score order, the sort is a
// permutation, and -0 and +0 get one key.
func TestSortKeyedOrdersScores(t *testing.T) {
	if scoreKey(math.Copysign(0, -1)) != scoreKey(0) {
		t.Fatal("-0 and +0 have different keys")
	}
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.SampledFrom([]int{0, 1, 5, 1023, 1024, 3000}).Draw(t, "n")
		values := rapid.SliceOfN(rapid.Float64Range(-1e300, 1e300), 1, 20).Draw(t, "values")
		values = append(values, 0, math.Copysign(0, -1), -1e-310, 1e-310, math.MaxFloat64, -math.MaxFloat64)
		scores := make([]float64, n)
		rows := make([]keyedRow, n)
		for i := range scores {
			scores[i] = values[rapid.IntRange(0, len(values)-1).Draw(t, "pick")]
			rows[i] = keyedRow{scoreKey(scores[i]), i}
		}
		sorted := sortKeyed(rows, make([]keyedRow, n))
		seen := make([]bool, n)
		for k, r := range sorted {
			if seen[r.row] {
				t.Fatalf("row %d twice", r.row)
			}
			seen[r.row] = true
			if k > 0 && scores[sorted[k-1].row] > scores[r.row] {
				t.Fatalf("out of order at %d: %v > %v", k, scores[sorted[k-1].row], scores[r.row])
			}
			if k > 0 && (scores[sorted[k-1].row] == scores[r.row]) != (sorted[k-1].key == r.key) {
				t.Fatalf("equal scores and equal keys disagree at %d", k)
			}
		}
		want := slices.Clone(scores)
		slices.Sort(want)
		for k, r := range sorted {
			if scores[r.row] != want[k] {
				t.Fatalf("position %d: %v, want %v", k, scores[r.row], want[k])
			}
		}
	})
}
