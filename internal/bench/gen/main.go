// Command gen writes the synthetic inputs of mltest's benchmarks
// (internal/bench/gendata), seeded:
//
//	go run ./internal/bench/gen eval ROWS > preds.csv
//	go run ./internal/bench/gen rank QUERIES DOCS QRELS RUN
//
// eval writes to standard output, so that a large file can stream into
// mltest eval - --input-format csv without touching the disk.
package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/mltest/mltest/internal/bench/gendata"
)

// seed is the benchmarks' seed (the rank benchmark's files of BENCHMARKS.md
// were written with it).
const seed = 20261124

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(2)
	}
}

func run(args []string) error {
	ints := func(ss []string) ([]int, error) {
		out := make([]int, len(ss))
		for i, s := range ss {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 {
				return nil, fmt.Errorf("want a count, got %q", s)
			}
			out[i] = n
		}
		return out, nil
	}
	switch {
	case len(args) == 2 && args[0] == "eval":
		n, err := ints(args[1:])
		if err != nil {
			return err
		}
		return gendata.WriteEvalCSV(os.Stdout, n[0], seed)
	case len(args) == 5 && args[0] == "rank":
		n, err := ints(args[1:3])
		if err != nil {
			return err
		}
		q, err := os.Create(args[3])
		if err != nil {
			return err
		}
		r, err := os.Create(args[4])
		if err != nil {
			return err
		}
		if err := gendata.WriteRanking(q, r, n[0], n[1], seed); err != nil {
			return err
		}
		if err := q.Close(); err != nil {
			return err
		}
		return r.Close()
	}
	return fmt.Errorf("usage: gen eval ROWS > FILE | gen rank QUERIES DOCS QRELS RUN")
}
