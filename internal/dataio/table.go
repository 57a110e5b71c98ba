package dataio

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unsafe"
)

// TableReader streams the rows of a CSV file (with a header row) or a JSONL
// file (one JSON object a line), yielding only the columns the caller asked
// for. It holds one row at a time, so files of any size read in constant
// memory, and it parses fields where they lie in its buffer: reading a row
// allocates nothing.
//
// Values are text: a CSV field as written, a JSON string without its quotes
// (decoded), any other JSON value (number, boolean, array) as its raw JSON.
// Conversion helpers (Float, BinaryLabel, FloatArray) return *InputError
// values that name the file, the line and the column.
type TableReader struct {
	name    string
	format  Format
	columns []string // requested columns, in the caller's order
	opt     ReadOptions

	// The bytes being parsed: a chunk of whole records (ReadChunks), or the
	// current record read from src.
	data []byte
	pos  int
	src  *bufio.Reader // nil for a chunk
	line int           // line of the current row
	next int           // line of data[pos]

	csv   csvRecord
	index []int // CSV: position of each requested column in a record
	width int   // CSV: fields in the header
	json  *jsonObject

	values   [][]byte   // current row, parallel to columns
	kinds    []jsonKind // JSONL: what each value was
	chunked  bool       // a chunk of ReadChunks: "no data rows" is the caller's to judge
	optional bool       // AllowMissing: a JSON key may be absent or null
	nrows    int
	err      error

	pq *parquetRows // Parquet tables (see OpenTable), nil otherwise
}

// ReadOptions says how values read.
type ReadOptions struct {
	// StringNumbers reads a JSON string that holds a number ("0.8") where a
	// number or a binary label belongs. Without it that is an error: a
	// number written as a string is often a sign of a broken export.
	StringNumbers bool
}

// NewTableReader reads a table from r. name is used in error messages; format
// is CSV or JSONL; columns are the names of the columns the caller needs,
// every one of which must be present (in the CSV header, in every JSON object).
func NewTableReader(r io.Reader, name string, format Format, columns []string) (*TableReader, error) {
	return newStreamReader(bufio.NewReaderSize(r, 1<<16), name, format, columns)
}

// newStreamReader reads a table from br, which it reads no further than the
// records it returns (ReadChunks goes on from there after the header).
func newStreamReader(br *bufio.Reader, name string, format Format, columns []string) (*TableReader, error) {
	t := newTableReader(name, format, columns, ReadOptions{})
	t.src = br
	t.next = 1
	switch format {
	case CSV:
		if err := t.readHeader(); err != nil {
			return nil, err
		}
	case JSONL:
	default:
		return nil, fmt.Errorf("dataio: table format %q: want csv or jsonl", format)
	}
	return t, nil
}

func newTableReader(name string, format Format, columns []string, opt ReadOptions) *TableReader {
	t := &TableReader{name: name, format: format, columns: columns, opt: opt, values: make([][]byte, len(columns))}
	if format == JSONL {
		t.json = newJSONObject(columns)
		t.kinds = t.json.kinds
	}
	return t
}

// readHeader reads the CSV header record and finds the requested columns.
func (t *TableReader) readHeader() error {
	ok, err := t.record()
	if err != nil {
		return err
	}
	if !ok {
		return Errorf(t.name, 0, "", "empty file: expected a header row naming the columns")
	}
	header := make([]string, len(t.csv.fields))
	pos := make(map[string]int, len(header))
	for i, f := range t.csv.fields {
		h := strings.TrimSpace(string(f))
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		if _, dup := pos[h]; dup {
			return Errorf(t.name, t.line, h, "column named twice in the header")
		}
		pos[h] = i
		header[i] = string(f)
	}
	t.width = len(header)
	t.index = make([]int, len(t.columns))
	for i, c := range t.columns {
		p, ok := pos[c]
		if !ok {
			return Errorf(t.name, t.line, c, "no such column; the header has %s", strings.Join(header, ", "))
		}
		t.index[i] = p
	}
	return nil
}

// SetOptions sets how values read from now on.
func (t *TableReader) SetOptions(opt ReadOptions) { t.opt = opt }

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

// fill makes data[pos:] hold the next record of a stream (a CSV record, a
// JSONL line); it reports false at the end of the input.
func (t *TableReader) fill() (bool, error) {
	if t.pos < len(t.data) {
		return true, nil
	}
	if t.src == nil {
		return false, nil
	}
	quote := byte('"')
	if t.format == JSONL {
		quote = 0 // a JSON string cannot hold a raw newline
	}
	rec, _, err := readRecordBytes(t.src, quote, t.data[:0])
	t.data, t.pos = rec, 0
	if err != nil && err != io.EOF {
		return false, Errorf(t.name, t.next, "", "read error: %v", err)
	}
	return len(rec) > 0, nil
}

// record parses the next CSV record into t.csv.fields, skipping empty lines.
func (t *TableReader) record() (bool, error) {
	for {
		ok, err := t.fill()
		if !ok || err != nil {
			return false, err
		}
		end, lines, skipped, ok, err := t.csv.next(t.data, t.pos)
		t.line = t.next + skipped
		t.pos = end
		t.next += lines
		if err != nil {
			return false, Errorf(t.name, t.line, "", "malformed CSV: %v", err)
		}
		if ok {
			return true, nil
		}
	}
}

func (t *TableReader) nextCSV() bool {
	ok, err := t.record()
	if err != nil {
		t.err = err
	}
	if !ok {
		return false
	}
	fields := t.csv.fields
	if len(fields) != t.width {
		t.err = Errorf(t.name, t.line, "", "wrong number of fields (expected as many as the header)")
		return false
	}
	for i, p := range t.index {
		t.values[i] = fields[p]
	}
	return true
}

func (t *TableReader) nextJSON() bool {
	for {
		ok, err := t.fill()
		if err != nil {
			t.err = err
			return false
		}
		if !ok {
			return false
		}
		end := len(t.data)
		if k := bytes.IndexByte(t.data[t.pos:], '\n'); k >= 0 {
			end = t.pos + k + 1
		}
		line := bytes.TrimSpace(t.data[t.pos:end])
		t.line = t.next
		t.pos = end
		t.next++
		if len(line) == 0 {
			continue // blank lines separate nothing in JSONL; skip them
		}
		missing, err := t.json.parse(line)
		if err != nil {
			t.err = Errorf(t.name, t.line, "", "not a JSON object: %v", err)
			return false
		}
		if t.optional {
			// AllowMissing: an absent key or a null reads as empty.
			for i, found := range t.json.found {
				if !found || t.json.kinds[i] == jsonOther && string(t.json.values[i]) == "null" {
					t.json.values[i], t.json.kinds[i] = nil, jsonOther
				}
			}
		} else if missing >= 0 {
			t.err = Errorf(t.name, t.line, t.columns[missing], "missing key")
			return false
		}
		copy(t.values, t.json.values)
		return true
	}
}

// Err returns the first error met, as an *InputError for bad input.
func (t *TableReader) Err() error { return t.err }

// Line returns the 1-based line number of the current row (for Parquet, which
// has no lines, its 1-based row number).
func (t *TableReader) Line() int { return t.line }

// Value returns the text of column i (an index into Columns) in the current
// row, a string of its own.
func (t *TableReader) Value(i int) string {
	if t.pq != nil {
		return t.parquetValue(i)
	}
	return string(t.values[i])
}

// Text returns the text of column i in the current row without copying it:
// the string is valid until the next call of Next, and a caller that keeps
// it must copy it (strings.Clone).
func (t *TableReader) Text(i int) string {
	if t.pq != nil {
		return t.parquetValue(i)
	}
	return unsafe.String(unsafe.SliceData(t.values[i]), len(t.values[i]))
}

// jsonString reports whether column i was a JSON string where
// ReadOptions.StringNumbers does not allow one.
func (t *TableReader) jsonString(i int) bool {
	return t.kinds != nil && t.kinds[i] == jsonString && !t.opt.StringNumbers
}

// Float parses column i of the current row as a finite number.
func (t *TableReader) Float(i int) (float64, error) {
	if t.pq != nil {
		return t.parquetFloat(i)
	}
	v, st := ParseNumber(t.values[i])
	if st == NumberOK && !t.jsonString(i) {
		return v, nil
	}
	return 0, t.numberError(i, st)
}

func (t *TableReader) numberError(i int, st NumberStatus) error {
	if t.jsonString(i) {
		return t.Errorf(t.columns[i], "expected a number, got the JSON string %q (to read numbers written as strings, ask for it: --string-numbers)", truncate(t.Text(i), 40))
	}
	return t.Errorf(t.columns[i], "%s", st.Message(t.Text(i)))
}

// ParseFinite parses s as a finite number of the grammar of ParseNumber.
// NaN, infinities, empty fields and anything else that is not a number are
// errors naming file, line and field.
func ParseFinite(s, file string, line int, field string) (float64, error) {
	v, st := ParseNumberString(s)
	if st != NumberOK {
		return 0, Errorf(file, line, field, "%s", st.Message(s))
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
	v, ok := binaryLabel(t.values[i])
	if ok && !t.jsonString(i) {
		return v, nil
	}
	s := strings.TrimSpace(t.Text(i))
	if ok {
		return false, t.Errorf(t.columns[i], "expected a binary label 0/1 or true/false, got the JSON string %q (to read labels written as strings, ask for it: --string-numbers)", truncate(s, 40))
	}
	return false, t.Errorf(t.columns[i], "expected a binary label 0/1 or true/false, got %q", s)
}

// binaryLabel reads 1, 0, 1.0, 0.0, true and false (any case), with
// surrounding white space.
func binaryLabel(b []byte) (value, ok bool) {
	b = bytes.TrimSpace(b)
	switch len(b) {
	case 1:
		return b[0] == '1', b[0] == '1' || b[0] == '0'
	case 3:
		if b[1] == '.' && b[2] == '0' {
			return b[0] == '1', b[0] == '1' || b[0] == '0'
		}
	case 4:
		return true, bytes.EqualFold(b, []byte("true"))
	case 5:
		return false, bytes.EqualFold(b, []byte("false"))
	}
	return false, false
}

// FloatArray parses column i as a JSON array of finite numbers, e.g. a
// multiclass probability vector "[0.1, 0.7, 0.2]", appended to dst[:0].
func (t *TableReader) FloatArray(i int, dst []float64) ([]float64, error) {
	if t.pq != nil {
		return t.parquetFloatArray(i, dst)
	}
	return t.floatArray(i, t.values[i], dst)
}

// floatArray parses text, the value of column i, as a JSON array of
// numbers of the grammar of ParseNumber (JSON's own number syntax, or with
// ReadOptions.StringNumbers strings holding such numbers).
func (t *TableReader) floatArray(i int, text []byte, dst []float64) ([]float64, error) {
	dst = dst[:0]
	b := bytes.TrimSpace(text)
	notArray := func() error {
		return t.Errorf(t.columns[i], "expected a JSON array of numbers, got %q", truncate(string(b), 40))
	}
	if len(b) == 0 || b[0] != '[' {
		return nil, notArray()
	}
	k := skipJSONSpace(b, 1)
	if k < len(b) && b[k] == ']' {
		if skipJSONSpace(b, k+1) != len(b) {
			return nil, notArray()
		}
		return dst, nil
	}
	for {
		var elem []byte
		quoted := false
		if k < len(b) && b[k] == '"' {
			end, plain := scanJSONString(b, k)
			if end < 0 || !plain {
				return nil, notArray()
			}
			elem, quoted, k = b[k+1:end-1], true, end
		} else {
			end := scanJSONNumber(b, k)
			if end < 0 {
				return nil, notArray()
			}
			elem, k = b[k:end], end
		}
		v, st := ParseNumber(elem)
		if quoted && !t.opt.StringNumbers {
			return nil, t.Errorf(fmt.Sprintf("%s[%d]", t.columns[i], len(dst)),
				"expected a number, got the JSON string %q (to read numbers written as strings, ask for it: --string-numbers)", truncate(string(elem), 40))
		}
		if st != NumberOK {
			return nil, t.Errorf(fmt.Sprintf("%s[%d]", t.columns[i], len(dst)), "%s", st.Message(string(elem)))
		}
		dst = append(dst, v)
		k = skipJSONSpace(b, k)
		if k >= len(b) {
			return nil, notArray()
		}
		if b[k] == ']' {
			break
		}
		if b[k] != ',' {
			return nil, notArray()
		}
		k = skipJSONSpace(b, k+1)
	}
	if skipJSONSpace(b, k+1) != len(b) {
		return nil, notArray()
	}
	return dst, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
