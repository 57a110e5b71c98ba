package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

func TestKSTwoSampleBadInput(t *testing.T) {
	if _, err := KSTwoSample(nil, []float64{1}); err == nil || !strings.Contains(err.Error(), "empty sample") {
		t.Errorf("empty sample: err = %v", err)
	}
	_, err := KSTwoSample([]float64{1, 2}, []float64{1, math.NaN()})
	if err == nil || err.Error() != "metrics/stats: KSTwoSample: NaN in second sample at index 1" {
		t.Errorf("NaN: err = %v", err)
	}
}

// Laws: D and p are symmetric in the samples and lie in [0, 1]; for equal
// sizes the lattice recurrence equals the binomial series.
func TestKSTwoSampleProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		gen := rapid.SliceOfN(rapid.Float64Range(-3, 3), 1, 60)
		x, y := gen.Draw(t, "x"), gen.Draw(t, "y")
		a, _ := KSTwoSample(x, y)
		b, _ := KSTwoSample(y, x)
		if a.D != b.D || math.Abs(a.PValue-b.PValue) > 1e-12 {
			t.Fatalf("not symmetric: %+v vs %+v", a, b)
		}
		if a.D < 0 || a.D > 1 || a.PValue < 0 || a.PValue > 1 {
			t.Fatalf("out of [0, 1]: %+v", a)
		}
		n := rapid.IntRange(1, 80).Draw(t, "n")
		h := rapid.IntRange(1, n).Draw(t, "h")
		if d := math.Abs(ksExactPValue(n, n, int64(h)*int64(n)) - ksExactPValueSquare(n, h)); d > 1e-12 {
			t.Fatalf("n=%d h=%d: recurrence and series differ by %g", n, h, d)
		}
	})
}

// Above 10000 values the p-value is asymptotic, and KSTwoSampleSorted on
// sorted copies gives KSTwoSample's result to the bit, whichever sample
// comes first.
func TestLargeKSTwoSampleSortedIsKSTwoSample(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rng := rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "seed"), 1))
		n1 := rapid.IntRange(10001, 30000).Draw(t, "n1")
		n2 := rapid.IntRange(1, 30000).Draw(t, "n2")
		shift := rapid.Float64Range(0, 0.1).Draw(t, "shift")
		x, y := make([]float64, n1), make([]float64, n2)
		for i := range x {
			x[i] = math.Round(rng.NormFloat64()*100) / 100 // ties
		}
		for i := range y {
			y[i] = math.Round((rng.NormFloat64()+shift)*100) / 100
		}
		want, err := KSTwoSample(x, y)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(x)
		slices.Sort(y)
		for _, got := range []KSResult{KSTwoSampleSorted(x, y), KSTwoSampleSorted(y, x)} {
			if got.D != want.D || got.PValue != want.PValue || got.At != want.At || got.Exact {
				t.Fatalf("KSTwoSampleSorted = %+v, KSTwoSample = %+v", got, want)
			}
		}
	})
}

// ksExactPValueFull is the plain O(m*n) recurrence over the whole grid, the
// oracle for the banded ksExactPValue.
func ksExactPValueFull(m, n int, hg int64) float64 {
	if hg <= 0 {
		return 1
	}
	inside := func(i, j int) bool {
		v := int64(i)*int64(n) - int64(j)*int64(m)
		return v < hg && -v < hg
	}
	q := make([]float64, n+1)
	q[0] = 1
	for j := 1; j <= n; j++ {
		if inside(0, j) {
			q[j] = q[j-1]
		}
	}
	for i := 1; i <= m; i++ {
		if !inside(i, 0) {
			q[0] = 0
		}
		for j := 1; j <= n; j++ {
			if !inside(i, j) {
				q[j] = 0
				continue
			}
			q[j] = (float64(i)*q[j] + float64(j)*q[j-1]) / float64(i+j)
		}
	}
	return 1 - q[n]
}

func TestKSExactBandEqualsFullGrid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := rapid.IntRange(1, 70).Draw(t, "m")
		n := rapid.IntRange(1, 70).Draw(t, "n")
		g := gcd(m, n)
		lcm := m / g * n
		h := rapid.IntRange(0, lcm+1).Draw(t, "h")
		hg := int64(h) * int64(g)
		if a, b := ksExactPValue(m, n, hg), ksExactPValueFull(m, n, hg); math.Abs(a-b) > 1e-13 {
			t.Fatalf("m=%d n=%d h=%d: band %v, full grid %v", m, n, h, a, b)
		}
	})
}

func BenchmarkKSTwoSampleExact2000x3000(b *testing.B) {
	x, y := make([]float64, 2000), make([]float64, 3000)
	for i := range x {
		x[i] = math.Sin(float64(i))
	}
	for i := range y {
		y[i] = math.Sin(float64(i)*1.3) + 0.05
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := KSTwoSample(x, y); err != nil {
			b.Fatal(err)
		}
	}
}
