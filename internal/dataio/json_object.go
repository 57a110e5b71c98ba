package dataio

import (
	"encoding/json"
	"unicode/utf8"
)

// jsonKind is the kind of a JSON value.
type jsonKind uint8

const (
	jsonOther  jsonKind = iota // number, true, false, null, array, object: kept as raw JSON
	jsonString                 // a string: kept decoded, without its quotes
)

// jsonObject reads the named keys of a JSONL line in place. The fast scanner
// validates the line as encoding/json does and takes each wanted value as a
// slice of the line (a string's content when it needs no decoding); a line
// it cannot vouch for (invalid JSON, escapes in a key, nesting deeper than
// it tracks) goes to encoding/json, whose verdict and error message stand.
// Either way a key given twice takes its last value, as json.Unmarshal does.
type jsonObject struct {
	columns []string
	values  [][]byte
	kinds   []jsonKind
	found   []bool
	scratch []byte // decoded strings
	slow    map[string]json.RawMessage
}

func newJSONObject(columns []string) *jsonObject {
	return &jsonObject{
		columns: columns,
		values:  make([][]byte, len(columns)),
		kinds:   make([]jsonKind, len(columns)),
		found:   make([]bool, len(columns)),
	}
}

// parse reads line, a trimmed non-empty JSONL line. It returns the error of
// encoding/json for a line that is not a JSON object, or the index of the
// first requested column the object lacks (-1 when none is missing).
func (o *jsonObject) parse(line []byte) (missing int, err error) {
	clear(o.found)
	o.scratch = o.scratch[:0]
	if !o.fast(line) {
		if err := o.decode(line); err != nil {
			return -1, err
		}
	}
	for i, f := range o.found {
		if !f {
			return i, nil
		}
	}
	return -1, nil
}

// decode is the slow path: encoding/json reads the line.
func (o *jsonObject) decode(line []byte) error {
	clear(o.found)
	o.scratch = o.scratch[:0]
	clear(o.slow)
	if err := json.Unmarshal(line, &o.slow); err != nil {
		return err
	}
	if o.slow == nil {
		return errJSONNull
	}
	for i, c := range o.columns {
		raw, ok := o.slow[c]
		if !ok {
			continue
		}
		o.found[i] = true
		o.kinds[i] = jsonOther
		o.values[i] = raw
		if len(raw) > 0 && raw[0] == '"' {
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return err
			}
			from := len(o.scratch)
			o.scratch = append(o.scratch, s...)
			o.values[i] = o.scratch[from:len(o.scratch):len(o.scratch)]
			o.kinds[i] = jsonString
		}
	}
	return nil
}

type jsonNullError struct{}

func (jsonNullError) Error() string { return "null" }

var errJSONNull error = jsonNullError{}

// jsonSpace is JSON's white space.
var jsonSpace = [256]bool{' ': true, '\t': true, '\n': true, '\r': true}

// jsonMaxDepth is the nesting the fast scanner follows; deeper lines go to
// encoding/json (which allows 10000).
const jsonMaxDepth = 64

// fast scans line as one JSON object, recording the wanted values. It
// returns false when the line is not valid JSON or needs encoding/json.
func (o *jsonObject) fast(line []byte) bool {
	i := skipJSONSpace(line, 0)
	if i >= len(line) || line[i] != '{' {
		return false
	}
	i = skipJSONSpace(line, i+1)
	if i < len(line) && line[i] == '}' {
		return skipJSONSpace(line, i+1) == len(line)
	}
	for {
		if i >= len(line) || line[i] != '"' {
			return false
		}
		end, plain := scanJSONString(line, i)
		if end < 0 || !plain {
			return false // escapes in a key: let encoding/json decode it
		}
		key := line[i+1 : end-1]
		i = skipJSONSpace(line, end)
		if i >= len(line) || line[i] != ':' {
			return false
		}
		i = skipJSONSpace(line, i+1)
		start := i
		if i < len(line) && line[i] == '"' {
			end, plain := scanJSONString(line, i)
			if end < 0 {
				return false
			}
			i = end
			if col := o.column(key); col >= 0 && !o.setString(col, line[start:i], plain) {
				return false
			}
		} else {
			var ok bool
			if i, ok = skipJSONValue(line, i); !ok {
				return false
			}
			if col := o.column(key); col >= 0 {
				o.found[col], o.kinds[col], o.values[col] = true, jsonOther, line[start:i]
			}
		}
		i = skipJSONSpace(line, i)
		if i >= len(line) {
			return false
		}
		switch line[i] {
		case ',':
			i = skipJSONSpace(line, i+1)
		case '}':
			return skipJSONSpace(line, i+1) == len(line)
		default:
			return false
		}
	}
}

// column returns the index of the requested column named key, or -1.
func (o *jsonObject) column(key []byte) int {
	for i, c := range o.columns {
		if c == string(key) {
			return i
		}
	}
	return -1
}

// setString records a string value (raw, with its quotes). A string with
// escapes or bytes beyond ASCII that are not valid UTF-8 is decoded by
// encoding/json (which also replaces bad UTF-8 with U+FFFD).
func (o *jsonObject) setString(col int, raw []byte, plain bool) bool {
	content := raw[1 : len(raw)-1]
	if !plain {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return false
		}
		from := len(o.scratch)
		o.scratch = append(o.scratch, s...)
		content = o.scratch[from:len(o.scratch):len(o.scratch)]
	}
	o.found[col], o.kinds[col], o.values[col] = true, jsonString, content
	return true
}

func skipJSONSpace(b []byte, i int) int {
	for i < len(b) && jsonSpace[b[i]] {
		i++
	}
	return i
}

// scanJSONString scans the string whose opening quote is b[i] and returns
// the index after its closing quote (-1 when it is not a valid JSON string)
// and whether its content is plain: no escapes, and valid UTF-8.
func scanJSONString(b []byte, i int) (end int, plain bool) {
	start := i + 1
	plain = true
	ascii := true
	for i = start; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '"':
			if !ascii && plain {
				plain = utf8.Valid(b[start:i])
			}
			return i + 1, plain
		case c < 0x20:
			return -1, false
		case c >= 0x80:
			ascii = false
		case c == '\\':
			plain = false
			if i+1 >= len(b) {
				return -1, false
			}
			i++
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(b) {
					return -1, false
				}
				for _, h := range b[i+1 : i+5] {
					if !isHex(h) {
						return -1, false
					}
				}
				i += 4
			default:
				return -1, false
			}
		}
	}
	return -1, false
}

func isHex(c byte) bool {
	return c-'0' < 10 || (c|0x20)-'a' < 6
}

// skipJSONValue validates the JSON value that starts at b[i] and returns
// the index after it.
func skipJSONValue(b []byte, i int) (int, bool) {
	var open [jsonMaxDepth]byte // '[' or '{' of each enclosing level
	depth := 0
	var ok bool
value:
	for {
		if i >= len(b) {
			return i, false
		}
		switch c := b[i]; {
		case c == '"':
			if i, _ = scanJSONString(b, i); i < 0 {
				return 0, false
			}
		case c == '-' || c-'0' < 10:
			if i = scanJSONNumber(b, i); i < 0 {
				return 0, false
			}
		case c == 't' && hasLiteral(b, i, "true"):
			i += 4
		case c == 'f' && hasLiteral(b, i, "false"):
			i += 5
		case c == 'n' && hasLiteral(b, i, "null"):
			i += 4
		case c == '[' || c == '{':
			if depth == jsonMaxDepth {
				return i, false
			}
			open[depth] = c
			depth++
			i = skipJSONSpace(b, i+1)
			if i < len(b) && b[i] == c+2 { // "[]" or "{}": ']' is '['+2, '}' is '{'+2
				depth--
				i++
				break
			}
			if c == '{' {
				if i, ok = jsonMemberKey(b, i); !ok {
					return i, false
				}
			}
			continue value
		default:
			return i, false
		}
		// After a value: the end of the top one, a separator, or a close.
		for depth > 0 {
			i = skipJSONSpace(b, i)
			if i >= len(b) {
				return i, false
			}
			switch b[i] {
			case ',':
				i = skipJSONSpace(b, i+1)
				if open[depth-1] == '{' {
					if i, ok = jsonMemberKey(b, i); !ok {
						return i, false
					}
				}
				continue value
			case open[depth-1] + 2:
				depth--
				i++
			default:
				return i, false
			}
		}
		return i, true
	}
}

// jsonMemberKey scans `"key" :` at b[i] and returns the index after the colon.
func jsonMemberKey(b []byte, i int) (int, bool) {
	if i >= len(b) || b[i] != '"' {
		return i, false
	}
	end, _ := scanJSONString(b, i)
	if end < 0 {
		return i, false
	}
	i = skipJSONSpace(b, end)
	if i >= len(b) || b[i] != ':' {
		return i, false
	}
	return skipJSONSpace(b, i+1), true
}

func hasLiteral(b []byte, i int, lit string) bool {
	return len(b)-i >= len(lit) && string(b[i:i+len(lit)]) == lit
}

// scanJSONNumber scans a JSON number at b[i] and returns the index after it,
// or -1: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func scanJSONNumber(b []byte, i int) int {
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i]-'1' < 9:
		for i++; i < len(b) && b[i]-'0' < 10; i++ {
		}
	default:
		return -1
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || b[i]-'0' >= 10 {
			return -1
		}
		for ; i < len(b) && b[i]-'0' < 10; i++ {
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || b[i]-'0' >= 10 {
			return -1
		}
		for ; i < len(b) && b[i]-'0' < 10; i++ {
		}
	}
	return i
}
