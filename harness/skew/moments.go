package skew

import "math"

// meanStd returns the mean and the population standard deviation (ddof 0,
// numpy.std's default) of x, in two compensated passes.
func meanStd(x []float64) (mean, std float64) {
	mean = compensatedSum(x) / float64(len(x))
	var ss, c float64
	for _, v := range x {
		d := (v - mean) * (v - mean)
		t := ss + d
		if ss >= d { // both non-negative
			c += (ss - t) + d
		} else {
			c += (d - t) + ss
		}
		ss = t
	}
	return mean, math.Sqrt((ss + c) / float64(len(x)))
}

// compensatedSum is Neumaier's compensated sum of x.
func compensatedSum(x []float64) float64 {
	var s, c float64
	for _, v := range x {
		t := s + v
		if math.Abs(s) >= math.Abs(v) {
			c += (s - t) + v
		} else {
			c += (v - t) + s
		}
		s = t
	}
	return s + c
}
