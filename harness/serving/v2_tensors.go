package serving

import (
	"errors"
	"fmt"
	"slices"
)

// The batch tensors of the Open Inference Protocol v2, whatever carries them
// (JSON data, the REST binary extension, gRPC typed or raw contents): the
// checks of a request's inputs against a Model and of a response's outputs
// against the batch are written once, here, and each wire form supplies
// only the decoding of a tensor's data.

// tensorHeader is a v2 tensor without its data: the whole batch, whose first
// dimension is the batch size.
type tensorHeader struct {
	Name     string
	Datatype Datatype
	Shape    []int
}

// tensorData decodes the data of tensor k, of size elements, as its
// datatype holds them (conformed: FP32 rounded to float32 and so on):
// strings for BYTES, numbers otherwise.
type tensorData func(k int, h tensorHeader, size int) ([]float64, []string, error)

// maxBatchRows bounds the rows of one request a server accepts: a tensor
// of shape [N, 0] holds no data whatever N, so N alone must be bounded.
const maxBatchRows = 1 << 20

// errNoData is what a tensorData returns for a tensor that carries no data
// at all (no JSON data, no contents).
var errNoData = errors.New("no data")

// v2Rows splits the input tensors of one request into rows, checking them
// against the model's Inputs: known datatypes that match the model's, one
// batch size, as many elements as each shape holds, row shapes the model
// allows, no input missing or repeated.
func v2Rows(m *Model, inputs []tensorHeader, data tensorData) ([]Row, error) {
	if len(inputs) == 0 {
		return nil, errors.New("inference request has no inputs")
	}
	batch := -1
	type column struct {
		name     string
		numbers  []float64
		strings  []string
		rowShape []int
		per      int
		dt       Datatype
	}
	cols := make([]column, 0, len(inputs))
	for k, in := range inputs {
		if slices.ContainsFunc(cols, func(c column) bool { return c.name == in.Name }) {
			return nil, fmt.Errorf("input %q appears twice", in.Name)
		}
		dt := in.Datatype
		if !dt.Known() {
			return nil, fmt.Errorf("input %q: unknown datatype %q", in.Name, string(dt))
		}
		spec, ok := m.input(in.Name)
		if len(m.Inputs) > 0 {
			if !ok {
				return nil, fmt.Errorf("model %q has no input %q", m.Name, in.Name)
			}
			if dt != spec.datatype() {
				return nil, fmt.Errorf("input %q: datatype %s, model expects %s", in.Name, dt, spec.datatype())
			}
		}
		if len(in.Shape) == 0 {
			return nil, fmt.Errorf("input %q: shape %v has no batch dimension", in.Name, in.Shape)
		}
		size, err := shapeSize(in.Shape)
		if err != nil {
			return nil, fmt.Errorf("input %q: %v", in.Name, err)
		}
		if in.Shape[0] > maxBatchRows {
			return nil, fmt.Errorf("input %q: batch size %d exceeds the %d rows a request may carry", in.Name, in.Shape[0], maxBatchRows)
		}
		if batch >= 0 && in.Shape[0] != batch {
			return nil, fmt.Errorf("input %q: batch size %d, other inputs have %d", in.Name, in.Shape[0], batch)
		}
		batch = in.Shape[0]
		numbers, strs, err := data(k, in, size)
		if errors.Is(err, errNoData) {
			return nil, fmt.Errorf("input %q has no data", in.Name)
		}
		if err != nil {
			return nil, fmt.Errorf("input %q: %v", in.Name, err)
		}
		if got := len(numbers) + len(strs); got != size {
			return nil, fmt.Errorf("input %q: %d data elements for shape %v", in.Name, got, in.Shape)
		}
		rowShape := in.Shape[1:]
		if ok && !rowShapeMatches(spec.Shape, rowShape) {
			return nil, fmt.Errorf("input %q: row shape %v, model expects %v", in.Name, rowShape, spec.Shape)
		}
		per := 1
		if batch > 0 {
			per = size / batch
		}
		cols = append(cols, column{name: in.Name, numbers: numbers, strings: strs, rowShape: rowShape, per: per, dt: dt})
	}
	for _, s := range m.Inputs {
		if !slices.ContainsFunc(cols, func(c column) bool { return c.name == s.Name }) {
			return nil, fmt.Errorf("input %q is missing", s.Name)
		}
	}
	rows := make([]Row, batch)
	for i := range rows {
		rows[i] = Row{ID: fmt.Sprint(i), Values: make(map[string]Value, len(cols))}
		for _, c := range cols {
			v := Value{Shape: rowShapeOrNil(c.rowShape)}
			if c.dt == Bytes {
				v.Strings = nonNilStrings(c.strings)[i*c.per : (i+1)*c.per : (i+1)*c.per]
			} else {
				v.Numbers = nonNilNumbers(c.numbers)[i*c.per : (i+1)*c.per : (i+1)*c.per]
			}
			rows[i].Values[c.name] = v
		}
	}
	return rows, nil
}

// v2Outputs checks the output tensors of a response to a batch of n rows
// and splits them into rows. With expect set, exactly those outputs are
// returned and each must be present; otherwise every output. An output
// must have a known datatype, a shape whose first dimension is n and as
// many elements as its shape holds; no output may appear twice.
func v2Outputs(n int, outputs []tensorHeader, expect []string, data tensorData) ([]map[string]Value, error) {
	if len(outputs) == 0 {
		return nil, errors.New("no outputs")
	}
	outs := make([]map[string]Value, n)
	for i := range outs {
		outs[i] = make(map[string]Value, len(outputs))
	}
	has := headerIndex(outputs)
	for k, o := range outputs {
		if has(o.Name, k) {
			return nil, fmt.Errorf("output %q appears twice", o.Name)
		}
		if len(expect) > 0 && !slices.Contains(expect, o.Name) {
			continue
		}
		if !o.Datatype.Known() {
			return nil, fmt.Errorf("output %q has unknown datatype %q", o.Name, string(o.Datatype))
		}
		if len(o.Shape) == 0 || o.Shape[0] != n {
			return nil, fmt.Errorf("output %q has shape %v for a batch of %d", o.Name, o.Shape, n)
		}
		size, err := shapeSize(o.Shape)
		if err != nil {
			return nil, fmt.Errorf("output %q: %v", o.Name, err)
		}
		numbers, strs, err := data(k, o, size)
		if errors.Is(err, errNoData) {
			return nil, fmt.Errorf("output %q has no data", o.Name)
		}
		if err != nil {
			return nil, fmt.Errorf("output %q: %v", o.Name, err)
		}
		if got := len(numbers) + len(strs); got != size {
			return nil, fmt.Errorf("output %q: %d data elements for shape %v", o.Name, got, o.Shape)
		}
		whole := Value{Shape: o.Shape, Datatype: o.Datatype}
		if o.Datatype == Bytes {
			whole.Strings = nonNilStrings(strs)
		} else {
			whole.Numbers = nonNilNumbers(numbers)
		}
		if n == 1 { // the row is the batch, less its first dimension
			whole.Shape = rowShapeOrNil(o.Shape[1:])
			whole.Numbers = whole.Numbers[:len(whole.Numbers):len(whole.Numbers)]
			whole.Strings = whole.Strings[:len(whole.Strings):len(whole.Strings)]
			outs[0][o.Name] = whole
			continue
		}
		for i, v := range splitBatch(whole) {
			outs[i][o.Name] = v
		}
	}
	for _, name := range expect {
		if !has(name, len(outputs)) {
			return nil, fmt.Errorf("output %q is missing", name)
		}
	}
	return outs, nil
}

// headerIndex returns a function reporting whether a header before k is
// named name: a scan for a few headers, a map for many.
func headerIndex(hs []tensorHeader) func(name string, k int) bool {
	if len(hs) <= 16 {
		return func(name string, k int) bool {
			return slices.ContainsFunc(hs[:k], func(h tensorHeader) bool { return h.Name == name })
		}
	}
	first := make(map[string]int, len(hs))
	for k := len(hs) - 1; k >= 0; k-- {
		first[hs[k].Name] = k
	}
	return func(name string, k int) bool {
		f, ok := first[name]
		return ok && f < k
	}
}

// v2ShapeOf converts a wire shape (int64 dimensions) to []int, refusing a
// negative dimension or one that does not fit.
func v2ShapeOf(dims []int64) ([]int, error) {
	shape := make([]int, len(dims))
	for i, d := range dims {
		if d < 0 || d > 1<<31-1 {
			return nil, fmt.Errorf("dimension %d of shape %v is out of range", i, dims)
		}
		shape[i] = int(d)
	}
	return shape, nil
}

// conformNumbers rounds each number to datatype d in place, or reports the
// first that d cannot hold.
func conformNumbers(numbers []float64, d Datatype) error {
	for i, x := range numbers {
		y, err := d.conform(x)
		if err != nil {
			return fmt.Errorf("element %d: %v", i, err)
		}
		numbers[i] = y
	}
	return nil
}

func nonNilNumbers(x []float64) []float64 {
	if x == nil {
		return []float64{}
	}
	return x
}

func nonNilStrings(x []string) []string {
	if x == nil {
		return []string{}
	}
	return x
}
