package stats

import (
	"fmt"
	"math"
)

// Interval is a two-sided confidence interval [Lo, Hi] at confidence Level
// (0.95 for a 95% interval) around a point Estimate computed on all the data.
//
// Lo <= Hi always. Whether Lo <= Estimate <= Hi depends on the method: a
// Wald interval (DeLong, t-test) is centred on the estimate, a percentile
// bootstrap interval need not be (for a skewed statistic it may even exclude
// it, which is information, not an error).
type Interval struct {
	Estimate, Lo, Hi, Level float64
}

// String formats the interval as "0.8935 (95% CI [0.884, 0.902])".
func (iv Interval) String() string {
	return fmt.Sprintf("%.4g (%s)", iv.Estimate, iv.ciString())
}

func (iv Interval) ciString() string {
	return fmt.Sprintf("%s CI [%.4g, %.4g]", levelString(iv.Level), iv.Lo, iv.Hi)
}

func levelString(level float64) string {
	return fmt.Sprintf("%.4g%%", 100*level)
}

// checkLevel panics unless 0 < level < 1.
func checkLevel(level float64) {
	if !(level > 0 && level < 1) {
		panic(fmt.Sprintf("metrics/stats: confidence level %v outside (0, 1)", level))
	}
}

// normalQuantile returns the p-quantile of the standard normal distribution,
// sqrt(2) erfinv(2p - 1), written with erfcinv for accuracy in the tails.
func normalQuantile(p float64) float64 {
	return -math.Sqrt2 * math.Erfcinv(2*p)
}

// normalTwoSided returns the two-sided p-value of a standard normal
// statistic z, 2 (1 - Phi(|z|)) = erfc(|z| / sqrt 2).
func normalTwoSided(z float64) float64 {
	return math.Erfc(math.Abs(z) / math.Sqrt2)
}

// waldInterval returns est -/+ z_{(1+level)/2} se, clipped to [lo, hi].
func waldInterval(est, se, level, lo, hi float64) Interval {
	z := normalQuantile(0.5 + level/2)
	return Interval{
		Estimate: est,
		Lo:       math.Max(lo, est-z*se),
		Hi:       math.Min(hi, est+z*se),
		Level:    level,
	}
}
