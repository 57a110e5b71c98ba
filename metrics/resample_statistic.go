package metrics

import (
	"fmt"
	"math"

	"github.com/mltest/mltest/internal/floatscale"
)

// BinaryStatistic returns the named binary metric (one of
// BinaryMetricNames, opt as for NewBinaryAccumulator) as a function of
// bootstrap multiplicities, for metrics/stats' Bootstrap: stat(mult) is,
// bit for bit and error for error, what the accumulator of
// NewBinaryAccumulator(name, opt) returns after Add(labels[i], scores[i],
// weights[i]*mult[i]) for every i with mult[i] != 0, in the order of i
// (nil weights: all ones).
//
// What does not depend on the multiplicities is done here, once, so that
// each call is one pass over the rows with no sort and no allocation:
// average_precision sorts the scores once and each call walks them in
// that order with the weights multiplied (a call whose sums leave the
// float64 range goes the accumulator's scaled way on a copy); log_loss
// keeps each row's loss, the threshold metrics each row's prediction,
// brier each row's error, and when the weights lie in a safe range (see
// resample_sums.go) they sum plainly in one branch-free pass, which gives
// the accumulator's scaled sums bit for bit. roc_auc and ece add the rows
// to an accumulator (stats.ROCAUCStatistic is the presorted ROC AUC).
//
// The rows are checked once: a NaN or infinite score or a negative, NaN or
// infinite weight is the error the accumulator would report. The returned
// function is safe for concurrent use and panics when len(mult) differs
// from len(labels); labels, scores and weights must not change while it is
// in use. A length mismatch of the inputs panics.
func BinaryStatistic(name string, opt BinaryOptions, labels []bool, scores, weights []float64) (func(mult []float64) (float64, error), error) {
	n := len(labels)
	checkLen(n, weights, len(scores))
	acc, err := NewBinaryAccumulator(name, opt)
	if err != nil {
		return nil, err
	}
	for i, s := range scores {
		if err := checkScoreWeight(name, i, s, weightAt(weights, i)); err != nil {
			return nil, err
		}
	}
	if weights == nil {
		weights = make([]float64, n)
		for i := range weights {
			weights[i] = 1
		}
	}
	var stat func(mult []float64) (float64, error)
	switch a := acc.(type) {
	case *rankAccumulator:
		if name == "average_precision" {
			stat = newAPWalk(labels, scores, weights).statistic
		}
	case *logLossAccumulator:
		loss := make([]float64, n)
		for i, s := range scores {
			loss[i] = binaryLogLoss(labels[i], s)
		}
		stat = logLossStatistic(labels, loss, weights)
		if plainWeights(n, weights) && plainTerms(loss) {
			stat = plainStatistic(logLossPlain(labels, loss, weights), stat)
		}
	case *brierAccumulator:
		stat = brierStatistic(labels, scores, weights)
		if d, ok := brierErrors(labels, scores); ok && plainWeights(n, weights) && plainTerms(d) {
			stat = plainStatistic(brierPlain(d, weights), stat)
		}
	case *confusionAccumulator:
		predicted := make([]bool, n)
		for i, s := range scores {
			predicted[i] = s >= a.threshold
		}
		stat = confusionStatistic(a.name, a.threshold, labels, predicted, weights)
		if plainWeights(n, weights) {
			stat = plainStatistic(confusionPlain(a.name, a.threshold, labels, predicted, weights), stat)
		}
	}
	if stat == nil {
		stat = func(mult []float64) (float64, error) {
			a, _ := NewBinaryAccumulator(name, opt)
			for i, m := range mult {
				if m != 0 {
					a.Add(labels[i], scores[i], weights[i]*m)
				}
			}
			return a.Result()
		}
	}
	return func(mult []float64) (float64, error) {
		if len(mult) != n {
			panic(fmt.Sprintf("metrics: BinaryStatistic(%s): len(mult) = %d, want %d", name, len(mult), n))
		}
		return stat(mult)
	}, nil
}

// multWeight returns weight·m and whether the accumulator would admit it:
// the product of a valid weight and a multiplicity overflows only for
// weights near the float64 maximum, which the accumulator then rejects.
func multWeight(metric string, row int, weight, m float64) (float64, error) {
	w := weight * m
	if w > math.MaxFloat64 {
		return w, badWeight(metric, row, w)
	}
	return w, nil
}

func logLossStatistic(labels []bool, loss, weights []float64) func(mult []float64) (float64, error) {
	return func(mult []float64) (float64, error) {
		var a logLossAccumulator
		for i, m := range mult {
			if m == 0 {
				continue
			}
			w, err := multWeight("log_loss", a.guard.n, weights[i], m)
			if err != nil {
				return math.NaN(), err
			}
			a.guard.n++
			a.addLoss(labels[i], loss[i], w)
		}
		return a.Result()
	}
}

func brierStatistic(labels []bool, scores, weights []float64) func(mult []float64) (float64, error) {
	return func(mult []float64) (float64, error) {
		var a brierAccumulator
		for i, m := range mult {
			if m == 0 {
				continue
			}
			w, err := multWeight("brier", a.guard.n, weights[i], m)
			if err != nil {
				return math.NaN(), err
			}
			a.guard.n++
			a.addFit(a.guard.n-1, labels[i], scores[i], w)
		}
		return a.Result()
	}
}

func confusionStatistic(name string, threshold float64, labels, predicted []bool, weights []float64) func(mult []float64) (float64, error) {
	return func(mult []float64) (float64, error) {
		a := confusionAccumulator{name: name, threshold: threshold}
		for i, m := range mult {
			if m == 0 {
				continue
			}
			w, err := multWeight(name, a.guard.n, weights[i], m)
			if err != nil {
				return math.NaN(), err
			}
			a.guard.n++
			a.cm.add(labels[i], predicted[i], w)
		}
		return a.Result()
	}
}

// apWalk is average precision's rows sorted once, in the order the
// accumulator's walk visits them (scores descending, tied rows in reverse
// order of i), each weight carrying the row's label in its sign bit.
type apWalk struct {
	index   []int32
	weight  []float64 // negative (sign bit set): a positive row
	ends    []int32   // the end of each run of tied scores
	scores  []float64
	weights []float64 // by row, as given
}

func newAPWalk(labels []bool, scores, weights []float64) *apWalk {
	n := len(labels)
	rows := make([]scoredRow, n)
	for i, s := range scores {
		rows[i] = scoredRow{Key: scoreKey(s), Payload: uint64(i)}
	}
	rows = sortRows(rows, make([]scoredRow, n)) // ascending, stable
	w := &apWalk{index: make([]int32, n), weight: make([]float64, n), scores: scores, weights: weights}
	for k := range rows {
		r := rows[n-1-k]
		i := int(r.Payload)
		w.index[k] = int32(i)
		w.weight[k] = weights[i]
		if labels[i] {
			w.weight[k] = math.Copysign(weights[i], -1)
		}
		if k+1 == n || rows[n-2-k].Key != r.Key {
			w.ends = append(w.ends, int32(k+1))
		}
	}
	return w
}

// statistic is averagePrecisionSorted over the rows with multiplied weights:
// apCurveSum's sums in its order, then its checks; the scaled case on a
// copy of the rows.
func (a *apWalk) statistic(mult []float64) (float64, error) {
	var sum, tp, fp float64
	k := 0
	for _, end := range a.ends {
		var tpG, fpG float64
		for ; k < int(end); k++ {
			w := a.weight[k] * mult[a.index[k]]
			if math.Signbit(a.weight[k]) {
				tpG -= w
			} else {
				fpG += w
			}
		}
		tp += tpG
		fp += fpG
		if tpG != 0 {
			sum += tpG * (tp / (tp + fp))
		}
	}
	if tp+fp == 0 && !anyNonZero(mult) {
		return math.NaN(), undefined("average_precision", "no rows")
	}
	if !(tp+fp <= math.MaxFloat64) || tp != 0 && !floatscale.RatioSafe(sum, tp, fp) {
		return a.scaled(mult) // an overflowing weight or sum, or sums far apart
	}
	if tp+fp == 0 {
		return math.NaN(), undefined("average_precision", "total weight is zero")
	}
	if tp == 0 {
		return math.NaN(), undefined("average_precision", "no positive labels (scikit-learn warns and returns 0)")
	}
	return finite("average_precision", sum/tp)
}

// scaled recomputes through the accumulator's own sorted path, on the rows
// with non-zero multiplicity in ascending order, for sums beyond the float64
// range (or an overflowing weight, which the accumulator rejects).
func (a *apWalk) scaled(mult []float64) (float64, error) {
	n := 0
	for i, m := range mult {
		if m != 0 {
			if _, err := multWeight("average_precision", n, a.weights[i], m); err != nil {
				return math.NaN(), err
			}
			n++
		}
	}
	rows := borrowRows(n)
	defer returnRows(rows)
	for k, i := range a.index {
		if m := mult[i]; m != 0 {
			n--
			rows[n] = makeRow(math.Signbit(a.weight[k]), a.scores[i], a.weights[i]*m)
		}
	}
	return averagePrecisionSorted(rows)
}

func anyNonZero(x []float64) bool {
	for _, v := range x {
		if v != 0 {
			return true
		}
	}
	return false
}
