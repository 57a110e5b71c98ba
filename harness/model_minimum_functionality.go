package harness

import (
	"fmt"
	"testing"
)

// Requirement is one row of a minimum-functionality table: an input and
// what the model's output on it must satisfy. Check returns nil when it
// does, and otherwise an error that says what is wrong ("recommended item
// 7, which the user already consumed").
type Requirement[In, Out any] struct {
	Name  string
	Input In
	Check func(in In, out Out) error
}

// MinimumFunctionality checks a CheckList minimum-functionality test: a
// table of inputs, each with a requirement its output must meet (a
// recommender never returns an item the user already consumed; a spam
// filter flags the canonical spam message). Every row is run; a model that
// panics fails the row. It involves no randomness.
func MinimumFunctionality[In, Out any](name string, model func(In) Out, table []Requirement[In, Out]) ModelReport[In, Out] {
	r := ModelReport[In, Out]{Property: fmt.Sprintf("minimum functionality %q", name), Cases: len(table)}
	for i, req := range table {
		out, prob := runModel(model, req.Input)
		if prob == "" {
			if err := req.Check(req.Input, out); err != nil {
				prob = err.Error()
			}
		}
		if prob != "" {
			if req.Name != "" {
				prob = req.Name + ": " + prob
			}
			r.Failures = append(r.Failures, ModelFailure[In, Out]{Case: i, Input: req.Input, Output: out, Problem: prob})
		}
	}
	return r
}

// CheckMinimumFunctionality runs MinimumFunctionality and marks the test
// failed, printing the report, when any row fails.
func CheckMinimumFunctionality[In, Out any](t testing.TB, name string, model func(In) Out, table []Requirement[In, Out]) {
	t.Helper()
	if err := MinimumFunctionality(name, model, table).Err(); err != nil {
		t.Error(err)
	}
}
