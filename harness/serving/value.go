package serving

import (
	"context"
	"time"
)

// Value is one named input or output of one row. Numeric data is held as
// float64 in row-major order; BYTES data (strings, such as item ids) in
// Strings. Shape is the shape of this row's value without the batch
// dimension: nil for a scalar, [k] for a vector of k values.
type Value struct {
	Numbers []float64
	Strings []string
	Shape   []int
	// Datatype is the datatype an output travelled as, where the protocol
	// carries one (v2 REST and gRPC, TF Serving gRPC); "" otherwise. A
	// parity check uses it to accept an FP32, FP16 or BF16 output that is
	// the offline value at that precision.
	Datatype Datatype
}

// Scalar returns a numeric scalar Value.
func Scalar(x float64) Value { return Value{Numbers: []float64{x}} }

// Vector returns a numeric vector Value of shape [len(xs)].
func Vector(xs ...float64) Value { return Value{Numbers: xs, Shape: []int{len(xs)}} }

// StringVector returns a BYTES vector Value of shape [len(ss)].
func StringVector(ss ...string) Value { return Value{Strings: ss, Shape: []int{len(ss)}} }

// Row is one request or one set of outputs, identified by ID.
type Row struct {
	ID     string
	Values map[string]Value
}

// Outcome is what became of one request row: its outputs, or the error that
// remained after retries. Exactly one of Outputs and Err is set.
type Outcome struct {
	ID       string
	Outputs  map[string]Value
	Err      error
	Latency  time.Duration // of the request that carried this row (its last attempt)
	Attempts int
}

// Predictor produces one Outcome per row, in the order of rows. Clients of a
// served model and in-process models both satisfy it, which is what lets a
// parity check compare any two of them.
type Predictor interface {
	Predict(ctx context.Context, rows []Row) []Outcome
}
