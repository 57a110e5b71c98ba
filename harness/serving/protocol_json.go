package serving

import (
	"context"
	"encoding/json"
	"net/http"
)

// JSON is the plain JSON protocol, one row per request: it POSTs the row's
// inputs object, such as {"x": [0.5, 1.5], "user": "u1"}, to URL and reads
// the row's outputs from the keys of the response object. Numbers read as
// the float64 of the digits printed, so an FP32 output printed with float32
// digits (as NewJSONHandler prints it) is exact after float32(); the tokens
// NaN, Infinity and -Infinity are accepted; strings are BYTES, booleans 0 or
// 1; nested arrays must be rectangular.
type JSON struct {
	URL        string
	HTTPClient *http.Client
	// Outputs, if set, are the keys read from the response; each must be
	// present. When empty every key is read, and each must hold a tensor.
	Outputs []string
	// Header holds HTTP headers sent with every request (Authorization).
	Header http.Header
}

// NewJSON returns the JSON protocol posting to url; a nil httpClient uses a
// shared client that keeps connections alive.
func NewJSON(url string, httpClient *http.Client) *JSON {
	return &JSON{URL: url, HTTPClient: httpClient}
}

// MaxBatch is 1: each request carries one row.
func (j *JSON) MaxBatch() int { return 1 }

// CheckRow reports a row whose values do not fit their shapes.
func (j *JSON) CheckRow(r Row) error { return checkRowValues(j.op(), r) }

func (j *JSON) op() string { return "json post " + j.URL }

// Infer posts each row of batch in turn.
func (j *JSON) Infer(ctx context.Context, batch []Row) ([]map[string]Value, error) {
	outs := make([]map[string]Value, len(batch))
	for i, r := range batch {
		o, err := j.infer(ctx, r)
		if err != nil {
			return nil, err
		}
		outs[i] = o
	}
	return outs, nil
}

func (j *JSON) infer(ctx context.Context, r Row) (map[string]Value, error) {
	op := j.op()
	if err := checkRowValues(op, r); err != nil {
		return nil, err
	}
	b := []byte{'{'}
	for k, name := range sortedKeys(r.Values) {
		if k > 0 {
			b = append(b, ',')
		}
		b = appendString(b, name)
		b = append(b, ':')
		b = appendValue(b, r.Values[name])
	}
	b = append(b, '}')
	body, _, err := roundTrip(ctx, httpClientOrDefault(j.HTTPClient), httpCall{op: op, method: http.MethodPost, url: j.URL, body: b, header: j.Header})
	if err != nil {
		return nil, err
	}
	return decodeJSONResponse(op, body, j.Outputs)
}

// decodeJSONResponse reads the outputs of one row from a response object.
func decodeJSONResponse(op string, body []byte, outputs []string) (map[string]Value, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(quoteNonFinite(body), &obj); err != nil || obj == nil {
		return nil, malformed(op, body, "want a JSON object of outputs")
	}
	names := outputs
	if len(names) == 0 {
		names = sortedKeys(obj)
		if len(names) == 0 {
			return nil, malformed(op, body, "no outputs")
		}
	}
	out := make(map[string]Value, len(names))
	for _, name := range names {
		text, ok := obj[name]
		if !ok {
			return nil, malformed(op, body, "output %q is missing", name)
		}
		t, err := parseTensor(text, false)
		if err != nil {
			return nil, malformed(op, body, "output %q: %v", name, err)
		}
		out[name] = textValue(t)
	}
	return out, nil
}

// checkRowValues reports a row value whose elements do not fit its shape.
func checkRowValues(op string, r Row) error {
	if len(r.Values) == 0 {
		return inputError(op, "row %q has no inputs", r.ID)
	}
	ok := true
	for _, v := range r.Values {
		if checkValue(v) != nil {
			ok = false
			break
		}
	}
	if ok {
		return nil
	}
	for _, name := range sortedKeys(r.Values) { // the first in name order
		if err := checkValue(r.Values[name]); err != nil {
			return inputError(op, "row %q input %q: %v", r.ID, name, err)
		}
	}
	return nil
}
