package model_test

import (
	"fmt"
	"strings"

	"github.com/mltest/mltest/harness/model"
)

// spamModel encodes a message as its word count, scores it with a fixed
// rule and decodes the score into the label the application shows.
type spamModel struct{ limit int }

func (m spamModel) Encode(msg string) (int, error) { return len(strings.Fields(msg)), nil }
func (m spamModel) Score(words int) (float64, error) {
	return float64(words) / float64(m.limit), nil
}
func (m spamModel) Decode(_ string, score float64) (string, error) {
	if score > 1 {
		return "spam", nil
	}
	return "ok", nil
}
func (m spamModel) Describe() model.Description {
	return model.Description{Name: "spam-words", Version: "1", Params: map[string]any{"limit": m.limit}}
}

func ExampleTrace() {
	m := spamModel{limit: 3}
	s, err := model.Trace[string, int, float64, string](m, "buy now cheap pills")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Describe())
	fmt.Println("features:", s.Features)
	fmt.Printf("raw: %.3f\n", s.Raw)
	fmt.Println("output:", s.Output)
	// Output:
	// spam-words@1 {limit=3}
	// features: 4
	// raw: 1.333
	// output: spam
}
