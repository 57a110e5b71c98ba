package dataio

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unsafe"
)

// OpenTable opens the named file ("-" is standard input) as a table of the
// given format (CSV, JSONL or Parquet; "" means FormatOf(name)) reading the
// named columns, and returns the reader and what the caller closes when done.
//
// CSV and JSONL go through Open (gzip is detected by its magic bytes) and
// NewTableReader. Parquet needs random access: standard input and
// gzip-wrapped files are errors, and the file is read column-wise through
// ReadParquet, one batch of ParquetBatchRows rows at a time, so memory stays
// bounded whatever the file's size. In a Parquet table, Line reports the
// 1-based row number, Value formats numbers (integers without a fraction,
// others in the shortest form that reads back exactly) and lists as JSON
// arrays, and errors name the row (InputError.Row).
func OpenTable(name string, stdin io.Reader, format Format, columns []string) (*TableReader, io.Closer, error) {
	if format == "" {
		format = FormatOf(name)
	}
	switch format {
	case CSV, JSONL:
		rc, err := Open(name, stdin)
		if err != nil {
			return nil, nil, err
		}
		t, err := NewTableReader(rc, name, format, columns)
		if err != nil {
			rc.Close()
			return nil, nil, err
		}
		return t, rc, nil
	case Parquet:
		if name == "-" {
			return nil, nil, Errorf(name, 0, "", "Parquet cannot be read from standard input (it needs random access): name the file")
		}
		if strings.HasSuffix(strings.ToLower(name), ".gz") {
			return nil, nil, Errorf(name, 0, "", "gzip-compressed Parquet is not supported: Parquet compresses its pages itself, decompress the file")
		}
		f, size, err := openSized(name)
		if err != nil {
			return nil, nil, err
		}
		t, err := newParquetTable(f, size, name, columns)
		if err != nil {
			f.Close()
			return nil, nil, err
		}
		return t, closerFunc(func() error { t.pq.s.close(); return f.Close() }), nil
	case "":
		return nil, nil, Errorf(name, 0, "", "cannot tell the format from the name: use .csv, .jsonl, .ndjson (optionally .gz) or .parquet")
	}
	return nil, nil, fmt.Errorf("dataio: table format %q: want csv, jsonl or parquet", format)
}

// newParquetTable returns a TableReader over the Parquet data in r.
func newParquetTable(r io.ReaderAt, size int64, name string, columns []string) (*TableReader, error) {
	s, err := newParquetScanner(r, size, name, columns)
	if err != nil {
		return nil, err
	}
	return &TableReader{name: name, format: Parquet, columns: columns,
		values: make([][]byte, len(columns)), pq: &parquetRows{s: s}}, nil
}

type closerFunc func() error

func (f closerFunc) Close() error { return f() }

// parquetRows is the row-by-row view TableReader takes of Parquet batches.
type parquetRows struct {
	s *parquetScanner
	b *ParquetBatch
	i int // index of the current row in b
}

// Errorf returns an *InputError about field in the current row: at the
// current line, or for Parquet at the current row.
func (t *TableReader) Errorf(field, format string, args ...any) *InputError {
	if t.pq != nil {
		return rowError(t.name, t.line, field, format, args...)
	}
	return Errorf(t.name, t.line, field, format, args...)
}

func (t *TableReader) nextParquet() bool {
	p := t.pq
	p.i++
	if p.b == nil || p.i >= p.b.Rows {
		b, err := p.s.next()
		if err == io.EOF {
			return false
		}
		if err != nil {
			t.err = err
			return false
		}
		p.b, p.i = b, 0
	}
	t.line = p.b.FirstRow + p.i
	for k := range p.b.Columns {
		if c := &p.b.Columns[k]; c.Kind == TextColumn {
			t.values[k] = unsafe.Slice(unsafe.StringData(c.Texts[p.i]), len(c.Texts[p.i])) // read only
		}
	}
	return true
}

func (t *TableReader) parquetValue(i int) string {
	p := t.pq
	c := &p.b.Columns[i]
	switch c.Kind {
	case NumberColumn:
		return formatNumber(c.Numbers[p.i])
	case NumberListColumn:
		var sb strings.Builder
		sb.WriteByte('[')
		for k, v := range c.Lists[c.Offsets[p.i]:c.Offsets[p.i+1]] {
			if k > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(formatNumber(v))
		}
		sb.WriteByte(']')
		return sb.String()
	}
	return c.Texts[p.i]
}

func formatNumber(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func (t *TableReader) parquetFloat(i int) (float64, error) {
	p := t.pq
	c := &p.b.Columns[i]
	switch c.Kind {
	case NumberColumn:
		return c.Numbers[p.i], nil // checked finite when decoded
	case NumberListColumn:
		return 0, t.Errorf(t.columns[i], "a list, expected a number")
	}
	v, err := ParseFinite(c.Texts[p.i], t.name, 0, t.columns[i])
	return v, lineToRow(err, t.line)
}

func (t *TableReader) parquetBinaryLabel(i int) (bool, error) {
	p := t.pq
	c := &p.b.Columns[i]
	switch c.Kind {
	case NumberColumn:
		switch v := c.Numbers[p.i]; v {
		case 1:
			return true, nil
		case 0:
			return false, nil
		default:
			return false, t.Errorf(t.columns[i], "expected a binary label 0/1 or true/false, got %s", formatNumber(v))
		}
	case NumberListColumn:
		return false, t.Errorf(t.columns[i], "a list, expected a binary label 0/1 or true/false")
	}
	switch s := strings.TrimSpace(c.Texts[p.i]); strings.ToLower(s) {
	case "1", "1.0", "true":
		return true, nil
	case "0", "0.0", "false":
		return false, nil
	default:
		return false, t.Errorf(t.columns[i], "expected a binary label 0/1 or true/false, got %q", s)
	}
}

func (t *TableReader) parquetFloatArray(i int, dst []float64) ([]float64, error) {
	p := t.pq
	c := &p.b.Columns[i]
	switch c.Kind {
	case NumberListColumn:
		return append(dst[:0], c.Lists[c.Offsets[p.i]:c.Offsets[p.i+1]]...), nil
	case NumberColumn:
		return nil, t.Errorf(t.columns[i], "a single number, expected a list of numbers")
	}
	// A text column holding JSON arrays reads as in JSONL.
	v, err := t.floatArray(i, t.values[i], dst)
	return v, lineToRow(err, t.line)
}

// lineToRow moves the position of an *InputError made for a line to a row.
func lineToRow(err error, row int) error {
	var ie *InputError
	if errors.As(err, &ie) {
		ie.Line, ie.Row = 0, row
	}
	return err
}
