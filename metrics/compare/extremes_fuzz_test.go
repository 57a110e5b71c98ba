package compare

import (
	"math"
	"math/big"
	"slices"
	"testing"

	"github.com/mltest/mltest/internal/exactref"
	"github.com/mltest/mltest/metrics"
)

// FuzzDeltaExtremes holds the per-resample statistics behind compare's
// paired bootstrap (the weighted mean loss of log_loss, brier, mse, rmse,
// mae and mape; the confusion-matrix metrics; average precision) and their
// candidate - baseline differences to exact evaluations (internal/exactref)
// on up to 6 rows of 11 bytes: flags (label, bootstrap multiplicity 0-3),
// baseline and candidate scores on a 1/255 grid, a weight from 2^-1024 to
// 2^1016, and for regression a target and two predictions from 2^-1024 to
// 2^504 in magnitude. The resampled weight of row i is weight_i·mult_i.
//
// Each statistic is held to 1e-12 relative; a difference of two to 1e-12 of
// the larger of the two (it is a difference of rounded values), and MCC to
// 1e-12 absolute below 1 (metrics.ConfusionMatrix.MCC). As in metrics' own
// targets, a row's loss is that of the float64 inputs and the regression
// residual the float64 y - p (what scikit-learn and mltest compute).
func FuzzDeltaExtremes(f *testing.F) {
	f.Add([]byte{3, 51, 204, 0x2d, 0, 0x40, 0, 0x41, 0, 0x40, 2, 2, 204, 51, 0xf0, 0, 0x80, 0, 0x81, 0, 0x80, 1})
	f.Add([]byte{3, 0, 255, 0xff, 0, 0x10, 0, 0x10, 0, 0x11, 0, 2, 255, 0, 0x01, 0, 0xbf, 0, 0, 0, 0xbe, 0})
	f.Add([]byte{7, 128, 128, 0x80, 0, 0x40, 0, 0x40, 0, 0x40, 0, 6, 128, 200, 0x80, 0, 0x40, 0, 0x40, 2, 0x41, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		var labels []bool
		var sb, sc, w, y, pb, pc, mult []float64
		for i := 0; i+11 <= len(data) && len(labels) < 6; i += 11 {
			r := data[i : i+11]
			labels = append(labels, r[0]&1 == 1)
			mult = append(mult, float64(r[0]>>1&3))
			sb = append(sb, float64(r[1])/255)
			sc = append(sc, float64(r[2])/255)
			w = append(w, exactref.Weight(r[3], r[4]))
			y = append(y, exactref.Signed(r[5], r[6]))
			pb = append(pb, exactref.Signed(r[7], r[8]))
			pc = append(pc, exactref.Signed(r[9], r[10]))
		}
		if !slices.ContainsFunc(mult, func(m float64) bool { return m != 0 }) {
			return
		}
		W := make([]*big.Rat, len(w)) // resampled weights
		for i := range w {
			W[i] = new(big.Rat).Mul(exactref.Rat(w[i]), exactref.Rat(mult[i]))
		}
		check := func(name string, got [2]float64, errs [2]error, want [2]exactref.Value) {
			t.Helper()
			scale := 0.0
			if name == "mcc" {
				scale = 1
			}
			for k := range got {
				if msg := exactref.Check(name, got[k], errs[k] == nil, want[k], 1e-12, scale); msg != "" {
					t.Errorf("%s (%s)", msg, [2]string{"baseline", "candidate"}[k])
				}
			}
			if want[0].OK && want[1].OK && errs[0] == nil && errs[1] == nil {
				d := exactref.OfFloat(new(big.Float).Sub(new(big.Float).SetFloat64(want[1].V), new(big.Float).SetFloat64(want[0].V)))
				if msg := exactref.Check(name+" difference", got[1]-got[0], true, d, 1e-12, max(scale, math.Abs(want[0].V), math.Abs(want[1].V))); msg != "" {
					t.Error(msg)
				}
			}
		}
		var got [2]float64
		var errs [2]error
		var want [2]exactref.Value
		for _, name := range []string{"accuracy", "precision", "recall", "f1", "mcc"} {
			for k, s := range [2][]float64{sb, sc} {
				got[k], errs[k] = confusionStatistic(name, labels, s, w, 0.5)(mult)
				want[k] = exactConfusion(name, labels, s, W)
			}
			check(name, got, errs, want)
		}
		for k, s := range [2][]float64{sb, sc} {
			want[k] = exactAveragePrecision(labels, s, W)
			stat, err := averagePrecisionStatistic(labels, s, w)
			if errs[k] = err; err == nil {
				got[k], errs[k] = stat(mult)
			}
		}
		check("average_precision", got, errs, want)
		for _, name := range []string{"brier", "log_loss"} {
			var withLabels []bool
			if name == "log_loss" {
				withLabels = labels
			}
			for k, s := range [2][]float64{sb, sc} {
				loss, err := binaryRowLosses(name, metrics.DefaultBinaryOptions(), labels, s)
				if err != nil {
					t.Fatalf("%s row losses: %v", name, err)
				}
				got[k], errs[k] = meanLossStatistic(name, loss, w, withLabels)(mult)
				want[k] = exactMeanLoss(name, labels, s, nil, W, mult)
			}
			check(name, got, errs, want)
		}
		for _, name := range []string{"mse", "rmse", "mae", "mape"} {
			for k, p := range [2][]float64{pb, pc} {
				loss, err := regressionRowLosses(name, y, p)
				if err != nil {
					t.Fatalf("%s row losses: %v", name, err)
				}
				got[k], errs[k] = meanLossStatistic(name, loss, w, nil)(mult)
				want[k] = exactMeanLoss(name, nil, y, p, W, mult)
			}
			check(name, got, errs, want)
		}
	})
}

// exactConfusion: the named metric of the weighted confusion matrix at
// threshold 0.5, with metrics.ConfusionMatrix's conventions.
func exactConfusion(name string, labels []bool, scores []float64, W []*big.Rat) exactref.Value {
	var tp, fp, tn, fn big.Rat
	for i, l := range labels {
		c := map[[2]bool]*big.Rat{{true, true}: &tp, {true, false}: &fn, {false, true}: &fp, {false, false}: &tn}[[2]bool{l, scores[i] >= 0.5}]
		c.Add(c, W[i])
	}
	add := func(a, b *big.Rat) *big.Rat { return new(big.Rat).Add(a, b) }
	ratio := func(num, den *big.Rat) exactref.Value {
		if den.Sign() == 0 {
			return exactref.Undefined
		}
		return exactref.Of(new(big.Rat).Quo(num, den))
	}
	switch name {
	case "accuracy":
		return ratio(add(&tp, &tn), add(add(&tp, &tn), add(&fp, &fn)))
	case "precision":
		return ratio(&tp, add(&tp, &fp))
	case "recall":
		return ratio(&tp, add(&tp, &fn))
	case "f1":
		return ratio(add(&tp, &tp), add(add(&tp, &tp), add(&fp, &fn)))
	}
	den := new(big.Rat).Mul(add(&tp, &fp), add(&tp, &fn))
	den.Mul(den, add(&tn, &fp)).Mul(den, add(&tn, &fn))
	if den.Sign() == 0 {
		return exactref.Value{OK: true}
	}
	num := new(big.Rat).Sub(new(big.Rat).Mul(&tp, &tn), new(big.Rat).Mul(&fp, &fn))
	sq := exactref.Sqrt(new(big.Rat).Quo(new(big.Rat).Mul(num, num), den))
	if num.Sign() < 0 {
		sq.Neg(sq)
	}
	return exactref.OfFloat(sq)
}

// exactAveragePrecision: scikit-learn's AP, tied scores one threshold.
func exactAveragePrecision(labels []bool, scores []float64, W []*big.Rat) exactref.Value {
	P := new(big.Rat)
	for i, l := range labels {
		if l {
			P.Add(P, W[i])
		}
	}
	if P.Sign() == 0 {
		return exactref.Undefined
	}
	distinct := slices.Compact(slices.Sorted(slices.Values(scores)))
	ap, tp, fp := new(big.Rat), new(big.Rat), new(big.Rat)
	for k := len(distinct) - 1; k >= 0; k-- {
		g := new(big.Rat)
		for i, l := range labels {
			if scores[i] == distinct[k] {
				if l {
					g.Add(g, W[i])
				} else {
					fp.Add(fp, W[i])
				}
			}
		}
		tp.Add(tp, g)
		if g.Sign() > 0 {
			prec := new(big.Rat).Quo(tp, new(big.Rat).Add(tp, fp))
			ap.Add(ap, prec.Mul(prec, g))
		}
	}
	return exactref.Of(ap.Quo(ap, P))
}

// exactMeanLoss: sum W_i l_i / sum W_i (rmse: its square root) with l_i the
// row's loss: brier (s - y)², log_loss -ln(clip(p)) (of the class's
// probability, clipped to [eps, 1-eps] as scikit-learn 1.2), mse (y - p)²,
// mae |y - p|, mape |y - p| / max(|y|, eps), the residual y - p in float64.
// log_loss is undefined without both classes among the resampled rows
// (by presence, whatever their weights, as metrics.LogLoss).
func exactMeanLoss(name string, labels []bool, x, p []float64, W []*big.Rat, mult []float64) exactref.Value {
	const eps = 2.220446049250313e-16
	sumL, sumW := new(big.Float).SetPrec(exactref.Prec), new(big.Rat)
	var pos, neg bool
	for i := range x {
		sumW.Add(sumW, W[i])
		var l *big.Float
		switch name {
		case "brier", "log_loss":
			y := 0.0
			if labels[i] {
				y = 1
			}
			if name == "brier" {
				d := new(big.Rat).Sub(exactref.Rat(x[i]), exactref.Rat(y))
				l = exactref.Float(d.Mul(d, d))
				break
			}
			if mult[i] != 0 {
				pos, neg = pos || labels[i], neg || !labels[i]
			}
			q := exactref.Rat(min(max(x[i], eps), 1-eps))
			if !labels[i] {
				q.Sub(big.NewRat(1, 1), q)
			}
			l = exactref.Log(exactref.Float(q))
			l.Neg(l)
		default:
			d := exactref.Rat(x[i] - p[i])
			switch name {
			case "mse", "rmse":
				d.Mul(d, d)
			case "mae":
				d.Abs(d)
			case "mape":
				d.Abs(d).Quo(d, exactref.Rat(max(math.Abs(x[i]), eps)))
			}
			l = exactref.Float(d)
		}
		sumL.Add(sumL, l.Mul(l, exactref.Float(W[i])))
	}
	if sumW.Sign() == 0 || (name == "log_loss" && !(pos && neg)) {
		return exactref.Undefined
	}
	m := sumL.Quo(sumL, exactref.Float(sumW))
	if name == "rmse" {
		m.Sqrt(m)
	}
	return exactref.OfFloat(m)
}
