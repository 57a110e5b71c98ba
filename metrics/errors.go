package metrics

import (
	"errors"
	"fmt"
	"math"
)

// ErrUndefined is matched (with errors.Is) by every *UndefinedError.
var ErrUndefined = errors.New("metrics: undefined")

// UndefinedError reports that a metric has no value on the given data, for
// example ROC AUC when only one class is present. Callers that report metrics
// (the mltest CLI) print such a metric as null with Reason as a warning.
type UndefinedError struct {
	Metric string // the metric's name, e.g. "roc_auc"
	Reason string // why, e.g. "only one class present in labels"
}

func (e *UndefinedError) Error() string {
	return fmt.Sprintf("metrics: %s is undefined: %s", e.Metric, e.Reason)
}

// Is reports whether target is ErrUndefined.
func (e *UndefinedError) Is(target error) bool { return target == ErrUndefined }

func undefined(metric, format string, args ...any) error {
	return &UndefinedError{Metric: metric, Reason: fmt.Sprintf(format, args...)}
}

// finite returns v when it is a finite number, else an *UndefinedError
// saying that the exact value is beyond the float64 range: the metrics
// compute with scaled sums (see powerScale), so a non-finite result means
// the value itself is not representable, as the mean squared error of
// residuals near 1e200 (1e400) is not.
func finite(metric string, v float64) (float64, error) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return math.NaN(), undefined(metric, "overflow: the exact value is beyond the float64 range (|v| > 1.8e308)")
	}
	return v, nil
}

// checkLen panics with the package prefix when parallel slices differ in length.
// A nil weights slice means uniform weights and is always accepted.
func checkLen(n int, weights []float64, others ...int) {
	if weights != nil && len(weights) != n {
		panic("metrics: slice length mismatch")
	}
	for _, m := range others {
		if m != n {
			panic("metrics: slice length mismatch")
		}
	}
}
