package harness_test

import (
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/mltest/mltest/harness"
	"github.com/mltest/mltest/metrics"
)

// TestNewRankingIgnoresRunFileOrder: trec_eval orders a run by score, ties by
// docno, so the order of the lines in the run file cannot change a ranking.
func TestNewRankingIgnoresRunFileOrder(t *testing.T) {
	cases := harness.QueryCases(harness.DefaultQueryCaseOptions())
	rapid.Check(t, func(t *rapid.T) {
		c := cases.Draw(t, "query")
		shuffled := rapid.Permutation(c.Run).Draw(t, "other file order")
		a, errA := metrics.NewRanking(c.Qrels, slices.Clone(c.Run), 0)
		b, errB := metrics.NewRanking(c.Qrels, slices.Clone(shuffled), 0)
		if errA != nil || errB != nil {
			t.Fatalf("NewRanking: %v, %v", errA, errB)
		}
		if !slices.Equal(a.Rels, b.Rels) || !slices.Equal(a.Judged, b.Judged) {
			t.Fatalf("run %v ranks as %v, run %v as %v", c.Run, a, shuffled, b)
		}
		if len(a.Rels) != len(c.Run) {
			t.Fatalf("%d ranked docs, want %d", len(a.Rels), len(c.Run))
		}
	})
}

// TestQueryCasesAreValidInput pins the generator: docnos unique within the
// run, scores in [0, 1], both ties and unjudged documents reachable.
func TestQueryCasesAreValidInput(t *testing.T) {
	var sawTie, sawUnjudged bool
	cases := harness.QueryCases(harness.DefaultQueryCaseOptions())
	rapid.Check(t, func(t *rapid.T) {
		c := cases.Draw(t, "query")
		seen := map[string]bool{}
		scores := map[float64]bool{}
		for _, d := range c.Run {
			if seen[d.DocNo] {
				t.Fatalf("docno %s twice in %v", d.DocNo, c.Run)
			}
			seen[d.DocNo] = true
			if d.Score < 0 || d.Score > 1 {
				t.Fatalf("score %v outside [0, 1]", d.Score)
			}
			if scores[d.Score] {
				sawTie = true
			}
			scores[d.Score] = true
			if _, ok := c.Qrels[d.DocNo]; !ok {
				sawUnjudged = true
			}
		}
	})
	if !sawTie || !sawUnjudged {
		t.Errorf("over the run: ties seen %v, unjudged retrieved seen %v; want both", sawTie, sawUnjudged)
	}
}
