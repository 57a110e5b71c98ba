package skew

import (
	"math"

	"github.com/mltest/mltest/assert"
)

// ksExactMax is the largest sample size for which assert.KSTwoSample's
// p-value is exact (scipy's MAX_AUTO_N).
const ksExactMax = 10000

// ksTest is assert.KSTwoSample on sorted finite samples. Beyond
// ksExactMax values it computes the same result without assert's copies and
// sorts (which would double the memory of a large comparison): D by one
// merge of the sorted samples, and the same asymptotic p-value,
// assert.KolmogorovSurvival(sqrt(n1 n2 / (n1 + n2)) D).
func ksTest(a, b []float64) *KSResult {
	if max(len(a), len(b)) <= ksExactMax {
		r, err := assert.KSTwoSample(a, b)
		if err != nil {
			panic("skew: " + err.Error()) // unreachable: both non-empty and finite
		}
		return &KSResult{D: r.D, PValue: r.PValue, Exact: r.Exact}
	}
	d := ksStatistic(a, b)
	n1, n2 := float64(len(a)), float64(len(b))
	p := assert.KolmogorovSurvival(math.Sqrt(n1*n2/(n1+n2)) * d)
	return &KSResult{D: d, PValue: math.Min(math.Max(p, 0), 1)}
}

// ksStatistic is D = max over the pooled values v of |F_a(v) - F_b(v)|,
// right-continuous ECDFs, for sorted a and b (assert's computation).
func ksStatistic(a, b []float64) float64 {
	n1, n2 := float64(len(a)), float64(len(b))
	var d float64
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		var v float64
		if j == len(b) || (i < len(a) && a[i] <= b[j]) {
			v = a[i]
		} else {
			v = b[j]
		}
		for i < len(a) && a[i] == v {
			i++
		}
		for j < len(b) && b[j] == v {
			j++
		}
		d = max(d, math.Abs(float64(i)/n1-float64(j)/n2))
	}
	return d
}
