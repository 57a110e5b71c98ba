package harness

import (
	"fmt"
	"math"
	"slices"

	"pgregory.net/rapid"
)

// FiniteOrUndefinedName is the name of the check every Check function runs
// before any property: a metric returns a finite number or an error, never
// NaN or ±Inf. A metric with no value on its input (one class, zero weight,
// a single row) says so with an error, such as *metrics.UndefinedError;
// a NaN returned instead would trip the other properties with messages
// about something else ("Deterministic violated: NaN vs NaN"), so this one
// runs first and names the kind of input it happened on.
const FiniteOrUndefinedName = "FiniteOrUndefined"

// describedCase is a case that can say what kind of input it is, for the
// message of FiniteOrUndefined.
type describedCase[M any] interface {
	metricCase[M]
	kind() string
}

// finiteOrUndefined is the gate of every Check function.
func finiteOrUndefined[M any, C describedCase[M]](advice string) Property[M, C] {
	return NewProperty(FiniteOrUndefinedName, func(_ *rapid.T, fn M, c C) error {
		o := c.eval(fn)
		switch {
		case o.err != nil:
		case math.IsNaN(o.v):
			return fmt.Errorf("returned NaN on %s: %s", c.kind(), advice)
		case math.IsInf(o.v, 0):
			return fmt.Errorf("returned %v on %s: a metric returns a finite number (log loss clips probabilities to [eps, 1-eps]) or an error, never ±Inf", o.v, c.kind())
		}
		return nil
	})
}

// undefinedAdvice is what a metric with an error result should do.
const undefinedAdvice = "a metric with no value on its input returns an error, such as *metrics.UndefinedError, never NaN"

// rankingAdvice is what a ranking measure should do: it has no error
// result.
const rankingAdvice = "a ranking measure is defined on every query (trec_eval gives 0 to a query without relevant documents), never NaN"

// binaryGate is FiniteOrUndefined for binary metrics.
func binaryGate() BinaryProperty {
	return finiteOrUndefined[BinaryMetric, BinaryCase](undefinedAdvice)
}

// kind says what is special about a binary case, most telling first.
func (c BinaryCase) kind() string {
	var pos, neg float64
	for i, l := range c.Labels {
		w := 1.0
		if c.Weights != nil {
			w = c.Weights[i]
		}
		if l {
			pos += w
		} else {
			neg += w
		}
	}
	switch {
	case len(c.Labels) == 0:
		return "an empty case"
	case !slices.Contains(c.Labels, true) || !slices.Contains(c.Labels, false):
		return "a one-class case"
	case pos == 0 || neg == 0:
		return "a case where one class has zero total weight"
	case len(slices.Compact(slices.Sorted(slices.Values(c.Scores)))) == 1:
		return "a case where every score is tied"
	}
	return "a case"
}

func (c MulticlassCase) kind() string {
	switch {
	case len(c.Labels) == 0:
		return "an empty case"
	case len(c.Labels) == 1:
		return "a single-row case"
	case len(slices.Compact(slices.Sorted(slices.Values(c.Labels)))) == 1:
		return "a one-class case"
	}
	for k := range len(c.Probs[0]) {
		if !slices.Contains(c.Labels, k) {
			return fmt.Sprintf("a case where class %d never occurs", k)
		}
	}
	return "a case"
}

func (c RegressionCase) kind() string {
	switch {
	case len(c.Targets) == 0:
		return "an empty case"
	case len(c.Targets) == 1:
		return "a single-row case"
	case len(slices.Compact(slices.Sorted(slices.Values(c.Targets)))) == 1:
		return "a case with a constant target"
	case slices.Equal(c.Targets, c.Predictions):
		return "a case of perfect predictions"
	}
	return "a case"
}

func (c RankingCase) kind() string {
	switch {
	case len(c.Judged) == 0:
		return "a query without judged documents"
	case !slices.ContainsFunc(c.Judged, func(g int) bool { return g > 0 }):
		return "a query without relevant documents"
	case len(c.Rels) == 0:
		return "a query with an empty ranking"
	}
	return "a query"
}
