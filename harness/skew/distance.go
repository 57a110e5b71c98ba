package skew

import (
	"fmt"
	"math"
)

// JSDistance returns the Jensen-Shannon distance between two discrete
// distributions given as non-negative weights over the same outcomes (counts
// or shares; each is normalised to sum 1), in base 2, as
// scipy.spatial.distance.jensenshannon(p, q, base=2) and TFDV compute it:
//
//	JS(p, q) = sqrt( (KL(p || m) + KL(q || m)) / 2 ),  m = (p + q) / 2,
//	KL(a || m) = sum_i a_i log2(a_i / m_i)   (0 log 0 = 0)
//
// It lies in [0, 1]: 0 for equal distributions, 1 for disjoint supports.
// It is symmetric and a metric (the square root of the divergence is).
// It panics if the lengths differ or a weight is negative or NaN; an
// all-zero p or q gives NaN, an undefined distance.
func JSDistance(p, q []float64) float64 {
	if len(p) != len(q) {
		panic("skew: JSDistance: slice length mismatch")
	}
	var sp, sq float64
	for i := range p {
		if !(p[i] >= 0) || !(q[i] >= 0) {
			panic(fmt.Sprintf("skew: JSDistance: weight %d is negative or NaN (%v, %v)", i, p[i], q[i]))
		}
		sp += p[i]
		sq += q[i]
	}
	if sp == 0 || sq == 0 {
		return math.NaN()
	}
	var kl float64
	for i := range p {
		a, b := p[i]/sp, q[i]/sq
		m := (a + b) / 2
		if a > 0 {
			kl += a * math.Log(a/m)
		}
		if b > 0 {
			kl += b * math.Log(b/m)
		}
	}
	js := kl / math.Ln2 / 2
	return math.Sqrt(max(js, 0))
}

// Wasserstein returns the Wasserstein-1 (earth mover's) distance between
// the empirical distributions of u and v, as
// scipy.stats.wasserstein_distance(u, v):
//
//	W1 = integral |F_u(x) - F_v(x)| dx = sum_k |F_u(x_k) - F_v(x_k)| (x_{k+1} - x_k)
//
// over the pooled sorted values x_k, with right-continuous ECDFs. It is in
// the units of the data, symmetric, and 0 exactly when the two samples have
// the same distribution. Both slices must be sorted ascending and finite;
// it panics if one is empty.
func Wasserstein(u, v []float64) float64 {
	if len(u) == 0 || len(v) == 0 {
		panic("skew: Wasserstein: empty sample")
	}
	nu, nv := float64(len(u)), float64(len(v))
	var w, c float64 // Neumaier-compensated sum
	i, j := 0, 0
	x := min(u[0], v[0])
	for i < len(u) || j < len(v) {
		// Step past every value equal to x, then integrate to the next one.
		for i < len(u) && u[i] <= x {
			i++
		}
		for j < len(v) && v[j] <= x {
			j++
		}
		if i == len(u) && j == len(v) {
			break
		}
		var next float64
		switch {
		case i == len(u):
			next = v[j]
		case j == len(v):
			next = u[i]
		default:
			next = min(u[i], v[j])
		}
		term := math.Abs(float64(i)/nu-float64(j)/nv) * (next - x)
		t := w + term
		if math.Abs(w) >= math.Abs(term) {
			c += (w - t) + term
		} else {
			c += (term - t) + w
		}
		w = t
		x = next
	}
	return w + c
}
