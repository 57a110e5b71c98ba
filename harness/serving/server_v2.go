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
//	GET  /v2                                       server metadata
//	POST /v2/repository/index                      the models (model repository extension)
//	GET  /v2/models/{name}[/versions/{v}]          model metadata
//	GET  /v2/models/{name}[/versions/{v}]/ready
//	POST /v2/models/{name}[/versions/{v}]/infer
//
// An infer request is one batch along the first dimension of its inputs,
// which must agree; data may be flat (row-major) or nested. Inputs are
// checked against the model's Inputs (name, datatype, per-row shape); a
// request that does not fit is a 400 with the spec's body {"error": "..."}.
// Outputs are written flat, with the datatype of the model's Outputs (FP32
// rounded to float32). The binary tensor data extension is served: inputs
// with "binary_data_size" are read from the bytes after the JSON header
// (Inference-Header-Content-Length), and outputs asked for with
// "binary_data" (or all, with "binary_data_output") are written that way. Non-finite numbers are written as the bare tokens
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
	mux.HandleFunc("GET /v2", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"name": "mltest", "version": "", "extensions": []string{"binary_tensor_data", "model_repository"}})
	})
	mux.HandleFunc("POST /v2/repository/index", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, h.models.index())
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
	md := v2Metadata(h.models, m)
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
	head, bin, err := splitBinaryBody(body, r.Header.Get(HeaderContentLength))
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	var req V2InferenceRequest
	if err := json.Unmarshal(quoteNonFinite(head), &req); err != nil {
		writeError(w, http.StatusBadRequest, "bad inference request: "+err.Error())
		return
	}
	rows, err := v2Rows(m, v2Headers(req.Inputs), jsonTensorData(req.Inputs, bin))
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if bin != nil && len(bin.b) > 0 {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("%d bytes of binary data follow the last binary input", len(bin.b)))
		return
	}
	allBinary, err := boolParam(req.Parameters, "binary_data_output")
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	var names []string
	binary := map[string]bool{}
	for _, o := range req.Outputs {
		if len(m.Outputs) > 0 {
			if _, ok := m.output(o.Name); !ok {
				writeError(w, http.StatusBadRequest, fmt.Sprintf("model %q has no output %q", m.Name, o.Name))
				return
			}
		}
		if binary[o.Name], err = boolParam(o.Parameters, "binary_data"); err != nil {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("output %q: %v", o.Name, err))
			return
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
	var trailer []byte
	for _, name := range names {
		col, err := gatherOutput(m, name, outs)
		if err != nil {
			writeError(w, http.StatusInternalServerError, err.Error())
			return
		}
		t := V2Tensor{Name: name, Datatype: col.datatype, Shape: append([]int{len(outs)}, col.rowShape...)}
		if allBinary || binary[name] {
			n := len(trailer)
			trailer = appendRaw(trailer, col.numbers, col.strings, col.datatype)
			t.Parameters = map[string]any{"binary_data_size": len(trailer) - n}
		} else {
			t.Data = appendFlat(nil, col.numbers, col.strings, col.datatype)
		}
		resp.Outputs = append(resp.Outputs, t)
	}
	b := appendV2Response(nil, &resp)
	if trailer != nil {
		w.Header().Set(HeaderContentLength, strconv.Itoa(len(b)))
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(append(b, trailer...))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
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
	b = append(b, ']')
	if n, ok := t.Parameters["binary_data_size"].(int); ok {
		b = append(b, `,"parameters":{"binary_data_size":`...)
		b = strconv.AppendInt(b, int64(n), 10)
		return append(b, "}}"...)
	}
	b = append(b, `,"data":`...)
	b = append(b, t.Data...)
	return append(b, '}')
}

// jsonTensorData decodes the JSON data of v2 tensors; a tensor with
// binary_data_size is decoded from the binary section of the body instead
// (the binary tensor extension).
func jsonTensorData(ts []V2Tensor, bin *binarySection) tensorData {
	return func(k int, h tensorHeader, size int) ([]float64, []string, error) {
		if bin != nil {
			if n, ok, err := binaryDataSize(ts[k].Parameters); err != nil {
				return nil, nil, err
			} else if ok {
				raw, err := bin.next(n)
				if err != nil {
					return nil, nil, err
				}
				return decodeRaw(raw, h.Datatype, size)
			}
		}
		if len(ts[k].Data) == 0 {
			return nil, nil, errNoData
		}
		t, err := parseTensor(ts[k].Data, false)
		if err != nil {
			return nil, nil, fmt.Errorf("data: %v", err)
		}
		if err := conformTensor(&t, h.Datatype); err != nil {
			return nil, nil, err
		}
		return t.numbers, t.strings, nil
	}
}

func v2Headers(ts []V2Tensor) []tensorHeader {
	hs := make([]tensorHeader, len(ts))
	for i, t := range ts {
		hs[i] = tensorHeader{Name: t.Name, Datatype: t.Datatype, Shape: t.Shape}
	}
	return hs
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
