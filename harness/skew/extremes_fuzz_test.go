package skew

import (
	"math"
	"math/big"
	"slices"
	"testing"

	"github.com/mltest/mltest/internal/exactref"
	"github.com/mltest/mltest/metrics/stats"
)

// FuzzNumericSkewExtremes holds Compare's numeric statistics to exact
// evaluations (internal/exactref) on a reference and a current sample of up
// to 5 values each, from 2^-1024 to 2^504 in magnitude, either sign, ties
// included (first byte: the reference's size and the number of bins).
//
// Tolerances, each what the float64 formula can promise:
//   - MeanRef, MeanCur, StdRef, StdCur, Wasserstein, KS D, PSI: 1e-12
//     relative (PSI's terms (a-e)·ln(a/e) are all >= 0; the shares are the
//     float64 count/n, as Compare forms them).
//   - WassersteinNorm = W/StdRef: 1e-12 relative.
//   - SMD = (MeanCur - MeanRef)/StdRef: 1e-12 of (|MeanCur| + |MeanRef|)/StdRef
//     when that is larger than |SMD|: the difference of two rounded means.
//   - JSDistance: its square, the divergence, to 1e-12 of the sum of the
//     absolute values of its terms a·log2(a/m) (of either sign, they
//     cancel as the distributions approach each other); the square root of
//     a divergence of 1e-17 carries an absolute error of 1e-9, which no
//     float64 evaluation of this formula avoids.
//
// The bins are stats.QuantileBinEdges of the reference, taken as given;
// the counts in them and everything after are exact.
func FuzzNumericSkewExtremes(f *testing.F) {
	f.Add([]byte{0x13, 0x40, 0, 0x41, 0, 0x42, 2, 0x40, 0, 0x80, 0, 0x20, 1})
	f.Add([]byte{0x22, 0xbf, 0, 0xbf, 1, 0, 2, 0xbf, 0, 0xbe, 0, 0xbf, 1})
	f.Add([]byte{0x31, 0x80, 0, 0x80, 0, 0x80, 0, 0x80, 2, 0x80, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 1 {
			return
		}
		nRef, bins := 1+int(data[0]&7)%5, 1+int(data[0]>>4)%4
		var vals []float64
		for i := 1; i+2 <= len(data) && len(vals) < 10; i += 2 {
			vals = append(vals, exactref.Signed(data[i], data[i+1]))
		}
		if len(vals) <= nRef {
			return
		}
		ref, cur := vals[:nRef], vals[nRef:]
		rp, cp := NewProfile([]string{"x"}, map[string]Kind{"x": Numeric}), NewProfile([]string{"x"}, map[string]Kind{"x": Numeric})
		rp.AddNumbers("x", ref)
		cp.AddNumbers("x", cur)
		rep, err := Compare(rp, cp, Options{Bins: bins})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := rep.Feature("x")
		check := func(what string, got float64, want exactref.Value, scale float64) {
			t.Helper()
			if msg := exactref.Check(what, got, true, want, 1e-12, scale); msg != "" {
				t.Errorf("%s (ref %v, cur %v, %d bins)", msg, ref, cur, bins)
			}
		}
		mr, vr := exactMoments(ref)
		mc, vc := exactMoments(cur)
		check("MeanRef", got.MeanRef, exactref.Of(mr), 0)
		check("MeanCur", got.MeanCur, exactref.Of(mc), 0)
		sr, sc := exactref.Sqrt(vr), exactref.Sqrt(vc)
		check("StdRef", got.StdRef, exactref.OfFloat(sr), 0)
		check("StdCur", got.StdCur, exactref.OfFloat(sc), 0)
		w := exactWasserstein(ref, cur)
		check("Wasserstein", got.Wasserstein, exactref.Of(w), 0)
		check("KS D", got.KS.D, exactref.Of(exactKS(ref, cur)), 0)
		if sr.Sign() > 0 {
			check("WassersteinNorm", got.WassersteinNorm, exactref.OfFloat(new(big.Float).Quo(exactref.Float(w), sr)), 0)
			smd := new(big.Float).Quo(exactref.Float(new(big.Rat).Sub(mc, mr)), sr)
			check("SMD", got.SMD, exactref.OfFloat(smd), (math.Abs(got.MeanCur)+math.Abs(got.MeanRef))/got.StdRef)
		}
		sorted := slices.Sorted(slices.Values(ref))
		edges := stats.QuantileBinEdges(sorted, bins)
		cr, cc := exactCounts(ref, edges), exactCounts(cur, edges)
		js2, jsScale := exactJSDivergence(cr, cc)
		check("JSDistance²", got.JSDistance*got.JSDistance, js2, jsScale)
		check("PSI", got.PSI, exactPSI(cc, cr, len(cur), len(ref)), 0)
	})
}

// exactMoments returns the mean and the population variance (ddof 0).
func exactMoments(x []float64) (mean, variance *big.Rat) {
	n := big.NewRat(int64(len(x)), 1)
	mean = new(big.Rat)
	for _, v := range x {
		mean.Add(mean, exactref.Rat(v))
	}
	mean.Quo(mean, n)
	variance = new(big.Rat)
	for _, v := range x {
		d := new(big.Rat).Sub(exactref.Rat(v), mean)
		variance.Add(variance, d.Mul(d, d))
	}
	return mean, variance.Quo(variance, n)
}

// ecdf returns the share of x at or below v.
func ecdf(x []float64, v float64) *big.Rat {
	var k int64
	for _, xi := range x {
		if xi <= v {
			k++
		}
	}
	return big.NewRat(k, int64(len(x)))
}

// exactWasserstein: sum over the pooled sorted values x_k of
// |F_u(x_k) - F_v(x_k)|·(x_{k+1} - x_k).
func exactWasserstein(u, v []float64) *big.Rat {
	pool := slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(u), v...))))
	w := new(big.Rat)
	for k := 0; k+1 < len(pool); k++ {
		d := new(big.Rat).Sub(ecdf(u, pool[k]), ecdf(v, pool[k]))
		step := new(big.Rat).Sub(exactref.Rat(pool[k+1]), exactref.Rat(pool[k]))
		w.Add(w, d.Abs(d).Mul(d, step))
	}
	return w
}

func exactKS(u, v []float64) *big.Rat {
	D := new(big.Rat)
	for _, x := range append(slices.Clone(u), v...) {
		d := new(big.Rat).Sub(ecdf(u, x), ecdf(v, x))
		if d.Abs(d).Cmp(D) > 0 {
			D = d
		}
	}
	return D
}

// exactCounts counts x in the right-closed bins of edges.
func exactCounts(x, edges []float64) []int64 {
	c := make([]int64, len(edges)+1)
	for _, v := range x {
		c[binOf(edges, v)]++
	}
	return c
}

func binOf(edges []float64, v float64) int {
	i := 0
	for i < len(edges) && v > edges[i] {
		i++
	}
	return i
}

// exactJSDivergence returns JS² = (KL(p||m) + KL(q||m))/2 in bits, and the
// sum of the absolute values of its terms.
func exactJSDivergence(p, q []int64) (exactref.Value, float64) {
	var sp, sq int64
	for i := range p {
		sp, sq = sp+p[i], sq+q[i]
	}
	sum, abs := new(big.Float).SetPrec(exactref.Prec), new(big.Float).SetPrec(exactref.Prec)
	for i := range p {
		a, b := big.NewRat(p[i], sp), big.NewRat(q[i], sq)
		m := new(big.Rat).Add(a, b)
		m.Quo(m, big.NewRat(2, 1))
		for _, x := range []*big.Rat{a, b} {
			if x.Sign() == 0 {
				continue
			}
			term := exactref.Log(exactref.Float(new(big.Rat).Quo(x, m)))
			term.Mul(term, exactref.Float(x))
			sum.Add(sum, term)
			abs.Add(abs, new(big.Float).Abs(term))
		}
	}
	ln2x2 := new(big.Float).Mul(exactref.Ln2(), big.NewFloat(2))
	sum.Quo(sum, ln2x2)
	abs.Quo(abs, ln2x2)
	scale, _ := abs.Float64()
	return exactref.OfFloat(sum), scale
}

// exactPSI: sum (a - e)·ln(a/e) over the float64 shares count/n, each share
// of 0 replaced by stats.PSIEpsilon.
func exactPSI(actual, expected []int64, na, ne int) exactref.Value {
	sum := new(big.Float).SetPrec(exactref.Prec)
	for i := range actual {
		a := exactref.Rat(max(float64(actual[i])/float64(na), stats.PSIEpsilon))
		e := exactref.Rat(max(float64(expected[i])/float64(ne), stats.PSIEpsilon))
		l := exactref.Log(exactref.Float(new(big.Rat).Quo(a, e)))
		sum.Add(sum, l.Mul(l, exactref.Float(new(big.Rat).Sub(a, e))))
	}
	return exactref.OfFloat(sum)
}
