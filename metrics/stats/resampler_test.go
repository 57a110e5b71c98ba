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

// TestPCGMatchesMathRand: pcg and drawUnits draw what math/rand/v2's PCG
// and Rand.Uint64N draw, for bounds small and large, powers of two and
// bounds whose rejection threshold is large (2^63+1, 3·2^62).
func TestPCGMatchesMathRand(t *testing.T) {
	for _, n := range []uint64{1, 2, 3, 7, 256, 1000, 1 << 20, 1<<20 + 1, 1<<63 + 1, 3 << 62, 1<<64 - 1} {
		for seed := range uint64(4) {
			p := newPCG(splitmix64(seed), seed)
			want := rand.New(rand.NewPCG(splitmix64(seed), seed))
			for i := range 2000 {
				if got, w := p.uint64n(n), want.Uint64N(n); got != w {
					t.Fatalf("n %d seed %d draw %d: pcg %d, math/rand %d", n, seed, i, got, w)
				}
			}
		}
	}
	for _, units := range []int{2, 3, 64, 1000, 4096} {
		p := newPCG(5, 6)
		counts := make([]uint8, units)
		var wrapped []int
		drawUnits(&p, counts, &wrapped)
		got := make([]float64, units)
		expandCounts(counts, wrapped, got)
		rng := rand.New(rand.NewPCG(5, 6))
		want := make([]float64, units)
		for range units {
			want[rng.Uint64N(uint64(units))]++
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("%d units (-want +got):\n%s", units, diff)
		}
	}
}
