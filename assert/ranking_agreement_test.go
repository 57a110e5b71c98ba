package assert

import (
	"math"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

func TestRankingAgreementByHand(t *testing.T) {
	EqualFloat(t, "overlap", TopKOverlap([]string{"a", "b", "c"}, []string{"c", "d", "a"}, 3), 2.0/3, Tolerance{})
	EqualFloat(t, "overlap k=1", TopKOverlap([]string{"a", "b"}, []string{"b", "a"}, 1), 0, Tolerance{})
	EqualFloat(t, "overlap short lists", TopKOverlap([]int{1}, []int{1, 2}, 5), 0.5, Tolerance{})
	EqualFloat(t, "overlap empty", TopKOverlap([]int{}, []int{}, 5), 1, Tolerance{})
	// b,a,c,d vs a,b,c,d: 5 concordant, 1 discordant pair of 6: (5-1)/6.
	EqualFloat(t, "tau", RankingKendallTau([]string{"b", "a", "c", "d"}, []string{"a", "b", "c", "d"}), 4.0/6, Tolerance{ULP: 2})
	// a missing item ties below the listed ones: got {a, b}, want {a, c}
	// scores x = (0, -1, -2), y = (0, -2, -1): pairs (a,b) and (a,c) concordant,
	// (b,c) discordant: tau = (2-1)/3.
	EqualFloat(t, "tau partial", RankingKendallTau([]string{"a", "b"}, []string{"a", "c"}), 1.0/3, Tolerance{ULP: 2})
}

func TestRankingAgreementProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		items := rapid.SliceOfNDistinct(rapid.IntRange(0, 30), 0, 20, rapid.ID[int]).Draw(t, "items")
		other := slices.Clone(items)
		rapid.Permutation(other)
		perm := rapid.Permutation(items).Draw(t, "perm")
		k := rapid.IntRange(1, 25).Draw(t, "k")
		o := TopKOverlap(items, perm, k)
		if o < 0 || o > 1 || o != TopKOverlap(perm, items, k) {
			t.Fatalf("overlap %v out of bounds or not symmetric", o)
		}
		if TopKOverlap(items, items, k) != 1 {
			t.Fatalf("self overlap != 1")
		}
		if len(items) >= 2 {
			tau := RankingKendallTau(items, perm)
			if tau < -1-1e-12 || tau > 1+1e-12 || tau != RankingKendallTau(perm, items) {
				t.Fatalf("tau %v out of bounds or not symmetric", tau)
			}
			if RankingKendallTau(items, items) != 1 {
				t.Fatalf("self tau != 1")
			}
			rev := slices.Clone(items)
			slices.Reverse(rev)
			if r := RankingKendallTau(items, rev); math.Abs(r+1) > 1e-12 {
				t.Fatalf("reversed tau = %v, want -1", r)
			}
		}
	})
}
