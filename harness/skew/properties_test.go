package skew

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/mltest/mltest/metrics/stats"
	"pgregory.net/rapid"
)

// Samples on a grid of quarters, so ties and repeated quantile edges are
// common, with a few missing values.
func sampleGen(min int) *rapid.Generator[[]string] {
	return rapid.SliceOfN(rapid.Custom(func(t *rapid.T) string {
		if rapid.IntRange(0, 20).Draw(t, "missing?") == 0 {
			return ""
		}
		return fmt.Sprint(float64(rapid.IntRange(-40, 40).Draw(t, "v")) / 4)
	}), min, 120)
}

var categoryGen = rapid.SliceOfN(rapid.SampledFrom([]string{"a", "b", "c", "d", "e", "null", "f"}), 1, 120)

func profileOfColumn(t *rapid.T, vals []string) *Profile {
	p := NewProfile([]string{"x"}, nil)
	if err := p.AddTexts("x", vals); err != nil {
		t.Fatal(err)
	}
	return p
}

func compareColumns(t *rapid.T, ref, cur []string, bins int) FeatureSkew {
	r, err := Compare(profileOfColumn(t, ref), profileOfColumn(t, cur), Options{Bins: bins})
	if err != nil {
		t.Fatal(err)
	}
	return r.Features[0]
}

// distances lists the statistics that are 0 for identical samples.
func distances(f FeatureSkew) map[string]float64 {
	m := map[string]float64{"psi": f.PSI, "js": f.JSDistance}
	if f.Kind == Numeric {
		m["ks_d"], m["w"], m["w_norm"], m["smd"] = math.NaN(), f.Wasserstein, f.WassersteinNorm, f.SMD
		if f.KS != nil {
			m["ks_d"] = f.KS.D
		}
	} else {
		m["linf"] = f.LInf
	}
	return m
}

// hasValues reports whether a sample has a value that is not missing: the
// properties below are about distributions, which an all-missing sample
// does not have (Compare warns that its statistics are undefined).
func hasValues(vals []string) bool {
	return slices.ContainsFunc(vals, func(s string) bool { return !IsMissing(s) })
}

func TestIdenticalSamplesHaveZeroDistance(t *testing.T) {
	for _, gen := range []*rapid.Generator[[]string]{sampleGen(1), categoryGen} {
		rapid.Check(t, func(t *rapid.T) {
			x := gen.Filter(hasValues).Draw(t, "x")
			f := compareColumns(t, x, x, rapid.IntRange(1, 12).Draw(t, "bins"))
			for name, v := range distances(f) {
				if v != 0 {
					t.Fatalf("%s(x, x) = %v, want 0", name, v)
				}
			}
			if f.Drifted {
				t.Fatalf("identical samples drifted: %v", f.Exceeded)
			}
		})
	}
}

func TestSymmetricStatistics(t *testing.T) {
	for _, gen := range []*rapid.Generator[[]string]{sampleGen(1), categoryGen} {
		rapid.Check(t, func(t *rapid.T) {
			present := gen.Filter(hasValues) // a column with no value has no distribution
			x, y := present.Draw(t, "x"), present.Draw(t, "y")
			a, b := compareColumns(t, x, y, 10), compareColumns(t, y, x, 10)
			if a.Kind != b.Kind {
				t.Fatalf("kinds %v, %v", a.Kind, b.Kind)
			}
			sym := []string{"ks_d", "w", "linf"}
			if a.Kind == Categorical {
				sym = append(sym, "js") // numeric bins come from the reference
			}
			da, db := distances(a), distances(b)
			for _, name := range sym {
				if va, vb := da[name], db[name]; !close9(va, vb) && !(math.IsNaN(va) && math.IsNaN(vb)) {
					t.Fatalf("%s(x, y) = %v, %s(y, x) = %v", name, va, name, vb)
				}
			}
		})
	}
}

func TestBounds(t *testing.T) {
	for _, gen := range []*rapid.Generator[[]string]{sampleGen(1), categoryGen} {
		rapid.Check(t, func(t *rapid.T) {
			present := gen.Filter(hasValues) // a column with no value has no distribution
			x, y := present.Draw(t, "x"), present.Draw(t, "y")
			f := compareColumns(t, x, y, rapid.IntRange(1, 12).Draw(t, "bins"))
			in01 := func(name string, v float64) {
				if !(v >= 0 && v <= 1) {
					t.Fatalf("%s = %v, want in [0, 1]", name, v)
				}
			}
			in01("js_distance", f.JSDistance)
			in01("missing_rate_ref", f.MissingRateRef)
			if !(f.PSI >= 0) {
				t.Fatalf("psi = %v, want >= 0", f.PSI)
			}
			if f.Kind == Numeric {
				in01("ks_d", f.KS.D)
				in01("ks_pvalue", f.KS.PValue)
				if !(f.Wasserstein >= 0) || !(f.WassersteinNorm >= 0) {
					t.Fatalf("wasserstein %v, norm %v", f.Wasserstein, f.WassersteinNorm)
				}
				// W1 >= |mean difference| (Jensen), and KS D <= 1.
				if f.Wasserstein < math.Abs(f.MeanCur-f.MeanRef)-1e-12 {
					t.Fatalf("wasserstein %v < |mean diff| %v", f.Wasserstein, math.Abs(f.MeanCur-f.MeanRef))
				}
			} else {
				in01("linf", f.LInf)
			}
		})
	}
}

func shuffled(t *rapid.T, x []string) []string {
	return rapid.Permutation(x).Draw(t, "perm")
}

func TestRowOrderDoesNotMatter(t *testing.T) {
	for _, gen := range []*rapid.Generator[[]string]{sampleGen(1), categoryGen} {
		rapid.Check(t, func(t *rapid.T) {
			x, y := gen.Draw(t, "x"), gen.Draw(t, "y")
			a := compareColumns(t, x, y, 10)
			b := compareColumns(t, shuffled(t, x), shuffled(t, y), 10)
			if d := cmp.Diff(a, b, cmpopts.EquateNaNs()); d != "" {
				t.Fatalf("shuffling rows changed the comparison (-in order +shuffled):\n%s", d)
			}
		})
	}
}

// Merging the profiles of any split of the rows gives the whole's
// comparison, whatever the split (even one that makes a feature categorical
// in one part only).
func TestMergeOfSplitEqualsWhole(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		gen := rapid.SampledFrom([]*rapid.Generator[[]string]{sampleGen(1), categoryGen, rapid.SliceOfN(rapid.SampledFrom([]string{"1", "2.5", "x", "", "inf"}), 1, 50)}).Draw(t, "gen")
		x, y := gen.Draw(t, "x"), gen.Draw(t, "y")
		cut := rapid.IntRange(0, len(x)).Draw(t, "cut")
		whole := compareColumns(t, x, y, 10)
		p := profileOfColumn(t, x[:cut])
		p.Merge(profileOfColumn(t, x[cut:]))
		r, err := Compare(p, profileOfColumn(t, y), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(whole, r.Features[0], cmpopts.EquateNaNs()); d != "" {
			t.Fatalf("merge of x[:%d] and x[%d:] (-whole +merged):\n%s", cut, cut, d)
		}
	})
}

// A sample moved by c: the Wasserstein distance is |c|, KS D is positive,
// and moved beyond its range, every distance is larger than for the
// unmoved sample.
func TestShiftedSampleIsFarther(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 80).Draw(t, "n")
		x := make([]float64, n)
		for i := range x {
			x[i] = float64(rapid.IntRange(-40, 40).Draw(t, "v")) / 4
		}
		c := float64(rapid.IntRange(1, 400).Draw(t, "shift")) / 16
		moved := make([]float64, n)
		for i, v := range x {
			moved[i] = v + c
		}
		p, q := NewProfile([]string{"x"}, nil), NewProfile([]string{"x"}, nil)
		p.AddNumbers("x", x)
		q.AddNumbers("x", moved)
		same, err := Compare(p, p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		r, err := Compare(p, q, Options{})
		if err != nil {
			t.Fatal(err)
		}
		f, g := r.Features[0], same.Features[0]
		if !close9(f.Wasserstein, c) || !(f.KS.D > g.KS.D) {
			t.Fatalf("moved by %v: wasserstein %v, ks_d %v (unmoved %v)", c, f.Wasserstein, f.KS.D, g.KS.D)
		}
		if slices.Max(x) < slices.Min(moved) {
			for name, v := range distances(f) {
				if name != "smd" && name != "w_norm" && !(v > distances(g)[name]) {
					t.Fatalf("moved beyond its range by %v: %s = %v, unmoved %v", c, name, v, distances(g)[name])
				}
			}
		}
	})
}

// The numeric PSI is stats.PSI's (same bins, same epsilon), to the bit.
func TestNumericPSIIsStatsPSI(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		gen := rapid.SliceOfN(rapid.Float64Range(-3, 3), 1, 150)
		x, y := gen.Draw(t, "ref"), gen.Draw(t, "cur")
		bins := rapid.IntRange(1, 20).Draw(t, "bins")
		p, q := NewProfile([]string{"x"}, nil), NewProfile([]string{"x"}, nil)
		p.AddNumbers("x", x)
		q.AddNumbers("x", y)
		r, err := Compare(p, q, Options{Bins: bins})
		if err != nil {
			t.Fatal(err)
		}
		want, err := stats.PSI(y, x, bins)
		if err != nil {
			t.Fatal(err)
		}
		if r.Features[0].PSI != want.PSI || r.Features[0].Bins != len(want.Expected) {
			t.Fatalf("PSI %v over %d bins, stats.PSI %v over %d", r.Features[0].PSI, r.Features[0].Bins, want.PSI, len(want.Expected))
		}
	})
}

// sortValues (a radix sort from 4096 values) sorts as slices.Sort does.
func TestSortValuesIsSort(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.SampledFrom([]int{0, 1, 5, radixMin - 1, radixMin, 10000}).Draw(t, "n")
		rng := rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "seed"), 2))
		special := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.MaxFloat64, -math.MaxFloat64,
			math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64, 1, -1}
		scale := rapid.SampledFrom([]float64{1, 1e-300, 1e300, 0}).Draw(t, "scale")
		x := make([]float64, n)
		for i := range x {
			switch rng.IntN(4) {
			case 0:
				x[i] = special[rng.IntN(len(special))]
			case 1:
				x[i] = float64(rng.IntN(7) - 3) // ties
			default:
				x[i] = rng.NormFloat64() * scale
			}
		}
		want := slices.Clone(x)
		slices.Sort(want)
		sortValues(x)
		for i := range x {
			if x[i] != want[i] {
				t.Fatalf("sortValues: [%d] = %v, slices.Sort %v", i, x[i], want[i])
			}
		}
	})
}
