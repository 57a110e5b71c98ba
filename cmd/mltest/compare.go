package main

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/mltest/mltest/fixtures/table"
	"github.com/mltest/mltest/harness/flow"
	"github.com/mltest/mltest/internal/cliflag"
	"github.com/mltest/mltest/internal/report"
	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/compare"
)

// parseGate reads the DELTA of a --max-regression METRIC=DELTA.
func parseGate(name, delta string) (float64, error) {
	d, err := strconv.ParseFloat(strings.TrimSpace(delta), 64)
	if err != nil || math.IsNaN(d) || math.IsInf(d, 0) || d < 0 {
		return 0, fmt.Errorf("%s: DELTA %q: want a number >= 0", name, delta)
	}
	return d, nil
}

type compareConfig struct {
	table            *cliflag.Table
	files            flow.RunPair    // --baseline, --candidate; ranking: --qrels, --query-attrs
	spec             flow.RankSpec   // ranking: -m, -l, --ties
	opt              compare.Options // --trials, --alpha; the rest after check
	format, tiesName string
	gates            cliflag.Pairs[float64]
	cols             table.Columns // of a table task, after check
	names            []string      // --metrics of a table task
}

func runCompare(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := compareConfig{table: cliflag.NewTable(), gates: cliflag.Pairs[float64]{M: map[string]float64{}, Form: "METRIC=DELTA", TrimKey: true, Parse: parseGate}}
	c.table.CI = 0.95
	fs := newFlagSet("compare", stderr)
	c.table.Register(fs, "task id label score weight slice cluster metrics classes k threshold ci bootstrap seed min-slice-n string-numbers")
	fs.StringVar(&c.files.Baseline, "baseline", "", "baseline predictions `FILE` (ranking: run) (required)")
	fs.StringVar(&c.files.Candidate, "candidate", "", "candidate predictions `FILE` (ranking: run) (required)")
	fs.StringVar(&c.files.Qrels, "qrels", "", "ranking: relevance judgments `FILE` (required for ranking)")
	fs.Var((*cliflag.StringList)(&c.spec.Measures), "m", "ranking: `MEASURE[.K,K...]` to compare, as mltest rank -m; repeatable (default: map recip_rank P.10 ndcg_cut.10)")
	fs.IntVar(&c.spec.Level, "l", 1, "ranking: lowest relevance `value` that counts as relevant (trec_eval -l)")
	fs.StringVar(&c.tiesName, "ties", "docno", "ranking: order of equal scores, as mltest rank --ties: `docno`, input or average")
	fs.StringVar(&c.files.QueryAttrs, "query-attrs", "", "ranking: `FILE` with one row per query: the --id column and the --slice columns")
	fs.IntVar(&c.opt.Trials, "trials", 10000, "ranking: `number` of randomization test trials")
	fs.Float64Var(&c.opt.Alpha, "alpha", 0.05, "significance `level` of the gate")
	fs.Var(&c.gates, "max-regression", "gate `METRIC=DELTA`: fail when METRIC regresses significantly by more than DELTA; repeatable")
	fs.StringVar(&c.format, "format", "table", "output `format`: table, json or markdown")
	pos, code, ok := parseFlags(fs, args, stdout)
	if !ok {
		return code
	}
	var err error
	if len(pos) != 0 {
		return errorf(stderr, "compare: unexpected argument %q: files are named by --baseline and --candidate (see mltest compare --help)", pos[0])
	}
	if err := c.check(); err != nil {
		return errorf(stderr, "compare: %v", err)
	}
	t := c.table
	var rep *compare.Report
	if t.Task == "ranking" {
		c.files.QueryID, c.files.SliceBy, c.files.Stdin = t.ID, t.Slices, stdin
		rep, err = flow.CompareRuns(c.files, c.spec, c.opt)
	} else {
		rep, err = flow.Compare(flow.Predictions{File: c.files.Baseline, Columns: c.cols}, flow.Predictions{File: c.files.Candidate, Columns: c.cols},
			c.names, c.opt, table.Options{Stdin: stdin, StringNumbers: t.StringNumbers})
	}
	if err != nil {
		return errorf(stderr, "%v", err)
	}
	in := report.CompareInputs{Baseline: c.files.Baseline, Candidate: c.files.Candidate, SliceBy: t.Slices}
	if err := report.WriteCompare(stdout, c.format, in, rep); err != nil {
		return errorf(stderr, "compare: %v", err)
	}
	if rep.Failed() {
		for _, line := range report.CompareGateFailures(in, rep) {
			fmt.Fprintf(stderr, "mltest: compare: gate failed: %s\n", line)
		}
		return exitFail
	}
	return exitOK
}

// check validates the flags that do not need the files; for a table task
// it sets the columns to read and the metrics to compare.
func (c *compareConfig) check() error {
	t := c.table
	switch c.format {
	case "table", "json", "markdown":
	default:
		return fmt.Errorf("--format %q: want table, json or markdown", c.format)
	}
	if c.files.Baseline == "" || c.files.Candidate == "" {
		return errors.New("--baseline and --candidate are required")
	}
	if stdins(c.files.Baseline, c.files.Candidate, c.files.Qrels, c.files.QueryAttrs) > 1 {
		return errors.New("only one input can be standard input (-)")
	}
	c.opt = compare.Options{Level: t.CI, Resamples: t.Bootstrap, Trials: c.opt.Trials, Seed: t.Seed, Alpha: c.opt.Alpha,
		MinSliceSupport: t.MinSliceN, MaxRegression: c.gates.M, Threshold: t.Threshold, ECEBins: metrics.DefaultECEBins, TopK: t.TopK}
	if err := c.opt.Check(); err != nil {
		return err
	}
	switch t.Task {
	case "ranking":
		if c.files.Qrels == "" {
			return errors.New("ranking: --qrels is required")
		}
		var err error
		if c.spec.Ties, err = metrics.ParseTiePolicy(c.tiesName); err != nil {
			return fmt.Errorf("--ties: %v", err)
		}
		if len(t.Slices) > 0 && c.files.QueryAttrs == "" {
			return errors.New("ranking: --slice needs --query-attrs FILE, the table of per-query attributes")
		}
		if t.ID == "" {
			t.ID = "qid"
		}
		for _, f := range []struct{ name, val string }{{"label", t.Label}, {"weight", t.Weight}, {"cluster", t.Cluster}, {"metrics", t.Metrics}} {
			if f.val != "" {
				return fmt.Errorf("ranking: --%s does not apply (measures are named with -m)", f.name)
			}
		}
		if len(t.Scores) > 0 {
			return errors.New("ranking: --score does not apply (runs carry their scores)")
		}
		return nil
	case "binary", "multiclass", "regression":
	case "":
		return errors.New("--task is required: binary, multiclass, regression or ranking")
	default:
		return fmt.Errorf("--task %q: want binary, multiclass, regression or ranking", t.Task)
	}
	if t.ID == "" {
		return errors.New("--id is required: the column that joins baseline and candidate rows")
	}
	if len(c.spec.Measures) > 0 || c.files.Qrels != "" || c.files.QueryAttrs != "" {
		return fmt.Errorf("%s: -m, --qrels and --query-attrs are for --task ranking", t.Task)
	}
	cols, opt, err := t.Build()
	if err != nil {
		return err
	}
	compared := opt.Metrics
	if compared == nil {
		compared = cols.Task.MetricNames()
	}
	for _, name := range slices.Sorted(maps.Keys(c.gates.M)) {
		if !slices.Contains(compared, name) {
			return fmt.Errorf("--max-regression %s: not a compared metric; compared: %s", name, strings.Join(compared, " "))
		}
	}
	c.cols, c.names = cols, opt.Metrics
	return nil
}
