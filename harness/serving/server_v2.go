package serving

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strconv"
)

// maxRequestBody bounds what a handler reads of a request body.
const maxRequestBody = 64 << 20

// NewV2Handler serves models over the Open Inference Protocol v2 REST API:
//
//	GET  /v2/health/live, /v2/health/ready
//	GET  /v2/models/{name}[/versions/{v}]          model metadata
//	GET  /v2/models/{name}[/versions/{v}]/ready
//	POST /v2/models/{name}[/versions/{v}]/infer
//
// An infer request is one batch along the first dimension of its inputs,
// which must agree; data may be flat (row-major) or nested. Inputs are
// checked against the model's Inputs (name, datatype, per-row shape); a
// request that does not fit is a 400 with the spec's body {"error": "..."}.
// Outputs are written flat, with the datatype of the model's Outputs (FP32
// rounded to float32). Non-finite numbers are written as the bare tokens
// NaN, Infinity and -Infinity, as Python's json module writes them.
//
// It panics if a model has no Predict function.
func NewV2Handler(models ...Model) http.Handler {
	h := &v2Handler{models: newRegistry(models)}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v2/health/live", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]bool{"live": true})
	})
	mux.HandleFunc("GET /v2/health/ready", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]bool{"ready": true})
	})
	mux.HandleFunc("GET /v2/models/{name}", h.metadata)
	mux.HandleFunc("GET /v2/models/{name}/versions/{version}", h.metadata)
	mux.HandleFunc("GET /v2/models/{name}/ready", h.ready)
	mux.HandleFunc("GET /v2/models/{name}/versions/{version}/ready", h.ready)
	mux.HandleFunc("POST /v2/models/{name}/infer", h.infer)
	mux.HandleFunc("POST /v2/models/{name}/versions/{version}/infer", h.infer)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no route for %s %s", r.Method, r.URL.Path))
	})
	return mux
}

type v2Handler struct {
	models registry
}

func (h *v2Handler) model(w http.ResponseWriter, r *http.Request) *Model {
	m, err := h.models.find(r.PathValue("name"), r.PathValue("version"))
	if err != nil {
		writeError(w, http.StatusNotFound, err.Error())
		return nil
	}
	return m
}

func (h *v2Handler) ready(w http.ResponseWriter, r *http.Request) {
	if m := h.model(w, r); m != nil {
		writeJSON(w, http.StatusOK, map[string]any{"name": m.Name, "ready": true})
	}
}

func (h *v2Handler) metadata(w http.ResponseWriter, r *http.Request) {
	m := h.model(w, r)
	if m == nil {
		return
	}
	md := V2ModelMetadata{Name: m.Name, Platform: m.Platform,
		Inputs: metadataTensors(m.Inputs), Outputs: metadataTensors(m.Outputs)}
	if md.Platform == "" {
		md.Platform = "go"
	}
	for _, v := range h.models[m.Name] {
		if v.Version != "" {
			md.Versions = append(md.Versions, v.Version)
		}
	}
	writeJSON(w, http.StatusOK, md)
}

func metadataTensors(specs []TensorSpec) []V2MetadataTensor {
	ts := make([]V2MetadataTensor, 0, len(specs))
	for _, s := range specs {
		shape := append([]int{-1}, s.Shape...)
		ts = append(ts, V2MetadataTensor{Name: s.Name, Datatype: s.datatype(), Shape: shape})
	}
	return ts
}

func (h *v2Handler) infer(w http.ResponseWriter, r *http.Request) {
	m := h.model(w, r)
	if m == nil {
		return
	}
	body, err := readBody(w, r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	var req V2InferenceRequest
	if err := json.Unmarshal(quoteNonFinite(body), &req); err != nil {
		writeError(w, http.StatusBadRequest, "bad inference request: "+err.Error())
		return
	}
	rows, err := v2Rows(m, req.Inputs)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	var names []string
	for _, o := range req.Outputs {
		if len(m.Outputs) > 0 {
			if _, ok := m.output(o.Name); !ok {
				writeError(w, http.StatusBadRequest, fmt.Sprintf("model %q has no output %q", m.Name, o.Name))
				return
			}
		}
		names = append(names, o.Name)
	}
	outs, err := m.predict(r.Context(), rows)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	if names == nil {
		names = outputNames(m, outs)
	}
	resp := V2InferenceResponse{ModelName: m.Name, ModelVersion: m.Version, ID: req.ID}
	for _, name := range names {
		col, err := gatherOutput(m, name, outs)
		if err != nil {
			writeError(w, http.StatusInternalServerError, err.Error())
			return
		}
		resp.Outputs = append(resp.Outputs, V2Tensor{Name: name, Datatype: col.datatype,
			Shape: append([]int{len(outs)}, col.rowShape...),
			Data:  appendFlat(nil, col.numbers, col.strings, col.datatype)})
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(appendV2Response(nil, &resp))
}

// appendV2Response encodes a response by hand: the data of its outputs may
// hold the bare NaN and Infinity tokens, which encoding/json refuses.
func appendV2Response(b []byte, r *V2InferenceResponse) []byte {
	b = append(b, `{"model_name":`...)
	b = appendString(b, r.ModelName)
	if r.ModelVersion != "" {
		b = append(b, `,"model_version":`...)
		b = appendString(b, r.ModelVersion)
	}
	if r.ID != "" {
		b = append(b, `,"id":`...)
		b = appendString(b, r.ID)
	}
	b = append(b, `,"outputs":[`...)
	for i, o := range r.Outputs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendV2Tensor(b, &o)
	}
	return append(b, "]}"...)
}

func appendV2Tensor(b []byte, t *V2Tensor) []byte {
	b = append(b, `{"name":`...)
	b = appendString(b, t.Name)
	b = append(b, `,"datatype":`...)
	b = appendString(b, string(t.Datatype))
	b = append(b, `,"shape":[`...)
	for i, d := range t.Shape {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, int64(d), 10)
	}
	b = append(b, `],"data":`...)
	b = append(b, t.Data...)
	return append(b, '}')
}

// v2Rows splits the input tensors of one request into rows, checking them
// against the model's Inputs.
func v2Rows(m *Model, inputs []V2Tensor) ([]Row, error) {
	if len(inputs) == 0 {
		return nil, errors.New("inference request has no inputs")
	}
	batch := -1
	type column struct {
		name     string
		t        tensorText
		rowShape []int
		per      int
		dt       Datatype
	}
	cols := make([]column, 0, len(inputs))
	for _, in := range inputs {
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
		if batch >= 0 && in.Shape[0] != batch {
			return nil, fmt.Errorf("input %q: batch size %d, other inputs have %d", in.Name, in.Shape[0], batch)
		}
		batch = in.Shape[0]
		if len(in.Data) == 0 {
			return nil, fmt.Errorf("input %q has no data", in.Name)
		}
		t, err := parseTensor(in.Data, false)
		if err != nil {
			return nil, fmt.Errorf("input %q: data: %v", in.Name, err)
		}
		if err := conformTensor(&t, dt); err != nil {
			return nil, fmt.Errorf("input %q: %v", in.Name, err)
		}
		if t.len() != size {
			return nil, fmt.Errorf("input %q: %d data elements for shape %v", in.Name, t.len(), in.Shape)
		}
		rowShape := in.Shape[1:]
		if ok && !rowShapeMatches(spec.Shape, rowShape) {
			return nil, fmt.Errorf("input %q: row shape %v, model expects %v", in.Name, rowShape, spec.Shape)
		}
		per := 1
		if batch > 0 {
			per = size / batch
		}
		cols = append(cols, column{name: in.Name, t: t, rowShape: rowShape, per: per, dt: dt})
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
				v.Strings = c.t.strings[i*c.per : (i+1)*c.per : (i+1)*c.per]
			} else {
				v.Numbers = c.t.numbers[i*c.per : (i+1)*c.per : (i+1)*c.per]
			}
			rows[i].Values[c.name] = v
		}
	}
	return rows, nil
}

func rowShapeOrNil(s []int) []int {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}

// conformTensor checks that parsed tensor text holds elements of datatype
// dt, rounding FP32 and FP16 values to their precision. BOOL data may be
// booleans or the numbers 0 and 1, since the untyped protocols (TF Serving,
// JSON) carry a BOOL value as a number.
func conformTensor(t *tensorText, dt Datatype) error {
	switch {
	case t.kind == 0: // no elements
		if dt == Bytes {
			t.strings = []string{}
		} else {
			t.numbers = []float64{}
		}
		return nil
	case dt == Bytes:
		if t.kind != leafString {
			return fmt.Errorf("BYTES data holds a %s", t.kind)
		}
		return nil
	case dt == Bool && t.kind == leafBool:
		return nil
	case t.kind != leafNumber: // BOOL data of numbers 0 and 1 is accepted
		return fmt.Errorf("%s data holds a %s", dt, t.kind)
	}
	for i, x := range t.numbers {
		y, err := dt.conform(x)
		if err != nil {
			return fmt.Errorf("element %d: %v", i, err)
		}
		t.numbers[i] = y
	}
	return nil
}

// outputColumn is one output of a batch, flattened.
type outputColumn struct {
	datatype Datatype
	rowShape []int
	numbers  []float64
	strings  []string
}

// outputNames are the outputs a response carries when the request names
// none: the model's Outputs, or every key Predict returned, sorted.
func outputNames(m *Model, outs []map[string]Value) []string {
	if len(m.Outputs) > 0 {
		names := make([]string, len(m.Outputs))
		for i, s := range m.Outputs {
			names[i] = s.Name
		}
		return names
	}
	seen := map[string]bool{}
	for _, o := range outs {
		for k := range o {
			seen[k] = true
		}
	}
	names := make([]string, 0, len(seen))
	for k := range seen {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// gatherOutput flattens output name of every row into one column, checking
// that all rows have it, with one shape, in its datatype.
func gatherOutput(m *Model, name string, outs []map[string]Value) (outputColumn, error) {
	col := outputColumn{datatype: FP64}
	spec, hasSpec := m.output(name)
	if hasSpec {
		col.datatype = spec.datatype()
	}
	for i, o := range outs {
		v, ok := o[name]
		if !ok {
			return col, fmt.Errorf("model %q: row %d has no output %q", m.Name, i, name)
		}
		if err := checkValue(v); err != nil {
			return col, fmt.Errorf("model %q: row %d output %q: %v", m.Name, i, name, err)
		}
		if i == 0 {
			if !hasSpec {
				col.datatype = datatypeOf(v)
			} else if !rowShapeMatches(spec.Shape, v.Shape) {
				return col, fmt.Errorf("model %q: row 0 output %q has shape %v, spec says %v", m.Name, name, v.Shape, spec.Shape)
			}
			col.rowShape = v.Shape
		} else if !slices.Equal(v.Shape, col.rowShape) {
			return col, fmt.Errorf("model %q: output %q has shape %v in row %d and %v in row 0", m.Name, name, v.Shape, i, col.rowShape)
		}
		if col.datatype == Bytes {
			if v.Strings == nil && len(v.Numbers) > 0 {
				return col, fmt.Errorf("model %q: row %d output %q: numbers for a BYTES output", m.Name, i, name)
			}
			col.strings = append(col.strings, v.Strings...)
			continue
		}
		if v.Strings != nil {
			return col, fmt.Errorf("model %q: row %d output %q: strings for a %s output", m.Name, i, name, col.datatype)
		}
		for _, x := range v.Numbers {
			y, err := col.datatype.conform(x)
			if err != nil {
				return col, fmt.Errorf("model %q: row %d output %q: %v", m.Name, i, name, err)
			}
			col.numbers = append(col.numbers, y)
		}
	}
	return col, nil
}

// checkValue reports a Value whose element count does not fit its shape.
func checkValue(v Value) error {
	if v.Numbers != nil && v.Strings != nil {
		return errors.New("both numbers and strings")
	}
	n, err := shapeSize(v.Shape)
	if err != nil {
		return err
	}
	got := len(v.Numbers) + len(v.Strings)
	if got != n {
		return fmt.Errorf("%d elements for shape %v", got, v.Shape)
	}
	return nil
}

func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
	if err != nil {
		return nil, fmt.Errorf("reading request body: %v", err)
	}
	return body, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "encoding response: "+err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	b, _ := json.Marshal(V2ErrorResponse{Error: msg}) // a struct of one string always marshals
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
}
