package assert

import (
	"fmt"
	"math"
	"testing"
)

// CheckMetricAtLeast returns nil when got >= min, and otherwise an error
// such as "NDCG@10 = 0.412, want >= 0.450". NaN fails.
func CheckMetricAtLeast(name string, got, min float64) error {
	if got >= min {
		return nil
	}
	g, m := formatPair(got, min)
	return fmt.Errorf("%s = %s, want >= %s", name, g, m)
}

// CheckMetricAtMost returns nil when got <= max, and otherwise an error
// such as "log_loss = 0.712, want <= 0.700". NaN fails.
func CheckMetricAtMost(name string, got, max float64) error {
	if got <= max {
		return nil
	}
	g, m := formatPair(got, max)
	return fmt.Errorf("%s = %s, want <= %s", name, g, m)
}

// CheckMetricWithin returns nil when |got-want| <= margin, and otherwise an
// error such as "recall@20 = 0.512, want 0.540 ± 0.020". NaN fails. It
// panics if margin is negative or NaN.
func CheckMetricWithin(name string, got, want, margin float64) error {
	if !(margin >= 0) {
		panic("assert: negative or NaN margin")
	}
	if math.Abs(got-want) <= margin {
		return nil
	}
	g, w := formatPair(got, want)
	return fmt.Errorf("%s = %s, want %s ± %s", name, g, w, format1(margin))
}

// MetricAtLeast marks the test failed unless got >= min.
func MetricAtLeast(t testing.TB, name string, got, min float64) {
	t.Helper()
	if err := CheckMetricAtLeast(name, got, min); err != nil {
		t.Error(err)
	}
}

// MetricAtMost marks the test failed unless got <= max.
func MetricAtMost(t testing.TB, name string, got, max float64) {
	t.Helper()
	if err := CheckMetricAtMost(name, got, max); err != nil {
		t.Error(err)
	}
}

// MetricWithin marks the test failed unless |got-want| <= margin.
func MetricWithin(t testing.TB, name string, got, want, margin float64) {
	t.Helper()
	if err := CheckMetricWithin(name, got, want, margin); err != nil {
		t.Error(err)
	}
}

// EqualFloat marks the test failed unless got equals want under tol.
func EqualFloat(t testing.TB, name string, got, want float64, tol Tolerance) {
	t.Helper()
	if err := CheckFloat(name, got, want, tol); err != nil {
		t.Error(err)
	}
}

// EqualFloats marks the test failed unless FloatsDiff(got, want, tol) is
// empty, printing the diff.
func EqualFloats(t testing.TB, name string, got, want []float64, tol Tolerance) {
	t.Helper()
	if d := FloatsDiff(got, want, tol); d != "" {
		t.Errorf("%s: %s", name, d)
	}
}

// EqualMatrix marks the test failed unless MatrixDiff(got, want, tol) is
// empty, printing the diff.
func EqualMatrix(t testing.TB, name string, got, want [][]float64, tol Tolerance) {
	t.Helper()
	if d := MatrixDiff(got, want, tol); d != "" {
		t.Errorf("%s: %s", name, d)
	}
}
