package main

import (
	"github.com/mltest/mltest/fixtures/table"
	"github.com/mltest/mltest/harness/flow"
	"github.com/mltest/mltest/metrics/evaluate"
)

func evalAUC(file string, metrics []string) {
	cols := table.Columns{Task: evaluate.Binary, Label: "label", Scores: []string{"score"}, Weight: "weight"}
	opt := evaluate.DefaultOptions(evaluate.Binary)
	opt.Metrics = metrics
	if _, err := flow.Eval(file, cols, opt, table.Options{}); err != nil {
		panic(err)
	}
}
