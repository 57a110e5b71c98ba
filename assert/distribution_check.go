package assert

import (
	"fmt"
	"testing"
)

// CheckSameDistribution returns nil unless the two-sample KS test rejects,
// at level alpha, that got and want come from the same distribution
// (p-value < alpha). The error carries the statistic, which is also the
// effect size (the largest gap between the two ECDFs), the p-value and the
// sample sizes, e.g.
//
//	score: KS D = 0.310, p = 3.1e-05 < alpha 0.01 (n_got=100, n_want=120, exact); largest ECDF gap 0.310 at 0.5124
//
// An empty sample or NaN in either sample is an error. It panics unless
// 0 < alpha < 1.
func CheckSameDistribution(name string, got, want []float64, alpha float64) error {
	if !(alpha > 0 && alpha < 1) {
		panic("assert: alpha outside (0, 1)")
	}
	r, err := KSTwoSample(got, want)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if r.PValue >= alpha {
		return nil
	}
	a, _ := sortedSample("first", got)
	b, _ := sortedSample("second", want)
	_, at := ksStatistic(a, b)
	method := "exact"
	if !r.Exact {
		method = "asymptotic"
	}
	return fmt.Errorf("%s: KS D = %s, p = %.3g < alpha %g (n_got=%d, n_want=%d, %s); largest ECDF gap %s at %.4g",
		name, format1(r.D), r.PValue, alpha, r.N1, r.N2, method, format1(r.D), at)
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
