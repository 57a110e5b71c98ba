package harness

import (
	"errors"
	"math"
	"testing"

	"github.com/mltest/mltest/metrics"
	"pgregory.net/rapid"
)

// The generator's promise: no recommendation repeats an item or a consumed
// one, which is what the beyond-accuracy measures accept.
func TestRecommendationCasesAreValidInput(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := RecommendationCases(DefaultRecommendationCaseOptions()).Draw(t, "case")
		consumed := map[metrics.Interaction]bool{}
		for _, r := range c.Train {
			if consumed[r] {
				t.Fatalf("duplicate training row %v", r)
			}
			consumed[r] = true
		}
		for _, l := range c.Lists {
			listed := map[string]bool{}
			for _, it := range l.Items {
				if listed[it] || consumed[metrics.Interaction{User: l.User, Item: it}] {
					t.Fatalf("user %s: item %s repeated or consumed", l.User, it)
				}
				listed[it] = true
			}
		}
		if len(c.Train) == 0 || len(c.Lists) == 0 {
			return
		}
		if _, err := metrics.NewBeyondAccuracy(c.Train); err != nil {
			t.Fatalf("NewBeyondAccuracy rejected generated training data: %v", err)
		}
	})
}

// Used for what it is for: the beyond-accuracy accumulators obey the merge law
// over any split of the users, and every defined measure is finite and in its
// range.
func TestBeyondAccuracyMergeEqualsWholeOnGeneratedCases(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := RecommendationCases(DefaultRecommendationCaseOptions()).Draw(t, "case")
		if len(c.Train) == 0 || len(c.Lists) == 0 {
			return
		}
		b, err := metrics.NewBeyondAccuracy(c.Train)
		if err != nil {
			t.Fatal(err)
		}
		whole := b.Accumulator()
		parts := []*metrics.BeyondAccuracyAccumulator{b.Accumulator(), b.Accumulator()}
		for _, l := range c.Lists {
			if err := whole.AddList(l.User, l.Items); err != nil {
				t.Fatal(err)
			}
			if err := parts[rapid.IntRange(0, 1).Draw(t, "part")].AddList(l.User, l.Items); err != nil {
				t.Fatal(err)
			}
		}
		parts[0].Merge(parts[1])
		for _, name := range metrics.BeyondAccuracyMeasureNames() {
			w, werr := whole.Measure(name)
			m, merr := parts[0].Measure(name)
			if (werr == nil) != (merr == nil) {
				t.Fatalf("%s: whole error %v, merged error %v", name, werr, merr)
			}
			if werr != nil {
				if !errors.Is(werr, metrics.ErrUndefined) {
					t.Fatalf("%s: %v", name, werr)
				}
				continue
			}
			if math.IsNaN(w) || math.Abs(w-m) > 1e-12*math.Max(1, math.Abs(w)) {
				t.Fatalf("%s: whole %v, merged %v", name, w, m)
			}
			if (name == metrics.MeasureDiversity || name == metrics.MeasureSerendipity) && (w < -1e-12 || w > 1+1e-12) {
				t.Fatalf("%s = %v outside [0, 1]", name, w)
			}
		}
	})
}
