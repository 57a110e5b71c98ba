package serving

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"google.golang.org/grpc/codes"
)

// bodyQuoteLimit is how much of a response body an error quotes.
const bodyQuoteLimit = 512

// errorKind says where a request went wrong, which decides whether a retry
// can help.
type errorKind uint8

const (
	kindTransport errorKind = iota + 1 // no response: connection refused or reset, timeout
	kindStatus                         // a response with a non-2xx status
	kindMalformed                      // a 2xx response that does not decode or does not fit the request
	kindInput                          // a request row the protocol cannot send
	kindGRPC                           // a gRPC call that ended with a status other than OK
)

// Error is the error of one request to a served model. Its message reads
//
//	serving: v2 infer model "m": HTTP 503: <body>
//
// with the response body quoted and truncated to 512 bytes.
//
// or, for a gRPC call,
//
//	serving: v2-grpc infer model "m": gRPC UNAVAILABLE: <message>
//
// Temporary reports whether the Client retries it: a 429 or 5xx status, no
// response at all (connection refused or reset, timeout), or the gRPC
// status UNAVAILABLE, RESOURCE_EXHAUSTED or DEADLINE_EXCEEDED. Any other
// status, a malformed response and a row the protocol cannot encode fail at
// once, because sending the same request again cannot change them.
type Error struct {
	Op         string        // what was attempted: `v2 infer model "m"`
	StatusCode int           // HTTP status, 0 when there was no response
	GRPCCode   codes.Code    // status of a failed gRPC call (its message is in Body); OK otherwise
	Body       string        // the response body, truncated
	RetryAfter time.Duration // from a Retry-After header, 0 if none
	Err        error         // the cause, nil for a bare status
	kind       errorKind
}

// Error returns the message: "serving: ", the operation, then the status and
// body, the malformed-response problem and body, or the cause.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("serving: ")
	b.WriteString(e.Op)
	b.WriteString(": ")
	switch e.kind {
	case kindStatus:
		fmt.Fprintf(&b, "HTTP %d: %s", e.StatusCode, e.Body)
	case kindGRPC:
		fmt.Fprintf(&b, "gRPC %s: %s", grpcCodeName(e.GRPCCode), e.Body)
	case kindMalformed:
		fmt.Fprintf(&b, "malformed response: %v", e.Err)
		if e.Body != "" {
			fmt.Fprintf(&b, ": body %q", e.Body)
		}
	default:
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Temporary reports whether sending the request again may succeed.
func (e *Error) Temporary() bool {
	switch e.kind {
	case kindTransport:
		return true
	case kindStatus:
		return e.StatusCode == http.StatusTooManyRequests || e.StatusCode >= 500
	case kindGRPC:
		switch e.GRPCCode {
		case codes.Unavailable, codes.ResourceExhausted, codes.DeadlineExceeded:
			return true
		}
	}
	return false
}

func truncateBody(body []byte) string {
	if len(body) <= bodyQuoteLimit {
		return string(body)
	}
	return string(body[:bodyQuoteLimit]) + "...(truncated)"
}

func statusError(op string, resp *http.Response, body []byte) *Error {
	return &Error{Op: op, StatusCode: resp.StatusCode, Body: truncateBody(body),
		RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()), kind: kindStatus}
}

func malformed(op string, body []byte, format string, args ...any) *Error {
	return &Error{Op: op, StatusCode: http.StatusOK, Body: truncateBody(body),
		Err: fmt.Errorf(format, args...), kind: kindMalformed}
}

func inputError(op string, format string, args ...any) *Error {
	return &Error{Op: op, Err: fmt.Errorf(format, args...), kind: kindInput}
}

// parseRetryAfter reads a Retry-After header: delay seconds or an HTTP date.
func parseRetryAfter(h string, now time.Time) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	if s, err := strconv.Atoi(h); err == nil {
		if s < 0 {
			return 0
		}
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// temporary reports whether err is worth a retry, and how long the server
// asked to wait.
func temporary(err error) (bool, time.Duration) {
	var e *Error
	if errors.As(err, &e) {
		return e.Temporary(), e.RetryAfter
	}
	return false, 0
}
