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
	"github.com/mltest/mltest/internal/report"
	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/compare"
	"github.com/mltest/mltest/metrics/evaluate"
)

// gateList is the repeatable --max-regression METRIC=DELTA flag.
type gateList map[string]float64

func (g gateList) String() string { return "" }

func (g gateList) Set(v string) error {
	name, delta, ok := strings.Cut(v, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" {
		return fmt.Errorf("want METRIC=DELTA, got %q", v)
	}
	d, err := strconv.ParseFloat(strings.TrimSpace(delta), 64)
	if err != nil || math.IsNaN(d) || math.IsInf(d, 0) || d < 0 {
		return fmt.Errorf("%s: DELTA %q: want a number >= 0", name, delta)
	}
	g[name] = d
	return nil
}

type compareConfig struct {
	task, baseline, candidate, id, label, weight, cluster string
	scores, slices, measures                              stringList
	classes, metrics, format                              string
	qrels, queryAttrs, tiesName                           string
	ties                                                  metrics.TiePolicy
	threshold, level, alpha                               float64
	resamples, trials, minSlice, topK, relLevel           int
	seed                                                  uint64
	gates                                                 gateList
	stringNumbers                                         bool
}

func runCompare(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := compareConfig{gates: gateList{}}
	fs := newFlagSet("compare", stderr)
	fs.StringVar(&c.task, "task", "", "binary, multiclass, regression or ranking (required)")
	fs.StringVar(&c.baseline, "baseline", "", "baseline predictions `FILE` (ranking: run) (required)")
	fs.StringVar(&c.candidate, "candidate", "", "candidate predictions `FILE` (ranking: run) (required)")
	fs.StringVar(&c.id, "id", "", "`column` holding the row id joining both files (required; ranking: the qid column of --query-attrs, default qid)")
	fs.StringVar(&c.label, "label", "", "`column` holding the true label or target, in both files (required)")
	fs.Var(&c.scores, "score", "`column` holding the score or prediction, in both files (required; multiclass: once per class or one JSON-array column)")
	fs.StringVar(&c.weight, "weight", "", "baseline `column` holding sample weights (default: all 1)")
	fs.Var(&c.slices, "slice", "`column` to slice by (baseline file; ranking: --query-attrs); repeat to slice by combinations")
	fs.StringVar(&c.cluster, "cluster", "", "baseline `column` grouping dependent rows (user, session): the bootstrap resamples whole groups")
	fs.StringVar(&c.metrics, "metrics", "", "comma-separated metric `names` (default: all of the task's)")
	fs.StringVar(&c.classes, "classes", "", "multiclass: comma-separated class `names`, in score column order, when labels are names")
	fs.IntVar(&c.topK, "k", 2, "multiclass: k of top_k_accuracy")
	fs.Float64Var(&c.threshold, "threshold", 0.5, "binary: predict positive when score >= `t`")
	fs.StringVar(&c.qrels, "qrels", "", "ranking: relevance judgments `FILE` (required for ranking)")
	fs.Var(&c.measures, "m", "ranking: `MEASURE[.K,K...]` to compare, as mltest rank -m; repeatable (default: map recip_rank P.10 ndcg_cut.10)")
	fs.IntVar(&c.relLevel, "l", 1, "ranking: lowest relevance `value` that counts as relevant (trec_eval -l)")
	fs.StringVar(&c.tiesName, "ties", "docno", "ranking: order of equal scores, as mltest rank --ties: `docno`, input or average")
	fs.StringVar(&c.queryAttrs, "query-attrs", "", "ranking: `FILE` with one row per query: the --id column and the --slice columns")
	fs.Float64Var(&c.level, "ci", 0.95, "confidence `level` of the intervals")
	fs.IntVar(&c.resamples, "bootstrap", 1000, "number of bootstrap `resamples`")
	fs.IntVar(&c.trials, "trials", 10000, "ranking: `number` of randomization test trials")
	fs.Uint64Var(&c.seed, "seed", 1, "`seed` of every bootstrap and randomization test")
	fs.Float64Var(&c.alpha, "alpha", 0.05, "significance `level` of the gate")
	fs.IntVar(&c.minSlice, "min-slice-n", 30, "slices with fewer `rows` (ranking: queries) are reported but not gated")
	fs.Var(c.gates, "max-regression", "gate `METRIC=DELTA`: fail when METRIC regresses significantly by more than DELTA; repeatable")
	fs.StringVar(&c.format, "format", "table", "output `format`: table, json or markdown")
	fs.BoolVar(&c.stringNumbers, "string-numbers", false, "JSONL: read JSON strings holding numbers (\"0.8\") as numbers and labels (default: an error)")
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
	opt := compare.Options{Level: c.level, Resamples: c.resamples, Trials: c.trials, Seed: c.seed,
		Alpha: c.alpha, MinSliceSupport: c.minSlice, MaxRegression: c.gates,
		Threshold: c.threshold, ECEBins: metrics.DefaultECEBins, TopK: c.topK}
	var rep *compare.Report
	if c.task == "ranking" {
		rep, err = flow.CompareRuns(flow.RunPair{Qrels: c.qrels, Baseline: c.baseline, Candidate: c.candidate,
			QueryAttrs: c.queryAttrs, QueryID: c.id, SliceBy: c.slices, Stdin: stdin},
			flow.RankSpec{Measures: c.measures, Level: c.relLevel, Ties: c.ties}, opt)
	} else {
		rep, err = c.compareTables(stdin, opt)
	}
	if err != nil {
		return errorf(stderr, "%v", err)
	}
	in := report.CompareInputs{Baseline: c.baseline, Candidate: c.candidate, SliceBy: c.slices}
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

// check validates the flags that do not need the files.
func (c *compareConfig) check() error {
	switch c.format {
	case "table", "json", "markdown":
	default:
		return fmt.Errorf("--format %q: want table, json or markdown", c.format)
	}
	if c.baseline == "" || c.candidate == "" {
		return errors.New("--baseline and --candidate are required")
	}
	stdins := 0
	for _, f := range []string{c.baseline, c.candidate, c.qrels, c.queryAttrs} {
		if f == "-" {
			stdins++
		}
	}
	if stdins > 1 {
		return errors.New("only one input can be standard input (-)")
	}
	if !(c.level > 0 && c.level < 1) {
		return fmt.Errorf("--ci %v: want a level between 0 and 1, such as 0.95", c.level)
	}
	if !(c.alpha > 0 && c.alpha < 1) {
		return fmt.Errorf("--alpha %v: want a level between 0 and 1, such as 0.05", c.alpha)
	}
	if c.resamples < 1 || c.trials < 1 {
		return fmt.Errorf("--bootstrap %d, --trials %d: want at least 1", c.resamples, c.trials)
	}
	if c.minSlice < 1 {
		return fmt.Errorf("--min-slice-n %d: want at least 1", c.minSlice)
	}
	switch c.task {
	case "ranking":
		if c.qrels == "" {
			return errors.New("ranking: --qrels is required")
		}
		var err error
		if c.ties, err = metrics.ParseTiePolicy(c.tiesName); err != nil {
			return fmt.Errorf("--ties: %v", err)
		}
		if len(c.slices) > 0 && c.queryAttrs == "" {
			return errors.New("ranking: --slice needs --query-attrs FILE, the table of per-query attributes")
		}
		if c.id == "" {
			c.id = "qid"
		}
		for _, f := range []struct{ name, val string }{{"label", c.label}, {"weight", c.weight}, {"cluster", c.cluster}, {"metrics", c.metrics}} {
			if f.val != "" {
				return fmt.Errorf("ranking: --%s does not apply (measures are named with -m)", f.name)
			}
		}
		if len(c.scores) > 0 {
			return errors.New("ranking: --score does not apply (runs carry their scores)")
		}
		return nil
	case "binary", "regression":
		if len(c.scores) != 1 {
			return fmt.Errorf("%s: give --score once", c.task)
		}
	case "multiclass":
		if len(c.scores) == 0 {
			return errors.New("--score is required")
		}
		if c.classes != "" && len(c.scores) > 1 && len(strings.Split(c.classes, ",")) != len(c.scores) {
			return fmt.Errorf("--classes names %d classes, --score %d columns", len(strings.Split(c.classes, ",")), len(c.scores))
		}
	case "":
		return errors.New("--task is required: binary, multiclass, regression or ranking")
	default:
		return fmt.Errorf("--task %q: want binary, multiclass, regression or ranking", c.task)
	}
	if c.id == "" {
		return errors.New("--id is required: the column that joins baseline and candidate rows")
	}
	if c.label == "" {
		return errors.New("--label is required")
	}
	if len(c.measures) > 0 || c.qrels != "" || c.queryAttrs != "" {
		return fmt.Errorf("%s: -m, --qrels and --query-attrs are for --task ranking", c.task)
	}
	return nil
}

// compareTables checks --metrics and the gates' names, then compares the
// two prediction files.
func (c *compareConfig) compareTables(stdin io.Reader, opt compare.Options) (*compare.Report, error) {
	task := evaluate.Task(c.task)
	var names []string
	if c.metrics != "" {
		for _, n := range strings.Split(c.metrics, ",") {
			names = append(names, strings.TrimSpace(n))
		}
		if err := task.CheckMetricNames(names); err != nil {
			return nil, fmt.Errorf("compare: --metrics: %v", err)
		}
	}
	compared := names
	if compared == nil {
		compared = task.MetricNames()
	}
	if err := checkGates(c.gates, compared); err != nil {
		return nil, err
	}
	cols := table.Columns{Task: task, Label: c.label, Scores: c.scores, Weight: c.weight, ID: c.id,
		Cluster: c.cluster, Slices: c.slices}
	if c.classes != "" {
		for _, name := range strings.Split(c.classes, ",") {
			cols.Classes = append(cols.Classes, strings.TrimSpace(name))
		}
	}
	return flow.Compare(flow.Predictions{File: c.baseline, Columns: cols}, flow.Predictions{File: c.candidate, Columns: cols}, names, opt, table.Options{Stdin: stdin, StringNumbers: c.stringNumbers})
}

// checkGates reports a --max-regression metric that is not compared, before
// any file is read.
func checkGates(gates gateList, compared []string) error {
	for _, name := range slices.Sorted(maps.Keys(gates)) {
		if !slices.Contains(compared, name) {
			return fmt.Errorf("compare: --max-regression %s: not a compared metric; compared: %s", name, strings.Join(compared, " "))
		}
	}
	return nil
}
