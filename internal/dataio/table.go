package dataio

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// TableReader streams the rows of a CSV file (with a header row) or a JSONL
// file (one JSON object a line), yielding only the columns the caller asked
// for. It holds one row at a time, so files of any size read in constant memory.
//
// Values are returned as text: a CSV field as written, a JSON string without
// its quotes, any other JSON value (number, boolean, array) as its raw JSON.
// Conversion helpers (Float, BinaryLabel, FloatArray) return *InputError
// values that name the file, the line and the column.
type TableReader struct {
	name    string
	format  Format
	columns []string // requested columns, in the caller's order

	csv     *csv.Reader
	index   []int // CSV: position of each requested column in a record
	lines   *bufio.Reader
	lineBuf []byte

	line       int      // line of the current row
	lineOffset int      // CSV chunks (ReadChunks): lines before the chunk
	chunked    bool     // a chunk of ReadChunks: "no data rows" is the caller's to judge
	values     []string // current row, parallel to columns
	optional   bool     // AllowMissing: a JSON key may be absent or null
	nrows      int
	err        error

	pq *parquetRows // Parquet tables (see OpenTable), nil otherwise
}

// NewTableReader reads a table from r. name is used in error messages; format
// is CSV or JSONL; columns are the names of the columns the caller needs,
// every one of which must be present (in the CSV header, in every JSON object).
func NewTableReader(r io.Reader, name string, format Format, columns []string) (*TableReader, error) {
	t := &TableReader{name: name, format: format, columns: columns, values: make([]string, len(columns))}
	switch format {
	case CSV:
		t.csv = csv.NewReader(r)
		t.csv.ReuseRecord = true
		header, err := t.csv.Read()
		if err == io.EOF {
			return nil, Errorf(name, 0, "", "empty file: expected a header row naming the columns")
		}
		if err != nil {
			return nil, t.csvError(err)
		}
		pos := make(map[string]int, len(header))
		for i, h := range header {
			h = strings.TrimSpace(h)
			if i == 0 {
				h = strings.TrimPrefix(h, "\ufeff")
			}
			if _, dup := pos[h]; dup {
				return nil, Errorf(name, 1, h, "column named twice in the header")
			}
			pos[h] = i
		}
		t.index = make([]int, len(columns))
		for i, c := range columns {
			p, ok := pos[c]
			if !ok {
				return nil, Errorf(name, 1, c, "no such column; the header has %s", strings.Join(header, ", "))
			}
			t.index[i] = p
		}
	case JSONL:
		t.lines = bufio.NewReaderSize(r, 1<<16)
	default:
		return nil, fmt.Errorf("dataio: table format %q: want csv or jsonl", format)
	}
	return t, nil
}

// AllowMissing lets a JSON object lack a requested key, or hold null there:
// the value then reads as empty, as an empty CSV field does. For logs whose
// rows are not all alike (fixtures/table's Columns.Partial).
func (t *TableReader) AllowMissing() { t.optional = true }

// Columns returns the requested column names, in order.
func (t *TableReader) Columns() []string { return t.columns }

// Next advances to the next row. It returns false at the end of the input or
// on an error, which Err then reports.
func (t *TableReader) Next() bool {
	if t.err != nil {
		return false
	}
	var ok bool
	if t.pq != nil {
		ok = t.nextParquet()
	} else if t.format == CSV {
		ok = t.nextCSV()
	} else {
		ok = t.nextJSON()
	}
	if ok {
		t.nrows++
		return true
	}
	if t.err == nil && t.nrows == 0 && !t.chunked {
		t.err = Errorf(t.name, 0, "", "no data rows")
	}
	return false
}

func (t *TableReader) nextCSV() bool {
	rec, err := t.csv.Read()
	if err == io.EOF {
		return false
	}
	if err != nil {
		t.err = t.csvError(err)
		return false
	}
	t.line, _ = t.csv.FieldPos(0)
	t.line += t.lineOffset
	for i, p := range t.index {
		if p >= len(rec) {
			t.err = Errorf(t.name, t.line, t.columns[i], "row has %d fields, the header %d", len(rec), len(t.index))
			return false
		}
		t.values[i] = rec[p]
	}
	return true
}

func (t *TableReader) csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return Errorf(t.name, t.lineOffset+pe.StartLine, "", "wrong number of fields (expected as many as the header)")
		}
		return Errorf(t.name, t.lineOffset+pe.StartLine, "", "malformed CSV: %v", pe.Err)
	}
	return Errorf(t.name, 0, "", "read error: %v", err)
}

func (t *TableReader) nextJSON() bool {
	for {
		line, err := t.readLine()
		if err == io.EOF && len(line) == 0 {
			return false
		}
		if err != nil && err != io.EOF {
			t.err = Errorf(t.name, t.line+1, "", "read error: %v", err)
			return false
		}
		t.line++
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			if err == io.EOF {
				return false
			}
			continue // blank lines separate nothing in JSONL; skip them
		}
		var obj map[string]json.RawMessage
		if jerr := json.Unmarshal(line, &obj); jerr != nil {
			t.err = Errorf(t.name, t.line, "", "not a JSON object: %v", jerr)
			return false
		}
		if obj == nil {
			t.err = Errorf(t.name, t.line, "", "not a JSON object: null")
			return false
		}
		for i, c := range t.columns {
			raw, ok := obj[c]
			if t.optional && (!ok || string(raw) == "null") {
				t.values[i] = ""
				continue
			}
			if !ok {
				t.err = Errorf(t.name, t.line, c, "missing key")
				return false
			}
			if len(raw) > 0 && raw[0] == '"' {
				var s string
				if jerr := json.Unmarshal(raw, &s); jerr != nil {
					t.err = Errorf(t.name, t.line, c, "bad JSON string: %v", jerr)
					return false
				}
				t.values[i] = s
			} else {
				t.values[i] = string(raw)
			}
		}
		return true
	}
}

// readLine returns the next line without its newline, of any length.
func (t *TableReader) readLine() ([]byte, error) {
	var err error
	t.lineBuf, err = readLongLine(t.lines, t.lineBuf[:0])
	return t.lineBuf, err
}

// Err returns the first error met, as an *InputError for bad input.
func (t *TableReader) Err() error { return t.err }

// Line returns the 1-based line number of the current row (for Parquet, which
// has no lines, its 1-based row number).
func (t *TableReader) Line() int { return t.line }

// Value returns the text of column i (an index into Columns) in the current row.
func (t *TableReader) Value(i int) string {
	if t.pq != nil {
		return t.parquetValue(i)
	}
	return t.values[i]
}

// Float parses column i of the current row as a finite number.
func (t *TableReader) Float(i int) (float64, error) {
	if t.pq != nil {
		return t.parquetFloat(i)
	}
	return ParseFinite(t.values[i], t.name, t.line, t.columns[i])
}

// ParseFinite parses s as a finite float64. NaN, infinities, empty fields and
// anything else that is not a number are errors naming file, line and field.
func ParseFinite(s, file string, line int, field string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && ne.Err == strconv.ErrRange {
			return 0, Errorf(file, line, field, "number out of range: %q", s)
		}
		if s == "" {
			return 0, Errorf(file, line, field, "empty value, expected a number")
		}
		return 0, Errorf(file, line, field, "expected a number, got %q", s)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, Errorf(file, line, field, "expected a finite number, got %q", s)
	}
	return v, nil
}

// BinaryLabel parses column i as a binary label: 1/0, 1.0/0.0, true/false
// (any case). Anything else is an error: a label of 2 or "yes" would otherwise
// be silently miscounted.
func (t *TableReader) BinaryLabel(i int) (bool, error) {
	if t.pq != nil {
		return t.parquetBinaryLabel(i)
	}
	s := strings.TrimSpace(t.values[i])
	switch strings.ToLower(s) {
	case "1", "1.0", "true":
		return true, nil
	case "0", "0.0", "false":
		return false, nil
	}
	return false, Errorf(t.name, t.line, t.columns[i], "expected a binary label 0/1 or true/false, got %q", s)
}

// FloatArray parses column i as a JSON array of finite numbers, e.g. a
// multiclass probability vector "[0.1, 0.7, 0.2]".
func (t *TableReader) FloatArray(i int, dst []float64) ([]float64, error) {
	if t.pq != nil {
		return t.parquetFloatArray(i, dst)
	}
	s := strings.TrimSpace(t.values[i])
	var raw []json.Number
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil || dec.More() {
		return nil, Errorf(t.name, t.line, t.columns[i], "expected a JSON array of numbers, got %q", truncate(s, 40))
	}
	dst = dst[:0]
	for k, n := range raw {
		v, err := ParseFinite(string(n), t.name, t.line, fmt.Sprintf("%s[%d]", t.columns[i], k))
		if err != nil {
			return nil, err
		}
		dst = append(dst, v)
	}
	return dst, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
