package skew

import (
	"errors"
	"fmt"

	"github.com/mltest/mltest/internal/dataio"
)

// CompareFiles compares the named columns of two tables, or with no columns
// named every column of the reference (Columns), the reference (say
// the training data) at refPath and the current data (say a serving log) at
// curPath: ReadProfile on each, then Compare. The formats follow the file
// names (.csv, .jsonl/.ndjson, .parquet; gzip is detected and read
// transparently), and may differ between the two.
//
// Bad input is a *table.InputError (fixtures/table) naming the file, the line (the row, for
// Parquet) and the column: a missing column, an empty file, a value that is
// not a number in a column declared Numeric in opt.Kinds.
//
// Memory: what the profiles hold (see the package comment), never a row
// more than the one being read.
func CompareFiles(refPath, curPath string, columns []string, opt Options) (Report, error) {
	if len(columns) == 0 {
		var err error
		if columns, err = Columns(refPath); err != nil {
			return Report{}, err
		}
	}
	// The two files are read at once; a bad reference is reported first.
	var cur *Profile
	var curErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		cur, curErr = ReadProfile(curPath, columns, opt.Kinds)
	}()
	ref, err := ReadProfile(refPath, columns, opt.Kinds)
	<-done
	if err != nil {
		return Report{}, err
	}
	if curErr != nil {
		return Report{}, curErr
	}
	return Compare(ref, cur, opt)
}

// ReadProfile reads the named columns of the table at path (CSV, JSONL or
// Parquet, by its name; gzip read transparently) into a Profile, one row at
// a time, with the declared kinds (nil: every column Auto). Errors are as
// CompareFiles's.
func ReadProfile(path string, columns []string, kinds map[string]Kind) (*Profile, error) {
	if len(columns) == 0 {
		return nil, errors.New("skew: no columns to compare: name at least one")
	}
	seen := make(map[string]bool, len(columns))
	for _, c := range columns {
		if seen[c] {
			return nil, fmt.Errorf("skew: column %q named twice", c)
		}
		seen[c] = true
	}
	for c := range kinds {
		if !seen[c] {
			return nil, fmt.Errorf("skew: a kind is declared for %q, which is not among the columns compared", c)
		}
	}
	if path == "-" {
		return nil, errors.New("skew: a profile is read from a file, not standard input")
	}
	tr, closer, err := dataio.OpenTable(path, nil, "", columns)
	if err != nil {
		return nil, err
	}
	defer closer.Close()
	p := NewProfile(columns, kinds)
	for tr.Next() {
		for i := range columns {
			s := tr.Value(i)
			if err := p.feats[i].addText(s); err != nil {
				return nil, tr.Errorf(columns[i], "want a number (the column is declared numeric), or an empty, null or NaN missing value; got %q", s)
			}
		}
	}
	if err := tr.Err(); err != nil {
		return nil, err
	}
	return p, nil
}
