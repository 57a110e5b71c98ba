package parity

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/mltest/mltest/harness/serving"
)

// Endpoint is a served model and how to call it.
type Endpoint struct {
	Protocol string // "v2" (Open Inference Protocol), "tfserving" or "json"
	URL      string // base URL (v2, tfserving) or the URL to POST to (json)
	Model    string // model name; required for v2 and tfserving

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

// Client returns a serving.Client of e. TF Serving answers a model with a
// single output with bare predictions, without the output's name: that
// output takes the name of offline's single output, when every offline row
// has the same one.
func (e Endpoint) Client(offline []serving.Row) (*serving.Client, error) {
	var p serving.Protocol
	switch e.Protocol {
	case "v2":
		p = serving.NewV2(e.URL, e.Model, nil)
	case "tfserving":
		tf := serving.NewTFServing(e.URL, e.Model, nil)
		tf.OutputName = singleOutput(offline)
		p = tf
	case "json":
		p = serving.NewJSON(e.URL, nil)
	default:
		return nil, fmt.Errorf("protocol %q: want v2, tfserving or json", e.Protocol)
	}
	if (e.Protocol == "v2" || e.Protocol == "tfserving") && e.Model == "" {
		return nil, fmt.Errorf("protocol %s needs a model name", e.Protocol)
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
// `mltest parity`. Bad input is a *table.InputError (fixtures/table); when every request
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
	if e.CallTwice {
		opt.Replica = client
	}
	res := Compare(ctx, rows, table, client, opt)
	if res.N > 0 && res.Failed == res.N && len(res.MissingOffline) < res.N {
		return res, fmt.Errorf("%w: is the server at %s up and speaking %s? first error: %s", ErrUnreachable, e.URL, e.Protocol, res.Failures[0].Error)
	}
	return res, nil
}
