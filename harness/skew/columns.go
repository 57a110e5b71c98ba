package skew

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"

	"github.com/mltest/mltest/internal/dataio"
)

// Columns returns the column names of the table at path, in file order: a
// CSV file's header, or the keys of a JSONL file's first object. It is what
// CompareFiles compares when given no columns. A Parquet file is an error
// here: name its columns.
func Columns(path string) ([]string, error) {
	format := dataio.FormatOf(path)
	if format != dataio.CSV && format != dataio.JSONL {
		return nil, dataio.Errorf(path, 0, "", "cannot list the columns of a %q file: name the columns to compare", format)
	}
	rc, err := dataio.Open(path, nil)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	if format == dataio.CSV {
		header, err := csv.NewReader(rc).Read()
		if err == io.EOF {
			return nil, dataio.Errorf(path, 0, "", "empty file: expected a header row naming the columns")
		}
		if err != nil {
			return nil, dataio.Errorf(path, 1, "", "malformed CSV header: %v", err)
		}
		return header, nil
	}
	br := bufio.NewReader(rc)
	for line := 1; ; line++ {
		text, err := br.ReadBytes('\n')
		if t := bytes.TrimSpace(text); len(t) > 0 {
			return objectKeys(path, line, t)
		}
		if err == io.EOF {
			return nil, dataio.Errorf(path, 0, "", "no data rows")
		}
		if err != nil {
			return nil, dataio.Errorf(path, line, "", "read error: %v", err)
		}
	}
}

// objectKeys returns the keys of a JSON object in the order written.
func objectKeys(path string, line int, obj []byte) ([]string, error) {
	bad := func(err error) error {
		return dataio.Errorf(path, line, "", "not a JSON object: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(obj))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, bad(errors.Join(err, errors.New("want an object {...}")))
	}
	var keys []string
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, bad(err)
		}
		k, ok := tok.(string) // an object's tokens alternate key, value
		if !ok {
			return nil, bad(errors.New("want a key"))
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, bad(err)
		}
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	return keys, nil
}
