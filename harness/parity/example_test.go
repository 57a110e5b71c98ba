package parity_test

import (
	"context"
	"fmt"

	"github.com/mltest/mltest/harness/parity"
	"github.com/mltest/mltest/harness/serving"
)

// Compare an offline batch output with an online model that forgot to clip
// its feature: the rows it affects, and only those, are reported.
func ExampleCompare() {
	rows := []serving.Row{
		{ID: "a", Values: map[string]serving.Value{"age": serving.Scalar(30)}},
		{ID: "b", Values: map[string]serving.Value{"age": serving.Scalar(95)}},
		{ID: "c", Values: map[string]serving.Value{"age": serving.Scalar(45)}},
	}
	offline, _ := parity.NewTable([]serving.Row{
		{ID: "a", Values: map[string]serving.Value{"score": serving.Scalar(0.30)}},
		{ID: "b", Values: map[string]serving.Value{"score": serving.Scalar(0.80)}}, // age clipped at 80
		{ID: "c", Values: map[string]serving.Value{"score": serving.Scalar(0.45)}},
	})
	online := parity.Func(func(_ context.Context, r serving.Row) (map[string]serving.Value, error) {
		age := r.Values["age"].Numbers[0] // the clip at 80 is missing
		return map[string]serving.Value{"score": serving.Scalar(age / 100)}, nil
	})
	res := parity.Compare(context.Background(), rows, offline, online, parity.Options{Tolerance: parity.DefaultTolerance})
	fmt.Printf("%d matched, %d mismatched, %d failed\n", res.Matched, res.Mismatched, res.Failed)
	for _, m := range res.Mismatches {
		fmt.Println(m)
	}
	// Output:
	// 2 matched, 1 mismatched, 0 failed
	// id b output score: offline 0.8, online 0.95, |diff| 0.15; inputs map[age:95]
}
