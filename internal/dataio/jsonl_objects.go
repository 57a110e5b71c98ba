package dataio

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// ObjectReader streams a JSONL file whose rows are nested JSON objects
// (arrays of item ids, maps of action probabilities), the logs of online
// experiments, one object at a time. TableReader reads flat tables by
// column; this reads the fields of a row by key, with typed accessors that
// reject what does not have the expected JSON type. A null where a value is
// needed, an element of the wrong type, a number out of float64 range: each
// is an *InputError naming the file, the line and the key (with the index
// or map key: "items[3]", "probs[a7]"), never a silent zero or empty string.
//
// Blank lines are skipped. Lines may be of any length.
type ObjectReader struct {
	name  string
	lines *bufio.Reader
	buf   []byte
	line  int
	obj   map[string]json.RawMessage
	err   error
}

// NewObjectReader reads JSON objects, one a line, from r; name is used in
// error messages.
func NewObjectReader(r io.Reader, name string) *ObjectReader {
	return &ObjectReader{name: name, lines: bufio.NewReaderSize(r, 1<<16)}
}

// Next moves to the next object; it returns false at the end of the input
// or at the first line that is not a JSON object (then Err says why).
func (o *ObjectReader) Next() bool {
	if o.err != nil {
		return false
	}
	for {
		line, err := readLongLine(o.lines, o.buf[:0])
		o.buf = line
		if err == io.EOF && len(line) == 0 {
			return false
		}
		if err != nil && err != io.EOF {
			o.err = Errorf(o.name, o.line+1, "", "read error: %v", err)
			return false
		}
		o.line++
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			if err == io.EOF {
				return false
			}
			continue
		}
		o.obj = nil
		if jerr := json.Unmarshal(line, &o.obj); jerr != nil || o.obj == nil {
			if jerr == nil {
				jerr = fmt.Errorf("null")
			}
			o.err = Errorf(o.name, o.line, "", "not a JSON object: %v", jerr)
			return false
		}
		return true
	}
}

// readLongLine appends the next line of br, without its newline, to buf,
// whatever its length.
func readLongLine(br *bufio.Reader, buf []byte) ([]byte, error) {
	for {
		chunk, err := br.ReadSlice('\n')
		buf = append(buf, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if n := len(buf); n > 0 && buf[n-1] == '\n' {
			buf = buf[:n-1]
		}
		return buf, err
	}
}

// Err returns the error that stopped Next, nil at a clean end of input.
func (o *ObjectReader) Err() error { return o.err }

// Line returns the 1-based line of the current object.
func (o *ObjectReader) Line() int { return o.line }

// Name returns the file name used in errors.
func (o *ObjectReader) Name() string { return o.name }

// Errorf returns an *InputError at the current line.
func (o *ObjectReader) Errorf(field, format string, args ...any) *InputError {
	return Errorf(o.name, o.line, field, format, args...)
}

// Has reports whether the current object has key with a value other than
// null.
func (o *ObjectReader) Has(key string) bool {
	raw, ok := o.obj[key]
	return ok && !isNull(raw)
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

// raw returns the value of a required key.
func (o *ObjectReader) raw(key string) (json.RawMessage, error) {
	raw, ok := o.obj[key]
	if !ok {
		return nil, o.Errorf(key, "missing key")
	}
	if isNull(raw) {
		return nil, o.Errorf(key, "null, want a value")
	}
	return raw, nil
}

// ID returns key as an identifier: a JSON string or an integer, trimmed of
// surrounding space, and not empty.
func (o *ObjectReader) ID(key string) (string, error) {
	raw, err := o.raw(key)
	if err != nil {
		return "", err
	}
	s, err := idText(raw)
	if err != nil {
		return "", o.Errorf(key, "%v", err)
	}
	return s, nil
}

func idText(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	var s string
	switch {
	case len(raw) > 0 && raw[0] == '"':
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", fmt.Errorf("bad JSON string: %v", err)
		}
	case len(raw) > 0 && (raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9'):
		if _, err := strconv.ParseInt(string(raw), 10, 64); err != nil {
			return "", fmt.Errorf("want a string or an integer id, got %s", truncate(string(raw), 40))
		}
		s = string(raw)
	default:
		return "", fmt.Errorf("want a string or an integer id, got %s", truncate(string(raw), 40))
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return "", fmt.Errorf("empty id")
	}
	return s, nil
}

// IDs returns key as an array of identifiers (each as ID reads one).
func (o *ObjectReader) IDs(key string) ([]string, error) {
	elems, err := o.array(key)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(elems))
	for i, e := range elems {
		s, err := idText(e)
		if err != nil {
			return nil, o.Errorf(fmt.Sprintf("%s[%d]", key, i), "%v", err)
		}
		out[i] = s
	}
	return out, nil
}

func (o *ObjectReader) array(key string) ([]json.RawMessage, error) {
	raw, err := o.raw(key)
	if err != nil {
		return nil, err
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(raw, &elems); err != nil {
		return nil, o.Errorf(key, "want a JSON array, got %s", truncate(string(raw), 40))
	}
	return elems, nil
}

// Number returns key as a finite number.
func (o *ObjectReader) Number(key string) (float64, error) {
	raw, err := o.raw(key)
	if err != nil {
		return 0, err
	}
	return o.number(key, raw)
}

func (o *ObjectReader) number(field string, raw json.RawMessage) (float64, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || !(raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9') {
		return 0, o.Errorf(field, "want a number, got %s", truncate(string(raw), 40))
	}
	v, err := strconv.ParseFloat(string(raw), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, o.Errorf(field, "want a finite number, got %s", truncate(string(raw), 40))
	}
	return v, nil
}

// Numbers returns key as an array of finite numbers.
func (o *ObjectReader) Numbers(key string) ([]float64, error) {
	elems, err := o.array(key)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(elems))
	for i, e := range elems {
		if out[i], err = o.number(fmt.Sprintf("%s[%d]", key, i), e); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// NumberMap returns key as an object whose values are finite numbers, such
// as {"a1": 0.1, "a3": 0.9}.
func (o *ObjectReader) NumberMap(key string) (map[string]float64, error) {
	raw, err := o.raw(key)
	if err != nil {
		return nil, err
	}
	return o.numberMap(key, raw)
}

func (o *ObjectReader) numberMap(field string, raw json.RawMessage) (map[string]float64, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil || fields == nil {
		return nil, o.Errorf(field, "want a JSON object of numbers, got %s", truncate(string(raw), 40))
	}
	out := make(map[string]float64, len(fields))
	for k, v := range fields {
		x, err := o.number(fmt.Sprintf("%s[%s]", field, k), v)
		if err != nil {
			return nil, err
		}
		out[k] = x
	}
	return out, nil
}

// NumberMaps returns key as an array of objects of finite numbers, such as
// [{"i3": 0.5}, {"i1": 0.5}].
func (o *ObjectReader) NumberMaps(key string) ([]map[string]float64, error) {
	elems, err := o.array(key)
	if err != nil {
		return nil, err
	}
	out := make([]map[string]float64, len(elems))
	for i, e := range elems {
		if out[i], err = o.numberMap(fmt.Sprintf("%s[%d]", key, i), e); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// IsArray reports whether key holds a JSON array.
func (o *ObjectReader) IsArray(key string) bool {
	raw := bytes.TrimSpace(o.obj[key])
	return len(raw) > 0 && raw[0] == '['
}
