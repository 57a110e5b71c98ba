package ope_test

import (
	"fmt"

	"github.com/mltest/mltest/metrics/ope"
)

func ExampleEstimate() {
	// Four logged events: the logging policy's propensity of the action it
	// took, the reward, and the target policy's probability of that action.
	log := ope.Bandit{
		Reward:     []float64{1, 1, 0, 1},
		Propensity: []float64{0.25, 0.5, 1, 0.2},
		Target:     []float64{0.5, 0, 0.5, 0.8},
	}
	r, err := ope.Estimate(log, ope.Options{Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, name := range r.Estimators {
		fmt.Printf("%s %.3f\n", name, r.Values[name].Value)
	}
	fmt.Printf("ess %.2f max_weight %g\n", r.ESS, r.MaxWeight)
	// Output:
	// ips 1.500
	// snips 0.923
	// ess 2.09 max_weight 4
}

func ExampleIPS() {
	w, _ := ope.ImportanceWeights([]float64{0.9, 0.1}, []float64{0.3, 0.5})
	fmt.Printf("%.2f %.2f\n", ope.IPS([]float64{1, 0}, w), ope.IPS([]float64{1, 0}, ope.Clip(w, 2)))
	// Output: 1.50 1.00
}
