// Package fsum sums float64 values correctly rounded: the float64 nearest
// the exact sum of the inputs, whatever their magnitudes and cancellations
// (2^500 + 1 - 2^500 is 1), as Python's math.fsum. Statistics use it where a
// plain or compensated sum loses the digits of small terms next to large
// ones that later cancel, and StdDev where squares of deviations under- or
// overflow.
package fsum

import "math"

// Sum returns the exact sum of x rounded to the nearest float64 (ties to
// even), by Shewchuk's non-overlapping partials ("Adaptive Precision
// Floating-Point Arithmetic and Fast Robust Geometric Predicates", 1997),
// the algorithm of math.fsum. Where an intermediate sum overflows (finite
// terms near MaxFloat64) or a term is not finite, it returns the plain
// left-to-right sum, ±Inf or NaN as that gives.
func Sum(x []float64) float64 {
	var buf [8]float64
	partials := buf[:0]
	for _, v := range x {
		i := 0
		for _, y := range partials {
			if math.Abs(v) < math.Abs(y) {
				v, y = y, v
			}
			hi := v + y
			lo := y - (hi - v)
			if lo != 0 {
				partials[i] = lo
				i++
			}
			v = hi
		}
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return plain(x)
		}
		partials = append(partials[:i], v)
	}
	n := len(partials)
	if n == 0 {
		return 0
	}
	n--
	hi := partials[n]
	var lo float64
	for n > 0 {
		v := hi
		y := partials[n-1]
		n--
		hi = v + y
		lo = y - (hi - v)
		if lo != 0 {
			break
		}
	}
	// Round half to even across the remaining partials: when lo is exactly
	// half an ulp and the next partial has its sign, round away.
	if n > 0 && ((lo < 0 && partials[n-1] < 0) || (lo > 0 && partials[n-1] > 0)) {
		y := lo * 2
		v := hi + y
		if y == v-hi {
			hi = v
		}
	}
	return hi
}

func plain(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s
}

// StdDev returns sqrt(sum (x_i - mean)^2 / (n - ddof)) for the mean of x
// (as computed by the caller, Sum(x)/n), with the deviations in units of
// the largest, so that their squares neither underflow (values near 1e-190
// gave 0) nor overflow (values near 1e160 gave +Inf), and the squares
// summed correctly rounded: the result is exact to rounding wherever it is
// a float64. The sum of the deviations,
// zero but for the rounding of mean, is subtracted as in the corrected
// two-pass algorithm (Chan, Golub & LeVeque 1983), so that a mean rounded
// next to a tiny spread leaves the result exact too. It panics if
// len(x) <= ddof.
func StdDev(x []float64, mean float64, ddof int) float64 {
	if len(x) <= ddof {
		panic("fsum: StdDev of too few values")
	}
	dev := make([]float64, len(x))
	var top float64
	for i, v := range x {
		dev[i] = v - mean
		top = max(top, math.Abs(dev[i]))
	}
	if top == 0 || math.IsInf(top, 0) || math.IsNaN(top) {
		return top
	}
	_, e := math.Frexp(top)
	for i, v := range dev {
		dev[i] = math.Ldexp(v, -e)
	}
	c := Sum(dev)
	for i, v := range dev {
		dev[i] = v * v
	}
	ss := Sum(dev) - c*c/float64(len(x))
	return math.Ldexp(math.Sqrt(max(ss, 0)/float64(len(x)-ddof)), e)
}
