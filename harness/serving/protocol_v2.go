package serving

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// V2 is a client of the Open Inference Protocol v2 REST API (KServe v2,
// Triton, MLServer). It sends a batch as one POST
// {BaseURL}/v2/models/{Model}[/versions/{Version}]/infer, each input a
// tensor of shape [batch, row shape...] in the datatype that the model's
// metadata (GET {BaseURL}/v2/models/{Model}, read once and kept) names,
// data flat in row-major order. An input the metadata does not list is sent
// as FP64, or BYTES for strings.
//
// The response is checked before it is believed: every expected output is
// present (Outputs, else the outputs the metadata lists), its shape starts
// with the batch size and holds as many elements as its data, and the data
// decodes as its datatype. FP32 and FP16 data is rounded to that precision
// whatever digits the server printed, so an FP32 output equals
// float64(float32(x)); integers beyond 2^53 are the nearest float64; BYTES
// are strings; BOOL is 0 or 1. Any failed check is an *Error quoting the
// response, and is not retried.
type V2 struct {
	BaseURL    string
	Model      string
	Version    string // "" for the server's choice
	HTTPClient *http.Client
	// Outputs, if set, are requested by name; otherwise the server returns
	// all outputs.
	Outputs []string

	mu   sync.Mutex
	meta *V2ModelMetadata
}

// NewV2 returns the v2 protocol for model at baseURL (such as
// "http://localhost:8000"); a nil httpClient uses a shared client that keeps
// connections alive.
func NewV2(baseURL, model string, httpClient *http.Client) *V2 {
	return &V2{BaseURL: strings.TrimSuffix(baseURL, "/"), Model: model, HTTPClient: httpClient}
}

func (v *V2) modelPath() string {
	p := v.BaseURL + "/v2/models/" + url.PathEscape(v.Model)
	if v.Version != "" {
		p += "/versions/" + url.PathEscape(v.Version)
	}
	return p
}

// Metadata returns the model's metadata, fetching it on the first call.
// A failed fetch is not kept: the next call tries again.
func (v *V2) Metadata(ctx context.Context) (V2ModelMetadata, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.meta != nil {
		return *v.meta, nil
	}
	op := fmt.Sprintf("v2 metadata model %q", v.Model)
	body, err := roundTrip(ctx, httpClientOrDefault(v.HTTPClient), op, http.MethodGet, v.modelPath(), nil)
	if err != nil {
		return V2ModelMetadata{}, err
	}
	var md V2ModelMetadata
	if err := json.Unmarshal(body, &md); err != nil {
		return V2ModelMetadata{}, malformed(op, body, "%v", err)
	}
	for _, t := range slices.Concat(md.Inputs, md.Outputs) {
		if !t.Datatype.Known() {
			return V2ModelMetadata{}, malformed(op, body, "tensor %q has unknown datatype %q", t.Name, string(t.Datatype))
		}
	}
	v.meta = &md
	return md, nil
}

// Prepare fetches the metadata.
func (v *V2) Prepare(ctx context.Context) error {
	_, err := v.Metadata(ctx)
	return err
}

func (v *V2) cachedMetadata() *V2ModelMetadata {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.meta
}

func (v *V2) op() string { return fmt.Sprintf("v2 infer model %q", v.Model) }

// CheckRow reports a row that cannot be sent: values that do not fit their
// shapes and, once the metadata is known, inputs it does not list, missing
// inputs, a shape or datatype it does not allow.
func (v *V2) CheckRow(r Row) error {
	op := v.op()
	if err := checkRowValues(op, r); err != nil {
		return err
	}
	md := v.cachedMetadata()
	if md == nil {
		return nil
	}
	for _, in := range md.Inputs {
		if _, ok := r.Values[in.Name]; !ok {
			return inputError(op, "row %q has no input %q", r.ID, in.Name)
		}
	}
	for _, name := range sortedKeys(r.Values) {
		dt, err := inputDatatype(md, name, r.Values[name])
		if err != nil {
			return inputError(op, "row %q: %v", r.ID, err)
		}
		val := r.Values[name]
		if dt == Bytes {
			continue
		}
		for _, x := range val.Numbers {
			if _, err := dt.conform(x); err != nil {
				return inputError(op, "row %q input %q: %v", r.ID, name, err)
			}
		}
	}
	return nil
}

// inputDatatype is the datatype to send input name as, checking the value
// against the metadata.
func inputDatatype(md *V2ModelMetadata, name string, val Value) (Datatype, error) {
	dt := datatypeOf(val)
	if len(md.Inputs) == 0 {
		return dt, nil
	}
	i := slices.IndexFunc(md.Inputs, func(t V2MetadataTensor) bool { return t.Name == name })
	if i < 0 {
		return "", fmt.Errorf("model %q has no input %q", md.Name, name)
	}
	in := md.Inputs[i]
	if (in.Datatype == Bytes) != (val.Strings != nil) {
		return "", fmt.Errorf("input %q is %s in the metadata, the row holds %s", name, in.Datatype, kindOf(val))
	}
	if len(in.Shape) == len(val.Shape)+1 && !rowShapeMatches(in.Shape[1:], val.Shape) {
		return "", fmt.Errorf("input %q has row shape %v, the metadata says %v", name, val.Shape, in.Shape)
	}
	return in.Datatype, nil
}

func kindOf(v Value) string {
	if v.Strings != nil {
		return "strings"
	}
	return "numbers"
}

// Infer sends batch as one request.
func (v *V2) Infer(ctx context.Context, batch []Row) ([]map[string]Value, error) {
	md, err := v.Metadata(ctx)
	if err != nil {
		return nil, err
	}
	op := v.op()
	names, err := batchInputs(op, batch)
	if err != nil {
		return nil, err
	}
	if len(batch) == 0 {
		return nil, nil
	}
	b := []byte(`{"inputs":[`)
	for k, name := range names {
		first := batch[0].Values[name]
		dt, err := inputDatatype(&md, name, first)
		if err != nil {
			return nil, inputError(op, "row %q: %v", batch[0].ID, err)
		}
		if k > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"name":`...)
		b = appendString(b, name)
		b = append(b, `,"datatype":`...)
		b = appendString(b, string(dt))
		b = append(b, `,"shape":[`...)
		b = strconv.AppendInt(b, int64(len(batch)), 10)
		for _, d := range first.Shape {
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(d), 10)
		}
		b = append(b, `],"data":[`...)
		n := 0
		for _, r := range batch {
			val := r.Values[name]
			if err := checkValue(val); err != nil {
				return nil, inputError(op, "row %q input %q: %v", r.ID, name, err)
			}
			for _, s := range val.Strings {
				if n > 0 {
					b = append(b, ',')
				}
				b = appendString(b, s)
				n++
			}
			for _, x := range val.Numbers {
				y, err := dt.conform(x)
				if err != nil {
					return nil, inputError(op, "row %q input %q: %v", r.ID, name, err)
				}
				if n > 0 {
					b = append(b, ',')
				}
				b = appendNumber(b, y, dt)
				n++
			}
		}
		b = append(b, "]}"...)
	}
	b = append(b, ']')
	if len(v.Outputs) > 0 {
		b = append(b, `,"outputs":[`...)
		for k, name := range v.Outputs {
			if k > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"name":`...)
			b = appendString(b, name)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, '}')
	body, err := roundTrip(ctx, httpClientOrDefault(v.HTTPClient), op, http.MethodPost, v.modelPath()+"/infer", b)
	if err != nil {
		return nil, err
	}
	expect := v.Outputs
	if len(expect) == 0 {
		for _, o := range md.Outputs {
			expect = append(expect, o.Name)
		}
	}
	return decodeV2Response(op, body, len(batch), expect)
}

// decodeV2Response reads and checks the outputs of a batch of n rows. With
// expect set, exactly those outputs are returned and each must be present;
// otherwise every output in the response.
func decodeV2Response(op string, body []byte, n int, expect []string) ([]map[string]Value, error) {
	var resp V2InferenceResponse
	if err := json.Unmarshal(quoteNonFinite(body), &resp); err != nil {
		return nil, malformed(op, body, "%v", err)
	}
	if len(resp.Outputs) == 0 {
		return nil, malformed(op, body, "no outputs")
	}
	outs := make([]map[string]Value, n)
	for i := range outs {
		outs[i] = make(map[string]Value, len(resp.Outputs))
	}
	seen := make(map[string]bool, len(resp.Outputs))
	for _, o := range resp.Outputs {
		if seen[o.Name] {
			return nil, malformed(op, body, "output %q appears twice", o.Name)
		}
		seen[o.Name] = true
		if len(expect) > 0 && !slices.Contains(expect, o.Name) {
			continue
		}
		if !o.Datatype.Known() {
			return nil, malformed(op, body, "output %q has unknown datatype %q", o.Name, string(o.Datatype))
		}
		if len(o.Shape) == 0 || o.Shape[0] != n {
			return nil, malformed(op, body, "output %q has shape %v for a batch of %d", o.Name, o.Shape, n)
		}
		size, err := shapeSize(o.Shape)
		if err != nil {
			return nil, malformed(op, body, "output %q: %v", o.Name, err)
		}
		if len(o.Data) == 0 {
			return nil, malformed(op, body, "output %q has no data", o.Name)
		}
		t, err := parseTensor(o.Data, false)
		if err != nil {
			return nil, malformed(op, body, "output %q: data: %v", o.Name, err)
		}
		if err := conformTensor(&t, o.Datatype); err != nil {
			return nil, malformed(op, body, "output %q: %v", o.Name, err)
		}
		if t.len() != size {
			return nil, malformed(op, body, "output %q: %d data elements for shape %v", o.Name, t.len(), o.Shape)
		}
		whole := Value{Shape: o.Shape}
		if o.Datatype == Bytes {
			whole.Strings = t.strings
		} else {
			whole.Numbers = t.numbers
		}
		for i, v := range splitBatch(whole) {
			outs[i][o.Name] = v
		}
	}
	for _, name := range expect {
		if !seen[name] {
			return nil, malformed(op, body, "output %q is missing", name)
		}
	}
	return outs, nil
}
