package metrics

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"pgregory.net/rapid"
)

// The radix sort orders keys as the float64 scores, including negative
// numbers, zeros of both signs and subnormals.
func TestSortRowsPropertyOrdersScores(t *testing.T) {
	special := []float64{0, math.Copysign(0, -1), 5e-324, -5e-324, math.MaxFloat64, -math.MaxFloat64, 1, -1, 0.5}
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 300).Draw(t, "n")
		rows := make([]scoredRow, n)
		for i := range rows {
			var s float64
			if rapid.Bool().Draw(t, "special") {
				s = rapid.SampledFrom(special).Draw(t, "s")
			} else {
				s = rapid.Float64().Draw(t, "s")
			}
			if math.IsNaN(s) || math.IsInf(s, 0) {
				s = 0
			}
			rows[i] = makeRow(i%2 == 0, s, float64(i))
		}
		sorted := sortRows(rows, make([]scoredRow, n))
		for i := 1; i < n; i++ {
			a, b := keyScore(sorted[i-1].Key), keyScore(sorted[i].Key)
			if a > b {
				t.Fatalf("rows %d, %d out of order: %v > %v", i-1, i, a, b)
			}
			if a == b && rowWeight(sorted[i-1]) > rowWeight(sorted[i]) {
				t.Fatalf("not stable at %d: weights (input order) %v, %v", i, rowWeight(sorted[i-1]), rowWeight(sorted[i]))
			}
		}
		seen := make([]bool, n)
		for _, r := range sorted {
			i := int(rowWeight(r))
			if seen[i] || rowLabel(r) != (i%2 == 0) {
				t.Fatalf("row %d duplicated or its label lost", i)
			}
			seen[i] = true
		}
	})
}

func TestScoreKeyRoundTrip(t *testing.T) {
	for _, s := range []float64{0, 1, -1, 0.1, -2.5e-300, 5e-324, math.MaxFloat64, -math.MaxFloat64} {
		if got := keyScore(scoreKey(s)); got != s {
			t.Errorf("keyScore(scoreKey(%v)) = %v", s, got)
		}
	}
	if scoreKey(math.Copysign(0, -1)) != scoreKey(0) {
		t.Errorf("-0 and +0 have different keys; numpy ties them")
	}
	if !(scoreKey(-1) < scoreKey(-0.5) && scoreKey(-0.5) < scoreKey(0) && scoreKey(0) < scoreKey(5e-324) && scoreKey(5e-324) < scoreKey(1)) {
		t.Errorf("scoreKey does not preserve order")
	}
}

// Large inputs take the bucketed path; compare with a comparison sort.
func TestSortRowsLargeMatchesSortSlice(t *testing.T) {
	const seed = 7
	r := rand.New(rand.NewPCG(seed, 1))
	draws := []struct {
		name string
		draw func() float64
	}{
		{"uniform", r.Float64},
		{"sigmoid", func() float64 { return 1 / (1 + math.Exp(-4*r.NormFloat64())) }},
		{"tenths", func() float64 { return float64(r.IntN(11)) / 10 }},
		{"wide", func() float64 { return r.NormFloat64() * math.Pow(10, float64(r.IntN(40)-20)) }},
		{"two close", func() float64 { return 1 + float64(r.IntN(2))*0x1p-52 }},
		{"outliers", func() float64 {
			if r.IntN(10000) == 0 {
				return -1e300
			}
			return r.Float64()
		}},
	}
	for _, d := range draws {
		name, draw := d.name, d.draw
		for _, n := range []int{3000, 200_000} {
			rows := make([]scoredRow, n)
			for i := range rows {
				rows[i] = makeRow(i%3 == 0, draw(), float64(i))
			}
			want := append([]scoredRow(nil), rows...)
			sort.SliceStable(want, func(i, j int) bool { return want[i].Key < want[j].Key })
			got := sortRows(rows, make([]scoredRow, n))
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("seed %d, %s, n=%d: row %d = %v, want %v", seed, name, n, i, got[i], want[i])
				}
			}
		}
	}
}
