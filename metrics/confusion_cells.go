package metrics

import (
	"math"
	"math/big"
)

// confusionCells is a weighted confusion matrix whose every cell is a
// scaledSum with its own units: the metrics are ratios of cells, and a
// ratio of two cells of 1e-200 is exact next to a third cell of 1e200. In
// the float64 range the arithmetic is ConfusionMatrix's float64 arithmetic
// bit for bit.
type confusionCells struct{ tp, fp, tn, fn scaledSum }

// cells returns c's cells as scaledSums.
func (c ConfusionMatrix) cells() confusionCells {
	return confusionCells{sumOf(c.TP), sumOf(c.FP), sumOf(c.TN), sumOf(c.FN)}
}

// add adds weight w >= 0 to the cell of (label, predicted).
func (c *confusionCells) add(label, predicted bool, w float64) {
	switch {
	case label && predicted:
		c.tp.add(w)
	case label:
		c.fn.add(w)
	case predicted:
		c.fp.add(w)
	default:
		c.tn.add(w)
	}
}

func (c *confusionCells) merge(o confusionCells) {
	c.tp, c.fp, c.tn, c.fn = c.tp.plus(o.tp), c.fp.plus(o.fp), c.tn.plus(o.tn), c.fn.plus(o.fn)
}

func (c confusionCells) accuracy() (float64, error) {
	total := c.tp.plus(c.fp).plus(c.tn).plus(c.fn)
	if total.isZero() {
		return math.NaN(), undefined("accuracy", "total weight is zero")
	}
	return c.tp.plus(c.tn).ratio(total), nil
}

func (c confusionCells) precision() (float64, error) {
	d := c.tp.plus(c.fp)
	if d.isZero() {
		return math.NaN(), undefined("precision", "no row is predicted positive")
	}
	return c.tp.ratio(d), nil
}

func (c confusionCells) recall() (float64, error) {
	d := c.tp.plus(c.fn)
	if d.isZero() {
		return math.NaN(), undefined("recall", "no positive labels")
	}
	return c.tp.ratio(d), nil
}

func (c confusionCells) f1() (float64, error) {
	pp, ap := c.tp.plus(c.fp), c.tp.plus(c.fn)
	if pp.isZero() && ap.isZero() {
		return math.NaN(), undefined("f1", "no positive labels and no positive predictions")
	}
	var p, r float64
	if !pp.isZero() {
		p = c.tp.ratio(pp)
	}
	if !ap.isZero() {
		r = c.tp.ratio(ap)
	}
	return f1Of(p, r), nil
}

// mcc is ConfusionMatrix.MCC's formula in 256-bit arithmetic.
func (c confusionCells) mcc() float64 {
	add := func(x, y scaledSum) *big.Float { a := x.big(); return a.Add(a, y.big()) }
	m1, m2, m3, m4 := add(c.tp, c.fp), add(c.tp, c.fn), add(c.tn, c.fp), add(c.tn, c.fn)
	if m1.Sign() == 0 || m2.Sign() == 0 || m3.Sign() == 0 || m4.Sign() == 0 {
		return 0
	}
	cov := c.tp.big()
	cov.Mul(cov, c.tn.big())
	neg := c.fp.big()
	cov.Sub(cov, neg.Mul(neg, c.fn.big()))
	den := m1.Mul(m1, m2)
	den.Mul(den, m3).Mul(den, m4).Sqrt(den)
	v, _ := cov.Quo(cov, den).Float64()
	return v
}
