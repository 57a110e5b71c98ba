package serving

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The binary tensor data extension of the Open Inference Protocol's REST
// API (Triton, KServe): the body is a JSON header of the length given by the
// HTTP header Inference-Header-Content-Length, followed by the raw data (see
// tensor_raw.go) of the tensors whose parameters hold "binary_data_size",
// in the order they appear in the JSON. A request asks for binary outputs
// with the output parameter "binary_data": true, or for all of them with
// the request parameter "binary_data_output": true.

// HeaderContentLength is the HTTP header that gives the length of the JSON
// part of a body that carries binary tensor data.
const HeaderContentLength = "Inference-Header-Content-Length"

// binarySection is the binary part of a body, consumed tensor by tensor.
type binarySection struct {
	b []byte
}

// next returns the next n bytes.
func (s *binarySection) next(n int) ([]byte, error) {
	if n > len(s.b) {
		return nil, fmt.Errorf("binary_data_size %d, but %d bytes of binary data are left", n, len(s.b))
	}
	raw := s.b[:n:n]
	s.b = s.b[n:]
	return raw, nil
}

// splitBinaryBody splits a body by the value of its
// Inference-Header-Content-Length header: with no header, the whole body is
// JSON and there is no binary section (nil).
func splitBinaryBody(body []byte, header string) ([]byte, *binarySection, error) {
	if header == "" {
		return body, nil, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(header), 10, 64)
	if err != nil || n < 0 {
		return nil, nil, fmt.Errorf("%s %q is not a length", HeaderContentLength, header)
	}
	if n > int64(len(body)) {
		return nil, nil, fmt.Errorf("%s %d exceeds the body's %d bytes", HeaderContentLength, n, len(body))
	}
	return body[:n], &binarySection{b: body[n:]}, nil
}

// binaryDataSize reads the "binary_data_size" parameter of a tensor: its
// value and whether it is present. It must be an integer >= 0.
func binaryDataSize(params map[string]any) (int, bool, error) {
	v, ok := params["binary_data_size"]
	if !ok {
		return 0, false, nil
	}
	x, isNum := v.(float64)
	if !isNum || x < 0 || x != math.Trunc(x) || x > math.MaxInt32 {
		return 0, false, fmt.Errorf("binary_data_size %v is not a byte count", v)
	}
	return int(x), true, nil
}

// boolParam reads a boolean parameter; absent is false, and a value that is
// not a boolean is an error.
func boolParam(params map[string]any, name string) (bool, error) {
	v, ok := params[name]
	if !ok {
		return false, nil
	}
	b, isBool := v.(bool)
	if !isBool {
		return false, fmt.Errorf("parameter %s %v is not a boolean", name, v)
	}
	return b, nil
}
