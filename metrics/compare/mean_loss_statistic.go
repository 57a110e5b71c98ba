package compare

import (
	"math"

	"github.com/mltest/mltest/internal/floatscale"
	"github.com/mltest/mltest/metrics"
)

// Metrics that are a weighted mean of a per-row loss, sum_i w_i l_i /
// sum_i w_i (rmse: its square root), and so can be bootstrapped from
// per-row losses computed once.
var meanLossMetrics = map[string]bool{"log_loss": true, "brier": true, "mse": true, "rmse": true, "mae": true, "mape": true}

// binaryRowLosses returns l_i of log_loss or brier for every row, each read
// from the registry's accumulator (so the clipping and conventions are the
// metric's own): the row with weight 1, plus for log_loss a row of the other
// class with weight 0, which the metric needs to be defined and which adds
// nothing. A row the metric rejects (a brier score outside [0, 1]) is that
// error.
func binaryRowLosses(name string, opt metrics.BinaryOptions, labels []bool, scores []float64) ([]float64, error) {
	loss := make([]float64, len(labels))
	for i, y := range labels {
		a, err := metrics.NewBinaryAccumulator(name, opt)
		if err != nil {
			return nil, err
		}
		a.Add(y, scores[i], 1)
		if name == "log_loss" {
			a.Add(!y, 0.5, 0)
		}
		if loss[i], err = a.Result(); err != nil {
			return nil, err
		}
	}
	return loss, nil
}

// regressionRowLosses returns l_i of mae or mape for every row, read from
// the registry's accumulator over that row alone; for mse and rmse the
// row's |y - p| (mae's loss), which meanLossStatistic squares, so that a
// residual below 1e-154 keeps its digits instead of a square that
// underflows.
func regressionRowLosses(name string, targets, preds []float64) ([]float64, error) {
	if name == "rmse" || name == "mse" {
		name = "mae"
	}
	loss := make([]float64, len(targets))
	for i, y := range targets {
		a, err := metrics.NewRegressionAccumulator(name)
		if err != nil {
			return nil, err
		}
		a.Add(y, preds[i], 1)
		if loss[i], err = a.Result(); err != nil {
			return nil, err
		}
	}
	return loss, nil
}

// meanLossStatistic returns mult -> sum W_i l_i / sum W_i over the rows
// with mult_i != 0, W_i = weights[i]*mult[i] (mse and rmse: l_i is the
// square of loss[i], see regressionRowLosses; rmse: the square root): the
// registry accumulator's value on those rows up to the rounding of
// W_i*l_i against the accumulator's own product order (bit for bit for
// log_loss), at the cost of one multiply-add per row instead of a loss
// evaluation. Zero total weight is undefined; with labels (log_loss) so is
// a resample whose rows hold a single class, as for the accumulator.
//
// Weights are scaled by the power of two that brings the largest to 1, so
// that weights of 1e-300 keep the digits of small losses and weights near
// 1e308 do not overflow the sums; the mean does not change. When a weight
// or a term W_i l_i would leave [2^-900, 2^900] in those units (weights
// 2^-1024 next to 2^1016, whose light row carries a loss of 2^1000; a
// residual of 1e-160), each sum is kept in units of its own largest term
// from mantissas and exponents, exact to rounding wherever the mean is a
// float64. So is a resample whose rows all lie 2^900 below the heaviest row
// (which flushed them to 0 before: the resample was undefined).
func meanLossStatistic(name string, loss, weights []float64, labels []bool) func([]float64) (float64, error) {
	square := name == "mse" || name == "rmse"
	var maxW float64
	for i := range loss {
		maxW = max(maxW, weightAt(weights, i))
	}
	scale := floatscale.UnitScale(maxW)
	inRange := func(x float64) bool { return x >= 0x1p-900 && x <= 0x1p900 }
	// log_loss keeps the float64 path whenever the resample holds a row
	// within 2^900 of the heaviest (and so its bit-for-bit agreement): its
	// row losses lie in [1e-16, 37], so whatever a far lighter row loses
	// there is below 2^-800 of the sum.
	fast := true
	if name == "log_loss" {
		inRange = func(float64) bool { return true }
	}
	// Mantissas and exponents of each row's weight and term.
	wm, tm := make([]float64, len(loss)), make([]float64, len(loss))
	we, te := make([]int, len(loss)), make([]int, len(loss))
	for i, l := range loss {
		w := weightAt(weights, i)
		ws := w * scale
		term := ws * l
		if square {
			term = ws * (l * l)
		}
		fast = fast && (w == 0 || inRange(ws) && (l == 0 || inRange(term)))
		wm[i], we[i] = math.Frexp(w)
		lm, le := math.Frexp(l)
		if square {
			lm, le = lm*lm, 2*le
		}
		tm[i], te[i] = lm*wm[i], le+we[i]
	}
	undefined := func(pos, neg, noWeight bool) (float64, error) {
		switch {
		case labels != nil && !(pos && neg):
			return math.NaN(), &metrics.UndefinedError{Metric: name, Reason: "only one class present in labels"}
		case noWeight:
			return math.NaN(), &metrics.UndefinedError{Metric: name, Reason: "total weight is zero"}
		}
		return 0, nil
	}
	return func(mult []float64) (float64, error) {
		var sumL, sumW float64
		var pos, neg bool
		for i, m := range mult {
			if m == 0 {
				continue
			}
			if labels != nil {
				pos = pos || labels[i]
				neg = neg || !labels[i]
			}
			if fast {
				w := weightAt(weights, i) * scale * m
				l := loss[i]
				if square {
					l *= l
				}
				sumL += w * l
				sumW += w
			}
		}
		if fast && sumW >= 0x1p-900 {
			if v, err := undefined(pos, neg, false); err != nil {
				return v, err
			}
			if name == "rmse" {
				return math.Sqrt(sumL / sumW), nil
			}
			return sumL / sumW, nil
		}
		// Terms out of range, or a resample without the heaviest rows
		// (whose own weights the scaling flushed): each sum in units of its
		// own largest term.
		topT, topW := math.MinInt, math.MinInt
		for i, m := range mult {
			if m != 0 && wm[i] != 0 {
				topW = max(topW, we[i])
				if tm[i] != 0 {
					topT = max(topT, te[i])
				}
			}
		}
		sumL, sumW = 0, 0
		for i, m := range mult {
			if m != 0 && wm[i] != 0 {
				sumW += math.Ldexp(wm[i]*m, we[i]-topW)
				if tm[i] != 0 {
					sumL += math.Ldexp(tm[i]*m, te[i]-topT)
				}
			}
		}
		if v, err := undefined(pos, neg, sumW == 0); err != nil {
			return v, err
		}
		if sumL == 0 {
			return 0, nil
		}
		q, e := sumL/sumW, topT-topW
		if name != "rmse" {
			return math.Ldexp(q, e), nil
		}
		if e%2 != 0 {
			q, e = q*2, e-1
		}
		return math.Ldexp(math.Sqrt(q), e/2), nil
	}
}
