package harness

import (
	"testing"

	"pgregory.net/rapid"
)

// Property is one law a metric must obey, for every shape of metric: M is
// the metric's type (BinaryMetric, MulticlassMetric, RegressionMetric,
// RankingMetric, or NewBinaryAccumulator for accumulators) and C the type
// of the generated inputs it is checked on (BinaryCase, MulticlassCase,
// RegressionCase, RankingCase). Each shape names its instance:
// BinaryProperty, MulticlassProperty, RegressionProperty, RankingProperty
// and BinaryAccumulatorProperty.
type Property[M, C any] struct {
	name  string
	check func(t *rapid.T, fn M, c C) error
}

// NewProperty names a law of your own, for CheckBinaryMetric and the other
// Check functions. check returns nil when fn obeys the law on c and an
// error describing the violation otherwise; it may draw more values from t
// (a permutation, a row).
func NewProperty[M, C any](name string, check func(t *rapid.T, fn M, c C) error) Property[M, C] {
	return Property[M, C]{name: name, check: check}
}

// Name returns the property's name, as failures print it.
func (p Property[M, C]) Name() string { return p.name }

// Check tests fn on one case; nil means the law holds there. t supplies the
// property's own random choices (a permutation, a row); it may be nil for
// properties that make none (the Bounded, Finite, Deterministic, optimum
// and AgreesWith families).
func (p Property[M, C]) Check(t *rapid.T, fn M, c C) error {
	return p.check(t, fn, c)
}

// PropertyCheck returns the rapid property "fn obeys p on every case of
// cases", for rapid.Check, rapid.MakeCheck or rapid.MakeFuzz (go test
// -fuzz). The failure message names p and prints the case.
func PropertyCheck[M, C any](cases *rapid.Generator[C], fn M, p Property[M, C]) func(*rapid.T) {
	return func(t *rapid.T) {
		c := cases.Draw(t, "case")
		if err := p.Check(t, fn, c); err != nil {
			t.Fatalf("%s violated on %v:\n%v", p.Name(), c, err)
		}
	}
}

// checkProperties runs one rapid.Check of fn per property (defaults when
// props is empty) on cases, stopping at the first property violated: the
// body of every CheckXxx function. The gate (FiniteOrUndefined) runs first:
// a NaN where an error belongs would make every other property fail for
// the wrong reason.
func checkProperties[M, C any](t testing.TB, cases *rapid.Generator[C], fn M, gate Property[M, C], props, defaults []Property[M, C]) {
	t.Helper()
	if len(props) == 0 {
		props = defaults
	}
	for _, p := range append([]Property[M, C]{gate}, props...) {
		rapid.Check(t, PropertyCheck(cases, fn, p))
		if t.Failed() {
			return // a testing.T stops here by itself; a TB that records does not
		}
	}
}
