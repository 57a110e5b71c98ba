package skew

import "github.com/mltest/mltest/internal/fsum"

// meanStd returns the mean and the population standard deviation (ddof 0,
// numpy.std's default) of x, both exact to rounding at any magnitude
// (fsum: a correctly rounded sum, deviations in units of the largest).
func meanStd(x []float64) (mean, std float64) {
	mean = fsum.Sum(x) / float64(len(x))
	return mean, fsum.StdDev(x, mean, 0)
}
