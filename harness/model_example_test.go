package harness_test

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"github.com/mltest/mltest/harness"
)

// A recommender whose output must not depend on the order of its candidate
// list. The broken one keeps the first two candidates.
func ExampleInvariance() {
	popularity := map[string]int{"dune": 9, "heat": 7, "up": 5, "alien": 3}
	best := func(cands []string) []string {
		s := slices.Clone(cands)
		slices.SortFunc(s, func(a, b string) int { return popularity[b] - popularity[a] })
		return s[:2]
	}
	firstTwo := func(cands []string) []string { return cands[:2] }
	shuffle := func(c []string, rng *rand.Rand) []string {
		s := slices.Clone(c)
		rng.Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
		return s
	}
	diff := func(a, b []string) string {
		if slices.Equal(a, b) {
			return ""
		}
		return fmt.Sprintf("%v != %v", a, b)
	}
	inputs := [][]string{{"up", "dune", "alien", "heat"}}
	fmt.Println(harness.Invariance("shuffle candidates", best, inputs, shuffle, diff, 1).Err())
	fmt.Println(harness.Invariance("shuffle candidates", firstTwo, inputs, shuffle, diff, 1).Err())
	// Output:
	// <nil>
	// invariance "shuffle candidates" failed on 1 of 1 cases (seed 1 reproduces them)
	// case 0: output changed: [up dune] != [alien dune]
	// 	input:            [up dune alien heat]
	// 	output:           [up dune]
	// 	perturbed input:  [alien dune up heat]
	// 	perturbed output: [alien dune]
}

func ExampleMinimumFunctionality() {
	spam := func(msg string) bool { return len(msg) > 40 }
	table := []harness.Requirement[string, bool]{
		{Name: "canonical spam", Input: "WIN A PRIZE NOW", Check: func(_ string, flagged bool) error {
			if !flagged {
				return fmt.Errorf("not flagged")
			}
			return nil
		}},
	}
	fmt.Println(harness.MinimumFunctionality("spam filter", spam, table).Err())
	// Output:
	// minimum functionality "spam filter" failed on 1 of 1 cases
	// case 0: canonical spam: not flagged
	// 	input:            WIN A PRIZE NOW
	// 	output:           false
}
