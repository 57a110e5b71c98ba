package assert

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/mltest/mltest/metrics/stats"
)

// CheckSameDistribution returns nil unless the two-sample KS test
// (stats.KSTwoSample, scipy's ks_2samp) rejects, at level alpha, that got
// and want come from the same distribution (p-value < alpha). The error
// carries the statistic, which is also the effect size (the largest gap
// between the two ECDFs), the p-value and the sample sizes, e.g.
//
//	score: KS D = 0.310, p = 3.1e-05 < alpha 0.01 (n_got=100, n_want=120, exact); largest ECDF gap 0.310 at 0.5124
//
// An empty sample or NaN in either sample is an error. It panics unless
// 0 < alpha < 1.
func CheckSameDistribution(name string, got, want []float64, alpha float64) error {
	if !(alpha > 0 && alpha < 1) {
		panic("assert: alpha outside (0, 1)")
	}
	r, err := stats.KSTwoSample(got, want)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if r.PValue >= alpha {
		return nil
	}
	method := "exact"
	if !r.Exact {
		method = "asymptotic"
	}
	return fmt.Errorf("%s: KS D = %s, p = %.3g < alpha %g (n_got=%d, n_want=%d, %s); largest ECDF gap %s at %.4g",
		name, format1(r.D), r.PValue, alpha, r.N1, r.N2, method, format1(r.D), r.At)
}

// CheckPSIAtMost returns nil when the population stability index
// stats.PSI(actual, expected, bins) is at most max, and otherwise an error
// with the index and the bin that moved most, e.g.
//
//	score: PSI = 0.412, want <= 0.200 (10 quantile bins of expected; largest shift in bin (0.81, +Inf]: expected 10.0%, actual 31.5%)
//
// An empty sample or NaN in either sample is an error. It panics if bins < 1.
func CheckPSIAtMost(name string, actual, expected []float64, bins int, max float64) error {
	r, err := stats.PSI(actual, expected, bins)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if r.PSI <= max {
		return nil
	}
	worst := 0
	for i := range r.Actual {
		if math.Abs(r.Actual[i]-r.Expected[i]) > math.Abs(r.Actual[worst]-r.Expected[worst]) {
			worst = i
		}
	}
	g, m := formatPair(r.PSI, max)
	return fmt.Errorf("%s: PSI = %s, want <= %s (%d quantile bins of expected; largest shift in bin %s: expected %.1f%%, actual %.1f%%)",
		name, g, m, len(r.Actual), binName(r.Edges, worst), 100*r.Expected[worst], 100*r.Actual[worst])
}

// binName prints bin i of the right-closed bins that edges bound.
func binName(edges []float64, i int) string {
	lo, hi := "-Inf", "+Inf"
	if i > 0 {
		lo = fmt.Sprintf("%.4g", edges[i-1])
	}
	if i < len(edges) {
		hi = fmt.Sprintf("%.4g", edges[i])
	}
	var b strings.Builder
	fmt.Fprintf(&b, "(%s, %s", lo, hi)
	if i < len(edges) {
		b.WriteString("]")
	} else {
		b.WriteString(")")
	}
	return b.String()
}

// SameDistribution marks the test failed when CheckSameDistribution does.
func SameDistribution(t testing.TB, name string, got, want []float64, alpha float64) {
	t.Helper()
	if err := CheckSameDistribution(name, got, want, alpha); err != nil {
		t.Error(err)
	}
}

// PSIAtMost marks the test failed when CheckPSIAtMost does.
func PSIAtMost(t testing.TB, name string, actual, expected []float64, bins int, max float64) {
	t.Helper()
	if err := CheckPSIAtMost(name, actual, expected, bins, max); err != nil {
		t.Error(err)
	}
}
