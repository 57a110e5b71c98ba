package stats

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"
)

// SignTest is the two-sided exact sign test of paired outcomes with ties
// left out: wins and losses are the pairs one side won and lost, and under
// the null hypothesis each untied pair is a win with probability ½. It
// returns
//
//	P = min(1, 2 P(X <= min(wins, losses))),  X ~ Binomial(wins + losses, ½)
//
// which is scipy.stats.binomtest(wins, wins + losses, 0.5).pvalue (for p =
// ½ scipy's rule "outcomes no more likely than the observed one" is this
// doubled tail). The binomial tail is the regularized incomplete beta
// function, P(X <= k) = I_½(n - k, k + 1) (gonum's mathext.RegIncBeta),
// which keeps its relative accuracy in the far tail, where a sum of
// binomial terms would underflow; against scipy it agrees to 1e-8
// relative at a million trials and better below.
//
// With no untied pair (wins + losses = 0) there is no evidence either way
// and P is 1. Interleaving uses it on impressions: wins are the impressions
// whose clicks favoured ranker A, losses those that favoured B. Negative
// counts panic.
func SignTest(wins, losses int) float64 {
	if wins < 0 || losses < 0 {
		panic(fmt.Sprintf("metrics/stats: sign test with negative counts %d, %d", wins, losses))
	}
	n := wins + losses
	k := min(wins, losses)
	if 2*k == n {
		return 1
	}
	// n - k > k >= 0, so both beta parameters are positive.
	tail := mathext.RegIncBeta(float64(n-k), float64(k+1), 0.5)
	return math.Min(1, 2*tail)
}
