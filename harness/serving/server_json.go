package serving

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// NewJSONHandler serves one model over plain JSON, one row per request: a
// POST to any path whose body is the row's inputs object, such as
// {"x": [0.5, 1.5], "user": "u1"}, is answered with an object of the row's
// outputs, such as {"score": 0.25}. Scalars are JSON numbers or strings,
// vectors and matrices nested arrays; FP32 outputs are rounded to float32;
// non-finite numbers are written NaN, Infinity, -Infinity. Errors are
// {"error": "..."} with status 400 (bad request), 405 (not a POST) or 500.
//
// It panics if the model has no Predict function.
func NewJSONHandler(m Model) http.Handler {
	newRegistry([]Model{m}) // checks Predict
	return &jsonHandler{m: m}
}

type jsonHandler struct {
	m Model
}

func (h *jsonHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeError(w, http.StatusMethodNotAllowed, fmt.Sprintf("%s %s: only POST is served", r.Method, r.URL.Path))
		return
	}
	body, err := readBody(w, r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	var named map[string]json.RawMessage
	if err := json.Unmarshal(quoteNonFinite(body), &named); err != nil || named == nil {
		writeError(w, http.StatusBadRequest, "the body must be a JSON object of inputs")
		return
	}
	m := &h.m
	values := make(map[string]Value, len(named))
	for name, text := range named {
		t, err := parseTensor(text, false)
		if err != nil {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("input %q: %v", name, err))
			return
		}
		if values[name], err = inputValue(m, name, t); err != nil {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("input %q: %v", name, err))
			return
		}
	}
	if err := checkInputNames(m, values); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	outs, err := m.predict(r.Context(), []Row{{ID: "0", Values: values}})
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	names := outputNames(m, outs)
	b := []byte{'{'}
	for k, name := range names {
		col, err := gatherOutput(m, name, outs)
		if err != nil {
			writeError(w, http.StatusInternalServerError, err.Error())
			return
		}
		if k > 0 {
			b = append(b, ',')
		}
		b = appendString(b, name)
		b = append(b, ':')
		b = appendColumnRow(b, &col, 0)
	}
	b = append(b, '}')
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
}
