package dataio

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"strings"
)

// Format is an input file format.
type Format string

// The formats mltest reads.
const (
	CSV   Format = "csv"
	JSONL Format = "jsonl"
	TREC  Format = "trec" // whitespace-separated columns, no header
)

// FormatOf returns the format a file name's extension names (".csv",
// ".jsonl", ".ndjson", ".parquet", ".trec", ".txt", ".qrels", ".run"; a
// trailing ".gz" is ignored), or "" when the extension names none.
func FormatOf(name string) Format {
	name = strings.TrimSuffix(strings.ToLower(name), ".gz")
	switch {
	case strings.HasSuffix(name, ".csv"):
		return CSV
	case strings.HasSuffix(name, ".jsonl"), strings.HasSuffix(name, ".ndjson"):
		return JSONL
	case strings.HasSuffix(name, ".parquet"):
		return Parquet
	case strings.HasSuffix(name, ".trec"), strings.HasSuffix(name, ".txt"),
		strings.HasSuffix(name, ".qrels"), strings.HasSuffix(name, ".run"):
		return TREC
	}
	return ""
}

// Open opens name for reading ("-" is stdin) and decompresses it when it is
// gzip, which is recognised by its magic bytes, not its name. The caller
// closes the result.
func Open(name string, stdin io.Reader) (io.ReadCloser, error) {
	var f io.ReadCloser
	if name == "-" {
		f = io.NopCloser(stdin)
	} else {
		file, err := os.Open(name)
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				return nil, Errorf(name, 0, "", "cannot open: %v", pe.Err)
			}
			return nil, err
		}
		f = file
	}
	br := bufio.NewReaderSize(f, 1<<20)
	magic, _ := br.Peek(2)
	if bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			f.Close()
			return nil, Errorf(name, 0, "", "bad gzip header: %v", err)
		}
		return &readCloser{Reader: zr, closers: []io.Closer{zr, f}}, nil
	}
	return &readCloser{Reader: br, closers: []io.Closer{f}}, nil
}

type readCloser struct {
	io.Reader
	closers []io.Closer
}

func (r *readCloser) Close() error {
	var first error
	for _, c := range r.closers {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
