package metrics

import (
	"fmt"
	"math"
)

// multiclassGuard validates multiclass rows for an accumulator of K classes.
type multiclassGuard struct {
	classes int
	rowGuard
}

func (g *multiclassGuard) setClasses(k int) { g.classes = k }

// admitRow reports whether the row is valid, remembering the first error. A
// probs slice of the wrong length is a programming error and panics.
func (g *multiclassGuard) admitRow(metric string, label int, probs []float64, w float64) bool {
	if len(probs) != g.classes {
		panic(fmt.Sprintf("metrics: %s: row has %d scores, want %d (one per class)", metric, len(probs), g.classes))
	}
	row := g.n
	g.n++
	fail := func(err error) bool {
		g.fail(err)
		return false
	}
	if label < 0 || label >= g.classes {
		return fail(fmt.Errorf("metrics: %s: row %d: label is %d, want a class in [0, %d)", metric, row, label, g.classes))
	}
	for c, p := range probs {
		if math.IsNaN(p) || math.IsInf(p, 0) {
			return fail(fmt.Errorf("metrics: %s: row %d: score of class %d is %v, want a finite number", metric, row, c, p))
		}
	}
	if !(w >= 0) || math.IsInf(w, 1) {
		return fail(badWeight(metric, row, w))
	}
	return true
}

func (g *multiclassGuard) mergeGuard(name string, o *multiclassGuard, other any) {
	if o.classes != g.classes {
		panic(mergeMismatch(name, other))
	}
	g.merge(o.rowGuard)
}

// result reports the remembered error, or an *UndefinedError for no rows or
// zero total weight.
func (g *multiclassGuard) result(metric string, totalWeight float64) error {
	switch {
	case g.err != nil:
		return g.err
	case g.n == 0:
		return undefined(metric, "no rows")
	case totalWeight == 0:
		return undefined(metric, "total weight is zero")
	}
	return nil
}

type multiclassAccuracyAccumulator struct {
	multiclassGuard
	ws         powerScale
	hit, total float64
}

func (a *multiclassAccuracyAccumulator) Name() string { return "accuracy" }

func (a *multiclassAccuracyAccumulator) Add(label int, probs []float64, weight float64) {
	if !a.admitRow(a.Name(), label, probs, weight) {
		return
	}
	w, f := a.ws.apply(weight)
	a.hit, a.total = a.hit*f, a.total*f
	if argmaxLowest(probs) == label {
		a.hit += w
	}
	a.total += w
}

func (a *multiclassAccuracyAccumulator) Merge(other MulticlassAccumulator) {
	o, ok := other.(*multiclassAccuracyAccumulator)
	if !ok {
		panic(mergeMismatch(a.Name(), other))
	}
	a.mergeGuard(a.Name(), &o.multiclassGuard, other)
	fa, fo := a.ws.unify(o.ws)
	a.hit = a.hit*fa + o.hit*fo
	a.total = a.total*fa + o.total*fo
}

func (a *multiclassAccuracyAccumulator) Result() (float64, error) {
	if err := a.result(a.Name(), a.total); err != nil {
		return math.NaN(), err
	}
	return a.hit / a.total, nil
}

type topKAccuracyAccumulator struct {
	multiclassGuard
	k          int
	classes    int // K, from the rows seen
	ws         powerScale
	hit, total float64
}

func (a *topKAccuracyAccumulator) Name() string { return "top_k_accuracy" }

func (a *topKAccuracyAccumulator) Add(label int, probs []float64, weight float64) {
	if !a.admitRow(a.Name(), label, probs, weight) {
		return
	}
	w, f := a.ws.apply(weight)
	a.hit, a.total = a.hit*f, a.total*f
	if inTopK(probs, label, a.k) {
		a.hit += w
	}
	a.total += w
	a.classes = len(probs)
}

func (a *topKAccuracyAccumulator) Merge(other MulticlassAccumulator) {
	o, ok := other.(*topKAccuracyAccumulator)
	if !ok || o.k != a.k {
		panic(mergeMismatch(a.Name(), other))
	}
	a.mergeGuard(a.Name(), &o.multiclassGuard, other)
	fa, fo := a.ws.unify(o.ws)
	a.hit = a.hit*fa + o.hit*fo
	a.total = a.total*fa + o.total*fo
	a.classes = max(a.classes, o.classes)
}

func (a *topKAccuracyAccumulator) Result() (float64, error) {
	if err := a.result(a.Name(), a.total); err != nil {
		return math.NaN(), err
	}
	if a.k >= a.classes {
		return math.NaN(), undefined(a.Name(), "k = %d with %d classes: every row is a hit (scikit-learn warns the score is meaningless)", a.k, a.classes)
	}
	return a.hit / a.total, nil
}

type multiclassLogLossAccumulator struct {
	multiclassGuard
	ws            powerScale
	sumLoss, sumW float64
}

func (a *multiclassLogLossAccumulator) Name() string { return "log_loss" }

func (a *multiclassLogLossAccumulator) Add(label int, probs []float64, weight float64) {
	if !a.admitRow(a.Name(), label, probs, weight) {
		return
	}
	w, f := a.ws.apply(weight)
	a.sumLoss, a.sumW = a.sumLoss*f, a.sumW*f
	a.sumLoss += w * multiclassLogLossRow(probs, label)
	a.sumW += w
}

func (a *multiclassLogLossAccumulator) Merge(other MulticlassAccumulator) {
	o, ok := other.(*multiclassLogLossAccumulator)
	if !ok {
		panic(mergeMismatch(a.Name(), other))
	}
	a.mergeGuard(a.Name(), &o.multiclassGuard, other)
	fa, fo := a.ws.unify(o.ws)
	a.sumLoss = a.sumLoss*fa + o.sumLoss*fo
	a.sumW = a.sumW*fa + o.sumW*fo
}

func (a *multiclassLogLossAccumulator) Result() (float64, error) {
	if a.classes < 2 && a.err == nil {
		return math.NaN(), undefined(a.Name(), "needs at least 2 classes")
	}
	if err := a.result(a.Name(), a.sumW); err != nil {
		return math.NaN(), err
	}
	return a.sumLoss / a.sumW, nil
}

// f1Accumulator keeps per-class weighted TP, predicted and true sums of the
// argmax prediction, each a scaledSum (so that a class of weights 1e-200
// keeps its F1 next to one of 1e200), and which classes occur at all.
type f1Accumulator struct {
	multiclassGuard
	average              string // "macro_f1", "micro_f1" or "weighted_f1"
	tp, predSum, trueSum []scaledSum
	present              []bool // class occurs as a label or a prediction
}

func (a *f1Accumulator) Name() string { return a.average }

func (a *f1Accumulator) setClasses(k int) {
	a.classes = k
	a.tp = make([]scaledSum, k)
	a.predSum = make([]scaledSum, k)
	a.trueSum = make([]scaledSum, k)
	a.present = make([]bool, k)
}

func (a *f1Accumulator) Add(label int, probs []float64, weight float64) {
	if !a.admitRow(a.Name(), label, probs, weight) {
		return
	}
	pred := argmaxLowest(probs)
	a.present[label] = true
	a.present[pred] = true
	a.trueSum[label].add(weight)
	a.predSum[pred].add(weight)
	if pred == label {
		a.tp[label].add(weight)
	}
}

func (a *f1Accumulator) Merge(other MulticlassAccumulator) {
	o, ok := other.(*f1Accumulator)
	if !ok || o.average != a.average {
		panic(mergeMismatch(a.Name(), other))
	}
	a.mergeGuard(a.Name(), &o.multiclassGuard, other)
	for c := range a.tp {
		a.tp[c] = a.tp[c].plus(o.tp[c])
		a.predSum[c] = a.predSum[c].plus(o.predSum[c])
		a.trueSum[c] = a.trueSum[c].plus(o.trueSum[c])
		a.present[c] = a.present[c] || o.present[c]
	}
}

// classF1 is F1 from a class's TP, predicted and true sums, with
// scikit-learn's zero-division conventions.
func classF1(tp, pred, tru scaledSum) float64 {
	var p, r float64
	if !pred.isZero() {
		p = tp.ratio(pred)
	}
	if !tru.isZero() {
		r = tp.ratio(tru)
	}
	return f1Of(p, r)
}

func (a *f1Accumulator) Result() (float64, error) {
	var total scaledSum
	for _, w := range a.trueSum {
		total = total.plus(w)
	}
	// Zero total weight: scikit-learn's zero division gives 0 with a
	// warning; the metric is undefined, as accuracy is on the same rows.
	if err := a.result(a.Name(), total.float()); err != nil {
		return math.NaN(), err
	}
	switch a.average {
	case "micro_f1":
		var tp, pred, tru scaledSum
		for c := range a.tp {
			if a.present[c] {
				tp, pred, tru = tp.plus(a.tp[c]), pred.plus(a.predSum[c]), tru.plus(a.trueSum[c])
			}
		}
		return classF1(tp, pred, tru), nil
	case "macro_f1":
		var sum float64
		var m int
		for c := range a.tp {
			if a.present[c] {
				sum += classF1(a.tp[c], a.predSum[c], a.trueSum[c])
				m++
			}
		}
		return sum / float64(m), nil
	default:
		var sum, support scaledSum
		for c := range a.tp {
			if a.present[c] {
				sum.addScaled(a.trueSum[c], classF1(a.tp[c], a.predSum[c], a.trueSum[c]))
				support = support.plus(a.trueSum[c])
			}
		}
		if support.isZero() {
			return 0, nil
		}
		return sum.ratio(support), nil
	}
}

// rocAUCOVRAccumulator keeps every row (K scores, label, weight), since each
// one-vs-rest AUC depends on the order of all scores of its class.
type rocAUCOVRAccumulator struct {
	multiclassGuard
	unfit   firstUnfit // the first row whose scores do not sum to 1
	probs   []float64  // row-major, K per row
	labels  []int32
	weights []float64
}

func (a *rocAUCOVRAccumulator) Name() string { return "roc_auc_ovr" }

func (a *rocAUCOVRAccumulator) Add(label int, probs []float64, weight float64) {
	row := a.n
	if !a.admitRow(a.Name(), label, probs, weight) {
		return
	}
	if !SumsToOne(probs) {
		a.unfit.set(notDistribution(a.Name(), row, probs))
		return
	}
	a.probs = append(a.probs, probs...)
	a.labels = append(a.labels, int32(label))
	a.weights = append(a.weights, weight)
}

func (a *rocAUCOVRAccumulator) Merge(other MulticlassAccumulator) {
	o, ok := other.(*rocAUCOVRAccumulator)
	if !ok {
		panic(mergeMismatch(a.Name(), other))
	}
	a.mergeGuard(a.Name(), &o.multiclassGuard, other)
	a.unfit.merge(o.unfit)
	a.probs = append(a.probs, o.probs...)
	a.labels = append(a.labels, o.labels...)
	a.weights = append(a.weights, o.weights...)
}

func (a *rocAUCOVRAccumulator) Result() (float64, error) {
	if err := a.result(a.Name(), 1); err != nil {
		return math.NaN(), err
	}
	if a.unfit.err != nil {
		return math.NaN(), a.unfit.err
	}
	k, n := a.classes, len(a.labels)
	rows := make([]scoredRow, n)
	buf := make([]scoredRow, n)
	var sum float64
	for c := 0; c < k; c++ {
		var classes classPresence
		for i := range rows {
			pos := int(a.labels[i]) == c
			rows[i] = makeRow(pos, a.probs[i*k+c], a.weights[i])
			classes |= presenceOf(pos)
		}
		if classes&hasPositive == 0 {
			return math.NaN(), undefined(a.Name(), "class %d does not occur in the labels", c)
		}
		auc, err := rocAUCSorted(sortRows(rows, buf), classes)
		if err != nil {
			return math.NaN(), undefined(a.Name(), "class %d: %s", c, err.(*UndefinedError).Reason)
		}
		sum += auc
	}
	return sum / float64(k), nil
}
