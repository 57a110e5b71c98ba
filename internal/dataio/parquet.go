package dataio

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// Parquet is the Apache Parquet columnar format. It is read column by
// column: only the requested columns are decoded. Unlike the text formats it
// needs random access, so it is read from a file, never from standard input,
// and never gzip-wrapped (Parquet compresses its pages itself).
const Parquet Format = "parquet"

// ColumnKind is what a Parquet column holds, as mltest reads it.
type ColumnKind int

// The kinds of column ReadParquet delivers.
const (
	// NumberColumn: boolean (true = 1), int32, int64 (|v| <= 2^53, exact in
	// a float64), float or double; every value finite and non-null.
	NumberColumn ColumnKind = iota + 1
	// TextColumn: a byte array (string, enum, JSON, bytes); non-null.
	TextColumn
	// NumberListColumn: a list of numbers (the standard three-level LIST,
	// or a legacy repeated number field), e.g. the class scores of a
	// multiclass row; no null list, no null element.
	NumberListColumn
)

func (k ColumnKind) String() string {
	switch k {
	case NumberColumn:
		return "number"
	case TextColumn:
		return "text"
	case NumberListColumn:
		return "list of numbers"
	}
	return fmt.Sprintf("ColumnKind(%d)", int(k))
}

// ParquetBatch is a run of consecutive rows of a Parquet file, one typed
// slice per requested column. Its slices are reused by the next batch: a
// callback that keeps values must copy them.
type ParquetBatch struct {
	File     string          // the file's name, for error messages
	FirstRow int             // 1-based number of the batch's first row in the file
	Rows     int             // number of rows in the batch
	Columns  []ParquetColumn // parallel to the requested column names
}

// ParquetColumn holds one requested column of a batch. Exactly one of
// Numbers, Texts, or Lists with Offsets is set, according to Kind.
type ParquetColumn struct {
	Name    string
	Kind    ColumnKind
	Numbers []float64 // NumberColumn: one value a row
	Texts   []string  // TextColumn: one value a row
	// NumberListColumn: row r's list is Lists[Offsets[r]:Offsets[r+1]];
	// len(Offsets) = Rows+1, Offsets[0] = 0, Offsets[Rows] = len(Lists).
	Lists   []float64
	Offsets []int
}

// ParquetBatchRows is the largest number of rows a ParquetBatch holds. The
// memory ReadParquet uses is bounded by it (plus one page per column), not
// by the size of the file or of its row groups.
const ParquetBatchRows = 1 << 16

// ReadParquetColumns reads the named columns of the Parquet file at path and
// calls fn with consecutive batches of rows, in file order, until the end of
// the file or the first error, which it returns (fn's own errors unchanged).
//
// Bad input is an *InputError naming the file, the 1-based row (in its Row
// field, Line being 0: Parquet has no lines) and the column: a missing
// column, a column of a type listed nowhere in ColumnKind (decimal, int96,
// fixed-length byte array, nested groups), a null, a NaN or infinite number,
// a file that is not Parquet or is corrupt. parquet-go may panic on corrupt
// input; such panics are recovered and reported as an *InputError.
//
// A file without rows is an error, as an empty CSV file is.
func ReadParquetColumns(path string, columns []string, fn func(*ParquetBatch) error) error {
	f, size, err := openSized(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return ReadParquet(f, size, path, columns, fn)
}

// ReadParquet is ReadParquetColumns over any io.ReaderAt of the given size;
// name is used in error messages.
func ReadParquet(r io.ReaderAt, size int64, name string, columns []string, fn func(*ParquetBatch) error) error {
	s, err := newParquetScanner(r, size, name, columns)
	if err != nil {
		return err
	}
	defer s.close()
	for {
		b, err := s.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(b); err != nil {
			return err
		}
	}
}

func openSized(path string) (*os.File, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, 0, Errorf(path, 0, "", "cannot open: %v", pe.Err)
		}
		return nil, 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, Errorf(path, 0, "", "cannot stat: %v", err)
	}
	return f, st.Size(), nil
}

// rowError is an *InputError about one row of a Parquet file.
func rowError(file string, row int, field, format string, args ...any) *InputError {
	e := Errorf(file, 0, field, format, args...)
	e.Row = row
	return e
}
