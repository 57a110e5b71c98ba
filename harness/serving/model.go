package serving

import (
	"context"
	"fmt"
)

// TensorSpec describes one input or output of a served Model.
//
// Shape is the shape of one row's value, without the batch dimension: []int{}
// for a scalar, [k] for a vector of k values, -1 for a dimension that varies,
// nil for a shape the handler does not check. The v2 metadata reports it
// with a leading -1 for the batch ([-1] for nil).
type TensorSpec struct {
	Name     string
	Datatype Datatype // FP64 when empty
	Shape    []int
}

func (s TensorSpec) datatype() Datatype {
	if s.Datatype == "" {
		return FP64
	}
	return s.Datatype
}

// Model is a Go function served by the handlers of this package.
//
// Predict receives a batch of rows, one per element of the request's first
// dimension, and returns one output map per row, in order. Inputs arrive as
// the declared datatype holds them: an FP32 input is rounded to float32
// before Predict sees it, as a real FP32 model would see it. Outputs are
// written as their declared datatype: FP32 outputs are rounded to float32,
// as a real server would send them, and integer or BOOL outputs must hold
// such values.
//
// When Inputs is empty the handler accepts any input names, taking each
// input's datatype from the request. When Outputs is empty it returns every
// key of the maps Predict returns (sorted by name), as FP64 for numbers and
// BYTES for strings. An error from Predict is a 500 response carrying its
// message; a panic in Predict is recovered and reported the same way.
type Model struct {
	Name     string
	Version  string // "" serves the model under every version
	Platform string // reported in v2 metadata; "go" when empty
	// Signature is the TF Serving signature the model answers to over
	// gRPC; "" for serving_default.
	Signature string
	Inputs    []TensorSpec
	Outputs   []TensorSpec
	Predict   func(ctx context.Context, rows []Row) ([]map[string]Value, error)
}

func (m *Model) input(name string) (TensorSpec, bool) {
	for _, s := range m.Inputs {
		if s.Name == name {
			return s, true
		}
	}
	return TensorSpec{}, false
}

func (m *Model) output(name string) (TensorSpec, bool) {
	for _, s := range m.Outputs {
		if s.Name == name {
			return s, true
		}
	}
	return TensorSpec{}, false
}

// predict calls m.Predict, turning a panic into an error and checking the
// number of rows it returns.
func (m *Model) predict(ctx context.Context, rows []Row) (outs []map[string]Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			outs, err = nil, fmt.Errorf("model %q panicked: %v", m.Name, r)
		}
	}()
	outs, err = m.Predict(ctx, rows)
	if err != nil {
		return nil, err
	}
	if len(outs) != len(rows) {
		return nil, fmt.Errorf("model %q returned %d rows for %d", m.Name, len(outs), len(rows))
	}
	return outs, nil
}

// registry finds the served models by name and version.
type registry map[string][]Model

func newRegistry(models []Model) registry {
	r := registry{}
	for _, m := range models {
		if m.Predict == nil {
			panic(fmt.Sprintf("serving: model %q has no Predict function", m.Name))
		}
		r[m.Name] = append(r[m.Name], m)
	}
	return r
}

// find returns the model of that name serving version ("" for any).
func (r registry) find(name, version string) (*Model, error) {
	ms := r[name]
	if len(ms) == 0 {
		return nil, fmt.Errorf("model %q not found", name)
	}
	for i := range ms {
		if version == "" || ms[i].Version == "" || ms[i].Version == version {
			return &ms[i], nil
		}
	}
	return nil, fmt.Errorf("model %q version %q not found", name, version)
}

// rowShapeMatches reports whether a row's shape fits a spec shape, where -1
// matches any length and a nil spec any shape.
func rowShapeMatches(spec, got []int) bool {
	if spec == nil {
		return true
	}
	if len(spec) != len(got) {
		return false
	}
	for i, d := range spec {
		if d >= 0 && d != got[i] {
			return false
		}
	}
	return true
}
