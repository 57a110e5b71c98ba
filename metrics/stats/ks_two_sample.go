package stats

import (
	"fmt"
	"math"
	"slices"
)

// KSResult is the outcome of a two-sample Kolmogorov-Smirnov test.
type KSResult struct {
	D      float64 // sup_x |F1(x) - F2(x)|, the largest gap between the two ECDFs
	At     float64 // the smallest pooled value x where the gap is D (0 when D is 0)
	PValue float64 // two-sided
	Exact  bool    // PValue is the exact null distribution, not the asymptotic one
	N1, N2 int     // sample sizes
}

// ksMaxExact is the largest sample size for which the p-value is exact,
// scipy's MAX_AUTO_N.
const ksMaxExact = 10000

// KSTwoSample runs the two-sided two-sample Kolmogorov-Smirnov test of the
// hypothesis that x and y are drawn from the same continuous distribution,
// following scipy.stats.ks_2samp with method="auto".
//
// The statistic is D = max over the pooled values v of |F1(v) - F2(v)|, with
// right-continuous ECDFs F(v) = #{x_i <= v}/n, so tied values are handled
// the way scipy's searchsorted(side="right") handles them.
//
// The p-value P(D_{n1,n2} >= D) is exact when max(n1, n2) <= 10000:
// the proportion of monotone lattice paths from (0,0) to (n1,n2) that leave
// the band |i/n1 - j/n2| < D, computed by the recurrence of Hodges (1958)
// normalised by binomial coefficients (the recurrence behind scipy's exact
// method; it assumes no ties, as scipy does). Computed as 1 - P(inside),
// tiny p-values are accurate in absolute terms (about 1e-15) only, except
// for n1 = n2, where the alternating binomial series is summed directly and
// keeps its relative accuracy: read a p-value below about 1e-13 as "about
// 0". For larger samples it is the asymptotic Kolmogorov distribution
// Q(sqrt(n1*n2/(n1+n2)) * D), where Q(z) = 2 * sum_{k>=1} (-1)^(k-1)
// exp(-2 k² z²) (KolmogorovSurvival). (scipy 1.10 uses the exact
// one-sample distribution at round(n1*n2/(n1+n2)) there instead, which
// differs from Q in the third or fourth decimal at those sizes.)
//
// Infinite values are ordinary values. An empty sample or a NaN value is an
// error.
func KSTwoSample(x, y []float64) (KSResult, error) {
	if len(x) == 0 || len(y) == 0 {
		return KSResult{}, fmt.Errorf("metrics/stats: KSTwoSample: empty sample (n1=%d, n2=%d)", len(x), len(y))
	}
	a, err := sortedSample("first", x)
	if err != nil {
		return KSResult{}, err
	}
	b, err := sortedSample("second", y)
	if err != nil {
		return KSResult{}, err
	}
	return KSTwoSampleSorted(a, b), nil
}

// KSTwoSampleSorted is KSTwoSample on samples already sorted ascending and
// free of NaN; it neither copies nor sorts them, so a caller holding sorted
// data (harness/skew's profiles of a million rows) pays no extra memory. It
// panics if a sample is empty.
func KSTwoSampleSorted(x, y []float64) KSResult {
	if len(x) == 0 || len(y) == 0 {
		panic("metrics/stats: KSTwoSampleSorted: empty sample")
	}
	n1, n2 := len(x), len(y)
	d, at := ksStatistic(x, y)
	r := KSResult{D: d, At: at, N1: n1, N2: n2}
	if max(n1, n2) <= ksMaxExact {
		g := gcd(n1, n2)
		lcm := int64(n1/g) * int64(n2)
		h := int64(math.Round(d * float64(lcm)))
		r.D = float64(h) / float64(lcm)
		if n1 == n2 {
			r.PValue = ksExactPValueSquare(n1, int(h))
		} else {
			r.PValue = ksExactPValue(n1, n2, h*int64(g))
		}
		r.Exact = true
	} else {
		en := float64(n1) * float64(n2) / float64(n1+n2)
		r.PValue = KolmogorovSurvival(math.Sqrt(en) * d)
	}
	r.PValue = math.Min(math.Max(r.PValue, 0), 1)
	return r
}

func sortedSample(which string, x []float64) ([]float64, error) {
	for i, v := range x {
		if math.IsNaN(v) {
			return nil, fmt.Errorf("metrics/stats: KSTwoSample: NaN in %s sample at index %d", which, i)
		}
	}
	s := slices.Clone(x)
	slices.Sort(s)
	return s, nil
}

// ksStatistic returns D for sorted samples and the value where the gap is
// largest (the first such value), in one merge of the two.
func ksStatistic(a, b []float64) (d, at float64) {
	n1, n2 := float64(len(a)), float64(len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		var v float64
		switch {
		case j == len(b) || (i < len(a) && a[i] <= b[j]):
			v = a[i]
		default:
			v = b[j]
		}
		for i < len(a) && a[i] == v {
			i++
		}
		for j < len(b) && b[j] == v {
			j++
		}
		if gap := math.Abs(float64(i)/n1 - float64(j)/n2); gap > d {
			d, at = gap, v
		}
	}
	return d, at
}

// ksExactPValue returns the share of lattice paths from (0,0) to (m,n) that
// reach a point with |i*n - j*m| >= hg. q[j] holds, for the current i, the
// number of paths to (i,j) that stayed inside divided by binom(i+j, i), so
// q(i,j) = (i*q(i-1,j) + j*q(i,j-1)) / (i+j). Only the band of j inside the
// lines is visited: O(m * band width) time, one slice of n+1 floats.
func ksExactPValue(m, n int, hg int64) float64 {
	if hg <= 0 {
		return 1
	}
	m64, n64 := int64(m), int64(n)
	q := make([]float64, n+1)
	q[0] = 1
	for j := 1; j <= n && int64(j)*m64 < hg; j++ {
		q[j] = 1
	}
	lo := 0
	for i := int64(1); i <= m64; i++ {
		// inside: i*n - hg < j*m < i*n + hg
		newLo := 0
		if v := i*n64 - hg; v >= 0 {
			newLo = int(v/m64) + 1
		}
		hi := int(min((i*n64+hg-1)/m64, n64))
		if newLo > hi {
			return 1
		}
		clear(q[lo:newLo])
		lo = newLo
		fi := float64(i)
		j := lo
		if j == 0 {
			j = 1 // q(i,0) = q(i-1,0): still 1 while (i,0) is inside
		}
		for ; j <= hi; j++ {
			fj := float64(j)
			q[j] = (fi*q[j] + fj*q[j-1]) / (fi + fj)
		}
	}
	return 1 - q[n]
}

// ksExactPValueSquare is P(D_{n,n} >= h/n), the alternating series
// 2 * sum_{k>=1} (-1)^(k-1) binom(2n, n-kh) / binom(2n, n), summed in
// Horner form as scipy's _compute_prob_outside_square does.
func ksExactPValueSquare(n, h int) float64 {
	if h <= 0 {
		return 1
	}
	p := 0.0
	for k := n / h; k >= 0; k-- {
		p1 := 1.0
		for j := 0; j < h; j++ {
			p1 = float64(n-k*h-j) * p1 / float64(n+k*h+j+1)
		}
		p = p1 * (1 - p)
	}
	return 2 * p
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// KolmogorovSurvival returns Q(z) = P(K > z) for the Kolmogorov
// distribution, the limit of sqrt(n)·D_n:
//
//	Q(z) = 2 * sum_{k>=1} (-1)^(k-1) exp(-2 k² z²)
//
// For z < 1 the series converges slowly and the equivalent form
// 1 - sqrt(2π)/z * sum_{k>=1} exp(-(2k-1)² π² / (8 z²)) is used. It matches
// scipy.stats.kstwobign.sf. Q(z) = 1 for z <= 0.
func KolmogorovSurvival(z float64) float64 {
	if z <= 0 {
		return 1
	}
	if z < 1 {
		s := 0.0
		for k := 1; k <= 20; k++ {
			t := float64(2*k - 1)
			s += math.Exp(-t * t * math.Pi * math.Pi / (8 * z * z))
		}
		return 1 - math.Sqrt(2*math.Pi)/z*s
	}
	s, sign := 0.0, 1.0
	for k := 1; k <= 100; k++ {
		t := math.Exp(-2 * float64(k*k) * z * z)
		s += sign * t
		if t < 1e-300 {
			break
		}
		sign = -sign
	}
	return 2 * s
}
