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

// regressionRowLosses returns l_i of mse (also for rmse), mae or mape for
// every row, read from the registry's accumulator over that row alone.
func regressionRowLosses(name string, targets, preds []float64) ([]float64, error) {
	if name == "rmse" {
		name = "mse"
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
// with mult_i != 0, W_i = weights[i]*mult[i] (rmse: the square root): the
// registry accumulator's value on those rows up to the rounding of
// W_i*l_i against the accumulator's own product order (bit for bit for
// log_loss), at the cost of one multiply-add per row instead of a loss
// evaluation. Zero total weight is undefined; with labels (log_loss) so is
// a resample whose rows hold a single class, as for the accumulator.
//
// Weights are scaled by the power of two that brings the largest to 1, so
// that weights of 1e-300 keep the digits of small losses and weights near
// 1e308 do not overflow the sums; the mean does not change.
func meanLossStatistic(name string, loss, weights []float64, labels []bool) func([]float64) (float64, error) {
	var maxW float64
	for _, w := range weights {
		maxW = max(maxW, w)
	}
	scale := floatscale.UnitScale(maxW)
	return func(mult []float64) (float64, error) {
		var sumL, sumW float64
		var pos, neg bool
		for i, m := range mult {
			if m == 0 {
				continue
			}
			w := weightAt(weights, i) * scale * m
			sumL += w * loss[i]
			sumW += w
			if labels != nil {
				pos = pos || labels[i]
				neg = neg || !labels[i]
			}
		}
		switch {
		case labels != nil && !(pos && neg):
			return math.NaN(), &metrics.UndefinedError{Metric: name, Reason: "only one class present in labels"}
		case sumW == 0:
			return math.NaN(), &metrics.UndefinedError{Metric: name, Reason: "total weight is zero"}
		case name == "rmse":
			return math.Sqrt(sumL / sumW), nil
		}
		return sumL / sumW, nil
	}
}
