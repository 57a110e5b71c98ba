package main

import (
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/mltest/mltest/fixtures/table"
	"github.com/mltest/mltest/harness/flow"
	"github.com/mltest/mltest/internal/progress"
	"github.com/mltest/mltest/internal/report"
	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/evaluate"
)

type evalConfig struct {
	task, label, weight, cluster, format, inputFormat string
	scores, slices                                    stringList
	metrics, classes                                  string
	threshold, ci                                     float64
	topK, bootstrap, minSliceN, workers, boundedBits  int
	seed                                              uint64
	bounded, quiet, stringNumbers                     bool
}

func runEval(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var c evalConfig
	fs := newFlagSet("eval", stderr)
	fs.StringVar(&c.task, "task", "", "binary, multiclass or regression (required)")
	fs.StringVar(&c.label, "label", "", "`column` holding the true label or target (required)")
	fs.Var(&c.scores, "score", "`column` holding the score or prediction (required; multiclass: once per class)")
	fs.StringVar(&c.weight, "weight", "", "`column` holding sample weights (default: all 1)")
	fs.Var(&c.slices, "slice", "`column` to slice by; repeat to slice by combinations")
	fs.IntVar(&c.minSliceN, "min-slice-n", evaluate.DefaultMinSliceN, "slices with fewer `rows` are reported but not gated")
	fs.Float64Var(&c.threshold, "threshold", 0.5, "binary: predict positive when score >= `t`")
	fs.StringVar(&c.metrics, "metrics", "", "comma-separated `names` (default: all of the task's)")
	fs.StringVar(&c.classes, "classes", "", "multiclass: comma-separated class `names`, in score column order, when labels are names")
	fs.IntVar(&c.topK, "k", 2, "multiclass: k of top_k_accuracy")
	fs.Float64Var(&c.ci, "ci", 0, "confidence `level` of intervals, e.g. 0.95 (default: no intervals)")
	fs.IntVar(&c.bootstrap, "bootstrap", 1000, "bootstrap `resamples` for intervals")
	fs.Uint64Var(&c.seed, "seed", 1, "random `seed` of the bootstrap")
	fs.StringVar(&c.cluster, "cluster", "", "`column` of cluster ids (e.g. user): the bootstrap resamples whole clusters")
	fs.BoolVar(&c.bounded, "bounded", false, "bounded-memory roc_auc and average_precision from a score histogram, with error bounds")
	fs.IntVar(&c.boundedBits, "bounded-bits", metrics.DefaultHistogramBits, "histogram resolution of --bounded: `bits` of each score's key (12..32)")
	fs.IntVar(&c.workers, "workers", runtime.GOMAXPROCS(0), "parsing `goroutines` (results do not depend on it)")
	fs.BoolVar(&c.quiet, "quiet", false, "no progress line on stderr")
	fs.StringVar(&c.format, "format", "table", "output `format`: table, json or markdown")
	fs.StringVar(&c.inputFormat, "input-format", "", "csv or jsonl, when the file name does not say (required for -)")
	fs.BoolVar(&c.stringNumbers, "string-numbers", false, "JSONL: read JSON strings holding numbers (\"0.8\") as numbers and labels (default: an error)")
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
	case c.inputFormat != "":
	case file == "-":
		return errorf(stderr, "eval: reading standard input: name its format with --input-format csv|jsonl")
	case table.FormatOf(file) == "":
		return errorf(stderr, "%s: cannot tell the format from the name: use .csv, .jsonl, .ndjson (optionally .gz) or .parquet, or --input-format", file)
	}
	meter := progress.ForFile(file, c.quiet)
	rep, err := flow.Eval(file, cols, opt, table.Options{Stdin: stdin, Workers: c.workers, Progress: meter, StringNumbers: c.stringNumbers})
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
	cols := table.Columns{Task: evaluate.Task(c.task), Label: c.label, Scores: c.scores, Weight: c.weight,
		Cluster: c.cluster, Slices: c.slices, Format: c.inputFormat}
	opt := evaluate.DefaultOptions(cols.Task)
	opt.MinSliceN = c.minSliceN
	fail := func(format string, args ...any) (table.Columns, evaluate.Options, error) {
		return cols, opt, fmt.Errorf(format, args...)
	}
	switch {
	case c.label == "":
		return fail("--label is required")
	case len(c.scores) == 0:
		return fail("--score is required")
	case c.format != "table" && c.format != "json" && c.format != "markdown":
		return fail("--format %q: want table, json or markdown", c.format)
	case c.task == "":
		return fail("--task is required: binary, multiclass or regression")
	}
	switch cols.Task {
	case evaluate.Binary:
		if len(c.scores) != 1 {
			return fail("binary: give --score once")
		}
		if c.threshold != c.threshold {
			return fail("--threshold is NaN")
		}
		opt.Binary.Threshold = c.threshold
		if c.bounded {
			if c.boundedBits < metrics.MinHistogramBits || c.boundedBits > metrics.MaxHistogramBits {
				return fail("--bounded-bits %d: want %d..%d", c.boundedBits, metrics.MinHistogramBits, metrics.MaxHistogramBits)
			}
			opt.BoundedAUC = c.boundedBits
		}
	case evaluate.Multiclass:
		if c.classes != "" {
			for _, name := range strings.Split(c.classes, ",") {
				cols.Classes = append(cols.Classes, strings.TrimSpace(name))
			}
			if len(c.scores) > 1 && len(cols.Classes) != len(c.scores) {
				return fail("--classes names %d classes, --score %d columns", len(cols.Classes), len(c.scores))
			}
		}
		if c.topK < 1 {
			return fail("--k %d: want at least 1", c.topK)
		}
		opt.TopK = c.topK
	case evaluate.Regression:
		if len(c.scores) != 1 {
			return fail("regression: give --score once")
		}
	default:
		return fail("--task %q: want binary, multiclass or regression", c.task)
	}
	if c.bounded && cols.Task != evaluate.Binary {
		return fail("--bounded applies to binary roc_auc and average_precision only")
	}
	if c.metrics != "" {
		for _, n := range strings.Split(c.metrics, ",") {
			opt.Metrics = append(opt.Metrics, strings.TrimSpace(n))
		}
	}
	if c.ci != 0 {
		if c.ci <= 0 || c.ci >= 1 {
			return fail("--ci %v: want a level between 0 and 1, e.g. 0.95", c.ci)
		}
		if c.bootstrap < 1 {
			return fail("--bootstrap %d: want at least 1 resample", c.bootstrap)
		}
		opt.Intervals = evaluate.IntervalOptions{Level: c.ci, Resamples: c.bootstrap, Seed: c.seed}
	} else if c.cluster != "" {
		return fail("--cluster applies to the bootstrap: give --ci too")
	}
	if _, err := evaluate.New(opt); err != nil {
		return fail("--metrics: %v", err)
	}
	return cols, opt, nil
}
