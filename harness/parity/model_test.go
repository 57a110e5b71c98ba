package parity

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mltest/mltest/harness/model"
	"github.com/mltest/mltest/harness/serving"
)

// ctrModel is a small model with three real stages: it buckets an age,
// scores a logistic function and decodes the top labels.
type ctrModel struct {
	bucketWidth float64 // the transform a buggy copy gets wrong
	round32     bool    // a copy that computes in float32
}

type ctrFeatures struct {
	AgeBucket float64
	Clicks    []float64
}

type ctrRaw struct {
	Logit float64
	Prob  float64
}

func (m ctrModel) Encode(in map[string]float64) (ctrFeatures, error) {
	age, ok := in["age"]
	if !ok || math.IsNaN(age) {
		return ctrFeatures{}, errors.New("age missing or NaN")
	}
	return ctrFeatures{AgeBucket: math.Floor(age / m.bucketWidth), Clicks: []float64{in["clicks"], in["clicks"] * in["clicks"]}}, nil
}

func (m ctrModel) Score(f ctrFeatures) (ctrRaw, error) {
	z := 0.3*f.AgeBucket - 0.2*f.Clicks[0] + 0.01*f.Clicks[1] - 1
	p := 1 / (1 + math.Exp(-z))
	if m.round32 {
		p = float64(float32(p))
	}
	return ctrRaw{Logit: z, Prob: p}, nil
}

func (m ctrModel) Decode(_ map[string]float64, raw ctrRaw) ([]string, error) {
	if raw.Prob >= 0.5 {
		return []string{"show", "promote"}, nil
	}
	return []string{"show"}, nil
}

func (m ctrModel) Describe() model.Description {
	return model.Description{Name: "ctr", Version: "1"}
}

func parseCTR(r serving.Row) (map[string]float64, error) {
	in := map[string]float64{}
	for k, v := range r.Values {
		if len(v.Numbers) != 1 {
			return nil, fmt.Errorf("input %s: want a number", k)
		}
		in[k] = v.Numbers[0]
	}
	return in, nil
}

func ctrRows() []serving.Row {
	var rows []serving.Row
	for age := 18; age < 78; age += 3 {
		rows = append(rows, serving.Row{ID: fmt.Sprintf("age%d", age), Values: map[string]serving.Value{
			"age": serving.Scalar(float64(age)), "clicks": serving.Scalar(float64(age % 7)),
		}})
	}
	return rows
}

func TestModelPredictorNamesTheFirstDifferingStage(t *testing.T) {
	rows := ctrRows()
	offline := ModelPredictor[map[string]float64, ctrFeatures, ctrRaw, []string](ctrModel{bucketWidth: 10}, parseCTR)
	online := ModelPredictor[map[string]float64, ctrFeatures, ctrRaw, []string](ctrModel{bucketWidth: 5}, parseCTR)
	res := Compare(context.Background(), rows, offline, online, Options{Tolerance: DefaultTolerance, Stages: ModelStages})
	// floor(age/10) and floor(age/5) agree only where both are 0: never for
	// age >= 18, so every row differs, and always first at encode.
	assert.Equal(t, len(rows), res.Mismatched)
	assert.Equal(t, "encode", res.FirstStage)
	assert.Equal(t, map[string]int{"encode": len(rows)}, res.StageRows)
	outputs := map[string]bool{}
	for _, m := range res.Mismatches {
		outputs[m.Output] = true
	}
	assert.True(t, outputs["encode.AgeBucket"])
	assert.False(t, outputs["encode.Clicks"], "the clicks features are the same on both paths")

	// A float32 copy differs only in score.Prob, and within the default
	// tolerance: no mismatch; exactly: the score stage.
	online32 := ModelPredictor[map[string]float64, ctrFeatures, ctrRaw, []string](ctrModel{bucketWidth: 10, round32: true}, parseCTR)
	res = Compare(context.Background(), rows, offline, online32, Options{Tolerance: DefaultTolerance, Stages: ModelStages})
	assert.Equal(t, len(rows), res.Matched)
	res = Compare(context.Background(), rows, offline, online32, Options{Stages: ModelStages})
	assert.Equal(t, "score", res.FirstStage)
	for _, m := range res.Mismatches {
		assert.Equal(t, "score.Prob", m.Output)
	}
}

func TestModelPredictorReportsStageErrors(t *testing.T) {
	rows := []serving.Row{{ID: "bad", Values: map[string]serving.Value{"age": serving.Scalar(math.NaN())}}}
	p := ModelPredictor[map[string]float64, ctrFeatures, ctrRaw, []string](ctrModel{bucketWidth: 10}, parseCTR)
	out := p.Predict(context.Background(), rows)
	var se *model.StageError
	require.ErrorAs(t, out[0].Err, &se)
	assert.Equal(t, model.StageEncode, se.Stage)
}

func TestFlatten(t *testing.T) {
	type inner struct{ A, B float32 }
	type v struct {
		X      float64
		N      int
		Items  []string
		Matrix [][]float64
		In     inner
		Tags   map[string]int
		hidden float64
		Ptr    *float64
	}
	got, err := Flatten("p", v{X: 1.5, N: 3, Items: []string{"a", "b"}, Matrix: [][]float64{{1, 2}, {3, 4}}, In: inner{A: 0.5}, Tags: map[string]int{"z": 1, "a": 2}})
	require.NoError(t, err)
	keys := make([]string, 0, len(got))
	for k := range got {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	assert.Equal(t, []string{"p.In.A", "p.In.B", "p.Items", "p.Matrix", "p.N", "p.Tags.a", "p.Tags.z", "p.X"}, keys)
	assert.Equal(t, serving.Value{Numbers: []float64{1, 2, 3, 4}, Shape: []int{2, 2}}, got["p.Matrix"])
	assert.Equal(t, serving.StringVector("a", "b"), got["p.Items"])
	assert.Equal(t, serving.Scalar(2), got["p.Tags.a"])

	_, err = Flatten("p", [][]float64{{1}, {2, 3}})
	assert.ErrorContains(t, err, "ragged")
	_, err = Flatten("p", make(chan int))
	assert.ErrorContains(t, err, "cannot compare a chan int")
}
