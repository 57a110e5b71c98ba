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
// column has a sum of squares of exactly 0. Deviations from the reference are
// scaled by a power of two (vs) and weights come in the accumulator's scaled
// units, so the sum of squares neither overflows nor underflows where the
// variance itself is a float64.
//
// A row's update adds delta²·w_old·w/(w_old+w) to the sum of squares (the
// merge of a one-row group), not Welford's delta·(x - new mean): with one
// weight 1e16 times another, the new mean lands on x and Welford's second
// factor cancels to 0, which made R² of such data 0 instead of 0.75.
type weightedMoments struct {
	ref         float64    // the first value with positive weight
	vs          powerScale // of the deviations x - ref
	w, mean, m2 float64    // weight, mean of (x - ref)·2^vs.k, sum of w·(scaled deviation - mean)²
	overflow    bool       // some x - ref is not a float64
}

func (m *weightedMoments) add(x, w float64) {
	if w == 0 {
		return
	}
	if m.w == 0 {
		m.ref, m.w, m.mean, m.m2 = x, w, 0, 0
		return
	}
	dev := x - m.ref
	if math.IsInf(dev, 0) {
		m.overflow = true
		return
	}
	v, f := m.vs.apply(dev)
	if f != 1 {
		m.mean *= f
		m.m2 *= f * f
	}
	total := m.w + w
	delta := v - m.mean
	m.mean += delta * (w / total)
	m.m2 += delta * delta * harmonicProduct(m.w, w, total)
	m.w = total
}

// rescaleWeights converts to weight units f times the old ones.
func (m *weightedMoments) rescaleWeights(f float64) {
	m.w *= f
	m.m2 *= f
}

// merge folds o, whose weights are in the same units, into m.
func (m *weightedMoments) merge(o weightedMoments) {
	overflow := m.overflow || o.overflow
	defer func() { m.overflow = overflow }()
	switch {
	case o.w == 0:
		return
	case m.w == 0:
		*m = o
		return
	}
	fm, fo := m.vs.unify(o.vs)
	m.mean *= fm
	m.m2 *= fm * fm
	oMean, oM2 := o.mean*fo, o.m2*fo*fo
	shift := o.ref - m.ref
	if math.IsInf(shift, 0) {
		overflow = true
		return
	}
	s, f := m.vs.apply(shift)
	m.mean *= f
	m.m2 *= f * f
	oMean, oM2 = oMean*f+s, oM2*f*f
	total := m.w + o.w
	delta := oMean - m.mean
	m.mean += delta * (o.w / total)
	m.m2 += oM2 + delta*delta*harmonicProduct(m.w, o.w, total)
	m.w = total
}

// regressionAccumulator keeps every sufficient statistic of the regression
// metrics; name selects which one Result reports. Weights are scaled by ws
// and residuals d = target - prediction by ds (powers of two, see
// powerScale): w = sum w·2^ws.k, sse = sum w·2^ws.k·(d·2^ds.k)², sae and sape
// in units 2^(ws.k+ds.k).
type regressionAccumulator struct {
	name              string
	ws, ds            powerScale
	w, sse, sae, sape float64
	target, residual  weightedMoments
	overflow          bool // some target - prediction is not a float64
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
	if weight == 0 {
		return // no part in any sum; nor may it set a scale
	}
	d := target - prediction
	if math.IsInf(d, 0) {
		a.overflow = true
		return
	}
	w, f := a.ws.apply(weight)
	if f != 1 {
		a.w *= f
		a.sse *= f
		a.sae *= f
		a.sape *= f
		a.target.rescaleWeights(f)
		a.residual.rescaleWeights(f)
	}
	ad, g := a.ds.apply(math.Abs(d))
	if g != 1 {
		a.sse *= g * g
		a.sae *= g
		a.sape *= g
	}
	a.w += w
	a.sse += w * ad * ad
	a.sae += w * ad
	a.sape += w * (ad / math.Max(math.Abs(target), logLossEps))
	a.target.add(target, w)
	a.residual.add(d, w)
}

func (a *regressionAccumulator) Merge(other RegressionAccumulator) {
	o, ok := other.(*regressionAccumulator)
	if !ok || o.name != a.name {
		panic(mergeMismatch(a.name, other))
	}
	fa, fo := a.ws.unify(o.ws)
	ga, gd := a.ds.unify(o.ds)
	a.w = a.w*fa + o.w*fo
	a.sse = a.sse*fa*ga*ga + o.sse*fo*gd*gd
	a.sae = a.sae*fa*ga + o.sae*fo*gd
	a.sape = a.sape*fa*ga + o.sape*fo*gd
	a.target.rescaleWeights(fa)
	a.residual.rescaleWeights(fa)
	ot, or := o.target, o.residual
	ot.rescaleWeights(fo)
	or.rescaleWeights(fo)
	a.target.merge(ot)
	a.residual.merge(or)
	a.overflow = a.overflow || o.overflow
	a.guard.merge(o.guard)
}

// Result reports the metric. Where the exact value is beyond float64 (the
// mean squared error of residuals near 1e200, an R² below -1.8e308) the
// result is an *UndefinedError saying so; the square root in rmse and the
// absolute errors are computed from the scaled sums, so they are exact
// where they are representable even when mse is not.
func (a *regressionAccumulator) Result() (float64, error) {
	switch {
	case a.guard.err != nil:
		return math.NaN(), a.guard.err
	case a.guard.n == 0:
		return math.NaN(), undefined(a.name, "no rows")
	case a.overflow:
		return math.NaN(), undefined(a.name, "overflow: a difference of targets or predictions exceeds the float64 range")
	case a.w == 0:
		return math.NaN(), undefined(a.name, "total weight is zero")
	}
	var v float64
	switch a.name {
	case "mse":
		v = math.Ldexp(a.sse/a.w, -2*a.ds.k)
	case "rmse":
		v = math.Ldexp(math.Sqrt(a.sse/a.w), -a.ds.k)
	case "mae":
		v = math.Ldexp(a.sae/a.w, -a.ds.k)
	case "mape":
		v = math.Ldexp(a.sape/a.w, -a.ds.k)
	default: // r2, explained_variance: 1 - num/den
		if a.guard.n < 2 {
			return math.NaN(), undefined(a.name, "fewer than two rows (scikit-learn: not well-defined with less than two samples)")
		}
		if a.target.overflow || a.residual.overflow {
			return math.NaN(), undefined(a.name, "overflow: a difference of targets exceeds the float64 range")
		}
		num, den, e := a.sse, a.target.m2, 2*a.target.vs.k-2*a.ds.k
		if a.name == "explained_variance" {
			num, e = a.residual.m2, 2*a.target.vs.k-2*a.residual.vs.k
		}
		v = forceFinite(num, den, e)
	}
	return finite(a.name, v)
}

// forceFinite is 1 - (num/den)·2^e with scikit-learn's force_finite=True
// rule: 1 for a perfect prediction (num = 0), 0 for an imperfect one of a
// constant target (den = 0).
func forceFinite(num, den float64, e int) float64 {
	switch {
	case num == 0:
		return 1
	case den == 0:
		return 0
	}
	return 1 - scaledRatio(num, den, e)
}
