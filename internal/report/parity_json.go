package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/mltest/mltest/harness/parity"
)

// The files WriteParityDir writes, in the directory it is given.
const (
	ParityResultFile     = "result.json"
	ParityMismatchesFile = "mismatches.jsonl"
	ParityFailuresFile   = "failures.jsonl"
)

// WriteParityJSON writes res as indented JSON, in parity.Result's own
// encoding (snake_case keys; an infinite |diff| is the string "+Inf").
func WriteParityJSON(w io.Writer, res parity.Result) error {
	return writeIndentedJSON(w, res)
}

// WriteParity writes res as format "table" (WriteParityTable, the worst
// show mismatches) or "json" (WriteParityJSON).
func WriteParity(w io.Writer, format string, res parity.Result, show int) error {
	switch format {
	case "json":
		return WriteParityJSON(w, res)
	case "table":
		return WriteParityTable(w, res, show)
	}
	return fmt.Errorf("report: parity format %q: want table or json", format)
}

// WriteParityDir writes the files of `mltest parity --out DIR` into dir,
// creating it if needed: result.json (WriteParityJSON), and every mismatch
// (mismatches.jsonl) and every failed request (failures.jsonl), one JSON
// object a line, for tools that read the rows one at a time. As WriteDir,
// each file is written whole or not at all, and the error joins every
// file's failure.
func WriteParityDir(dir string, res parity.Result) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var errs []error
	for _, out := range []struct {
		name  string
		write func(io.Writer) error
	}{
		{ParityResultFile, func(w io.Writer) error { return WriteParityJSON(w, res) }},
		{ParityMismatchesFile, func(w io.Writer) error { return writeJSONLines(w, res.Mismatches) }},
		{ParityFailuresFile, func(w io.Writer) error { return writeJSONLines(w, res.Failures) }},
	} {
		if err := writeFileWith(filepath.Join(dir, out.name), out.write); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// writeFileWith writes what write produces to path, whole or not at all.
func writeFileWith(path string, write func(io.Writer) error) error {
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return writeFileAtomic(path, b.Bytes())
}

// writeIndentedJSON writes v as JSON indented by two spaces, with a final
// newline: the shape of every JSON document a command prints.
func writeIndentedJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writeJSONLines writes each item as one line of JSON.
func writeJSONLines[T any](w io.Writer, items []T) error {
	enc := json.NewEncoder(w)
	for _, it := range items {
		if err := enc.Encode(it); err != nil {
			return err
		}
	}
	return nil
}
