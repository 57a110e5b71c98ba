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
	"sync/atomic"
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
	// Header holds HTTP headers sent with every request (Authorization).
	Header http.Header
	// BinaryData sends the inputs and asks for the outputs in the binary
	// tensor data extension (Triton's, for large tensors and FP16) instead
	// of JSON.
	BinaryData bool

	mu   sync.Mutex                      // serializes the fetch of meta
	meta atomic.Pointer[V2ModelMetadata] // set once fetched

	names atomic.Pointer[v2Names]
}

// v2Names are the strings a V2 makes of its fields for every request, made
// once for the fields they were made of.
type v2Names struct {
	base, model, version string
	op, inferURL         string
}

func (v *V2) cachedNames() *v2Names {
	if n := v.names.Load(); n != nil && n.base == v.BaseURL && n.model == v.Model && n.version == v.Version {
		return n
	}
	n := &v2Names{base: v.BaseURL, model: v.Model, version: v.Version,
		op: "v2 infer model " + strconv.Quote(v.Model), inferURL: v.modelPath() + "/infer"}
	v.names.Store(n)
	return n
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
	if md := v.meta.Load(); md != nil {
		return *md, nil
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if md := v.meta.Load(); md != nil {
		return *md, nil
	}
	op := fmt.Sprintf("v2 metadata model %q", v.Model)
	body, _, err := roundTrip(ctx, httpClientOrDefault(v.HTTPClient), httpCall{op: op, method: http.MethodGet, url: v.modelPath(), header: v.Header})
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
	v.meta.Store(&md)
	return md, nil
}

// Prepare fetches the metadata.
func (v *V2) Prepare(ctx context.Context) error {
	_, err := v.Metadata(ctx)
	return err
}

func (v *V2) cachedMetadata() *V2ModelMetadata { return v.meta.Load() }

func (v *V2) op() string { return v.cachedNames().op }

// CheckRow reports a row that cannot be sent: values that do not fit their
// shapes and, once the metadata is known, inputs it does not list, missing
// inputs, a shape or datatype it does not allow.
func (v *V2) CheckRow(r Row) error { return checkV2Row(v.op(), v.cachedMetadata(), r) }

// checkV2Row is CheckRow of both v2 protocols, REST and gRPC: md is nil
// while the metadata is not known.
func checkV2Row(op string, md *V2ModelMetadata, r Row) error {
	var nbuf [8]string
	if names, ok := mdInputNames(nbuf[:0], md, r.Values); ok && v2RowFits(md, names, r) {
		return nil // checkV2RowLong finds nothing either
	}
	return checkV2RowLong(op, md, r)
}

// checkV2RowLong is checkV2Row for every row: it words the error.
func checkV2RowLong(op string, md *V2ModelMetadata, r Row) error {
	if err := checkRowValues(op, r); err != nil {
		return err
	}
	if md == nil {
		return nil
	}
	for _, in := range md.Inputs {
		if _, ok := r.Values[in.Name]; !ok {
			return inputError(op, "row %q has no input %q", r.ID, in.Name)
		}
	}
	var buf [4]string
	for _, name := range appendSortedKeys(buf[:0], r.Values) {
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

// mdInputNames appends to names, sorted, the inputs md lists when they
// are exactly the keys of values (md lists each once, and at most 8); ok
// is false otherwise. It spares a row's map an iteration.
func mdInputNames(names []string, md *V2ModelMetadata, values map[string]Value) ([]string, bool) {
	if md == nil || len(md.Inputs) == 0 || len(md.Inputs) > 8 || len(md.Inputs) != len(values) {
		return names, false
	}
	for k, in := range md.Inputs {
		if _, ok := values[in.Name]; !ok {
			return names, false
		}
		for _, prev := range md.Inputs[:k] {
			if prev.Name == in.Name {
				return names, false
			}
		}
		names = append(names, in.Name)
	}
	slices.Sort(names)
	return names, true
}

// v2RowFits reports whether checkV2Row finds nothing wrong with r, whose
// inputs are names (from mdInputNames).
func v2RowFits(md *V2ModelMetadata, names []string, r Row) bool {
	for _, name := range names {
		val := r.Values[name]
		if checkValue(val) != nil {
			return false
		}
		dt, err := inputDatatype(md, name, val)
		if err != nil {
			return false
		}
		if dt == Bytes {
			continue
		}
		for _, x := range val.Numbers {
			if _, err := dt.conform(x); err != nil {
				return false
			}
		}
	}
	return true
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
	md := v.meta.Load()
	if md == nil {
		m, err := v.Metadata(ctx)
		if err != nil {
			return nil, err
		}
		md = &m
	}
	op := v.op()
	var buf [2]v2Input
	inputs, err := appendV2BatchInputs(buf[:0], op, md, batch)
	if err != nil || len(batch) == 0 {
		return nil, err
	}
	size := 16
	for _, in := range inputs {
		size += v2InputSize(in)
	}
	reqBuf := bodyPool.Get().(*[]byte)
	b := append(slices.Grow((*reqBuf)[:0], size), `{"inputs":[`...)
	var trailer []byte
	for k, in := range inputs {
		if k > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"name":`...)
		b = appendString(b, in.Name)
		b = append(b, `,"datatype":`...)
		b = appendString(b, string(in.Datatype))
		b = append(b, `,"shape":[`...)
		for i, d := range in.Shape {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(d), 10)
		}
		if v.BinaryData {
			n := len(trailer)
			trailer = appendRaw(trailer, in.numbers, in.strings, in.Datatype)
			b = append(b, `],"parameters":{"binary_data_size":`...)
			b = strconv.AppendInt(b, int64(len(trailer)-n), 10)
			b = append(b, "}}"...)
			continue
		}
		b = append(b, `],"data":`...)
		b = appendFlat(b, in.numbers, in.strings, in.Datatype)
		b = append(b, '}')
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
			if v.BinaryData {
				b = append(b, `,"parameters":{"binary_data":true}`...)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	} else if v.BinaryData {
		b = append(b, `,"parameters":{"binary_data_output":true}`...)
	}
	b = append(b, '}')
	call := httpCall{op: op, method: http.MethodPost, url: v.cachedNames().inferURL, body: b, header: v.Header}
	if v.BinaryData {
		call.header = binaryRequestHeader(v.Header, len(b))
		call.contentType = "application/octet-stream"
		call.body = append(b, trailer...)
	}
	*reqBuf = call.body[:0]
	call.reqBuf = reqBuf
	call.respBuf = bodyPool.Get().(*[]byte)
	body, binHeader, err := roundTrip(ctx, httpClientOrDefault(v.HTTPClient), call)
	if err != nil {
		return nil, err
	}
	outs, err := decodeV2Response(op, body, binHeader, len(batch), v.expectedOutputs(md))
	if err == nil {
		putBody(call.respBuf) // the outputs do not refer to the body
	}
	return outs, err
}

// v2InputSize is about the bytes of in as a JSON input: its header and
// at most 24 bytes a number (16 below FP64, whose shortest forms are
// shorter), more for strings.
func v2InputSize(in v2Input) int {
	n := 64 + len(in.Name) + 21*len(in.Shape)
	per := 24
	switch in.Datatype {
	case FP32, FP16, BF16, Bool, Int8, Int16, Uint8, Uint16:
		per = 16
	}
	n += per * len(in.numbers)
	for _, s := range in.strings {
		n += 3 + len(s)
	}
	return n
}

// expectedOutputs are the outputs a response must hold: Outputs, else
// those the metadata lists (else whatever the server sends).
func (v *V2) expectedOutputs(md *V2ModelMetadata) []string {
	if len(v.Outputs) > 0 {
		return v.Outputs
	}
	names := make([]string, len(md.Outputs))
	for i, o := range md.Outputs {
		names[i] = o.Name
	}
	return names
}

// binaryRequestHeader is h plus the Inference-Header-Content-Length of a
// JSON part of n bytes.
func binaryRequestHeader(h http.Header, n int) http.Header {
	out := h.Clone()
	if out == nil {
		out = http.Header{}
	}
	out.Set(HeaderContentLength, strconv.Itoa(n))
	return out
}

// v2Input is one input tensor of a batch, ready to encode: numbers
// conformed to the datatype.
type v2Input struct {
	tensorHeader
	numbers []float64
	strings []string
}

// v2BatchInputs gathers the inputs of a batch (sorted by name) into whole
// tensors of shape [len(batch), row shape...], each in the datatype the
// metadata names (FP64 for numbers, BYTES for strings when it names none).
func v2BatchInputs(op string, md *V2ModelMetadata, batch []Row) ([]v2Input, error) {
	return appendV2BatchInputs(nil, op, md, batch)
}

// appendV2BatchInputs is v2BatchInputs into inputs[:0] (a caller's array
// when it is long enough).
func appendV2BatchInputs(inputs []v2Input, op string, md *V2ModelMetadata, batch []Row) ([]v2Input, error) {
	if len(batch) == 0 {
		return nil, nil
	}
	var buf [8]string
	names, ok := mdInputNames(buf[:0], md, batch[0].Values)
	var err error
	if ok {
		err = sameInputs(names, op, batch)
	} else {
		names, err = appendBatchInputs(buf[:0], op, batch)
	}
	if err != nil {
		return nil, err
	}
	inputs = slices.Grow(inputs[:0], len(names))[:len(names)]
	for k, name := range names {
		first := batch[0].Values[name]
		dt, err := inputDatatype(md, name, first)
		if err != nil {
			return nil, inputError(op, "row %q: %v", batch[0].ID, err)
		}
		in := v2Input{tensorHeader: tensorHeader{Name: name, Datatype: dt, Shape: append([]int{len(batch)}, first.Shape...)}}
		if dt != Bytes {
			in.numbers = make([]float64, 0, len(batch)*len(first.Numbers))
		}
		for i, r := range batch {
			val := first
			if i > 0 {
				val = r.Values[name]
			}
			if err := checkValue(val); err != nil {
				return nil, inputError(op, "row %q input %q: %v", r.ID, name, err)
			}
			if dt == Bytes {
				in.strings = append(in.strings, val.Strings...)
				continue
			}
			for _, x := range val.Numbers {
				y, err := dt.conform(x)
				if err != nil {
					return nil, inputError(op, "row %q input %q: %v", r.ID, name, err)
				}
				in.numbers = append(in.numbers, y)
			}
		}
		inputs[k] = in
	}
	return inputs, nil
}

// decodeV2Response reads and checks the outputs of a batch of n rows from a
// response body; binaryHeader is the response's
// Inference-Header-Content-Length ("" when it carries no binary data). With
// expect set, exactly those outputs are returned and each must be present;
// otherwise every output in the response.
func decodeV2Response(op string, body []byte, binaryHeader string, n int, expect []string) ([]map[string]Value, error) {
	if binaryHeader == "" {
		if outs, ok := fastV2Outputs(body, n, expect); ok {
			return outs, nil
		}
	}
	return decodeV2ResponseLong(op, body, binaryHeader, n, expect)
}

// decodeV2ResponseLong is decodeV2Response for every body, the one
// fastV2Outputs leaves alone.
func decodeV2ResponseLong(op string, body []byte, binaryHeader string, n int, expect []string) ([]map[string]Value, error) {
	head, bin, err := splitBinaryBody(body, binaryHeader)
	if err != nil {
		return nil, malformed(op, body, "%v", err)
	}
	var resp V2InferenceResponse
	if err := unmarshalV2Response(quoteNonFinite(head), &resp); err != nil {
		return nil, malformed(op, body, "%v", err)
	}
	if bin == nil {
		bin = &binarySection{} // a binary_data_size without binary data fails
	}
	outs, err := v2Outputs(n, v2Headers(resp.Outputs), expect, jsonTensorData(resp.Outputs, bin))
	if err != nil {
		return nil, malformed(op, body, "%v", err)
	}
	return outs, nil
}
