// Command csv2parquet converts the eval benchmark's CSV (label,score,weight,
// device) to Parquet with the types a real file would use, so mltest eval can
// be timed on the same rows in both formats.
//
//	go run ./internal/bench/csv2parquet /tmp/eval10m.csv /tmp/eval10m.parquet
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
)

type row struct {
	Label  int32   `parquet:"label"`
	Score  float64 `parquet:"score"`
	Weight int32   `parquet:"weight"`
	Device string  `parquet:"device,dict"`
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: csv2parquet IN.csv OUT.parquet")
		os.Exit(2)
	}
	if err := convert(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "csv2parquet:", err)
		os.Exit(1)
	}
}

func convert(in, out string) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	o, err := os.Create(out)
	if err != nil {
		return err
	}
	w := parquet.NewGenericWriter[row](o, parquet.Compression(&parquet.Snappy))
	sc := bufio.NewScanner(bufio.NewReaderSize(f, 1<<20))
	sc.Scan() // header
	buf := make([]row, 0, 8192)
	for line := 2; sc.Scan(); line++ {
		p := strings.Split(sc.Text(), ",")
		if len(p) != 4 {
			return fmt.Errorf("%s:%d: want 4 fields", in, line)
		}
		l, err1 := strconv.Atoi(p[0])
		s, err2 := strconv.ParseFloat(p[1], 64)
		wt, err3 := strconv.Atoi(p[2])
		if err1 != nil || err2 != nil || err3 != nil {
			return fmt.Errorf("%s:%d: bad number", in, line)
		}
		buf = append(buf, row{int32(l), s, int32(wt), p[3]})
		if len(buf) == cap(buf) {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if _, err := w.Write(buf); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return o.Close()
}
