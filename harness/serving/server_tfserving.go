package serving

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// NewTFServingHandler serves models over TensorFlow Serving's REST API:
//
//	POST /v1/models/{name}[/versions/{v}]:predict
//	GET  /v1/models/{name}[/versions/{v}]          model status
//
// A predict request is either row format, {"instances": [...]}, whose
// instances are objects naming every input or, for a model with exactly one
// declared input, bare values; or columnar format, {"inputs": ...}, an
// object of batch tensors or one bare batch tensor. The response is
// {"predictions": [...]} for row format and {"outputs": ...} for columnar,
// holding per row an object of outputs, or the bare value when the model has
// one output, as TF Serving does. BYTES values are JSON strings (a
// {"b64": "..."} object is accepted on input); FP32 outputs are rounded to
// float32; errors are {"error": "..."} with status 400, 404 or 500.
//
// It panics if a model has no Predict function.
func NewTFServingHandler(models ...Model) http.Handler {
	return &tfHandler{models: newRegistry(models)}
}

type tfHandler struct {
	models registry
}

func (h *tfHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/v1/models/")
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no route for %s %s", r.Method, r.URL.Path))
		return
	}
	path, predict := strings.CutSuffix(rest, ":predict")
	name, version, _ := strings.Cut(path, "/versions/")
	if name == "" || strings.Contains(name, "/") || strings.Contains(version, "/") {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no route for %s %s", r.Method, r.URL.Path))
		return
	}
	m, err := h.models.find(name, version)
	if err != nil {
		writeError(w, http.StatusNotFound, err.Error())
		return
	}
	switch {
	case predict && r.Method == http.MethodPost:
		h.predict(w, r, m)
	case !predict && r.Method == http.MethodGet:
		v := m.Version
		if v == "" {
			v = version
		}
		if v == "" {
			v = "1"
		}
		writeJSON(w, http.StatusOK, map[string]any{"model_version_status": []any{map[string]any{
			"version": v, "state": "AVAILABLE",
			"status": map[string]string{"error_code": "OK", "error_message": ""}}}})
	default:
		writeError(w, http.StatusMethodNotAllowed, fmt.Sprintf("no route for %s %s", r.Method, r.URL.Path))
	}
}

func (h *tfHandler) predict(w http.ResponseWriter, r *http.Request, m *Model) {
	body, err := readBody(w, r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	var req map[string]json.RawMessage
	if err := json.Unmarshal(quoteNonFinite(body), &req); err != nil {
		writeError(w, http.StatusBadRequest, "bad predict request: "+err.Error())
		return
	}
	instances, rowFormat := req["instances"]
	inputs, columnar := req["inputs"]
	if rowFormat == columnar {
		writeError(w, http.StatusBadRequest, `a predict request holds exactly one of "instances" and "inputs"`)
		return
	}
	var rows []Row
	if rowFormat {
		rows, err = tfRowsFromInstances(m, instances)
	} else {
		rows, err = tfRowsFromColumns(m, inputs)
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	outs, err := m.predict(r.Context(), rows)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	names := outputNames(m, outs)
	cols := make([]outputColumn, len(names))
	for i, name := range names {
		if cols[i], err = gatherOutput(m, name, outs); err != nil {
			writeError(w, http.StatusInternalServerError, err.Error())
			return
		}
	}
	var b []byte
	if rowFormat {
		b = appendTFPredictions(b, names, cols, len(outs))
	} else {
		b = appendTFOutputs(b, names, cols, len(outs))
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
}

// isNamedObject reports whether raw is a JSON object of named inputs rather
// than a {"b64": ...} binary value.
func isNamedObject(raw []byte) bool {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return false
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		return true
	}
	_, b64 := obj["b64"]
	return !(b64 && len(obj) == 1)
}

// soleInput is the name an unnamed input takes: the model's one input.
func soleInput(m *Model) (string, error) {
	if len(m.Inputs) != 1 {
		return "", fmt.Errorf("model %q declares %d inputs: inputs must be named", m.Name, len(m.Inputs))
	}
	return m.Inputs[0].Name, nil
}

func tfRowsFromInstances(m *Model, raw json.RawMessage) ([]Row, error) {
	var instances []json.RawMessage
	if err := json.Unmarshal(raw, &instances); err != nil {
		return nil, errors.New(`"instances" must be an array`)
	}
	rows := make([]Row, len(instances))
	for i, inst := range instances {
		named := map[string]json.RawMessage{}
		if isNamedObject(inst) {
			if err := json.Unmarshal(inst, &named); err != nil {
				return nil, fmt.Errorf("instance %d: %v", i, err)
			}
		} else {
			name, err := soleInput(m)
			if err != nil {
				return nil, fmt.Errorf("instance %d: %v", i, err)
			}
			named[name] = inst
		}
		values := make(map[string]Value, len(named))
		for name, text := range named {
			t, err := parseTensor(text, true)
			if err != nil {
				return nil, fmt.Errorf("instance %d input %q: %v", i, name, err)
			}
			if values[name], err = inputValue(m, name, t); err != nil {
				return nil, fmt.Errorf("instance %d input %q: %v", i, name, err)
			}
		}
		if err := checkInputNames(m, values); err != nil {
			return nil, fmt.Errorf("instance %d: %v", i, err)
		}
		rows[i] = Row{ID: fmt.Sprint(i), Values: values}
	}
	return rows, nil
}

func tfRowsFromColumns(m *Model, raw json.RawMessage) ([]Row, error) {
	named := map[string]json.RawMessage{}
	if isNamedObject(raw) {
		if err := json.Unmarshal(raw, &named); err != nil {
			return nil, fmt.Errorf(`"inputs": %v`, err)
		}
	} else {
		name, err := soleInput(m)
		if err != nil {
			return nil, err
		}
		named[name] = raw
	}
	batch := -1
	var rows []Row
	for _, name := range sortedKeys(named) {
		t, err := parseTensor(named[name], true)
		if err != nil {
			return nil, fmt.Errorf("input %q: %v", name, err)
		}
		if len(t.shape) == 0 {
			return nil, fmt.Errorf("input %q: a columnar input needs a batch dimension", name)
		}
		if batch >= 0 && t.shape[0] != batch {
			return nil, fmt.Errorf("input %q: batch size %d, other inputs have %d", name, t.shape[0], batch)
		}
		if batch < 0 {
			batch = t.shape[0]
			rows = make([]Row, batch)
			for i := range rows {
				rows[i] = Row{ID: fmt.Sprint(i), Values: map[string]Value{}}
			}
		}
		whole, err := inputValue(m, name, t)
		if err != nil {
			return nil, fmt.Errorf("input %q: %v", name, err)
		}
		for i, v := range splitBatch(whole) {
			rows[i].Values[name] = v
		}
	}
	if len(rows) > 0 {
		if err := checkInputNames(m, rows[0].Values); err != nil {
			return nil, err
		}
	}
	return rows, nil
}

func sortedKeys[V any](m map[string]V) []string {
	return appendSortedKeys(make([]string, 0, len(m)), m)
}

// appendSortedKeys is sortedKeys into keys[:0] (a caller's array when it
// is long enough).
func appendSortedKeys[V any](keys []string, m map[string]V) []string {
	keys = keys[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// inputValue converts parsed tensor text to a Value of the datatype the
// model declares for input name (inferred from the text if it declares
// none): FP32 is rounded to float32, integers are checked.
func inputValue(m *Model, name string, t tensorText) (Value, error) {
	spec, ok := m.input(name)
	if len(m.Inputs) > 0 && !ok {
		return Value{}, fmt.Errorf("model %q has no input %q", m.Name, name)
	}
	dt := textDatatype(t)
	if ok {
		dt = spec.datatype()
	}
	if err := conformTensor(&t, dt); err != nil {
		return Value{}, err
	}
	v := Value{Numbers: t.numbers, Strings: t.strings, Shape: t.shape}
	if dt == Bytes {
		v.Numbers = nil
	} else {
		v.Strings = nil
	}
	return v, nil
}

// textDatatype is the datatype of JSON tensor text with no declared type.
func textDatatype(t tensorText) Datatype {
	switch t.kind {
	case leafString:
		return Bytes
	case leafBool:
		return Bool
	}
	return FP64
}

func checkInputNames(m *Model, values map[string]Value) error {
	for _, s := range m.Inputs {
		v, ok := values[s.Name]
		if !ok {
			return fmt.Errorf("input %q is missing", s.Name)
		}
		if !rowShapeMatches(s.Shape, v.Shape) {
			return fmt.Errorf("input %q: row shape %v, model expects %v", s.Name, v.Shape, s.Shape)
		}
	}
	return nil
}

// splitBatch splits a Value along its first dimension.
func splitBatch(v Value) []Value {
	n := v.Shape[0]
	rowShape := rowShapeOrNil(v.Shape[1:])
	per, _ := shapeSize(rowShape) // a part of a valid shape
	out := make([]Value, n)
	for i := range out {
		out[i].Shape, out[i].Datatype = rowShape, v.Datatype
		if v.Strings != nil {
			out[i].Strings = v.Strings[i*per : (i+1)*per : (i+1)*per]
		} else {
			out[i].Numbers = v.Numbers[i*per : (i+1)*per : (i+1)*per]
		}
	}
	return out
}

// appendColumnRow appends row i of a column as a nested JSON value.
func appendColumnRow(b []byte, c *outputColumn, i int) []byte {
	per, _ := shapeSize(c.rowShape) // checked when gathered
	if c.datatype == Bytes {
		return appendNested(b, nil, c.strings[i*per:(i+1)*per], c.rowShape, Bytes)
	}
	return appendNested(b, c.numbers[i*per:(i+1)*per], nil, c.rowShape, c.datatype)
}

func appendTFPredictions(b []byte, names []string, cols []outputColumn, n int) []byte {
	b = append(b, `{"predictions":[`...)
	for i := 0; i < n; i++ {
		if i > 0 {
			b = append(b, ',')
		}
		if len(cols) == 1 {
			b = appendColumnRow(b, &cols[0], i)
			continue
		}
		b = append(b, '{')
		for k := range cols {
			if k > 0 {
				b = append(b, ',')
			}
			b = appendString(b, names[k])
			b = append(b, ':')
			b = appendColumnRow(b, &cols[k], i)
		}
		b = append(b, '}')
	}
	return append(b, "]}"...)
}

func appendTFOutputs(b []byte, names []string, cols []outputColumn, n int) []byte {
	b = append(b, `{"outputs":`...)
	column := func(c *outputColumn) {
		b = appendNested(b, c.numbers, c.strings, append([]int{n}, c.rowShape...), c.datatype)
	}
	if len(cols) == 1 {
		column(&cols[0])
	} else {
		b = append(b, '{')
		for k := range cols {
			if k > 0 {
				b = append(b, ',')
			}
			b = appendString(b, names[k])
			b = append(b, ':')
			column(&cols[k])
		}
		b = append(b, '}')
	}
	return append(b, '}')
}
