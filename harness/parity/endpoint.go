package parity

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/mltest/mltest/harness/serving"
)

// Endpoint is a served model and how to call it.
type Endpoint struct {
	// Protocol is "v2" (Open Inference Protocol REST), "v2-grpc" (its gRPC
	// API), "tfserving" (TF Serving REST), "tfserving-grpc" (TF Serving's
	// PredictionService) or "json".
	Protocol string
	// URL is the base URL (v2, tfserving), the URL to POST to (json), or
	// HOST:PORT, grpc://HOST:PORT or grpcs://HOST:PORT (gRPC).
	URL   string
	Model string // model name; required for all but json

	// Signature is the TF Serving signature (tfserving-grpc); "" for
	// serving_default.
	Signature string
	// TypedContents sends v2-grpc inputs in typed contents instead of
	// raw_input_contents.
	TypedContents bool
	// BinaryData sends v2 REST inputs and reads outputs in the binary
	// tensor data extension.
	BinaryData bool
	// Header is sent with every request: HTTP headers (REST) or metadata
	// (gRPC), such as {"authorization": "Bearer ..."}.
	Header map[string]string
	// TLS secures the connection beyond what the URL's scheme implies.
	TLS TLS

	// Client settings; zero values keep serving.NewClient's defaults
	// (concurrency 8, batch 32, timeout 5s, 2 retries, no rate limit).
	Concurrency, Batch, Retries int
	NoRetries                   bool // retry nothing (Retries 0 means the default)
	Timeout                     time.Duration
	RequestsPerSecond           float64
	Progress                    func(done, total int)

	// CallTwice makes CompareFiles call the endpoint a second time as
	// Options.Replica: outputs that differ between the two calls are
	// reported as noise, not as mismatches (the noise floor).
	CallTwice bool
}

// Check reports an endpoint that cannot be called as given: an unknown
// protocol, a missing model name, a gRPC target that is not HOST:PORT.
func (e Endpoint) Check() error {
	p, ok := lookupProtocol(e.Protocol)
	if !ok {
		return fmt.Errorf("protocol %q: want %s", e.Protocol, protocolChoice())
	}
	if e.URL == "" {
		return fmt.Errorf("protocol %s needs a URL", e.Protocol)
	}
	if p.namesModel && e.Model == "" {
		return fmt.Errorf("protocol %s needs a model name", e.Protocol)
	}
	if e.isGRPC() {
		if _, _, err := serving.ParseGRPCTarget(e.URL); err != nil {
			return err
		}
	}
	if e.Signature != "" && e.Protocol != "tfserving-grpc" {
		return fmt.Errorf("a signature is for protocol tfserving-grpc, not %s", e.Protocol)
	}
	if e.TypedContents && e.Protocol != "v2-grpc" {
		return fmt.Errorf("typed contents are for protocol v2-grpc, not %s", e.Protocol)
	}
	if e.BinaryData && e.Protocol != "v2" {
		return fmt.Errorf("the binary tensor extension is for protocol v2, not %s", e.Protocol)
	}
	return nil
}

func (e Endpoint) isGRPC() bool { return strings.HasSuffix(e.Protocol, "-grpc") }

// NewProtocol returns the serving.Protocol of e. TF Serving's REST API
// answers a model with a single output with bare predictions, without the
// output's name: that output takes the name of offline's single output,
// when every offline row has the same one. A gRPC protocol holds a
// connection, which Close (below) releases.
func (e Endpoint) NewProtocol(offline []serving.Row) (serving.Protocol, error) {
	if err := e.Check(); err != nil {
		return nil, err
	}
	tlsConfig, err := e.TLS.Config()
	if err != nil {
		return nil, err
	}
	w := wire{tls: tlsConfig}
	if tlsConfig != nil {
		w.http = serving.NewHTTPClient(tlsConfig)
	}
	if len(e.Header) > 0 {
		w.header = http.Header{}
		for k, v := range e.Header {
			w.header.Set(k, v)
		}
	}
	p, _ := lookupProtocol(e.Protocol) // known: Check
	return p.build(e, offline, w), nil
}

// Client returns a serving.Client of e's protocol (see NewProtocol) with e's
// client settings. Close its Protocol with Close when done.
func (e Endpoint) Client(offline []serving.Row) (*serving.Client, error) {
	p, err := e.NewProtocol(offline)
	if err != nil {
		return nil, err
	}
	c := serving.NewClient(p)
	if e.Concurrency > 0 {
		c.Concurrency = e.Concurrency
	}
	if e.Batch > 0 {
		c.BatchSize = e.Batch
	}
	if e.Retries > 0 || e.NoRetries {
		c.Retries = e.Retries
	}
	if e.Timeout > 0 {
		c.Timeout = e.Timeout
	}
	c.RequestsPerSecond = e.RequestsPerSecond
	c.Progress = e.Progress
	return c, nil
}

// Close releases what a client of Client holds (a gRPC connection).
func Close(c *serving.Client) error {
	if cl, ok := c.Protocol.(io.Closer); ok {
		return cl.Close()
	}
	return nil
}

// singleOutput returns the one output name every row has, or "".
func singleOutput(rows []serving.Row) string {
	name := ""
	for _, r := range rows {
		if len(r.Values) != 1 {
			return ""
		}
		for k := range r.Values {
			if name != "" && k != name {
				return ""
			}
			name = k
		}
	}
	return name
}

// ErrUnreachable is wrapped by the error CompareFiles returns when every
// request failed: the server is down or does not speak the protocol, and
// there is nothing to compare.
var ErrUnreachable = errors.New("every request failed")

// CompareFiles reads requests and offline outputs (ReadRows; either may be
// "-", read from stdin), sends the requests to e and compares: the whole of
// `mltest parity`. Bad input is a *table.InputError; when every request
// failed (and not for want of offline rows) the error wraps ErrUnreachable
// and names the first failure. Otherwise mismatches and failures are in the
// Result, not in the error.
func CompareFiles(ctx context.Context, requests, offline string, stdin io.Reader, e Endpoint, opt Options) (Result, error) {
	rows, err := ReadRows(requests, stdin, "inputs")
	if err != nil {
		return Result{}, err
	}
	offRows, err := ReadRows(offline, stdin, "outputs")
	if err != nil {
		return Result{}, err
	}
	table, err := NewTable(offRows)
	if err != nil {
		return Result{}, fmt.Errorf("%s: %v", offline, err)
	}
	client, err := e.Client(offRows)
	if err != nil {
		return Result{}, err
	}
	defer Close(client)
	if e.CallTwice {
		opt.Replica = client
	}
	res := Compare(ctx, rows, table, client, opt)
	if res.N > 0 && res.Failed == res.N && len(res.MissingOffline) < res.N {
		return res, unreachable(e, res.Failures[0].Error)
	}
	return res, nil
}

func unreachable(e Endpoint, first string) error {
	return fmt.Errorf("%w: is the server at %s up and speaking %s? first error: %s", ErrUnreachable, e.URL, e.Protocol, first)
}

// CompareEndpoints reads requests (ReadRows; "-" for stdin) and sends them
// to two live endpoints, comparing online's answers with against's row by
// row: the same tolerances, stages, lists and report as CompareFiles, with
// against in the place of the offline outputs. It is `mltest parity
// --online A --against B`: REST against gRPC of one server, a candidate
// against the production model, a replica against itself for the noise
// floor. A row that fails on either side is failed. When every request
// failed on one side the error wraps ErrUnreachable and names that side.
func CompareEndpoints(ctx context.Context, requests string, stdin io.Reader, online, against Endpoint, opt Options) (Result, error) {
	rows, err := ReadRows(requests, stdin, "inputs")
	if err != nil {
		return Result{}, err
	}
	ref, err := against.Client(nil)
	if err != nil {
		return Result{}, fmt.Errorf("against: %w", err)
	}
	defer Close(ref)
	cand, err := online.Client(nil)
	if err != nil {
		return Result{}, err
	}
	defer Close(cand)
	if online.CallTwice {
		opt.Replica = cand
	}
	off := ref.Predict(ctx, rows)
	on := cand.Predict(ctx, rows)
	var rep []serving.Outcome
	if opt.Replica != nil {
		rep = opt.Replica.Predict(ctx, rows)
	}
	res := CompareOutcomes(rows, off, on, rep, opt)
	for _, side := range []struct {
		e   Endpoint
		out []serving.Outcome
	}{{against, off}, {online, on}} {
		if len(rows) > 0 && !slices.ContainsFunc(side.out, func(o serving.Outcome) bool { return o.Err == nil }) {
			return res, unreachable(side.e, side.out[0].Err.Error())
		}
	}
	return res, nil
}

// ListModels asks the server of e for its models (the v2 protocols' model
// repository index; e.Model is not needed).
func ListModels(ctx context.Context, e Endpoint) ([]serving.ModelIndexEntry, error) {
	if e.Model == "" {
		e.Model = "-"
	}
	p, err := e.NewProtocol(nil)
	if err != nil {
		return nil, err
	}
	defer func() {
		if c, ok := p.(io.Closer); ok {
			c.Close()
		}
	}()
	l, ok := p.(interface {
		ListModels(context.Context) ([]serving.ModelIndexEntry, error)
	})
	if !ok {
		return nil, fmt.Errorf("protocol %s has no model index: listing models needs v2 or v2-grpc", e.Protocol)
	}
	return l.ListModels(ctx)
}

// ParseHeaders reads headers written KEY=VALUE (the CLI's --header and the
// suite's headers), refusing an empty key or one without "=".
func ParseHeaders(kvs []string) (map[string]string, error) {
	if len(kvs) == 0 {
		return nil, nil
	}
	h := make(map[string]string, len(kvs))
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return nil, fmt.Errorf("header %q: want KEY=VALUE", kv)
		}
		h[strings.TrimSpace(k)] = v
	}
	return h, nil
}

// ParseStages reads stages written NAME=OUTPUT[,OUTPUT...] (the CLI's
// --stage), in pipeline order.
func ParseStages(specs []string) ([]Stage, error) {
	var stages []Stage
	for _, s := range specs {
		name, outs, ok := strings.Cut(s, "=")
		if !ok || name == "" || outs == "" {
			return nil, fmt.Errorf("stage %q: want NAME=OUTPUT[,OUTPUT...]", s)
		}
		stages = append(stages, Stage{Name: name, Outputs: strings.Split(outs, ",")})
	}
	return stages, nil
}

// Against returns the endpoint at url with e's client settings, headers and
// TLS, for comparing two live endpoints: protocol and model default to e's
// (empty keeps them), and the options of one protocol (signature, typed
// contents, binary data) are kept only where the protocol is the same.
func (e Endpoint) Against(url, protocol, model string) Endpoint {
	a := e
	a.URL, a.CallTwice, a.Progress = url, false, nil
	if protocol != "" {
		a.Protocol = protocol
	}
	if model != "" {
		a.Model = model
	}
	if a.Protocol != e.Protocol {
		a.Signature, a.TypedContents, a.BinaryData = "", false, false
	}
	return a
}
