package main

import (
	"errors"
	"fmt"
	"io"
	"runtime"

	"github.com/mltest/mltest/fixtures/table"
	"github.com/mltest/mltest/harness/flow"
	"github.com/mltest/mltest/internal/cliflag"
	"github.com/mltest/mltest/internal/progress"
	"github.com/mltest/mltest/internal/report"
	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/evaluate"
)

type evalConfig struct {
	table                *cliflag.Table
	format               string
	workers, boundedBits int
	bounded, quiet       bool
}

func runEval(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := evalConfig{table: cliflag.NewTable()}
	fs := newFlagSet("eval", stderr)
	c.table.Register(fs, "task label score weight slice min-slice-n threshold metrics classes k ci bootstrap seed cluster input-format string-numbers")
	fs.BoolVar(&c.bounded, "bounded", false, "bounded-memory roc_auc and average_precision from a score histogram, with error bounds")
	fs.IntVar(&c.boundedBits, "bounded-bits", metrics.DefaultHistogramBits, "histogram resolution of --bounded: `bits` of each score's key (12..32)")
	fs.IntVar(&c.workers, "workers", runtime.GOMAXPROCS(0), "parsing `goroutines` (results do not depend on it)")
	fs.BoolVar(&c.quiet, "quiet", false, "no progress line on stderr")
	fs.StringVar(&c.format, "format", "table", "output `format`: table, json or markdown")
	pos, code, ok := parseFlags(fs, args, stdout)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		return errorf(stderr, "eval: want exactly one FILE, got %d (see mltest eval --help)", len(pos))
	}
	file := pos[0]
	cols, opt, err := c.options()
	if err != nil {
		return errorf(stderr, "eval: %v", err)
	}
	switch {
	case c.table.InputFormat != "":
	case file == "-":
		return errorf(stderr, "eval: reading standard input: name its format with --input-format csv|jsonl")
	case table.FormatOf(file) == "":
		return errorf(stderr, "%s: cannot tell the format from the name: use .csv, .jsonl, .ndjson (optionally .gz) or .parquet, or --input-format", file)
	}
	meter := progress.ForFile(file, c.quiet)
	rep, err := flow.Eval(file, cols, opt, table.Options{Stdin: stdin, Workers: c.workers, Progress: meter, StringNumbers: c.table.StringNumbers})
	meter.Done()
	if err != nil {
		return errorf(stderr, "%v", err)
	}
	if err := report.WriteEval(stdout, c.format, rep); err != nil {
		return errorf(stderr, "eval: %v", err)
	}
	return exitOK
}

// options checks the flags together and turns them into the columns to read
// and the engine's options.
func (c *evalConfig) options() (table.Columns, evaluate.Options, error) {
	if c.format != "table" && c.format != "json" && c.format != "markdown" {
		return table.Columns{}, evaluate.Options{}, fmt.Errorf("--format %q: want table, json or markdown", c.format)
	}
	cols, opt, err := c.table.Build()
	switch {
	case err != nil || !c.bounded:
	case cols.Task != evaluate.Binary:
		err = errors.New("--bounded applies to binary roc_auc and average_precision only")
	case c.boundedBits < metrics.MinHistogramBits || c.boundedBits > metrics.MaxHistogramBits:
		err = fmt.Errorf("--bounded-bits %d: want %d..%d", c.boundedBits, metrics.MinHistogramBits, metrics.MaxHistogramBits)
	default:
		opt.BoundedAUC = c.boundedBits
	}
	return cols, opt, err
}
