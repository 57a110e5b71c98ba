package main

import (
	"sync/atomic"

	"github.com/mltest/mltest/fixtures/table"
	"github.com/mltest/mltest/metrics/evaluate"
)

func scanOnly(file string) int64 {
	cols := table.Columns{Task: evaluate.Binary, Label: "label", Scores: []string{"score"}, Weight: "weight"}
	var n atomic.Int64
	err := table.Scan(file, cols, table.Options{}, func(chunk int, rows *table.Rows) error {
		k := 0
		for rows.Next() {
			k++
		}
		n.Add(int64(k))
		return nil
	})
	if err != nil {
		panic(err)
	}
	return n.Load()
}
