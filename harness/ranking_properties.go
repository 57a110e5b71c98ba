package harness

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/mltest/mltest/assert"
)

// RankingMetric is the shape of a per-query ranking measure: rels is the
// graded relevance of the retrieved documents in rank order, judged the
// relevance of every judged document of the query in any order (what the
// ideal ranking and the number of relevant documents R are built from).
// Higher is better.
type RankingMetric func(rels, judged []int) float64

// RankingProperty is one law a RankingMetric must obey (see Property;
// make your own with NewProperty).
type RankingProperty = Property[RankingMetric, RankingCase]

// DefaultRankingProperties returns the laws of a normalized measure whose
// ideal ranking scores 1 (AP, NDCG, NDCG@k, R-precision, reciprocal rank):
// RankingDeterministic, RankingBounded(0, 1), JudgedOrderInvariant,
// PerfectRankingIsOptimum(1) and MonotoneUnderImprovement. For P@k, whose
// best is below 1 when R < k, drop PerfectRankingIsOptimum.
func DefaultRankingProperties() []RankingProperty {
	return []RankingProperty{RankingDeterministic(), RankingBounded(0, 1), JudgedOrderInvariant(),
		PerfectRankingIsOptimum(1), MonotoneUnderImprovement()}
}

// RankingDeterministic: two calls on one query return the same bits.
func RankingDeterministic() RankingProperty {
	return NewProperty("RankingDeterministic", func(_ *rapid.T, fn RankingMetric, c RankingCase) error {
		a, b := fn(c.Rels, c.Judged), fn(c.Rels, c.Judged)
		if math.Float64bits(a) != math.Float64bits(b) {
			return fmt.Errorf("two calls differ: %v vs %v", a, b)
		}
		return nil
	})
}

// RankingBounded: the value is finite and in [lo, hi]; NaN never passes.
func RankingBounded(lo, hi float64) RankingProperty {
	return boundedProperty[RankingMetric, RankingCase](fmt.Sprintf("RankingBounded(%v, %v)", lo, hi), lo, hi)
}

// JudgedOrderInvariant: the order in which judged is given does not matter.
func JudgedOrderInvariant() RankingProperty {
	return NewProperty("JudgedOrderInvariant", func(t *rapid.T, fn RankingMetric, c RankingCase) error {
		perm := rapid.Permutation(c.Judged).Draw(t, "judged order")
		a, b := fn(c.Rels, c.Judged), fn(c.Rels, perm)
		if !DefaultTolerance.Equal(b, a) {
			return fmt.Errorf("judged %v gives %v, judged %v gives %v", c.Judged, a, perm, b)
		}
		return nil
	})
}

// idealRels is every judged document, most relevant first.
func idealRels(judged []int) []int {
	ideal := slices.Clone(judged)
	slices.SortFunc(ideal, func(a, b int) int { return b - a })
	return ideal
}

// PerfectRankingIsOptimum: retrieving every judged document in decreasing
// relevance scores best, and no ranking scores more. Checked on queries
// with at least one document of positive relevance (with none, trec_eval's
// measures are 0 by convention).
func PerfectRankingIsOptimum(best float64) RankingProperty {
	return NewProperty(fmt.Sprintf("PerfectRankingIsOptimum(%v)", best), func(_ *rapid.T, fn RankingMetric, c RankingCase) error {
		if slices.Max(append([]int{0}, c.Judged...)) <= 0 {
			return nil
		}
		ideal := idealRels(c.Judged)
		v := fn(ideal, c.Judged)
		if !DefaultTolerance.Equal(v, best) {
			return fmt.Errorf("ideal ranking %v scores %v, want %v", ideal, v, best)
		}
		if got := fn(c.Rels, c.Judged); got > v && !DefaultTolerance.Equal(got, v) {
			return fmt.Errorf("ranking scores %v, above the ideal ranking %v's %v", got, ideal, v)
		}
		return nil
	})
}

// MonotoneUnderImprovement: improving a ranking never lowers its value. An
// improvement is either swapping two adjacent documents so the more relevant
// one comes first, or retrieving a judged relevant document the ranking
// missed, appended at the end. Every such improvement of the query is tried.
func MonotoneUnderImprovement() RankingProperty {
	return NewProperty("MonotoneUnderImprovement", func(_ *rapid.T, fn RankingMetric, c RankingCase) error {
		before := fn(c.Rels, c.Judged)
		lowers := func(better []int, move string) error {
			after := fn(better, c.Judged)
			if after < before && !DefaultTolerance.Equal(after, before) {
				return fmt.Errorf("%s lowers the value from %v to %v (rels %v -> %v)", move, before, after, c.Rels, better)
			}
			return nil
		}
		for i := 0; i+1 < len(c.Rels); i++ {
			if c.Rels[i+1] <= c.Rels[i] {
				continue
			}
			better := slices.Clone(c.Rels)
			better[i], better[i+1] = better[i+1], better[i]
			if err := lowers(better, fmt.Sprintf("moving the document at rank %d (relevance %d) up one rank", i+2, c.Rels[i+1])); err != nil {
				return err
			}
		}
		for _, g := range missedRelevant(c) {
			better := append(slices.Clone(c.Rels), g)
			if err := lowers(better, fmt.Sprintf("retrieving a missed document of relevance %d at rank %d", g, len(better))); err != nil {
				return err
			}
		}
		return nil
	})
}

// missedRelevant returns the positive grades of judged documents that Rels
// does not retrieve (Judged minus Rels, as multisets).
func missedRelevant(c RankingCase) []int {
	count := map[int]int{}
	for _, g := range c.Judged {
		count[g]++
	}
	for _, g := range c.Rels {
		count[g]--
	}
	var missed []int
	for _, g := range idealRels(c.Judged) {
		if g > 0 && count[g] > 0 {
			missed = append(missed, g)
			count[g]--
		}
	}
	return missed
}

// RankingAgreesWith: fn and the reference ref agree on every query: equal
// under tol, ref's value as want; NaN never agrees.
func RankingAgreesWith(ref RankingMetric, tol assert.Tolerance) RankingProperty {
	return agreesWith[RankingMetric, RankingCase]("RankingAgreesWith(reference)", ref, tol)
}

// CheckRankingMetric checks fn against each property (DefaultRankingProperties
// when props is empty) on queries from RankingCases(DefaultRankingCaseOptions()),
// one rapid.Check per property, failing t at the first property violated
// with the shrunk query and the seed that replays it.
func CheckRankingMetric(t testing.TB, fn RankingMetric, props ...RankingProperty) {
	t.Helper()
	checkProperties(t, RankingCases(DefaultRankingCaseOptions()), fn, finiteOrUndefined[RankingMetric, RankingCase](rankingAdvice), props, DefaultRankingProperties())
}
