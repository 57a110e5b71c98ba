package stats

import (
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestResamplerDrawsMultinomialCounts: draw's multiplicities are the counts
// of the units drawn by the resample's generator, kept in float64 (how
// draw counted before it kept a byte a unit), rows and clusters alike.
func TestResamplerDrawsMultinomialCounts(t *testing.T) {
	const n = 3000
	clusters := make([]int, n)
	for i := range clusters {
		clusters[i] = (i * 7) % 101
	}
	for _, cl := range [][]int{nil, clusters} {
		rs, err := newResampler(n, cl)
		if err != nil {
			t.Fatal(err)
		}
		counts, mult := make([]uint8, rs.units), make([]float64, n)
		var wrapped []int
		for r := range 5 {
			rs.draw(9, r, counts, &wrapped, mult)
			rng := rand.New(rand.NewPCG(splitmix64(9), splitmix64(9^splitmix64(uint64(r)+1))))
			want := make([]float64, rs.units)
			for range rs.units {
				want[rng.Uint64N(uint64(rs.units))]++
			}
			if cl != nil {
				byRow := make([]float64, n)
				for i, c := range rs.unitOf {
					byRow[i] = want[c]
				}
				want = byRow
			}
			if diff := cmp.Diff(want, mult); diff != "" {
				t.Fatalf("clusters %v, resample %d (-want +got):\n%s", cl != nil, r, diff)
			}
		}
	}
}

// TestCountUnitWraps: counts of 256 and more survive the byte counter.
func TestCountUnitWraps(t *testing.T) {
	counts := make([]uint8, 4)
	var wrapped []int
	for range 600 {
		countUnit(counts, &wrapped, 3)
	}
	for range 256 {
		countUnit(counts, &wrapped, 1)
	}
	countUnit(counts, &wrapped, 0)
	got := make([]float64, 4)
	expandCounts(counts, wrapped, got)
	if diff := cmp.Diff([]float64{1, 256, 0, 600}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
