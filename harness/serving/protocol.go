package serving

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
)

// Protocol sends one batch of rows to a served model and returns one output
// map per row, in order, or an error for the whole batch. V2, TFServing and
// JSON implement it; Client adds concurrency, batching, timeouts, retries
// and a rate limit around any Protocol.
//
// Errors should be *Error, so that Client can tell a temporary failure
// (retried) from a permanent one. A Protocol may also have the methods
//
//	Prepare(ctx context.Context) error  // once per Predict, retried: fetch metadata
//	CheckRow(row Row) error             // reject a row before it is batched
//	MaxBatch() int                      // the most rows one request may carry
//
// which Client uses when present.
//
// Infer must not modify batch or its rows: batch may be a part of the rows
// given to Predict.
type Protocol interface {
	Infer(ctx context.Context, batch []Row) ([]map[string]Value, error)
}

type preparer interface {
	Prepare(ctx context.Context) error
}

type rowChecker interface {
	CheckRow(row Row) error
}

type maxBatcher interface {
	MaxBatch() int
}

// maxResponseBody bounds what a client reads of a response body.
const maxResponseBody = 256 << 20

// defaultHTTPClient keeps enough idle connections for Client's default
// concurrency (net/http's default of 2 per host makes a concurrent client
// open and close a connection per request), and sends plain http://
// requests from the calling goroutine (keepAliveTransport).
var defaultHTTPClient = &http.Client{Transport: &keepAliveTransport{
	next: NewHTTPClient(nil).Transport, proxy: http.ProxyFromEnvironment}}

// NewHTTPClient returns an HTTP client for the REST protocols that keeps
// up to 64 idle connections per host (Client's concurrency needs them
// kept alive) and, when tlsConfig is set, uses it for https:// URLs.
func NewHTTPClient(tlsConfig *tls.Config) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 64
	t.MaxIdleConns = 256
	if tlsConfig != nil {
		t.TLSClientConfig = tlsConfig
	}
	return &http.Client{Transport: t}
}

func httpClientOrDefault(hc *http.Client) *http.Client {
	if hc == nil {
		return defaultHTTPClient
	}
	return hc
}

// httpCall is one request of a REST protocol.
type httpCall struct {
	op, method, url string
	body            []byte
	// contentType of body: application/json when empty.
	contentType string
	// header holds headers to send besides Content-Type and Accept, such
	// as Authorization; may be nil.
	header http.Header
	// reqBuf, if set, holds the pooled slice body was built in: the direct
	// path puts it back into bodyPool when the exchange is over and nothing
	// refers to the body any more. (net/http's transport may still be
	// writing a body after Do returns, so that path leaves it.)
	reqBuf *[]byte
	// respBuf, if set, is a pooled slice the direct path reads the response
	// body into, growing it; the caller puts it back when done with the body.
	respBuf *[]byte
}

// bodyPool holds the slices of request and response bodies the direct path
// reuses (httpCall.reqBuf and respBuf); slices over maxPooledBody are not
// kept.
var bodyPool = sync.Pool{New: func() any { return new([]byte) }}

const maxPooledBody = 64 << 10

// putBody returns p to bodyPool unless its slice is too large to keep.
func putBody(p *[]byte) {
	if p != nil && cap(*p) <= maxPooledBody {
		bodyPool.Put(p)
	}
}

// request is c as net/http sends it: c's headers, then Content-Type (JSON
// unless c names another) when there is a body, and Accept. The direct
// path writes the same bytes (TestDirectRequestBytes).
func (c httpCall) request(ctx context.Context) (*http.Request, error) {
	var rd io.Reader
	if c.body != nil {
		rd = bytes.NewReader(c.body)
	}
	req, err := http.NewRequestWithContext(ctx, c.method, c.url, rd)
	if err != nil {
		return nil, err
	}
	for k, vs := range c.header {
		req.Header[k] = vs
	}
	if c.body != nil {
		ct := c.contentType
		if ct == "" {
			ct = "application/json"
		}
		req.Header["Content-Type"] = []string{ct}
	}
	req.Header["Accept"] = acceptJSON
	return req, nil
}

// roundTrip sends one request and returns the body of a 2xx response and
// its Inference-Header-Content-Length, or an *Error: kindTransport without
// a response, kindStatus for another status. Calls through the default
// client to plain http:// URLs take keepAliveTransport's direct path.
func roundTrip(ctx context.Context, hc *http.Client, c httpCall) ([]byte, string, error) {
	if hc == defaultHTTPClient {
		if t, ok := hc.Transport.(*keepAliveTransport); ok {
			if b, bin, handled, err := t.directCall(ctx, c); handled {
				return b, bin, err
			}
		}
	}
	req, err := c.request(ctx)
	if err != nil {
		return nil, "", &Error{Op: c.op, Err: err, kind: kindInput}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, "", &Error{Op: c.op, Err: err, kind: kindTransport}
	}
	b, hdr, err := finishResponse(c, resp)
	return b, hdr.Get(HeaderContentLength), err
}

// finishResponse reads and closes the body of resp, the response to c,
// and returns it with the header if the status is 2xx.
func finishResponse(c httpCall, resp *http.Response) ([]byte, http.Header, error) {
	defer resp.Body.Close()
	b, err := readResponse(resp)
	if err != nil {
		return nil, nil, &Error{Op: c.op, StatusCode: resp.StatusCode, Err: fmt.Errorf("reading response: %w", err), kind: kindTransport}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, nil, statusError(c.op, resp, b)
	}
	if len(b) > maxResponseBody {
		return nil, nil, malformed(c.op, b[:bodyQuoteLimit], "response body exceeds %d bytes", maxResponseBody)
	}
	return b, resp.Header, nil
}

var acceptJSON = []string{"application/json"}

// readResponse reads a response body of up to maxResponseBody+1 bytes, in
// one allocation when the server sent Content-Length.
func readResponse(resp *http.Response) ([]byte, error) {
	if n := resp.ContentLength; n >= 0 && n <= maxResponseBody {
		b := make([]byte, n)
		_, err := io.ReadFull(resp.Body, b)
		return b, err
	}
	return io.ReadAll(io.LimitReader(resp.Body, maxResponseBody+1))
}

// batchInputs returns the input names of a batch, sorted, checking that
// every row has the same names with the same shapes and element kinds.
func batchInputs(op string, batch []Row) ([]string, error) {
	return appendBatchInputs(nil, op, batch)
}

// appendBatchInputs is batchInputs into names[:0] (a caller's array when
// it is long enough).
func appendBatchInputs(names []string, op string, batch []Row) ([]string, error) {
	if len(batch) == 0 {
		return nil, nil
	}
	names = appendSortedKeys(names, batch[0].Values)
	if err := sameInputs(names, op, batch); err != nil {
		return nil, err
	}
	return names, nil
}

// sameInputs checks that every row of batch has the inputs names (those of
// its first row) with the same shapes and element kinds.
func sameInputs(names []string, op string, batch []Row) error {
	for _, r := range batch[1:] {
		if len(r.Values) != len(names) {
			return inputError(op, "rows %q and %q have different inputs", batch[0].ID, r.ID)
		}
		for _, name := range names {
			a, b := batch[0].Values[name], r.Values[name]
			if !slices.Equal(a.Shape, b.Shape) || (a.Strings == nil) != (b.Strings == nil) {
				return inputError(op, "input %q: rows %q and %q differ in shape or kind", name, batch[0].ID, r.ID)
			}
		}
	}
	return nil
}

// textValue converts tensor text read from a response to a Value: strings
// as BYTES, booleans as 0 and 1, numbers as float64.
func textValue(t tensorText) Value {
	if t.kind == leafString {
		return Value{Strings: t.strings, Shape: t.shape}
	}
	if t.numbers == nil {
		t.numbers = []float64{}
	}
	return Value{Numbers: t.numbers, Shape: t.shape}
}

// appendValue appends one row's value as a JSON scalar or nested array.
func appendValue(b []byte, v Value) []byte {
	if v.Strings != nil {
		return appendNested(b, nil, v.Strings, v.Shape, Bytes)
	}
	return appendNested(b, v.Numbers, nil, v.Shape, FP64)
}
