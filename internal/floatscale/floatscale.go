// Package floatscale holds the two rules by which mltest's metrics keep
// sums of products of weights exact across the float64 range: scale a set of
// weights by the power of two that brings the largest to 1 (exact, and a
// ratio of sums bilinear in the weights does not change), and tell when the
// unscaled sums were already safe, so that ordinary data keep their fast
// path and their bits.
package floatscale

import "math"

// UnitScale returns the power of two that brings w > 0 into [1/2, 1), and
// 1 for 0 (or a non-finite w, which callers reject earlier).
func UnitScale(w float64) float64 {
	if w == 0 || math.IsInf(w, 0) || math.IsNaN(w) {
		return 1
	}
	_, e := math.Frexp(w)
	return math.Ldexp(1, min(-e, 1023)) // down to 2^-1024 (subnormal, exact) for w near MaxFloat64
}

// ProductsSafe reports whether two class totals and an area of products of
// their weights (ROC AUC's area / (tp·fp)) lie where float64 keeps every
// digit of the ratio: totals within 2^±400, so that their product is a
// normal number, and the area within 2^±900. A zero area is not safe: it
// may be products that underflowed (weights of 1e-200 give 1e-400 = 0).
func ProductsSafe(tp, fp, area float64) bool {
	in := func(x float64) bool { return x >= 0x1p-400 && x <= 0x1p400 }
	return in(tp) && in(fp) && area >= 0x1p-900 && area <= 0x1p900
}

// RatioSafe reports whether a sum of weighted precisions and the totals it
// is divided by (average precision's sum / tp) lie where float64 keeps
// every digit: the positive total and the sum within 2^±900, the total of
// both classes at most 2^900. A positive total with a zero sum is products
// that underflowed (a precision of 1e-193 times a weight of 1e-193).
func RatioSafe(sum, tp, fp float64) bool {
	return tp >= 0x1p-900 && tp+fp <= 0x1p900 && sum >= 0x1p-900 && sum <= 0x1p900
}
