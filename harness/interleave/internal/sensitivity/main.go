// Command sensitivity prints the table of README's "Interleaving against
// an A/B test": for rankers of known quality in the simulated world of
// clicksim, the impressions an interleaving experiment and an A/B test on
// click-through rate need to detect the better ranker with 80% power at
// alpha 0.05.
//
//	go run ./harness/interleave/internal/sensitivity [-reps 200]
//
// It takes a few minutes: the A/B tests need hundreds of thousands of
// simulated impressions.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/mltest/mltest/harness/interleave/internal/clicksim"
)

func main() {
	reps := flag.Int("reps", 200, "simulated experiments per sample size")
	flag.Parse()
	base := clicksim.Ranker{Noise: 1.0, Seed: 12}
	fmt.Fprintf(os.Stdout, "| users and queries differ (spread) | candidate noise | true CTR baseline | true CTR candidate | CTR difference | interleaving: impressions | A/B test: impressions | ratio |\n")
	fmt.Fprintf(os.Stdout, "|---|---|---|---|---|---|---|---|\n")
	for _, c := range []struct{ spread, noise float64 }{{0, 0.9}, {0, 0.8}, {0, 0.6}, {1, 0.9}, {1, 0.8}, {1, 0.6}} {
		w := clicksim.NewWorld(200, 30, 500, 10, c.spread, 1)
		noise := c.noise
		cand := clicksim.Ranker{Noise: noise, Seed: 11}
		cb, cc := w.CTR(base), w.CTR(cand)
		il := clicksim.ImpressionsFor(func(n int) float64 { return w.InterleavingPower(cand, base, n, *reps, 1) }, 0.8, 100)
		ab := clicksim.ImpressionsFor(func(n int) float64 { return w.ABPower(cand, base, n, *reps, 2) }, 0.8, 1000)
		fmt.Fprintf(os.Stdout, "| %.0f | %.1f | %.4f | %.4f | %+.1f%% | %d | %d | %.0fx |\n",
			c.spread, noise, cb, cc, 100*(cc/cb-1), il, ab, float64(ab)/float64(il))
	}
}
