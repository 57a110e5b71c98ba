package parity

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/mltest/mltest/harness/serving"
	"github.com/mltest/mltest/internal/dataio"
)

// ReadRows reads a requests file (field "inputs") or an offline outputs file
// (field "outputs") in the formats of CONTRACTS.md, `mltest parity`:
//
//	JSONL: {"id": "...", "inputs": {"<name>": number | string | array}}
//	CSV:   a header row with "id" and one column per input or output
//
// A JSON number is a scalar, a string a BYTES scalar, an array (nested
// arrays for more dimensions, rectangular) a tensor of numbers or of
// strings, true and false the numbers 1 and 0. In CSV, a column is numeric
// when its first row's value parses as a number ("NaN" and "Inf" included)
// and then every row must; otherwise it is a BYTES column. Ids must be
// unique and non-empty. name "-" reads r; gzip is read transparently. Errors
// are *table.InputError (fixtures/table) naming the file, line and field.
func ReadRows(name string, stdin io.Reader, field string) ([]serving.Row, error) {
	f, err := dataio.Open(name, stdin)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return DecodeRows(f, name, string(dataio.FormatOf(name)), field)
}

// DecodeRows is ReadRows on an open, uncompressed reader: format is "csv" or
// "jsonl" ("" means jsonl); name is used in errors.
func DecodeRows(r io.Reader, name, format, field string) ([]serving.Row, error) {
	switch dataio.Format(format) {
	case dataio.CSV:
		return readCSVRows(r, name)
	case dataio.JSONL, "":
		return readJSONLRows(r, name, field)
	default:
		return nil, dataio.Errorf(name, 0, "", "unsupported format %q: parity reads .jsonl, .ndjson and .csv (optionally .gz)", format)
	}
}

func readJSONLRows(r io.Reader, name, field string) ([]serving.Row, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	seen := map[string]int{}
	var rows []serving.Row
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(b)) > 0 {
			row, perr := parseJSONLRow(b, name, line, field)
			if perr != nil {
				return nil, perr
			}
			if prev, dup := seen[row.ID]; dup {
				return nil, dataio.Errorf(name, line, "id", "duplicate id %q (first on line %d)", row.ID, prev)
			}
			seen[row.ID] = line
			rows = append(rows, row)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, dataio.Errorf(name, line, "", "read: %v", err)
		}
	}
	if len(rows) == 0 {
		return nil, dataio.Errorf(name, 0, "", "no rows")
	}
	return rows, nil
}

func parseJSONLRow(b []byte, name string, line int, field string) (serving.Row, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return serving.Row{}, dataio.Errorf(name, line, "", "not a JSON object: %v", err)
	}
	rawID, ok := obj["id"]
	if !ok {
		return serving.Row{}, dataio.Errorf(name, line, "id", "missing (each row needs an \"id\")")
	}
	id, err := parseID(rawID)
	if err != nil {
		return serving.Row{}, dataio.Errorf(name, line, "id", "%v", err)
	}
	rawValues, ok := obj[field]
	if !ok {
		return serving.Row{}, dataio.Errorf(name, line, field, "missing (expected an object of named values)")
	}
	var values map[string]json.RawMessage
	if err := json.Unmarshal(rawValues, &values); err != nil || values == nil {
		return serving.Row{}, dataio.Errorf(name, line, field, "not an object of named values")
	}
	row := serving.Row{ID: id, Values: make(map[string]serving.Value, len(values))}
	for k, raw := range values {
		v, err := ParseValue(raw)
		if err != nil {
			return serving.Row{}, dataio.Errorf(name, line, field+"."+k, "%v", err)
		}
		row.Values[k] = v
	}
	return row, nil
}

// parseID accepts a string or an integer id.
func parseID(raw json.RawMessage) (string, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		if s == "" {
			return "", errors.New("empty")
		}
		return s, nil
	}
	var n json.Number
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&n); err == nil {
		return n.String(), nil
	}
	return "", fmt.Errorf("expected a string or a number, got %s", truncate(string(raw), 40))
}

// ParseValue turns one JSON value into a serving.Value: a number or a
// boolean (1 or 0) into a numeric scalar, a string into a BYTES scalar, a
// rectangular array (nested for more dimensions) of numbers or of strings
// into a tensor of that shape. null, objects, mixed arrays and ragged arrays
// are errors.
func ParseValue(raw json.RawMessage) (serving.Value, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var x any
	if err := d.Decode(&x); err != nil {
		return serving.Value{}, fmt.Errorf("not JSON: %v", err)
	}
	var v serving.Value
	shape, err := flatten(x, &v, 0)
	if err != nil {
		return serving.Value{}, err
	}
	v.Shape = shape
	return v, nil
}

// flatten appends x's elements to v and returns x's shape.
func flatten(x any, v *serving.Value, depth int) ([]int, error) {
	if depth > 32 {
		return nil, errors.New("arrays nested more than 32 deep")
	}
	switch t := x.(type) {
	case json.Number:
		if len(v.Strings) > 0 {
			return nil, errors.New("an array mixes numbers and strings")
		}
		f, err := strconv.ParseFloat(string(t), 64)
		if err != nil {
			return nil, fmt.Errorf("number %s out of range", t)
		}
		v.Numbers = append(v.Numbers, f)
		return nil, nil
	case bool:
		if len(v.Strings) > 0 {
			return nil, errors.New("an array mixes numbers and strings")
		}
		f := 0.0
		if t {
			f = 1
		}
		v.Numbers = append(v.Numbers, f)
		return nil, nil
	case string:
		if len(v.Numbers) > 0 {
			return nil, errors.New("an array mixes numbers and strings")
		}
		v.Strings = append(v.Strings, t)
		return nil, nil
	case []any:
		var inner []int
		for i, e := range t {
			s, err := flatten(e, v, depth+1)
			if err != nil {
				return nil, err
			}
			if i == 0 {
				inner = s
			} else if !equalInts(s, inner) {
				return nil, fmt.Errorf("ragged array: element %d has shape %v, element 0 %v", i, s, inner)
			}
		}
		return append([]int{len(t)}, inner...), nil
	case nil:
		return nil, errors.New("null where a number, a string or an array is expected")
	default:
		return nil, errors.New("an object where a number, a string or an array is expected")
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func readCSVRows(r io.Reader, name string) ([]serving.Row, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, dataio.Errorf(name, 0, "", "empty file (expected a header row)")
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	header = append([]string(nil), header...)
	idCol := -1
	for i, h := range header {
		if h == "id" {
			idCol = i
		}
	}
	if idCol < 0 {
		return nil, dataio.Errorf(name, 1, "id", "missing column (header has %s)", strings.Join(header, ","))
	}
	numeric := make([]bool, len(header))
	seen := map[string]int{}
	var rows []serving.Row
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		first := len(rows) == 0
		id := rec[idCol]
		if id == "" {
			return nil, dataio.Errorf(name, line, "id", "empty")
		}
		if prev, dup := seen[id]; dup {
			return nil, dataio.Errorf(name, line, "id", "duplicate id %q (first on line %d)", id, prev)
		}
		seen[id] = line
		row := serving.Row{ID: id, Values: make(map[string]serving.Value, len(header)-1)}
		for i, cell := range rec {
			if i == idCol {
				continue
			}
			// Numbers follow the one grammar of numbers; NaN and Inf are
			// values a served model may return.
			f, st := dataio.ParseNumberString(cell)
			if st == dataio.NumberNotFinite {
				f, _ = strconv.ParseFloat(strings.TrimSpace(cell), 64)
			}
			isNumber := st == dataio.NumberOK || st == dataio.NumberNotFinite
			if first {
				numeric[i] = isNumber
			}
			switch {
			case numeric[i] && !isNumber:
				return nil, dataio.Errorf(name, line, header[i], "%q is not a number (the column is numeric from its first row)", truncate(cell, 40))
			case numeric[i]:
				row.Values[header[i]] = serving.Scalar(f)
			default:
				row.Values[header[i]] = serving.Value{Strings: []string{cell}}
			}
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil, dataio.Errorf(name, 0, "", "no rows after the header")
	}
	return rows, nil
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return dataio.Errorf(name, pe.Line, "", "%v", pe.Err)
	}
	return dataio.Errorf(name, 0, "", "%v", err)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
