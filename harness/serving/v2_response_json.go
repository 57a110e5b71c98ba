package serving

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"unicode/utf8"
)

// unmarshalV2Response reads a v2 inference response body (already passed
// through quoteNonFinite) into resp. It is json.Unmarshal's result, got
// faster: once json.Valid has checked the document, a plain walk reads the
// outputs without reflection, keeping each output's data as raw JSON. A
// document the walk does not expect (a key spelled in other letter case, a
// string with escapes, a value of another type, a key twice) goes to
// json.Unmarshal, so the result and the errors are json.Unmarshal's.
func unmarshalV2Response(doc []byte, resp *V2InferenceResponse) error {
	if !json.Valid(doc) {
		return json.Unmarshal(doc, resp)
	}
	w := jsonWalk{b: doc}
	if err := w.response(resp); err != nil {
		*resp = V2InferenceResponse{}
		return json.Unmarshal(doc, resp)
	}
	return nil
}

// errUnexpected sends a document to json.Unmarshal.
var errUnexpected = errors.New("unexpected")

// jsonWalk reads a valid JSON document.
type jsonWalk struct {
	b []byte
	i int
}

func (w *jsonWalk) space() {
	for w.i < len(w.b) && (w.b[w.i] == ' ' || w.b[w.i] == '\t' || w.b[w.i] == '\n' || w.b[w.i] == '\r') {
		w.i++
	}
}

// peek returns the next significant byte.
func (w *jsonWalk) peek() byte {
	w.space()
	if w.i == len(w.b) {
		return 0
	}
	return w.b[w.i]
}

// str reads a string without escapes, of valid UTF-8 (json.Unmarshal
// replaces invalid bytes).
func (w *jsonWalk) str() (string, error) {
	s, err := w.strBytes()
	return string(s), err
}

// strBytes is str's text, in the document.
func (w *jsonWalk) strBytes() ([]byte, error) {
	if w.peek() != '"' {
		return nil, errUnexpected
	}
	end := bytes.IndexByte(w.b[w.i+1:], '"')
	s := w.b[w.i+1 : w.i+1+end]
	if bytes.IndexByte(s, '\\') >= 0 || !utf8.Valid(s) {
		return nil, errUnexpected
	}
	w.i += end + 2
	return s, nil
}

// key reads an object key, the keys of a v2 response without a copy.
func (w *jsonWalk) key() (string, error) {
	s, err := w.strBytes()
	switch string(s) {
	case "model_name":
		return "model_name", err
	case "model_version":
		return "model_version", err
	case "id":
		return "id", err
	case "parameters":
		return "parameters", err
	case "outputs":
		return "outputs", err
	case "name":
		return "name", err
	case "datatype":
		return "datatype", err
	case "shape":
		return "shape", err
	case "data":
		return "data", err
	}
	return string(s), err
}

// datatype reads a datatype, the known ones without a copy.
func (w *jsonWalk) datatype() (Datatype, error) {
	s, err := w.strBytes()
	for _, dt := range knownDatatypes {
		if string(s) == string(dt) {
			return dt, err
		}
	}
	return Datatype(s), err
}

var knownDatatypes = [...]Datatype{FP32, FP64, Int64, Int32, Bytes, Bool, FP16, BF16, Int8, Int16, Uint8, Uint16, Uint32, Uint64}

// value skips a value and returns its text.
func (w *jsonWalk) value() []byte {
	w.space()
	start, depth := w.i, 0
	for w.i < len(w.b) {
		switch c := w.b[w.i]; c {
		case '"':
			for w.i++; w.b[w.i] != '"'; w.i++ {
				if w.b[w.i] == '\\' {
					w.i++
				}
			}
			w.i++
			if depth == 0 {
				return w.b[start:w.i]
			}
			continue
		case '[', '{':
			depth++
		case ']', '}':
			if depth == 0 { // the end of the enclosing value: a scalar ended
				return w.b[start:w.i]
			}
			if depth--; depth == 0 {
				w.i++
				return w.b[start:w.i]
			}
		case ',', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return w.b[start:w.i]
			}
		}
		w.i++
	}
	return w.b[start:w.i]
}

// object calls field for each key of an object, the walk at its value.
func (w *jsonWalk) object(field func(key string) error) error {
	if w.peek() != '{' {
		return errUnexpected
	}
	w.i++
	seen := map[string]bool{}
	for w.peek() != '}' {
		key, err := w.key()
		if err != nil || seen[key] {
			return errUnexpected
		}
		seen[key] = true
		w.peek() // ':'
		w.i++
		if err := field(key); err != nil {
			return err
		}
		if w.peek() == ',' {
			w.i++
		}
	}
	w.i++
	return nil
}

func (w *jsonWalk) response(resp *V2InferenceResponse) error {
	return w.object(func(key string) error {
		switch key {
		case "model_name", "model_version", "id":
			if w.peek() == 'n' { // null leaves the field as it is
				w.value()
				return nil
			}
			s, err := w.str()
			switch key {
			case "model_name":
				resp.ModelName = s
			case "model_version":
				resp.ModelVersion = s
			default:
				resp.ID = s
			}
			return err
		case "parameters":
			return json.Unmarshal(w.value(), &resp.Parameters)
		case "outputs":
			if w.peek() != '[' {
				return errUnexpected
			}
			w.i++
			resp.Outputs = []V2Tensor{}
			for w.peek() != ']' {
				var t V2Tensor
				if err := w.tensor(&t); err != nil {
					return err
				}
				resp.Outputs = append(resp.Outputs, t)
				if w.peek() == ',' {
					w.i++
				}
			}
			w.i++
			return nil
		}
		return errUnexpected
	})
}

func (w *jsonWalk) tensor(t *V2Tensor) error {
	return w.object(func(key string) error {
		var err error
		switch key {
		case "name":
			t.Name, err = w.str()
		case "datatype":
			t.Datatype, err = w.datatype()
		case "shape":
			if w.peek() != '[' {
				return errUnexpected
			}
			w.i++
			t.Shape = []int{}
			for w.peek() != ']' {
				d, err := strconv.Atoi(string(w.value()))
				if err != nil {
					return errUnexpected
				}
				t.Shape = append(t.Shape, d)
				if w.peek() == ',' {
					w.i++
				}
			}
			w.i++
		case "parameters":
			err = json.Unmarshal(w.value(), &t.Parameters)
		case "data":
			t.Data = w.value()
		default:
			err = errUnexpected
		}
		return err
	})
}
