package suite_test

import (
	"context"
	"fmt"

	"github.com/mltest/mltest/internal/suite"
)

// A suite is parsed (strictly: an unknown key is an error with its line) and
// run; the report holds one result per check, in suite order.
func Example() {
	text := `
name: example
data:
  preds: {path: preds.csv, label: label, score: score, slices: [device]}
checks:
  - name: auc
    type: metric
    data: preds
    task: binary
    metric: roc_auc
    threshold: {min: 0.7}
  - name: lists
    type: golden
    file: out.txt
    golden: golden.txt
`
	s, err := suite.Parse([]byte(text), "suite.yaml", suite.LoadOptions{Dir: "testdata"})
	if err != nil {
		fmt.Println(err)
		return
	}
	rep := suite.Run(context.Background(), s, suite.Options{})
	for _, c := range rep.Checks {
		fmt.Printf("%s %s: %s\n", c.Name, c.Status, c.Message)
	}
	fmt.Println("run:", rep.Status)
	// Output:
	// auc pass: roc_auc 0.875 (min: 0.7)
	// lists pass: out.txt matches golden.txt (2 lines)
	// run: pass
}

func ExampleParse_error() {
	text := "name: x\nchecks:\n  - name: auc\n    type: metric\n    threshold: {mn: 0.7}\n"
	_, err := suite.Parse([]byte(text), "suite.yaml", suite.LoadOptions{})
	fmt.Println(err)
	// Output:
	// suite.yaml:5: checks[0].threshold: unknown key "mn" (expected min, max, max_drop, direction)
}
