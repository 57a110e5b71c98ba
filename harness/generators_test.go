package harness_test

import (
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/mltest/mltest/harness"
)

func TestBinaryCasesHonourOptions(t *testing.T) {
	opt := harness.BinaryCaseOptions{MinRows: 3, MaxRows: 7, Resolution: 4, TieRate: 0.5, Weighted: false, OneClass: false}
	var sawTie bool
	rapid.Check(t, func(t *rapid.T) {
		c := harness.BinaryCases(opt).Draw(t, "case")
		if n := len(c.Labels); n < 3 || n > 7 || len(c.Scores) != n {
			t.Fatalf("%d labels, %d scores, want 3..7 of each", n, len(c.Scores))
		}
		if c.Weights != nil {
			t.Fatalf("weights %v, want nil when not Weighted", c.Weights)
		}
		if !slices.Contains(c.Labels, true) || !slices.Contains(c.Labels, false) {
			t.Fatalf("labels %v hold one class, OneClass is false", c.Labels)
		}
		seen := map[float64]bool{}
		for _, s := range c.Scores {
			if s != 0 && s != 0.25 && s != 0.5 && s != 0.75 && s != 1 {
				t.Fatalf("score %v off the 1/4 grid", s)
			}
			sawTie = sawTie || seen[s]
			seen[s] = true
		}
	})
	if !sawTie {
		t.Error("no tied scores in any case at TieRate 0.5")
	}
}

func TestBinaryCasesWeights(t *testing.T) {
	opt := harness.DefaultBinaryCaseOptions()
	opt.ZeroWeights = true
	var sawZero bool
	rapid.Check(t, func(t *rapid.T) {
		c := harness.BinaryCases(opt).Draw(t, "case")
		if len(c.Weights) != len(c.Labels) {
			t.Fatalf("%d weights for %d rows", len(c.Weights), len(c.Labels))
		}
		for _, w := range c.Weights {
			if w < 0 || w > 4 || w*2 != float64(int(w*2)) {
				t.Fatalf("weight %v, want a multiple of 1/2 in [0, 4]", w)
			}
			sawZero = sawZero || w == 0
		}
	})
	if !sawZero {
		t.Error("no zero weight with ZeroWeights")
	}
}

// TestRankingCasesRetrieveJudgedDocuments: Rels is a sub-multiset of Judged.
func TestRankingCasesRetrieveJudgedDocuments(t *testing.T) {
	opt := harness.RankingCaseOptions{MinJudged: 1, MaxJudged: 12, MaxGrade: 2}
	rapid.Check(t, func(t *rapid.T) {
		c := harness.RankingCases(opt).Draw(t, "query")
		count := map[int]int{}
		for _, g := range c.Judged {
			if g < 0 || g > 2 {
				t.Fatalf("grade %d outside [0, 2]", g)
			}
			count[g]++
		}
		for _, g := range c.Rels {
			if count[g]--; count[g] < 0 {
				t.Fatalf("rels %v not drawn from judged %v", c.Rels, c.Judged)
			}
		}
		if len(c.Judged) < 1 || len(c.Judged) > 12 {
			t.Fatalf("%d judged, want 1..12", len(c.Judged))
		}
	})
}

// TestFailureNamesPropertyCaseAndSeed pins what a failing check prints: the
// property, the shrunk case, and rapid's replay hint with the seed.
func TestFailureNamesPropertyCaseAndSeed(t *testing.T) {
	noFailFiles(t)
	rec := &recordingTB{TB: t}
	harness.CheckBinaryMetric(rec, mutantAUCRowOrder, harness.PermutationInvariant())
	if !rec.failed {
		t.Fatal("row-order mutant passed PermutationInvariant")
	}
	out := rec.log.String()
	for _, want := range []string{"PermutationInvariant violated on labels=[", "scores=[", "weights=[", "-rapid.seed=", "To reproduce"} {
		if !strings.Contains(out, want) {
			t.Errorf("failure output lacks %q:\n%s", want, out)
		}
	}
}
