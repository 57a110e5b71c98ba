package offpolicy_test

import (
	"fmt"

	"github.com/mltest/mltest/harness/offpolicy"
	"github.com/mltest/mltest/metrics/ope"
)

func ExampleEstimateFiles() {
	r, err := offpolicy.EstimateFiles(offpolicy.Files{
		Log:         "testdata/log.jsonl",
		Target:      "testdata/target.jsonl",
		RewardModel: "testdata/reward_model.jsonl",
	}, nil, ope.Options{Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Weights 1, 0, 4, 0.4: IPS (1 + 4)/4, SNIPS 5/5.4, DM the mean of the
	// model's expectation under the target, DR DM plus the weighted
	// residuals.
	for _, name := range r.Estimators {
		fmt.Printf("%-5s %.4f\n", name, r.Values[name].Value)
	}
	// Output:
	// ips   1.2500
	// snips 0.9259
	// dm    0.5300
	// dr    0.9000
}
