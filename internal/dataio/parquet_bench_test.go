package dataio

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/parquet-go/parquet-go"
)

type benchParquetRow struct {
	Label   int32   `parquet:"label"`
	Clicked bool    `parquet:"clicked"`
	Score   float64 `parquet:"score"`
	Weight  float64 `parquet:"weight"`
	Device  string  `parquet:"device,dict"`
}

// writeBenchParquet writes n rows of (label, score, weight, device), seeded.
func writeBenchParquet(b *testing.B, n int) string {
	path := filepath.Join(b.TempDir(), "bench.parquet")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := parquet.NewGenericWriter[benchParquetRow](f)
	r := rand.New(rand.NewPCG(1, 2))
	devs := []string{"web", "ios", "android"}
	buf := make([]benchParquetRow, 0, 10000)
	for i := range n {
		buf = append(buf, benchParquetRow{int32(r.IntN(2)), r.IntN(2) == 1, r.Float64(), float64(1 + r.IntN(3)), devs[r.IntN(3)]})
		if len(buf) == cap(buf) || i == n-1 {
			if _, err := w.Write(buf); err != nil {
				b.Fatal(err)
			}
			buf = buf[:0]
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	return path
}

// BenchmarkReadParquetColumns reads label, score and weight (and the
// dictionary-encoded device) column-wise; BenchmarkParquetTableReader reads
// the same through the row-wise TableReader, as eval does.
func BenchmarkReadParquetColumns(b *testing.B) {
	const n = 1_000_000
	path := writeBenchParquet(b, n)
	for _, cols := range [][]string{{"label", "score", "weight"}, {"label", "score", "weight", "device"}, {"clicked", "score"}} {
		b.Run(fmt.Sprint(len(cols), "cols"), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rows := 0
				err := ReadParquetColumns(path, cols, func(p *ParquetBatch) error { rows += p.Rows; return nil })
				if err != nil || rows != n {
					b.Fatal(err, rows)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/row")
		})
	}
}

func BenchmarkParquetTableReader(b *testing.B) {
	const n = 1_000_000
	path := writeBenchParquet(b, n)
	b.ReportAllocs()
	for b.Loop() {
		tr, c, err := OpenTable(path, nil, "", []string{"label", "score", "weight", "device"})
		if err != nil {
			b.Fatal(err)
		}
		rows := 0
		for tr.Next() {
			if _, err := tr.BinaryLabel(0); err != nil {
				b.Fatal(err)
			}
			if _, err := tr.Float(1); err != nil {
				b.Fatal(err)
			}
			if _, err := tr.Float(2); err != nil {
				b.Fatal(err)
			}
			_ = tr.Value(3)
			rows++
		}
		c.Close()
		if tr.Err() != nil || rows != n {
			b.Fatal(tr.Err(), rows)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/row")
}
