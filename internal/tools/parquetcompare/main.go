// Command parquetcompare times column reads of a Parquet file with the two Go
// Parquet libraries mltest could use, parquet-go and Apache arrow-go
// (pqarrow), and with mltest's own reader (dataio.ReadParquetColumns, built
// on parquet-go), so the choice of library rests on a measurement made here.
//
// It is a separate module so that mltest itself does not depend on arrow-go.
//
//	cd internal/tools/parquetcompare
//	go run . -rows 10000000 -reps 5 -file /tmp/pqcompare.parquet
//
// The file (label int32, score double, weight double, device dictionary
// string; seeded) is written once by parquet-go and reused if present. Each
// repetition reads label, score and weight with each reader, in turn, and
// checks that all readers see the same sums.
//
// With -arrow-sample FILE it also writes a small file with arrow-go's writer
// (its defaults: dictionary encoding, data page v1, nullable columns, a list
// column), used by mltest's tests as a file from another writer.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"sort"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/mltest/mltest/internal/dataio"
	"github.com/parquet-go/parquet-go"
)

type row struct {
	Label  int32   `parquet:"label"`
	Score  float64 `parquet:"score"`
	Weight float64 `parquet:"weight"`
	Device string  `parquet:"device,dict"`
}

var columns = []string{"label", "score", "weight"}

func main() {
	rows := flag.Int("rows", 10_000_000, "rows in the generated file")
	reps := flag.Int("reps", 5, "repetitions of each read")
	path := flag.String("file", "/tmp/pqcompare.parquet", "Parquet file to write (if absent) and read")
	sample := flag.String("arrow-sample", "", "also write a small arrow-go-written sample file here")
	flag.Parse()
	if *sample != "" {
		if err := writeArrowSample(*sample); err != nil {
			fail(err)
		}
	}
	if _, err := os.Stat(*path); err != nil {
		t := time.Now()
		if err := writeFile(*path, *rows); err != nil {
			fail(err)
		}
		fmt.Printf("wrote %s (%d rows) in %v\n", *path, *rows, time.Since(t).Round(time.Millisecond))
	}
	st, err := os.Stat(*path)
	if err != nil {
		fail(err)
	}
	fmt.Printf("file %s, %d bytes; reading columns %v, %d repetitions, GOMAXPROCS=%d\n",
		*path, st.Size(), columns, *reps, runtime.GOMAXPROCS(0))
	readers := []struct {
		name string
		read func(string) (sums [3]float64, rows int, err error)
	}{
		{"parquet-go (pages, typed)", readParquetGo},
		{"mltest dataio.ReadParquetColumns", readDataio},
		{"arrow-go pqarrow (serial)", func(p string) ([3]float64, int, error) { return readArrow(p, false) }},
		{"arrow-go pqarrow (parallel)", func(p string) ([3]float64, int, error) { return readArrow(p, true) }},
	}
	times := make([][]time.Duration, len(readers))
	allocs := make([]uint64, len(readers))
	var want [3]float64
	for rep := range *reps {
		for i, r := range readers {
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			t := time.Now()
			sum, n, err := r.read(*path)
			el := time.Since(t)
			runtime.ReadMemStats(&after)
			if err != nil {
				fail(fmt.Errorf("%s: %w", r.name, err))
			}
			if rep == 0 && i == 0 {
				want = sum
			}
			if sum != want {
				fail(fmt.Errorf("%s: column sums %v over %d rows, want %v", r.name, sum, n, want))
			}
			times[i] = append(times[i], el)
			allocs[i] = after.TotalAlloc - before.TotalAlloc
		}
	}
	fmt.Printf("%-34s %10s %10s %10s %12s\n", "reader", "min", "median", "max", "MB alloc")
	for i, r := range readers {
		ts := times[i]
		sort.Slice(ts, func(a, b int) bool { return ts[a] < ts[b] })
		fmt.Printf("%-34s %10v %10v %10v %12.1f\n", r.name, ts[0].Round(time.Millisecond),
			ts[len(ts)/2].Round(time.Millisecond), ts[len(ts)-1].Round(time.Millisecond), float64(allocs[i])/1e6)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "parquetcompare:", err)
	os.Exit(1)
}

func writeFile(path string, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	w := parquet.NewGenericWriter[row](f)
	r := rand.New(rand.NewPCG(1, 2))
	devices := []string{"web", "ios", "android"}
	buf := make([]row, 0, 10000)
	for i := range n {
		buf = append(buf, row{int32(r.IntN(2)), r.Float64(), float64(1 + r.IntN(3)), devices[r.IntN(3)]})
		if len(buf) == cap(buf) || i == n-1 {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	return f.Close()
}

// readParquetGo is the least a parquet-go reader can do: decode each page of
// the three columns into typed slices and sum them.
func readParquetGo(path string) ([3]float64, int, error) {
	var sum [3]float64
	f, err := os.Open(path)
	if err != nil {
		return sum, 0, err
	}
	defer f.Close()
	st, _ := f.Stat()
	pf, err := parquet.OpenFile(f, st.Size(), &parquet.FileConfig{SkipPageIndex: true, SkipBloomFilters: true})
	if err != nil {
		return sum, 0, err
	}
	idx := map[string]int{}
	for i, c := range pf.Schema().Columns() {
		idx[c[0]] = i
	}
	rows := 0
	for _, rg := range pf.RowGroups() {
		rows += int(rg.NumRows())
		for k, name := range columns {
			pages := rg.ColumnChunks()[idx[name]].Pages()
			for {
				p, err := pages.ReadPage()
				if err != nil {
					break
				}
				data := p.Data()
				if name == "label" {
					for _, v := range data.Int32() {
						sum[k] += float64(v)
					}
				} else {
					for _, v := range data.Double() {
						sum[k] += v
					}
				}
				parquet.Release(p)
			}
			pages.Close()
		}
	}
	return sum, rows, nil
}

func readDataio(path string) ([3]float64, int, error) {
	var sum [3]float64
	rows := 0
	err := dataio.ReadParquetColumns(path, columns, func(b *dataio.ParquetBatch) error {
		rows += b.Rows
		for k, c := range b.Columns {
			for _, v := range c.Numbers {
				sum[k] += v
			}
		}
		return nil
	})
	return sum, rows, err
}

func readArrow(path string, parallel bool) ([3]float64, int, error) {
	var sum [3]float64
	rdr, err := file.OpenParquetFile(path, false)
	if err != nil {
		return sum, 0, err
	}
	defer rdr.Close()
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{Parallel: parallel, BatchSize: 1 << 16}, memory.DefaultAllocator)
	if err != nil {
		return sum, 0, err
	}
	sc := rdr.MetaData().Schema
	var cols []int
	for _, c := range columns {
		cols = append(cols, sc.ColumnIndexByName(c))
	}
	rr, err := fr.GetRecordReader(context.Background(), cols, nil)
	if err != nil {
		return sum, 0, err
	}
	defer rr.Release()
	rows := 0
	for rr.Next() {
		rec := rr.RecordBatch()
		rows += int(rec.NumRows())
		for i := range cols {
			switch a := rec.Column(i).(type) {
			case *array.Int32:
				for _, v := range a.Int32Values() {
					sum[i] += float64(v)
				}
			case *array.Float64:
				for _, v := range a.Float64Values() {
					sum[i] += v
				}
			default:
				return sum, 0, fmt.Errorf("column %d: unexpected %T", i, a)
			}
		}
	}
	return sum, rows, rr.Err()
}

// writeArrowSample writes 5 rows with arrow-go's defaults: label (int64),
// score (double), device (string), ok (bool), probs (list<double>), all nullable
// but without nulls.
func writeArrowSample(path string) error {
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "label", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "score", Type: arrow.PrimitiveTypes.Float64, Nullable: true},
		{Name: "device", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "ok", Type: arrow.FixedWidthTypes.Boolean, Nullable: true},
		{Name: "probs", Type: arrow.ListOf(arrow.PrimitiveTypes.Float64), Nullable: true},
	}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema)
	defer b.Release()
	b.Field(0).(*array.Int64Builder).AppendValues([]int64{1, 0, 1, 0, 1}, nil)
	b.Field(1).(*array.Float64Builder).AppendValues([]float64{0.9, 0.1, 0.75, 0.3, 0.5}, nil)
	b.Field(2).(*array.StringBuilder).AppendValues([]string{"web", "ios", "web", "android", "ios"}, nil)
	b.Field(3).(*array.BooleanBuilder).AppendValues([]bool{true, false, true, false, true}, nil)
	lb := b.Field(4).(*array.ListBuilder)
	vb := lb.ValueBuilder().(*array.Float64Builder)
	for _, l := range [][]float64{{0.1, 0.9}, {0.8, 0.2}, {}, {0.5, 0.5}, {0.3, 0.7}} {
		lb.Append(true)
		vb.AppendValues(l, nil)
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	w, err := pqarrow.NewFileWriter(schema, f, nil, pqarrow.DefaultWriterProps())
	if err != nil {
		return err
	}
	if err := w.Write(rec); err != nil {
		return err
	}
	return w.Close()
}
