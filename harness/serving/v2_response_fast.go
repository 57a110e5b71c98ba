package serving

import (
	"strconv"
	"unicode/utf8"
)

// fastV2Outputs decodes the v2 REST response almost every server sends in
// one pass, without json.Valid, the response struct or the tensor walker:
//
//	{"model_name":"m","model_version":"1","id":"x",
//	 "outputs":[{"name":"y","datatype":"FP32","shape":[2,1],"data":[0.5,1]}]}
//
// It takes a JSON object whose keys are model_name, model_version and id
// (strings) and outputs (a non-empty array of objects with exactly the
// keys name, datatype, shape and data), each key at most once; strings
// without escapes or control characters, of valid UTF-8; a datatype other
// than BYTES; shape a list of integers of at most 18 digits; data a flat
// list of JSON numbers. For any other document, and for one v2Outputs
// refuses, it returns ok false having decided nothing: decodeV2Response
// then reads the body the long way, which words the error. What it
// accepts it decodes exactly as the long way does (FuzzFastV2Response).
func fastV2Outputs(body []byte, n int, expect []string) (outs []map[string]Value, ok bool) {
	s := fastScan{b: body}
	var buf [4]fastTensor
	ts := buf[:0]
	var seen [4]bool // model_name, model_version, id, outputs
	ok = s.object(func(key []byte) bool {
		k := -1
		switch string(key) {
		case "model_name":
			k = 0
		case "model_version":
			k = 1
		case "id":
			k = 2
		case "outputs":
			k = 3
		}
		if k < 0 || seen[k] {
			return false
		}
		seen[k] = true
		if k < 3 {
			_, ok := s.str()
			return ok
		}
		ts, ok = s.outputs(ts, expect)
		return ok
	})
	if !ok {
		return nil, false
	}
	s.space()
	if s.i != len(s.b) || !seen[3] {
		return nil, false
	}
	var hbuf [4]tensorHeader
	headers := hbuf[:0]
	for _, t := range ts {
		headers = append(headers, t.tensorHeader)
	}
	outs, err := v2Outputs(n, headers, expect, func(k int, h tensorHeader, size int) ([]float64, []string, error) {
		return ts[k].numbers(body, h.Datatype)
	})
	return outs, err == nil
}

// fastTensor is one output as fastV2Outputs found it: the header and where
// its numbers are.
type fastTensor struct {
	tensorHeader
	data  [2]int // the text between data's brackets
	count int    // of numbers in it
}

// numbers parses the numbers of t, conformed to dt.
func (t *fastTensor) numbers(body []byte, dt Datatype) ([]float64, []string, error) {
	out := make([]float64, 0, t.count)
	s := fastScan{b: body[:t.data[1]], i: t.data[0]}
	for len(out) < t.count {
		s.next(',')
		tok, _ := s.number() // checked by array
		x, err := strconv.ParseFloat(string(tok), 64)
		if err != nil && err.(*strconv.NumError).Err != strconv.ErrRange {
			return nil, nil, err // not reached: the grammar is JSON's
		}
		y, err := dt.conform(x)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, y)
	}
	return out, nil, nil
}

// fastScan reads the JSON fastV2Outputs takes.
type fastScan struct {
	b []byte
	i int
}

func (s *fastScan) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// next consumes c, after white space, if it comes next.
func (s *fastScan) next(c byte) bool {
	s.space()
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// str reads a string without escapes or control characters, of valid
// UTF-8, and returns its text.
func (s *fastScan) str() ([]byte, bool) {
	if !s.next('"') {
		return nil, false
	}
	start := s.i
	ascii := true
	for j := start; j < len(s.b); j++ {
		switch c := s.b[j]; {
		case c == '"':
			s.i = j + 1
			t := s.b[start:j]
			return t, ascii || utf8.Valid(t)
		case c == '\\' || c < 0x20:
			return nil, false
		case c >= 0x80:
			ascii = false
		}
	}
	return nil, false
}

// number reads a JSON number and returns its text.
func (s *fastScan) number() ([]byte, bool) {
	s.space()
	b, start := s.b, s.i
	j := start
	if j < len(b) && b[j] == '-' {
		j++
	}
	switch {
	case j < len(b) && b[j] == '0':
		j++
	case j < len(b) && b[j] >= '1' && b[j] <= '9':
		j = digits(b, j)
	default:
		return nil, false
	}
	if j < len(b) && b[j] == '.' {
		d := j + 1
		if j = digits(b, d); j == d {
			return nil, false
		}
	}
	if j < len(b) && (b[j] == 'e' || b[j] == 'E') {
		j++
		if j < len(b) && (b[j] == '+' || b[j] == '-') {
			j++
		}
		d := j
		if j = digits(b, d); j == d {
			return nil, false
		}
	}
	s.i = j
	return b[start:j], true
}

// digits returns the index past the decimal digits of b at j.
func digits(b []byte, j int) int {
	for j < len(b) && b[j] >= '0' && b[j] <= '9' {
		j++
	}
	return j
}

// array reads a flat array, calling elem for each element; it returns the
// text between the brackets and the number of elements.
func (s *fastScan) array(elem func() bool) (text [2]int, count int, ok bool) {
	if !s.next('[') {
		return text, 0, false
	}
	text[0] = s.i
	for {
		if s.next(']') {
			text[1] = s.i - 1
			return text, count, true
		}
		if count > 0 && !s.next(',') {
			return text, 0, false
		}
		if !elem() {
			return text, 0, false
		}
		count++
	}
}

// outputs reads the outputs array into ts.
func (s *fastScan) outputs(ts []fastTensor, expect []string) ([]fastTensor, bool) {
	_, n, ok := s.array(func() bool {
		t, ok := s.tensor(expect)
		ts = append(ts, t)
		return ok
	})
	return ts, ok && n > 0
}

// tensor reads one output object.
func (s *fastScan) tensor(expect []string) (fastTensor, bool) {
	var t fastTensor
	var seen [4]bool // name, datatype, shape, data
	ok := s.object(func(key []byte) bool {
		k, ok := -1, false
		switch string(key) {
		case "name":
			k = 0
			var name []byte
			if name, ok = s.str(); ok {
				t.Name = internName(name, expect)
			}
		case "datatype":
			k = 1
			var dt []byte
			if dt, ok = s.str(); ok {
				t.Datatype, ok = knownNumeric(dt)
			}
		case "shape":
			k = 2
			t.Shape = make([]int, 0, 4)
			_, _, ok = s.array(func() bool {
				d, ok := s.dim()
				t.Shape = append(t.Shape, d)
				return ok
			})
		case "data":
			k = 3
			t.data, t.count, ok = s.array(func() bool {
				_, ok := s.number()
				return ok
			})
		}
		if k < 0 || !ok || seen[k] {
			return false
		}
		seen[k] = true
		return true
	})
	return t, ok && seen == [4]bool{true, true, true, true}
}

// object reads an object, calling field with each key, the scan at its
// value; it stops at the first field that returns false.
func (s *fastScan) object(field func(key []byte) bool) bool {
	if !s.next('{') {
		return false
	}
	for first := true; !s.next('}'); first = false {
		if !first && !s.next(',') {
			return false
		}
		key, ok := s.str()
		if !ok || !s.next(':') || !field(key) {
			return false
		}
	}
	return true
}

// dim reads a non-negative integer of at most 18 digits.
func (s *fastScan) dim() (int, bool) {
	s.space()
	b, j := s.b, s.i
	end := digits(b, j)
	if end == j || end-j > 18 || (b[j] == '0' && end-j > 1) {
		return 0, false
	}
	d := 0
	for ; j < end; j++ {
		d = d*10 + int(b[j]-'0')
	}
	s.i = end
	return d, true
}

// internName returns name as a string, the expected output's string when
// it is one, without a copy.
func internName(name []byte, expect []string) string {
	for _, e := range expect {
		if string(name) == e {
			return e
		}
	}
	return string(name)
}

// knownNumeric returns the datatype named dt if it is known and not BYTES.
func knownNumeric(dt []byte) (Datatype, bool) {
	for _, d := range knownDatatypes {
		if string(dt) == string(d) {
			return d, d != Bytes
		}
	}
	return "", false
}
