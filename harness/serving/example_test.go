package serving_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"github.com/mltest/mltest/harness/serving"
)

// A Go function served over the Open Inference Protocol v2 and called with
// the Client, as a parity check calls a production server.
func Example() {
	model := serving.Model{
		Name:    "scorer",
		Inputs:  []serving.TensorSpec{{Name: "x", Datatype: serving.FP64, Shape: []int{2}}},
		Outputs: []serving.TensorSpec{{Name: "score", Datatype: serving.FP32, Shape: []int{}}},
		Predict: func(ctx context.Context, rows []serving.Row) ([]map[string]serving.Value, error) {
			outs := make([]map[string]serving.Value, len(rows))
			for i, r := range rows {
				x := r.Values["x"].Numbers
				outs[i] = map[string]serving.Value{"score": serving.Scalar(x[0]/3 + x[1])}
			}
			return outs, nil
		},
	}
	srv := httptest.NewServer(serving.NewV2Handler(model))
	defer srv.Close()

	client := serving.NewClient(serving.NewV2(srv.URL, "scorer", nil))
	rows := []serving.Row{
		{ID: "a", Values: map[string]serving.Value{"x": serving.Vector(1, 0)}},
		{ID: "b", Values: map[string]serving.Value{"x": serving.Vector(3, 0.5)}},
		{ID: "c", Values: map[string]serving.Value{"x": serving.Vector(1)}}, // wrong shape
	}
	for _, o := range client.Predict(context.Background(), rows) {
		if o.Err != nil {
			fmt.Printf("%s: %v\n", o.ID, o.Err)
			continue
		}
		// FP32 outputs arrive as float32 values: 1/3 is 0.3333333432674408.
		fmt.Printf("%s: score %v after %d attempt\n", o.ID, o.Outputs["score"].Numbers[0], o.Attempts)
	}
	// Output:
	// a: score 0.3333333432674408 after 1 attempt
	// b: score 1.5 after 1 attempt
	// c: serving: v2 infer model "scorer": row "c": input "x" has row shape [1], the metadata says [-1 2]
}

// NewJSONHandler serves one row per request, for the simplest HTTP
// services; the JSON protocol calls it.
func ExampleNewJSONHandler() {
	model := serving.Model{
		Name: "echo-len",
		Predict: func(ctx context.Context, rows []serving.Row) ([]map[string]serving.Value, error) {
			items := rows[0].Values["items"].Strings
			return []map[string]serving.Value{{"n": serving.Scalar(float64(len(items)))}}, nil
		},
	}
	srv := httptest.NewServer(serving.NewJSONHandler(model))
	defer srv.Close()

	rows := []serving.Row{{ID: "u1", Values: map[string]serving.Value{"items": serving.StringVector("i1", "i2")}}}
	o := serving.NewClient(serving.NewJSON(srv.URL, nil)).Predict(context.Background(), rows)[0]
	fmt.Println(o.ID, o.Outputs["n"].Numbers, o.Err)
	// Output:
	// u1 [2] <nil>
}
