package serving

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// TFServing is a client of TensorFlow Serving's REST predict API. It sends a
// batch as one POST {BaseURL}/v1/models/{Model}[/versions/{Version}]:predict
// in row format, {"instances": [{"<input>": value, ...}, ...]}, every input
// named, numbers as JSON numbers (NaN, Infinity, -Infinity as those tokens),
// strings as JSON strings, vectors and matrices as nested arrays.
//
// The response must be {"predictions": [...]} with one element per row. An
// element that is an object holds named outputs; any other element is the
// model's single output, named OutputName. Booleans read as 0 or 1, strings
// and {"b64": ...} objects as BYTES. Numbers are read as the float64 of the
// digits printed: TF Serving (and NewTFServingHandler) print an FP32 output
// with the shortest float32 digits, 0.33333334 for float32(1/3), which reads
// as a float64 that float32() turns back into the model's exact value.
type TFServing struct {
	BaseURL    string
	Model      string
	Version    string // "" for the server's choice
	HTTPClient *http.Client
	// OutputName names the output of a model that returns bare
	// predictions; "predictions" when empty.
	OutputName string
	// Outputs, if set, must each be present in every prediction and are
	// the only ones returned.
	Outputs []string
	// Header holds HTTP headers sent with every request (Authorization).
	Header http.Header
}

// NewTFServing returns the TF Serving protocol for model at baseURL (such
// as "http://localhost:8501"); a nil httpClient uses a shared client that
// keeps connections alive.
func NewTFServing(baseURL, model string, httpClient *http.Client) *TFServing {
	return &TFServing{BaseURL: strings.TrimSuffix(baseURL, "/"), Model: model, HTTPClient: httpClient}
}

func (t *TFServing) op() string { return fmt.Sprintf("tfserving predict model %q", t.Model) }

func (t *TFServing) outputName() string {
	if t.OutputName == "" {
		return "predictions"
	}
	return t.OutputName
}

// CheckRow reports a row whose values do not fit their shapes.
func (t *TFServing) CheckRow(r Row) error { return checkRowValues(t.op(), r) }

// Infer sends batch as one predict request.
func (t *TFServing) Infer(ctx context.Context, batch []Row) ([]map[string]Value, error) {
	op := t.op()
	names, err := batchInputs(op, batch)
	if err != nil {
		return nil, err
	}
	if len(batch) == 0 {
		return nil, nil
	}
	b := []byte(`{"instances":[`)
	for i, r := range batch {
		if err := checkRowValues(op, r); err != nil {
			return nil, err
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		for k, name := range names {
			if k > 0 {
				b = append(b, ',')
			}
			b = appendString(b, name)
			b = append(b, ':')
			b = appendValue(b, r.Values[name])
		}
		b = append(b, '}')
	}
	b = append(b, "]}"...)
	u := t.BaseURL + "/v1/models/" + url.PathEscape(t.Model)
	if t.Version != "" {
		u += "/versions/" + url.PathEscape(t.Version)
	}
	body, _, err := roundTrip(ctx, httpClientOrDefault(t.HTTPClient), httpCall{op: op, method: http.MethodPost, url: u + ":predict", body: b, header: t.Header})
	if err != nil {
		return nil, err
	}
	return decodeTFResponse(op, body, len(batch), t.outputName(), t.Outputs)
}

// decodeTFResponse reads the predictions of a batch of n rows.
func decodeTFResponse(op string, body []byte, n int, single string, expect []string) ([]map[string]Value, error) {
	var resp struct {
		Predictions *[]json.RawMessage `json:"predictions"`
	}
	if err := json.Unmarshal(quoteNonFinite(body), &resp); err != nil {
		return nil, malformed(op, body, "%v", err)
	}
	if resp.Predictions == nil {
		return nil, malformed(op, body, `no "predictions" array`)
	}
	preds := *resp.Predictions
	if len(preds) != n {
		return nil, malformed(op, body, "%d predictions for a batch of %d", len(preds), n)
	}
	outs := make([]map[string]Value, n)
	for i, p := range preds {
		named := map[string]json.RawMessage{}
		if isNamedObject(p) {
			if err := json.Unmarshal(p, &named); err != nil {
				return nil, malformed(op, body, "prediction %d: %v", i, err)
			}
		} else {
			named[single] = p
		}
		keys := expect
		if len(keys) == 0 {
			keys = sortedKeys(named)
			if len(keys) == 0 {
				return nil, malformed(op, body, "prediction %d is empty", i)
			}
		}
		outs[i] = make(map[string]Value, len(keys))
		for _, name := range keys {
			text, ok := named[name]
			if !ok {
				return nil, malformed(op, body, "prediction %d: output %q is missing", i, name)
			}
			tt, err := parseTensor(text, true)
			if err != nil {
				return nil, malformed(op, body, "prediction %d output %q: %v", i, name, err)
			}
			outs[i][name] = textValue(tt)
		}
	}
	return outs, nil
}
