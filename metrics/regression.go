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
	a := newRegressionAccumulator(name)
	for i, y := range targets {
		a.Add(y, predictions[i], weightAt(weights, i))
	}
	return a.Result()
}

// weightedMoments is a weighted mean and sum of squared deviations that
// merge as Chan, Golub and LeVeque (1979) show. Values are kept relative to a
// reference, the first value seen, so that data far from zero (targets near
// 1e6 with a spread of 1) keep full precision in the variance, and a constant
// column has a sum of squares of exactly 0. Deviations from the reference
// are scaled by a power of two (vs) and the sum of squares is a scaledSum,
// so that it keeps its digits whatever the range of weights and values.
//
// A row's update adds delta²·w_old·w/(w_old+w) to the sum of squares (the
// merge of a one-row group), with the harmonic product formed from the
// smaller weight, not Welford's delta·(x - new mean): with one weight 1e16
// times another, the new mean lands on x and Welford's second factor
// cancels to 0, which made R² of such data 0 instead of 0.75.
type weightedMoments struct {
	ref      float64    // the first value with positive weight
	vs       powerScale // of the deviations x - ref
	w        float64    // total weight, in units of 2^wk
	wk       int        // weights are divided by 2^wk (0 unless they near 1.8e308)
	mean     float64    // weighted mean of (x - ref)·2^vs.k
	m2       scaledSum  // sum of w·((x - ref)·2^vs.k - mean)², weights in units of 2^wk
	overflow bool       // some x - ref is not a float64
}

func (m *weightedMoments) add(x, w float64) {
	if w == 0 {
		return
	}
	// The row's weight in units of 2^wk, also as mantissa and exponent:
	// next to a total near 2^1000, a weight of 2^-1024 flushes to zero as
	// a float64 (it cannot move the total or the mean) but its term in the
	// sum of squares must not.
	wm, we := math.Frexp(w)
	we -= m.wk
	if m.wk != 0 {
		w = math.Ldexp(wm, we)
	}
	if m.w == 0 {
		m.ref, m.w, m.mean, m.m2 = x, w, 0, scaledSum{}
		return
	}
	if w > m.w && !m.recenter(x) {
		return
	}
	dev := x - m.ref
	if math.IsInf(dev, 0) {
		m.overflow = true
		return
	}
	v := m.deviation(dev)
	total := m.w + w
	if math.IsInf(total, 1) {
		m.shiftWeights(64)
		we -= 64
		w = math.Ldexp(wm, we)
		total = m.w + w
	}
	delta := v - m.mean
	// The row's term delta²·m.w·w/total, its weight factor as mantissa
	// and exponent where a float64 would lose digits, formed before any
	// shift of the units below.
	h := harmonicProduct(m.w, w, total)
	hm, he := h, 0
	if h < 0x1p-900 {
		if w < m.w {
			hm, he = wm*(m.w/total), we
		} else {
			hm, he = math.Frexp(m.w)
			hm *= w / total
		}
	}
	if w > m.w {
		// From the heavier side: mean + delta·(w/total) would round
		// w/total to 1 and lose the lighter rows' pull on the mean.
		m.mean = v - delta*(m.w/total)
	} else {
		m.mean += delta * (w / total)
	}
	if total > 0x1p1000 {
		m.shiftWeights(64)
		total, he = math.Ldexp(total, -64), he-64
	}
	if he == 0 {
		m.m2.addProduct(delta, delta, hm)
	} else {
		m.m2.addProductExp(delta, delta, hm, he)
	}
	m.w = total
}

// recenter moves the reference to x, the value of a row that outweighs
// every row so far, so that deviations are taken from where the weight is:
// a first row of weight 1e-306 at 6e-20 must not be the reference of rows
// of weight 1e-193 that differ by 1e-75 (x - ref would round their
// differences away). The sum of squares does not change; the mean is
// re-expressed from x in the current units (moved first if the shift needs
// it; re-expressed unscaled, a mean of 2^-1087 would flush to zero).
// false: x - ref overflows.
func (m *weightedMoments) recenter(x float64) bool {
	shift := m.ref - x
	if math.IsInf(shift, 0) {
		m.overflow = true
		return false
	}
	if shift != 0 {
		s := m.deviation(shift)
		m.mean += s
	}
	m.ref = x
	return true
}

// deviation returns dev in the units of vs, moving them (and the mean and
// sum of squares) first when dev is too large for them.
func (m *weightedMoments) deviation(dev float64) float64 {
	k := m.vs.k
	v, f := m.vs.apply(dev)
	if f != 1 {
		m.mean *= f
		m.m2.scaleExp(2 * (m.vs.k - k))
	}
	return v
}

// shiftWeights divides the weights by 2^d more.
func (m *weightedMoments) shiftWeights(d int) {
	m.wk += d
	m.w = math.Ldexp(m.w, -d)
	m.m2.scaleExp(-d)
}

// sumSquares returns sum w·(x - mean)² in the caller's units.
func (m *weightedMoments) sumSquares() scaledSum {
	s := m.m2
	s.scaleExp(m.wk - 2*m.vs.k)
	return s
}

// merge folds o into m.
func (m *weightedMoments) merge(o weightedMoments) {
	overflow := m.overflow || o.overflow
	defer func() { m.overflow = overflow }()
	switch {
	case o.w == 0:
		return
	case m.w == 0:
		*m = o
		return
	case o.w > m.w:
		*m, o = o, *m // deviations from the heavier side's reference
	}
	// o's weight also as mantissa and exponent in the common units, for
	// its term in the sum of squares when it is too light for a float64
	// next to m's (2^-1024 against 2^1016).
	owm, owe := math.Frexp(o.w)
	owe += o.wk
	if o.wk > m.wk {
		m.shiftWeights(o.wk - m.wk)
	} else if o.wk < m.wk {
		d := m.wk - o.wk
		o.w = math.Ldexp(o.w, -d)
		o.m2.scaleExp(-d)
	}
	owe -= m.wk
	// o's mean and sum of squares in m's deviation units.
	shift := o.ref - m.ref
	if math.IsInf(shift, 0) {
		overflow = true
		return
	}
	if o.vs.f != 0 {
		k := m.vs.k
		fm, fo := m.vs.unify(o.vs)
		if fm != 1 {
			m.mean *= fm
			m.m2.scaleExp(2 * (m.vs.k - k))
		}
		o.mean *= fo
		o.m2.scaleExp(2 * (m.vs.k - o.vs.k))
	}
	k := m.vs.k
	s := m.deviation(shift)
	o.mean = o.mean*math.Ldexp(1, m.vs.k-k) + s
	o.m2.scaleExp(2 * (m.vs.k - k))
	total := m.w + o.w
	delta := o.mean - m.mean
	m.mean += delta * (o.w / total)
	m.m2 = m.m2.plus(o.m2)
	if h := harmonicProduct(m.w, o.w, total); h >= 0x1p-900 {
		m.m2.addProduct(delta, delta, h)
	} else if o.w < m.w {
		m.m2.addProductExp(delta, delta, owm*(m.w/total), owe)
	} else {
		hm, he := math.Frexp(m.w)
		m.m2.addProductExp(delta, delta, hm*(o.w/total), he)
	}
	m.w = total
}

// regressionAccumulator keeps the sufficient statistics of one regression
// metric (name), each sum a scaledSum of the raw products, so that every
// metric is exact to rounding wherever its value is a float64.
type regressionAccumulator struct {
	name              string
	w, sse, sae, sape scaledSum
	target, residual  weightedMoments
	overflow          bool // some target - prediction is not a float64
	guard             rowGuard
}

func newRegressionAccumulator(name string) *regressionAccumulator {
	return &regressionAccumulator{name: name}
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
		return // no part in any sum
	}
	d := target - prediction
	if math.IsInf(d, 0) {
		a.overflow = true
		return
	}
	ad := math.Abs(d)
	a.w.add(weight)
	switch a.name {
	case "mse", "rmse":
		a.sse.addProduct(weight, ad, ad)
	case "mae":
		a.sae.addProduct(weight, ad, 1)
	case "mape":
		a.sape.addProduct(weight, ad, 1/math.Max(math.Abs(target), logLossEps))
	case "r2":
		a.sse.addProduct(weight, ad, ad)
		a.target.add(target, weight)
	default:
		a.target.add(target, weight)
		a.residual.add(d, weight)
	}
}

func (a *regressionAccumulator) Merge(other RegressionAccumulator) {
	o, ok := other.(*regressionAccumulator)
	if !ok || o.name != a.name {
		panic(mergeMismatch(a.name, other))
	}
	a.w = a.w.plus(o.w)
	a.sse = a.sse.plus(o.sse)
	a.sae = a.sae.plus(o.sae)
	a.sape = a.sape.plus(o.sape)
	a.target.merge(o.target)
	a.residual.merge(o.residual)
	a.overflow = a.overflow || o.overflow
	a.guard.merge(o.guard)
}

// Result reports the metric. Where the exact value is beyond float64 (the
// mean squared error of residuals near 1e200, an R² below -1.8e308) the
// result is an *UndefinedError saying so; rmse is the square root of the
// scaled ratio, so it is exact where it is representable even when mse is
// not.
func (a *regressionAccumulator) Result() (float64, error) {
	switch {
	case a.guard.err != nil:
		return math.NaN(), a.guard.err
	case a.guard.n == 0:
		return math.NaN(), undefined(a.name, "no rows")
	case a.overflow:
		return math.NaN(), undefined(a.name, "overflow: a difference of targets and predictions exceeds the float64 range")
	case a.w.isZero():
		return math.NaN(), undefined(a.name, "total weight is zero")
	}
	var v float64
	switch a.name {
	case "mse":
		v = a.sse.ratio(a.w)
	case "rmse":
		e := a.sse.e - a.w.e
		r := a.sse.v / a.w.v
		if e%2 != 0 {
			r, e = r*2, e-1
		}
		v = math.Ldexp(math.Sqrt(r), e/2)
	case "mae":
		v = a.sae.ratio(a.w)
	case "mape":
		v = a.sape.ratio(a.w)
	default: // r2, explained_variance: 1 - num/den
		if a.guard.n < 2 {
			return math.NaN(), undefined(a.name, "fewer than two rows (scikit-learn: not well-defined with less than two samples)")
		}
		if a.target.overflow || a.residual.overflow {
			return math.NaN(), undefined(a.name, "overflow: a difference of targets exceeds the float64 range")
		}
		num, den := a.sse, a.target.sumSquares()
		if a.name == "explained_variance" {
			num = a.residual.sumSquares()
		}
		v = forceFinite(num, den)
	}
	return finite(a.name, v)
}

// forceFinite is 1 - num/den with scikit-learn's force_finite=True rule: 1
// for a perfect prediction (num = 0), 0 for an imperfect one of a constant
// target (den = 0).
func forceFinite(num, den scaledSum) float64 {
	switch {
	case num.isZero():
		return 1
	case den.isZero():
		return 0
	}
	return 1 - num.ratio(den)
}
