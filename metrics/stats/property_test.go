package stats

import (
	"math"
	"runtime"
	"testing"

	"github.com/mltest/mltest/metrics"
	"pgregory.net/rapid"
)

// TestBootstrapProperties: for the mean of any data, with or without
// clusters: Lo <= Hi; the interval contains the estimate (up to rounding of
// the weighted sums, 1e-9 of the data's scale: true for the mean, whose
// bootstrap distribution is centred on it, not for every statistic); the
// same seed gives the identical interval; GOMAXPROCS 1 and 2 give the
// identical interval.
func TestBootstrapProperties(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	rapid.Check(t, func(t *rapid.T) {
		x := rapid.SliceOfN(rapid.Float64Range(-100, 100), 2, 40).Draw(t, "x")
		var clusters []int
		if rapid.Bool().Draw(t, "clustered") {
			clusters = rapid.SliceOfN(rapid.IntRange(0, 5), len(x), len(x)).Draw(t, "clusters")
		}
		opt := BootstrapOptions{
			Level:     rapid.Float64Range(0.5, 0.99).Draw(t, "level"),
			Resamples: rapid.IntRange(200, 400).Draw(t, "resamples"),
			Seed:      rapid.Uint64().Draw(t, "seed"),
			Clusters:  clusters,
		}
		runtime.GOMAXPROCS(1)
		iv1, err1 := Bootstrap(len(x), weightedMean(x), opt)
		runtime.GOMAXPROCS(2)
		iv2, err2 := Bootstrap(len(x), weightedMean(x), opt)
		if (err1 == nil) != (err2 == nil) || iv1 != iv2 {
			t.Fatalf("GOMAXPROCS 1: %+v %v; 2: %+v %v", iv1, err1, iv2, err2)
		}
		units := map[int]bool{}
		for _, c := range clusters {
			units[c] = true
		}
		if clusters != nil && len(units) < 2 {
			if err1 == nil {
				t.Fatalf("one cluster: no error")
			}
			return
		}
		if err1 != nil {
			t.Fatal(err1)
		}
		again, _ := Bootstrap(len(x), weightedMean(x), opt)
		if again != iv1 {
			t.Fatalf("same seed, different interval: %+v vs %+v", again, iv1)
		}
		tol := 1e-9 * 100
		if !(iv1.Lo <= iv1.Hi) || iv1.Lo > iv1.Estimate+tol || iv1.Hi < iv1.Estimate-tol || iv1.Level != opt.Level {
			t.Fatalf("interval %+v does not contain its estimate or Lo > Hi", iv1)
		}
	})
}

// TestPairedBootstrapProperties: P in (0, 1], Lo <= Hi, and swapping
// baseline and candidate negates Diff and the interval (up to rounding of the
// interpolation) and keeps P.
func TestPairedBootstrapProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(2, 30).Draw(t, "n")
		a := rapid.SliceOfN(rapid.Float64Range(0, 1), n, n).Draw(t, "a")
		b := rapid.SliceOfN(rapid.Float64Range(0, 1), n, n).Draw(t, "b")
		opt := BootstrapOptions{Resamples: 200, Seed: rapid.Uint64().Draw(t, "seed")}
		c, err := PairedBootstrap(n, weightedMean(a), weightedMean(b), opt)
		if err != nil {
			t.Fatal(err)
		}
		r, err := PairedBootstrap(n, weightedMean(b), weightedMean(a), opt)
		if err != nil {
			t.Fatal(err)
		}
		if !(c.P > 0 && c.P <= 1) || c.Interval.Lo > c.Interval.Hi {
			t.Fatalf("%+v", c)
		}
		// The interpolated quantiles are mirror images only up to rounding.
		if r.Diff != -c.Diff || r.P != c.P || math.Abs(r.Interval.Lo+c.Interval.Hi) > 1e-12 || math.Abs(r.Interval.Hi+c.Interval.Lo) > 1e-12 {
			t.Fatalf("swap: %+v vs %+v", r, c)
		}
	})
}

// TestDeLongProperties: the AUC equals metrics.ROCAUC, the variance is not
// negative, the interval lies in [0, 1] and contains the AUC; DeLongTest is
// antisymmetric in its two scorings.
func TestDeLongProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(4, 60).Draw(t, "n")
		labels := rapid.SliceOfN(rapid.Bool(), n, n).Draw(t, "labels")
		labels[0], labels[1], labels[2], labels[3] = true, true, false, false
		// Few distinct values, so ties are common.
		s1 := rapid.SliceOfN(rapid.Map(rapid.Float64Range(0, 4), math.Round), n, n).Draw(t, "s1")
		s2 := rapid.SliceOfN(rapid.Float64Range(-1, 1), n, n).Draw(t, "s2")
		auc, v, err := DeLong(labels, s1)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := metrics.ROCAUC(labels, s1, nil)
		if math.Abs(auc-want) > 1e-15 || !(v >= 0) {
			t.Fatalf("DeLong = (%v, %v), ROCAUC %v", auc, v, want)
		}
		iv, err := DeLongInterval(labels, s1, 0.95)
		if err != nil || !(0 <= iv.Lo && iv.Lo <= iv.Estimate && iv.Estimate <= iv.Hi && iv.Hi <= 1) {
			t.Fatalf("DeLongInterval = %+v, %v", iv, err)
		}
		c, err := DeLongTest(labels, s1, s2, 0.9)
		if err != nil {
			t.Fatal(err)
		}
		r, err := DeLongTest(labels, s2, s1, 0.9)
		if err != nil {
			t.Fatal(err)
		}
		if r.Diff != -c.Diff || math.Abs(r.P-c.P) > 1e-15 || !(c.P >= 0 && c.P <= 1) || c.Interval.Lo > c.Diff || c.Interval.Hi < c.Diff {
			t.Fatalf("DeLongTest: %+v, swapped %+v", c, r)
		}
	})
}

// TestBenjaminiHochbergProperties: adjusted p-values are in [raw p, 1],
// monotone in the raw ones, and permuting the input permutes the output.
func TestBenjaminiHochbergProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := rapid.SliceOfN(rapid.Float64Range(0, 1), 0, 50).Draw(t, "p")
		adj := BenjaminiHochberg(p)
		for i := range p {
			if adj[i] < p[i] || adj[i] > 1 {
				t.Fatalf("adj[%d] = %v for p = %v", i, adj[i], p[i])
			}
			for j := range p {
				if p[i] <= p[j] && adj[i] > adj[j] {
					t.Fatalf("not monotone: p %v <= %v but adj %v > %v", p[i], p[j], adj[i], adj[j])
				}
			}
		}
		perm := rapid.Permutation(indices(len(p))).Draw(t, "perm")
		q := make([]float64, len(p))
		for i, k := range perm {
			q[i] = p[k]
		}
		adjQ := BenjaminiHochberg(q)
		for i, k := range perm {
			if adjQ[i] != adj[k] {
				t.Fatalf("permuted input: %v vs %v", adjQ, adj)
			}
		}
	})
}

func indices(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// TestMcNemarProperties: P in [0, 1]; swapping the models keeps P and negates
// Diff.
func TestMcNemarProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 200).Draw(t, "n")
		a := rapid.SliceOfN(rapid.Bool(), n, n).Draw(t, "a")
		b := rapid.SliceOfN(rapid.Bool(), n, n).Draw(t, "b")
		r, err := McNemar(a, b)
		if err != nil {
			t.Fatal(err)
		}
		s, _ := McNemar(b, a)
		c, d := r.Comparison(0.95), s.Comparison(0.95)
		if !(r.P >= 0 && r.P <= 1) || r.P != s.P || c.Diff != -d.Diff || c.Interval.Lo > c.Interval.Hi {
			t.Fatalf("McNemar: %+v vs swapped %+v", r, s)
		}
	})
}
