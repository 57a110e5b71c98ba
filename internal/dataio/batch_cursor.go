package dataio

import (
	"strconv"
	"strings"
)

// RowReader is what both a TableReader (CSV, JSONL) and a BatchCursor
// (Parquet) offer a caller that converts rows: the same conversions, with
// errors that name the row the way the format can (a line, or a row number).
type RowReader interface {
	Next() bool
	Err() error
	Value(i int) string
	// Text is Value without a copy where the reader can: valid until the
	// next call of Next.
	Text(i int) string
	Float(i int) (float64, error)
	BinaryLabel(i int) (bool, error)
	FloatArray(i int, dst []float64) ([]float64, error)
	// Errorf returns an *InputError about column field of the current row.
	Errorf(field, format string, args ...any) *InputError
	// Position is the current row's line (1-based) or, for Parquet, its row
	// number; Errorf names it the right way.
	Position() int
}

// Position returns the current row's line.
func (t *TableReader) Position() int { return t.line }

// BatchCursor steps through the rows of a ParquetBatch with TableReader's
// conversions, so code that reads rows works on Parquet unchanged. It does
// not own the batch: take a CloneBatch when the batch outlives the callback.
type BatchCursor struct {
	b   *ParquetBatch
	row int // index in the batch; -1 before the first Next
}

// NewBatchCursor returns a cursor before the first row of b.
func NewBatchCursor(b *ParquetBatch) *BatchCursor { return &BatchCursor{b: b, row: -1} }

// Next moves to the next row.
func (c *BatchCursor) Next() bool {
	if c.row+1 >= c.b.Rows {
		return false
	}
	c.row++
	return true
}

// Err is always nil: ReadParquet has checked every value of the batch.
func (c *BatchCursor) Err() error { return nil }

// Position is the current row's 1-based number in the file.
func (c *BatchCursor) Position() int { return c.b.FirstRow + c.row }

// Errorf returns an *InputError naming the file, the row and the column.
func (c *BatchCursor) Errorf(field, format string, args ...any) *InputError {
	return rowError(c.b.File, c.Position(), field, format, args...)
}

// Value returns column i of the current row as text: a text value as it is,
// a number in Go's shortest form, a list as a JSON array.
func (c *BatchCursor) Value(i int) string {
	col := &c.b.Columns[i]
	switch col.Kind {
	case TextColumn:
		return col.Texts[c.row]
	case NumberColumn:
		return strconv.FormatFloat(col.Numbers[c.row], 'g', -1, 64)
	}
	list := col.Lists[col.Offsets[c.row]:col.Offsets[c.row+1]]
	parts := make([]string, len(list))
	for k, v := range list {
		parts[k] = strconv.FormatFloat(v, 'g', -1, 64)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// Text is Value: a batch's strings are its own.
func (c *BatchCursor) Text(i int) string { return c.Value(i) }

// Float returns column i as a finite number (a text column is parsed).
func (c *BatchCursor) Float(i int) (float64, error) {
	col := &c.b.Columns[i]
	switch col.Kind {
	case NumberColumn:
		return col.Numbers[c.row], nil // finite: checked by ReadParquet
	case TextColumn:
		v, err := ParseFinite(col.Texts[c.row], c.b.File, 0, col.Name)
		if err != nil {
			return 0, c.Errorf(col.Name, "%s", err.(*InputError).Msg)
		}
		return v, nil
	}
	return 0, c.Errorf(col.Name, "expected a number, got a list")
}

// BinaryLabel returns column i as a binary label: a number 0 or 1 (a Parquet
// boolean reads as one), or the text 0/1/true/false.
func (c *BatchCursor) BinaryLabel(i int) (bool, error) {
	col := &c.b.Columns[i]
	if col.Kind == NumberColumn {
		switch col.Numbers[c.row] {
		case 1:
			return true, nil
		case 0:
			return false, nil
		}
		return false, c.Errorf(col.Name, "expected a binary label 0/1 or true/false, got %v", col.Numbers[c.row])
	}
	switch strings.ToLower(strings.TrimSpace(c.Value(i))) {
	case "1", "1.0", "true":
		return true, nil
	case "0", "0.0", "false":
		return false, nil
	}
	return false, c.Errorf(col.Name, "expected a binary label 0/1 or true/false, got %q", c.Value(i))
}

// FloatArray returns column i, a list of numbers, appended to dst[:0].
func (c *BatchCursor) FloatArray(i int, dst []float64) ([]float64, error) {
	col := &c.b.Columns[i]
	if col.Kind != NumberListColumn {
		return nil, c.Errorf(col.Name, "expected a list of numbers, got a %s column", col.Kind)
	}
	return append(dst[:0], col.Lists[col.Offsets[c.row]:col.Offsets[c.row+1]]...), nil
}

// CloneBatch returns a deep copy of b, for use after ReadParquet's callback
// has returned (which reuses b's slices).
func CloneBatch(b *ParquetBatch) *ParquetBatch {
	c := &ParquetBatch{File: b.File, FirstRow: b.FirstRow, Rows: b.Rows, Columns: make([]ParquetColumn, len(b.Columns))}
	for i, col := range b.Columns {
		c.Columns[i] = ParquetColumn{
			Name: col.Name, Kind: col.Kind,
			Numbers: append([]float64(nil), col.Numbers...),
			Texts:   append([]string(nil), col.Texts...),
			Lists:   append([]float64(nil), col.Lists...),
			Offsets: append([]int(nil), col.Offsets...),
		}
	}
	return c
}

var (
	_ RowReader = (*TableReader)(nil)
	_ RowReader = (*BatchCursor)(nil)
)
