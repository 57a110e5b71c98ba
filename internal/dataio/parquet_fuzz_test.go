package dataio

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/parquet-go/parquet-go"
)

var writeParquetSeeds = flag.Bool("write-parquet-seeds", false, "rewrite testdata/fuzz/FuzzReadParquet from the seed files")

// parquetSeeds are small valid files covering the column kinds, both data
// page versions, dictionaries, nulls and several pages and row groups.
func parquetSeeds(t testing.TB) map[string][]byte {
	_, maps := evalRows(5, 6)
	optional := parquet.NewSchema("o", parquet.Group{
		"score": parquet.Optional(parquet.Leaf(parquet.DoubleType)),
		"label": parquet.Optional(parquet.Leaf(parquet.BooleanType)),
		"probs": parquet.Optional(parquet.List(parquet.Optional(parquet.Leaf(parquet.FloatType)))),
	})
	optRows := []map[string]any{
		{"score": 0.5, "label": true, "probs": []any{float32(0.5), float32(0.5)}},
		{"score": nil, "label": false, "probs": nil},
		{"score": 1.5, "label": nil, "probs": []any{nil}},
	}
	return map[string][]byte{
		"eval_v1":   encodeParquet(t, evalSchema, maps, parquet.DataPageVersion(1), parquet.PageBufferSize(64)),
		"eval_v2":   encodeParquet(t, evalSchema, maps, parquet.MaxRowsPerRowGroup(2)),
		"optional":  encodeParquet(t, optional, optRows),
		"repeated":  encodeParquet(t, parquet.NewSchema("r", parquet.Group{"probs": parquet.Repeated(parquet.Leaf(parquet.Int64Type))}), []map[string]any{{"probs": []any{int64(1), int64(2)}}, {"probs": []any{}}}),
		"text_only": encodeParquet(t, parquet.NewSchema("t", parquet.Group{"label": parquet.String(), "score": parquet.String()}), []map[string]any{{"label": "1", "score": "0.5"}}),
	}
}

// TestWriteParquetSeeds rewrites the committed seed corpus when run with
// -write-parquet-seeds; otherwise it checks the seeds still read cleanly.
func TestWriteParquetSeeds(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzReadParquet")
	for name, data := range parquetSeeds(t) {
		if err := readAllParquet(data); err != nil && !errors.As(err, new(*InputError)) {
			t.Errorf("seed %s: %v", name, err)
		}
		if *writeParquetSeeds {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			body := "go test fuzz v1\n[]byte(" + strconv.Quote(string(data)) + ")\n"
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// readAllParquet reads data through both paths with the usual column
// names, checking what a batch promises.
func readAllParquet(data []byte) error {
	cols := []string{"label", "score", "probs"}
	err := ReadParquet(bytes.NewReader(data), int64(len(data)), "f.parquet", cols, func(b *ParquetBatch) error {
		if b.Rows < 1 || b.Rows > ParquetBatchRows {
			return fmt.Errorf("batch of %d rows", b.Rows)
		}
		for _, c := range b.Columns {
			switch c.Kind {
			case NumberColumn:
				if len(c.Numbers) != b.Rows {
					return fmt.Errorf("%s: %d numbers for %d rows", c.Name, len(c.Numbers), b.Rows)
				}
				for _, v := range c.Numbers {
					if math.IsNaN(v) || math.IsInf(v, 0) {
						return fmt.Errorf("%s: %v passed", c.Name, v)
					}
				}
			case TextColumn:
				if len(c.Texts) != b.Rows {
					return fmt.Errorf("%s: %d texts for %d rows", c.Name, len(c.Texts), b.Rows)
				}
			case NumberListColumn:
				if len(c.Offsets) != b.Rows+1 || c.Offsets[0] != 0 || c.Offsets[b.Rows] != len(c.Lists) {
					return fmt.Errorf("%s: bad offsets", c.Name)
				}
				for i := 1; i < len(c.Offsets); i++ {
					if c.Offsets[i] < c.Offsets[i-1] {
						return fmt.Errorf("%s: offsets decrease", c.Name)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	tr, err := newParquetTable(bytes.NewReader(data), int64(len(data)), "f.parquet", cols)
	if err != nil {
		return err
	}
	defer tr.pq.s.close()
	var dst []float64
	for tr.Next() {
		tr.BinaryLabel(0)
		tr.Float(1)
		dst, _ = tr.FloatArray(2, dst)
		for i := range cols {
			_ = tr.Value(i)
		}
	}
	return tr.Err()
}

// FuzzReadParquet: no input panics, and every error is an *InputError.
func FuzzReadParquet(f *testing.F) {
	for _, data := range parquetSeeds(f) {
		f.Add(data)
	}
	arrow, err := os.ReadFile(filepath.Join("testdata", "arrow_written.parquet"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(arrow)
	f.Fuzz(func(t *testing.T, data []byte) {
		err := readAllParquet(data)
		var ie *InputError
		if err != nil && !errors.As(err, &ie) {
			t.Fatalf("error is not an *InputError: %v", err)
		}
	})
}
