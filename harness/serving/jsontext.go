package serving

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
)

// Non-finite numbers. JSON has no NaN or infinity, but Python's json module
// (and so many model servers) writes the bare tokens NaN, Infinity and
// -Infinity. The readers here accept them wherever a number may stand, and
// the servers here write them, because a parity check must be able to see a
// NaN prediction rather than fail to parse it.

// Markers the bare tokens become before encoding/json sees the document.
// A NUL in front makes a clash with a real string implausible.
var (
	markNaN    = []byte(`"\u0000NaN"`)
	markPosInf = []byte(`"\u0000Infinity"`)
	markNegInf = []byte(`"\u0000-Infinity"`)
)

// quoteNonFinite returns doc with every bare NaN, Infinity and -Infinity
// outside strings replaced by a marker string, so that encoding/json parses
// it. doc is returned unchanged (not copied) when it holds none.
func quoteNonFinite(doc []byte) []byte {
	var out []byte
	last := 0
	inString := false
	for i := 0; i < len(doc); i++ {
		c := doc[i]
		if inString {
			switch c {
			case '\\':
				i++
			case '"':
				inString = false
			}
			continue
		}
		var tok, mark []byte
		switch c {
		case '"':
			inString = true
			continue
		case 'N':
			tok, mark = []byte("NaN"), markNaN
		case 'I':
			tok, mark = []byte("Infinity"), markPosInf
		case '-':
			tok, mark = []byte("-Infinity"), markNegInf
		default:
			continue
		}
		if !bytes.HasPrefix(doc[i:], tok) {
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(doc)+16)
		}
		out = append(out, doc[last:i]...)
		out = append(out, mark...)
		i += len(tok) - 1
		last = i + 1
	}
	if out == nil {
		return doc
	}
	return append(out, doc[last:]...)
}

// leafKind is the JSON type of one element of a tensor.
type leafKind uint8

const (
	leafNumber leafKind = iota + 1
	leafString
	leafBool
)

func (k leafKind) String() string {
	switch k {
	case leafNumber:
		return "number"
	case leafString:
		return "string"
	case leafBool:
		return "boolean"
	}
	return "nothing"
}

// tensorText is the content of a JSON tensor (a scalar or nested arrays),
// flattened in row-major order, with the shape of its nesting.
type tensorText struct {
	kind    leafKind // of every element; 0 when there is none
	numbers []float64
	strings []string
	shape   []int // nil for a scalar
}

func (t *tensorText) len() int {
	if t.kind == leafString {
		return len(t.strings)
	}
	return len(t.numbers)
}

// parseTensor reads a JSON scalar or nested array (already valid JSON after
// quoteNonFinite) into t. Nested arrays must be rectangular. An element may be
// a number, a string, a boolean (read as 1 or 0) or, where b64 is set, a TF
// Serving binary object {"b64": "..."} (read as a string); all elements must
// be of one kind.
func parseTensor(raw []byte, b64 bool) (tensorText, error) {
	w := tensorWalker{b: raw, leafDepth: -1, b64: b64}
	if err := w.value(0); err != nil {
		return tensorText{}, err
	}
	w.space()
	if w.i != len(w.b) {
		return tensorText{}, fmt.Errorf("unexpected text after the tensor at byte %d", w.i)
	}
	t := w.t
	if w.leafDepth < 0 && len(w.dims) == 0 {
		return tensorText{}, errors.New("empty tensor text")
	}
	if w.leafDepth >= 0 && len(w.dims) != w.leafDepth {
		return tensorText{}, errors.New("nested arrays are not rectangular")
	}
	if len(w.dims) > 0 {
		t.shape = w.dims
	}
	return t, nil
}

type tensorWalker struct {
	b         []byte
	i         int
	dims      []int // length of the arrays at each depth, as far as seen
	leafDepth int   // depth of the elements, -1 before the first
	b64       bool
	t         tensorText
}

func (w *tensorWalker) space() {
	for w.i < len(w.b) {
		switch w.b[w.i] {
		case ' ', '\t', '\n', '\r':
			w.i++
		default:
			return
		}
	}
}

func (w *tensorWalker) value(depth int) error {
	if depth > 64 {
		return errors.New("arrays nested more than 64 deep")
	}
	w.space()
	if w.i >= len(w.b) {
		return errors.New("unexpected end of tensor text")
	}
	if w.b[w.i] != '[' {
		return w.leaf(depth)
	}
	w.i++
	n := 0
	w.space()
	if w.i < len(w.b) && w.b[w.i] == ']' {
		w.i++
		return w.closeArray(depth, 0)
	}
	for {
		if err := w.value(depth + 1); err != nil {
			return err
		}
		n++
		w.space()
		if w.i >= len(w.b) {
			return errors.New("unexpected end of tensor text")
		}
		switch w.b[w.i] {
		case ',':
			w.i++
			continue
		case ']':
			w.i++
			return w.closeArray(depth, n)
		default:
			return fmt.Errorf("unexpected %q in an array at byte %d", w.b[w.i], w.i)
		}
	}
}

func (w *tensorWalker) closeArray(depth, n int) error {
	if w.leafDepth >= 0 && depth >= w.leafDepth {
		return errors.New("nested arrays are not rectangular")
	}
	for len(w.dims) <= depth {
		w.dims = append(w.dims, -1) // inner arrays close before outer ones
	}
	if w.dims[depth] < 0 {
		w.dims[depth] = n
	} else if w.dims[depth] != n {
		return fmt.Errorf("nested arrays are not rectangular: an array of %d after one of %d at depth %d", n, w.dims[depth], depth)
	}
	return nil
}

func (w *tensorWalker) leaf(depth int) error {
	if w.leafDepth < 0 {
		w.leafDepth = depth
	} else if depth != w.leafDepth {
		return errors.New("nested arrays are not rectangular")
	}
	c := w.b[w.i]
	var kind leafKind
	switch {
	case c == '"':
		end := w.stringEnd()
		if end < 0 {
			return errors.New("unterminated string")
		}
		tok := w.b[w.i:end]
		w.i = end
		switch {
		case bytes.Equal(tok, markNaN):
			return w.number(math.NaN())
		case bytes.Equal(tok, markPosInf):
			return w.number(math.Inf(1))
		case bytes.Equal(tok, markNegInf):
			return w.number(math.Inf(-1))
		}
		s, err := unquote(tok)
		if err != nil {
			return err
		}
		kind = leafString
		if err := w.setKind(kind); err != nil {
			return err
		}
		w.t.strings = append(w.t.strings, s)
		return nil
	case c == 't' && bytes.HasPrefix(w.b[w.i:], []byte("true")):
		w.i += 4
		return w.boolean(1)
	case c == 'f' && bytes.HasPrefix(w.b[w.i:], []byte("false")):
		w.i += 5
		return w.boolean(0)
	case c == '-' || (c >= '0' && c <= '9'):
		start := w.i
		for w.i < len(w.b) && bytes.IndexByte([]byte("+-.0123456789eE"), w.b[w.i]) >= 0 {
			w.i++
		}
		x, err := strconv.ParseFloat(string(w.b[start:w.i]), 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return fmt.Errorf("bad number %q", w.b[start:w.i])
		}
		return w.number(x)
	case c == '{' && w.b64:
		dec := json.NewDecoder(bytes.NewReader(w.b[w.i:]))
		var obj struct {
			B64 *[]byte `json:"b64"`
		}
		if err := dec.Decode(&obj); err != nil || obj.B64 == nil {
			return errors.New(`an object element must be {"b64": "<base64>"}`)
		}
		w.i += int(dec.InputOffset())
		if err := w.setKind(leafString); err != nil {
			return err
		}
		w.t.strings = append(w.t.strings, string(*obj.B64))
		return nil
	case c == 'n':
		return errors.New("null is not a tensor element")
	}
	return fmt.Errorf("unexpected %q at byte %d: want a number, string or boolean", c, w.i)
}

func (w *tensorWalker) setKind(k leafKind) error {
	if w.t.kind == 0 {
		w.t.kind = k
		return nil
	}
	if w.t.kind != k {
		return fmt.Errorf("a tensor mixes %s and %s elements", w.t.kind, k)
	}
	return nil
}

func (w *tensorWalker) number(x float64) error {
	if err := w.setKind(leafNumber); err != nil {
		return err
	}
	if w.t.numbers == nil {
		// At most one number per comma and one more: one allocation.
		w.t.numbers = make([]float64, 0, bytes.Count(w.b, []byte(","))+1)
	}
	w.t.numbers = append(w.t.numbers, x)
	return nil
}

func (w *tensorWalker) boolean(x float64) error {
	if err := w.setKind(leafBool); err != nil {
		return err
	}
	w.t.numbers = append(w.t.numbers, x)
	return nil
}

// stringEnd returns the index just past the string starting at w.i, or -1.
func (w *tensorWalker) stringEnd() int {
	for j := w.i + 1; j < len(w.b); j++ {
		switch w.b[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return -1
}

func unquote(tok []byte) (string, error) {
	if bytes.IndexByte(tok, '\\') < 0 && len(tok) >= 2 {
		return string(tok[1 : len(tok)-1]), nil
	}
	var s string
	if err := json.Unmarshal(tok, &s); err != nil {
		return "", fmt.Errorf("bad string %s", tok)
	}
	return s, nil
}

// appendNumber appends x as a JSON number in the shortest form that reads
// back as the same value of datatype d (float32 digits for FP32, FP16, BF16),
// and NaN, Infinity or -Infinity for non-finite values. BOOL is written
// as true or false.
func appendNumber(b []byte, x float64, d Datatype) []byte {
	switch {
	case d == Bool:
		if x != 0 {
			return append(b, "true"...)
		}
		return append(b, "false"...)
	case math.IsNaN(x):
		return append(b, "NaN"...)
	case math.IsInf(x, 1):
		return append(b, "Infinity"...)
	case math.IsInf(x, -1):
		return append(b, "-Infinity"...)
	case d == FP32 || d == FP16 || d == BF16:
		return strconv.AppendFloat(b, x, 'g', -1, 32)
	case x == math.Trunc(x) && math.Abs(x) < 1e21:
		return strconv.AppendFloat(b, x, 'f', -1, 64)
	}
	return strconv.AppendFloat(b, x, 'g', -1, 64)
}

// appendString appends s as a JSON string, escaped as encoding/json escapes
// it (HTML characters as \u003c and so on); a string of plain printable
// ASCII, the common case of names and ids, is appended as it is.
func appendString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always marshals
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// appendFlat appends the elements of v (numbers as datatype d, or strings)
// as one flat JSON array.
func appendFlat(b []byte, numbers []float64, strs []string, d Datatype) []byte {
	b = append(b, '[')
	if d == Bytes {
		for i, s := range strs {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, s)
		}
	} else {
		for i, x := range numbers {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendNumber(b, x, d)
		}
	}
	return append(b, ']')
}

// appendNested appends the elements as nested JSON arrays of the given
// shape (a scalar for an empty shape).
func appendNested(b []byte, numbers []float64, strs []string, shape []int, d Datatype) []byte {
	i := 0
	var rec func(depth int)
	rec = func(depth int) {
		if depth == len(shape) {
			if d == Bytes {
				b = appendString(b, strs[i])
			} else {
				b = appendNumber(b, numbers[i], d)
			}
			i++
			return
		}
		b = append(b, '[')
		for k := 0; k < shape[depth]; k++ {
			if k > 0 {
				b = append(b, ',')
			}
			rec(depth + 1)
		}
		b = append(b, ']')
	}
	rec(0)
	return b
}

// shapeSize is the number of elements of a tensor of the given shape, or an
// error for a negative dimension or a size that does not fit in an int.
func shapeSize(shape []int) (int, error) {
	n := 1
	for _, d := range shape {
		if d < 0 {
			return 0, fmt.Errorf("negative dimension in shape %v", shape)
		}
		if d != 0 && n > math.MaxInt32/d {
			return 0, fmt.Errorf("shape %v is too large", shape)
		}
		n *= d
	}
	return n, nil
}
