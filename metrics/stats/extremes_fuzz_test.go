package stats

import (
	"cmp"
	"math"
	"math/big"
	"testing"

	"github.com/mltest/mltest/internal/exactref"
	"gonum.org/v1/gonum/stat/distuv"
)

// FuzzStatsExtremes holds the arithmetic of the deterministic statistics to
// exact evaluations (internal/exactref) on up to 6 rows of 5 bytes: a
// baseline and a candidate value from 2^-1024 to 2^504 in magnitude, either
// sign, and a label bit. Checked to 1e-12 relative:
//
//   - PairedTTest: Diff (the mean of d_i = candidate_i - baseline_i, each d_i
//     the float64 difference, as scipy and PairedTTest form it), Baseline,
//     Candidate, and the interval's half-width q·s/sqrt(n) (q is
//     distuv's Student t quantile, taken as given; the p-value, an
//     incomplete beta function, is not compared). Lo and Hi are a sum of
//     two rounded terms, so their error is relative to the larger one.
//   - DeLong: AUC and variance of the candidate scores (labels from the
//     label bit), DeLongTest's Diff; KSTwoSample's D; KendallTauB.
func FuzzStatsExtremes(f *testing.F) {
	f.Add([]byte{0x40, 0, 0x41, 0, 1, 0x40, 2, 0x42, 0, 0, 0x40, 0, 0x40, 3, 1})
	f.Add([]byte{0xbf, 0, 0, 0, 1, 0x80, 0, 0x80, 0, 0, 0x3f, 0, 0, 0, 1, 0, 0, 0x20, 0, 0})
	f.Add([]byte{0x90, 0, 0x90, 0, 1, 0x90, 0, 0x90, 2, 0, 0x90, 0, 0x90, 4, 1, 0x90, 0, 0x90, 6, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		var base, cand []float64
		var labels []bool
		for i := 0; i+5 <= len(data) && len(base) < 6; i += 5 {
			base = append(base, exactref.Signed(data[i], data[i+1]))
			cand = append(cand, exactref.Signed(data[i+2], data[i+3]))
			labels = append(labels, data[i+4]&1 == 1)
		}
		if len(base) < 2 {
			return
		}
		check := func(what string, got float64, want exactref.Value, scale float64) {
			t.Helper()
			if msg := exactref.Check(what, got, true, want, 1e-12, scale); msg != "" {
				t.Error(msg)
			}
		}
		checkPairedT(t, base, cand, check)
		checkRankStatistics(t, labels, base, cand, check)
	})
}

func checkPairedT(t *testing.T, base, cand []float64, check func(string, float64, exactref.Value, float64)) {
	n := big.NewRat(int64(len(base)), 1)
	mean := func(x []float64) *big.Rat {
		s := new(big.Rat)
		for _, v := range x {
			s.Add(s, exactref.Rat(v))
		}
		return s.Quo(s, n)
	}
	d := make([]float64, len(base))
	for i := range base {
		d[i] = cand[i] - base[i]
	}
	md := mean(d)
	ss := new(big.Rat)
	for _, v := range d {
		e := new(big.Rat).Sub(exactref.Rat(v), md)
		ss.Add(ss, e.Mul(e, e))
	}
	ss.Quo(ss, n).Quo(ss, big.NewRat(int64(len(d)-1), 1)) // s²/n
	c, err := PairedTTest(base, cand, 0.95)
	if err != nil {
		t.Fatalf("PairedTTest: %v", err)
	}
	check("PairedTTest Diff", c.Diff, exactref.Of(md), 0)
	check("PairedTTest Baseline", c.Baseline, exactref.Of(mean(base)), 0)
	check("PairedTTest Candidate", c.Candidate, exactref.Of(mean(cand)), 0)
	q := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(len(d) - 1)}.Quantile(0.975)
	half := exactref.Sqrt(ss)
	half.Mul(half, new(big.Float).SetFloat64(q))
	hw := exactref.OfFloat(half)
	if !hw.OK {
		return
	}
	m := exactref.Of(md)
	scale := math.Max(math.Abs(m.V), hw.V)
	check("PairedTTest Interval.Hi", c.Interval.Hi, exactref.OfFloat(new(big.Float).Add(half, exactref.Float(md))), scale)
	check("PairedTTest Interval.Lo", c.Interval.Lo, exactref.OfFloat(new(big.Float).Sub(exactref.Float(md), half)), scale)
}

// checkRankStatistics: DeLong's components are counts over n and m, KS's D
// a difference of two ECDFs, tau-b a ratio of pair counts; the values only
// order the rows, extreme or not, ties included.
func checkRankStatistics(t *testing.T, labels []bool, base, cand []float64, check func(string, float64, exactref.Value, float64)) {
	psi := func(x, y float64) *big.Rat {
		switch {
		case x > y:
			return big.NewRat(1, 1)
		case x == y:
			return big.NewRat(1, 2)
		}
		return new(big.Rat)
	}
	auc := func(s []float64) (a, v *big.Rat, ok bool) {
		var pos, neg []int
		for i, l := range labels {
			if l {
				pos = append(pos, i)
			} else {
				neg = append(neg, i)
			}
		}
		if len(pos) < 2 || len(neg) < 2 {
			return nil, nil, false
		}
		m, n := big.NewRat(int64(len(pos)), 1), big.NewRat(int64(len(neg)), 1)
		v10 := make([]*big.Rat, len(pos))
		v01 := make([]*big.Rat, len(neg))
		a = new(big.Rat)
		for i, p := range pos {
			v10[i] = new(big.Rat)
			for _, q := range neg {
				v10[i].Add(v10[i], psi(s[p], s[q]))
			}
			v10[i].Quo(v10[i], n)
			a.Add(a, v10[i])
		}
		a.Quo(a, m)
		for j, q := range neg {
			v01[j] = new(big.Rat)
			for _, p := range pos {
				v01[j].Add(v01[j], psi(s[p], s[q]))
			}
			v01[j].Quo(v01[j], m)
		}
		svar := func(x []*big.Rat, k *big.Rat) *big.Rat {
			s := new(big.Rat)
			for _, xi := range x {
				e := new(big.Rat).Sub(xi, a)
				s.Add(s, e.Mul(e, e))
			}
			return s.Quo(s, new(big.Rat).Sub(k, big.NewRat(1, 1))).Quo(s, k)
		}
		return a, new(big.Rat).Add(svar(v10, m), svar(v01, n)), true
	}
	if a, v, ok := auc(cand); ok {
		gotA, gotV, err := DeLong(labels, cand)
		if err != nil {
			t.Fatalf("DeLong: %v", err)
		}
		check("DeLong AUC", gotA, exactref.Of(a), 0)
		check("DeLong variance", gotV, exactref.Of(v), 0)
		b, _, _ := auc(base)
		c, err := DeLongTest(labels, base, cand, 0.95)
		if err != nil {
			t.Fatalf("DeLongTest: %v", err)
		}
		check("DeLongTest Diff", c.Diff, exactref.Of(new(big.Rat).Sub(a, b)), 0)
	}
	// KS: D = max over pooled values of |F1 - F2|.
	ks, err := KSTwoSample(base, cand)
	if err != nil {
		t.Fatalf("KSTwoSample: %v", err)
	}
	D := new(big.Rat)
	for _, x := range append(append([]float64{}, base...), cand...) {
		var c1, c2 int64
		for i := range base {
			if base[i] <= x {
				c1++
			}
			if cand[i] <= x {
				c2++
			}
		}
		g := new(big.Rat).Sub(big.NewRat(c1, int64(len(base))), big.NewRat(c2, int64(len(cand))))
		if g.Abs(g).Cmp(D) > 0 {
			D = g
		}
	}
	check("KSTwoSample D", ks.D, exactref.Of(D), 0)
	// Kendall's tau-b in its sign form: sum sx·sy / sqrt(sum sx² · sum sy²)
	// over pairs, sx and sy the signs of the pair's order in x and in y.
	var num, sxx, syy int64
	for i := range base {
		for j := i + 1; j < len(base); j++ {
			sx, sy := int64(cmp.Compare(base[i], base[j])), int64(cmp.Compare(cand[i], cand[j]))
			num, sxx, syy = num+sx*sy, sxx+sx*sx, syy+sy*sy
		}
	}
	tau, err := KendallTauB(base, cand)
	if err != nil {
		t.Fatalf("KendallTauB: %v", err)
	}
	den := big.NewRat(sxx*syy, 1)
	want := exactref.Undefined
	if den.Sign() != 0 {
		r := exactref.Sqrt(den)
		want = exactref.OfFloat(r.Quo(new(big.Float).SetPrec(exactref.Prec).SetInt64(num), r))
	}
	check("KendallTauB", tau, want, 0)
}
