package metrics

import (
	"fmt"
	"math"
)

// rankAccumulator keeps every row (16 bytes each) for ROC AUC or average
// precision, which depend on the order of all scores. Two of them can
// share their rows (ShareRows): then only one, the keeper, stores them.
type rankAccumulator struct {
	name    string // "roc_auc" or "average_precision"
	rows    *rankRows
	follows bool // the rows are shared and another accumulator keeps them
	classes classPresence
	guard   rowGuard
}

func newRankAccumulator(name string) *rankAccumulator {
	return &rankAccumulator{name: name, rows: &rankRows{want: wantOf(name)}}
}

func (a *rankAccumulator) Name() string { return a.name }

func (a *rankAccumulator) Add(label bool, score, weight float64) {
	if !a.guard.admit(a.name, score, weight) {
		return
	}
	if !a.follows {
		a.rows.add(makeRow(label, score, weight))
		a.rows.changed()
	}
	a.classes |= presenceOf(label)
}

// Merge links other's rows rather than copying them: a later Result of
// either reorders the rows of both in place (not their results), so the two
// must not be read concurrently.
func (a *rankAccumulator) Merge(other BinaryAccumulator) {
	o, ok := other.(*rankAccumulator)
	if !ok || o.name != a.name {
		panic(mergeMismatch(a.name, other))
	}
	if !a.follows {
		a.rows.merge(&o.rows.rowChunks)
		a.rows.changed()
	}
	a.classes |= o.classes
	a.guard.merge(o.guard)
}

// Result reads the kept rows in score order (their order is not part of the
// state; see rankRows.sums) and keeps what it computed, for both metrics
// when the rows are shared, so that asking again costs nothing.
func (a *rankAccumulator) Result() (float64, error) {
	if a.guard.err != nil {
		return math.NaN(), a.guard.err
	}
	if a.rows.n == 0 {
		return math.NaN(), undefined(a.name, "no rows")
	}
	s := a.rows.sums(wantOf(a.name))
	if a.name == "roc_auc" {
		return s.rocAUC(a.classes)
	}
	return s.averagePrecision()
}

// logLossAccumulator keeps the weighted sum of binary log losses, with the
// weights scaled by ws (see powerScale), so that weights of 1e-300 or 1e300
// give the value weights of 1 give.
type logLossAccumulator struct {
	ws            powerScale
	sumLoss, sumW float64
	classes       classPresence
	guard         rowGuard
}

func (a *logLossAccumulator) Name() string { return "log_loss" }

func (a *logLossAccumulator) Add(label bool, score, weight float64) {
	if !a.guard.admit("log_loss", score, weight) {
		return
	}
	a.addLoss(label, binaryLogLoss(label, score), weight)
}

// addLoss adds an admitted row by its loss (BinaryStatistic keeps the losses).
func (a *logLossAccumulator) addLoss(label bool, loss, weight float64) {
	a.classes |= presenceOf(label)
	w, f := a.ws.apply(weight)
	if f != 1 {
		a.sumLoss *= f
		a.sumW *= f
	}
	a.sumLoss += w * loss
	a.sumW += w
}

func (a *logLossAccumulator) Merge(other BinaryAccumulator) {
	o, ok := other.(*logLossAccumulator)
	if !ok {
		panic(mergeMismatch(a.Name(), other))
	}
	fa, fo := a.ws.unify(o.ws)
	a.sumLoss = a.sumLoss*fa + o.sumLoss*fo
	a.sumW = a.sumW*fa + o.sumW*fo
	a.classes |= o.classes
	a.guard.merge(o.guard)
}

func (a *logLossAccumulator) Result() (float64, error) {
	switch {
	case a.guard.err != nil:
		return math.NaN(), a.guard.err
	case a.guard.n == 0:
		return math.NaN(), undefined("log_loss", "no rows")
	case a.classes != bothClasses:
		return math.NaN(), undefined("log_loss", "only one class present in labels")
	case a.sumW == 0:
		return math.NaN(), undefined("log_loss", "total weight is zero")
	}
	return a.sumLoss / a.sumW, nil
}

// brierAccumulator keeps the weighted sum of squared errors, weights scaled
// by ws. A score outside [0, 1] makes brier undefined (unfit), not the
// rows malformed.
type brierAccumulator struct {
	ws          powerScale
	sumSq, sumW float64
	unfit       firstUnfit
	guard       rowGuard
}

func (a *brierAccumulator) Name() string { return "brier" }

func (a *brierAccumulator) Add(label bool, score, weight float64) {
	row := a.guard.n
	if !a.guard.admit("brier", score, weight) {
		return
	}
	a.addFit(row, label, score, weight)
}

// addFit adds an admitted row, the row-th seen; a score outside [0, 1]
// makes brier unfit.
func (a *brierAccumulator) addFit(row int, label bool, score, weight float64) {
	if !IsProbability(score) {
		a.unfit.set(notProbability("brier", row, score))
		return
	}
	d := score
	if label {
		d = 1 - score
	}
	w, f := a.ws.apply(weight)
	if f != 1 {
		a.sumSq *= f
		a.sumW *= f
	}
	a.sumSq += w * d * d
	a.sumW += w
}

func (a *brierAccumulator) Merge(other BinaryAccumulator) {
	o, ok := other.(*brierAccumulator)
	if !ok {
		panic(mergeMismatch(a.Name(), other))
	}
	fa, fo := a.ws.unify(o.ws)
	a.sumSq = a.sumSq*fa + o.sumSq*fo
	a.sumW = a.sumW*fa + o.sumW*fo
	a.unfit.merge(o.unfit)
	a.guard.merge(o.guard)
}

func (a *brierAccumulator) Result() (float64, error) {
	switch {
	case a.guard.err != nil:
		return math.NaN(), a.guard.err
	case a.unfit.err != nil:
		return math.NaN(), a.unfit.err
	case a.sumW == 0:
		return math.NaN(), undefined("brier", "no rows or total weight is zero")
	}
	return a.sumSq / a.sumW, nil
}

// confusionAccumulator keeps the weighted confusion matrix at a threshold, from
// which accuracy, precision, recall, F1 and MCC follow.
type confusionAccumulator struct {
	name      string
	threshold float64
	cm        confusionCells
	guard     rowGuard
}

func (a *confusionAccumulator) Name() string { return a.name }

func (a *confusionAccumulator) Add(label bool, score, weight float64) {
	if !a.guard.admit(a.name, score, weight) {
		return
	}
	a.cm.add(label, score >= a.threshold, weight)
}

func (a *confusionAccumulator) Merge(other BinaryAccumulator) {
	o, ok := other.(*confusionAccumulator)
	if !ok || o.name != a.name || o.threshold != a.threshold {
		panic(mergeMismatch(a.name, other))
	}
	a.cm.merge(o.cm)
	a.guard.merge(o.guard)
}

func (a *confusionAccumulator) Result() (float64, error) {
	if a.guard.err != nil {
		return math.NaN(), a.guard.err
	}
	if a.guard.n == 0 {
		return math.NaN(), undefined(a.name, "no rows")
	}
	switch a.name {
	case "accuracy":
		return a.cm.accuracy()
	case "precision":
		return a.cm.precision()
	case "recall":
		return a.cm.recall()
	case "f1":
		return a.cm.f1()
	default:
		return a.cm.mcc(), nil
	}
}

func mergeMismatch(name string, other any) string {
	return fmt.Sprintf("metrics: cannot merge %T into the %s accumulator: made by another constructor or options", other, name)
}
