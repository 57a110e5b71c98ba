package metrics

import (
	"fmt"
	"math"
)

// MSE returns the weighted mean squared error, mean_squared_error:
// sum w (y-p)² / sum w.
//
// Regression metrics take targets y, predictions p and weights w (nil means
// all ones), matching scikit-learn 1.2.1 with sample_weight. A NaN or
// infinite target or prediction, or a negative, NaN or infinite weight, is a
// returned error; slices of different lengths panic; empty input or zero
// total weight is an *UndefinedError. Each function equals the accumulator of
// the same metric fed the same rows; accumulators keep weighted sums and
// (Chan et al.) mergeable means and squared deviations, so any split of the
// rows, merged, agrees with one pass to rounding.
func MSE(targets, predictions, weights []float64) (float64, error) {
	return runRegression("mse", targets, predictions, weights)
}

// RMSE returns sqrt(MSE), mean_squared_error(squared=False).
//
// Inputs, validation and panics as MSE.
func RMSE(targets, predictions, weights []float64) (float64, error) {
	return runRegression("rmse", targets, predictions, weights)
}

// MAE returns the weighted mean absolute error, mean_absolute_error:
// sum w |y-p| / sum w.
//
// Inputs, validation and panics as MSE.
func MAE(targets, predictions, weights []float64) (float64, error) {
	return runRegression("mae", targets, predictions, weights)
}

// MAPE returns the weighted mean absolute percentage error as a fraction, as
// mean_absolute_percentage_error: sum w |y-p| / max(|y|, eps) / sum w with
// eps = 2.220446049250313e-16, so a zero target gives a huge, finite term.
//
// Inputs, validation and panics as MSE.
func MAPE(targets, predictions, weights []float64) (float64, error) {
	return runRegression("mape", targets, predictions, weights)
}

// R2 returns the coefficient of determination, r2_score:
//
//	R2 = 1 - sum w (y-p)² / sum w (y - ȳ)²,  ȳ the weighted mean of y
//
// with scikit-learn's force_finite rule: a perfect prediction (numerator 0)
// gives 1.0, and an imperfect one of a constant target (denominator 0) 0.0.
//
// Inputs, validation and panics as MSE.
func R2(targets, predictions, weights []float64) (float64, error) {
	return runRegression("r2", targets, predictions, weights)
}

// ExplainedVariance returns explained_variance_score:
//
//	EV = 1 - Var_w(y - p) / Var_w(y)
//
// with weighted (population) variances and the same force_finite rule as R2:
// 1.0 when Var_w(y-p) = 0, else 0.0 when Var_w(y) = 0.
//
// Inputs, validation and panics as MSE.
func ExplainedVariance(targets, predictions, weights []float64) (float64, error) {
	return runRegression("explained_variance", targets, predictions, weights)
}

func runRegression(name string, targets, predictions, weights []float64) (float64, error) {
	checkLen(len(targets), weights, len(predictions))
	a := &regressionAccumulator{name: name}
	for i, y := range targets {
		a.Add(y, predictions[i], weightAt(weights, i))
	}
	return a.Result()
}

// weightedMoments is a weighted mean and sum of squared deviations that
// merge as Chan, Golub and LeVeque (1979) show. Values are kept relative to a
// reference, the first value seen, so that data far from zero (targets near
// 1e6 with a spread of 1) keep full precision in the variance, and a constant
// column has a sum of squares of exactly 0.
type weightedMoments struct {
	ref         float64 // the first value with positive weight
	w, mean, m2 float64 // mean is of x - ref
}

func (m *weightedMoments) add(x, w float64) {
	if w == 0 {
		return
	}
	if m.w == 0 {
		m.ref, m.w, m.mean, m.m2 = x, w, 0, 0
		return
	}
	x -= m.ref
	m.w += w
	delta := x - m.mean
	m.mean += delta * (w / m.w)
	m.m2 += w * delta * (x - m.mean)
}

func (m *weightedMoments) merge(o weightedMoments) {
	switch {
	case o.w == 0:
		return
	case m.w == 0:
		*m = o
		return
	}
	w := m.w + o.w
	delta := (o.mean + (o.ref - m.ref)) - m.mean
	m.mean += delta * (o.w / w)
	m.m2 += o.m2 + delta*delta*(m.w*o.w/w)
	m.w = w
}

// regressionAccumulator keeps every sufficient statistic of the regression
// metrics; name selects which one Result reports.
type regressionAccumulator struct {
	name              string
	w, sse, sae, sape float64
	target, residual  weightedMoments
	guard             rowGuard
}

func (a *regressionAccumulator) Name() string { return a.name }

func (a *regressionAccumulator) Add(target, prediction, weight float64) {
	row := a.guard.n
	a.guard.n++
	for _, v := range [...]struct {
		field string
		x     float64
	}{{"target", target}, {"prediction", prediction}} {
		if math.IsNaN(v.x) || math.IsInf(v.x, 0) {
			a.guard.fail(fmt.Errorf("metrics: %s: row %d: %s is %v, want a finite number", a.name, row, v.field, v.x))
			return
		}
	}
	if !(weight >= 0) || math.IsInf(weight, 1) {
		a.guard.fail(badWeight(a.name, row, weight))
		return
	}
	d := target - prediction
	a.w += weight
	a.sse += weight * d * d
	a.sae += weight * math.Abs(d)
	a.sape += weight * (math.Abs(d) / math.Max(math.Abs(target), logLossEps))
	a.target.add(target, weight)
	a.residual.add(d, weight)
}

func (a *regressionAccumulator) Merge(other RegressionAccumulator) {
	o, ok := other.(*regressionAccumulator)
	if !ok || o.name != a.name {
		panic(mergeMismatch(a.name, other))
	}
	a.w += o.w
	a.sse += o.sse
	a.sae += o.sae
	a.sape += o.sape
	a.target.merge(o.target)
	a.residual.merge(o.residual)
	a.guard.merge(o.guard)
}

func (a *regressionAccumulator) Result() (float64, error) {
	switch {
	case a.guard.err != nil:
		return math.NaN(), a.guard.err
	case a.guard.n == 0:
		return math.NaN(), undefined(a.name, "no rows")
	case a.w == 0:
		return math.NaN(), undefined(a.name, "total weight is zero")
	}
	switch a.name {
	case "mse":
		return a.sse / a.w, nil
	case "rmse":
		return math.Sqrt(a.sse / a.w), nil
	case "mae":
		return a.sae / a.w, nil
	case "mape":
		return a.sape / a.w, nil
	case "r2":
		return forceFinite(a.sse, a.target.m2), nil
	default:
		return forceFinite(a.residual.m2/a.w, a.target.m2/a.w), nil
	}
}

// forceFinite is 1 - num/den with scikit-learn's force_finite=True rule.
func forceFinite(num, den float64) float64 {
	switch {
	case num == 0:
		return 1
	case den == 0:
		return 0
	}
	return 1 - num/den
}
