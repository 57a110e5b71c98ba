// Command mltest-beam runs `mltest eval`, `mltest rank` and an offline
// parity comparison as Apache Beam pipelines: locally on the prism runner
// (the default, in-process) or on a cluster (Flink, Spark, Dataflow) with
// Beam's runner flags. See beam/README.md.
//
//	mltest-beam eval --task binary --label y --score p --slice device 'preds-*.csv'
//	mltest-beam rank -q -m map -m ndcg_cut.10 QRELS RUN
//	mltest-beam parity --offline 'off-*.jsonl' --online 'on-*.jsonl' --abs-tol 1e-6
//
// Inputs are file globs on any filesystem Beam knows (local, gs://). The
// result is written to --out (required on a cluster) and printed. Exit codes
// are mltest's: 0 done, 1 parity mismatch, 2 bad flag, bad input or failed job.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
	mltestbeam "github.com/mltest/mltest/beam"
	"github.com/mltest/mltest/internal/cliflag"
	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/evaluate"
)

const (
	exitOK       = 0
	exitMismatch = 1
	exitUsage    = 2
)

const usage = `Usage: mltest-beam eval|rank|parity [flags] INPUT... [Beam flags]

  eval    --task binary|multiclass|regression --label COL --score COL [--weight COL]
          [--slice COL]... [--threshold 0.5] [--metrics a,b] [--classes a,b,c | --num-classes K]
          [--k 2] [--ci 0.95 --bootstrap 200 --seed 1 [--cluster COL]] [--row-id COL]
          [--bounded [--bounded-bits 24]] [--min-slice-n 30] GLOB
  rank    [-q] [-c] [-l LEVEL] [-M N] [-m MEASURE[.K,K...]]... QRELS_GLOB RUN_GLOB
  parity  --offline GLOB --online GLOB [--abs-tol 1e-6] [--rel-tol 0]

Common: --out PATH (the result; required on a cluster, e.g. gs://bucket/result.json).
Beam flags: --runner prism (default) | flink | spark | dataflow | universal,
  --endpoint HOST:PORT (a job server), --environment_type LOOPBACK|DOCKER|PROCESS,
  --project --region --temp_location --staging_location (Dataflow), ...
Exit codes: 0 done, 1 parity mismatch, 2 bad flag, bad input or failed job.
`

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func main() {
	// A worker started by a runner gets Beam's flags only; beam.Init runs
	// the worker harness and does not return.
	slog.SetLogLoggerLevel(slog.LevelWarn) // prism logs every job step at INFO
	if len(os.Args) < 2 || strings.HasPrefix(os.Args[1], "-") {
		flag.Parse()
		beam.Init()
		fmt.Fprint(os.Stderr, usage)
		os.Exit(exitUsage)
	}
	os.Exit(run(context.Background(), os.Args[1], os.Args[2:], os.Stdout, os.Stderr))
}

func errorf(stderr io.Writer, format string, args ...any) int {
	fmt.Fprintf(stderr, "mltest: "+format+"\n", args...)
	return exitUsage
}

// run parses the subcommand's flags and Beam's (all on flag.CommandLine,
// where Beam registers its own), builds the pipeline, runs it and prints
// the result.
func run(ctx context.Context, cmd string, args []string, stdout, stderr io.Writer) int {
	// A fresh FlagSet per call (run is tested in-process), sharing Beam's
	// flags, which Beam registered on flag.CommandLine and reads from there.
	fs := flag.NewFlagSet("mltest-beam "+cmd, flag.ContinueOnError)
	flag.CommandLine.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, f.Name, f.Usage) })
	fs.SetOutput(stderr)
	out := fs.String("out", "", "`path` of the result (default: a temporary file, printed and removed)")
	var build func(s beam.Scope, inputs []string) (beam.PCollection, error)
	var verdict func(result string) int
	switch cmd {
	case "eval":
		build = evalFlags(fs)
	case "rank":
		build = rankFlags(fs)
	case "parity":
		build, verdict = parityFlags(fs)
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		return errorf(stderr, "unknown command %q (want eval, rank or parity)", cmd)
	}
	fs.Usage = func() { fmt.Fprint(stderr, usage); fs.PrintDefaults() }
	inputs, err := cliflag.Interleaved(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		return exitUsage
	}
	beam.Init()
	p, s := beam.NewPipelineWithRoot()
	text, err := build(s, inputs)
	if err != nil {
		return errorf(stderr, "%s: %v", cmd, err)
	}
	path := *out
	if path == "" {
		if r := *runners.Runner; r != "" && r != "prism" && r != "direct" {
			return errorf(stderr, "%s: --out is required with --runner %s (workers cannot write to this machine's temporary directory)", cmd, r)
		}
		dir, err := os.MkdirTemp("", "mltest-beam-")
		if err != nil {
			return errorf(stderr, "%v", err)
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "result.txt")
	}
	textio.Write(s, path, text)
	if err := beamx.Run(ctx, p); err != nil {
		return errorf(stderr, "%s", jobError(err))
	}
	result, err := readResult(ctx, path)
	if err != nil {
		return errorf(stderr, "%s: reading the result: %v", cmd, err)
	}
	if result != "" && !strings.HasSuffix(result, "\n") {
		result += "\n"
	}
	fmt.Fprint(stdout, result)
	if verdict != nil {
		return verdict(result)
	}
	return exitOK
}

// jobError reduces a failed job's error (the runner's whole plan and stack
// of causes) to its root cause: the last line, which is the error a DoFn
// returned ("FILE:LINE: field: what").
func jobError(err error) string {
	lines := strings.Split(strings.TrimSpace(err.Error()), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		l := strings.TrimSpace(lines[i])
		if l != "" && !strings.HasPrefix(l, "caused by") && !strings.HasPrefix(l, "error may be due") {
			return l
		}
	}
	return err.Error()
}

func readResult(ctx context.Context, path string) (string, error) {
	fsys, err := filesystem.New(ctx, path)
	if err != nil {
		return "", err
	}
	defer fsys.Close()
	rc, err := fsys.OpenRead(ctx, path)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	return string(b), err
}

func evalFlags(fs *flag.FlagSet) func(beam.Scope, []string) (beam.PCollection, error) {
	var cols mltestbeam.ExampleColumns
	var scores, slices stringList
	task := fs.String("task", "", "binary, multiclass or regression (required)")
	fs.StringVar(&cols.Label, "label", "", "`column` of the label or target (required)")
	fs.Var(&scores, "score", "`column` of the score; multiclass: once per class, or one JSON-array column")
	fs.StringVar(&cols.Weight, "weight", "", "`column` of sample weights (default: all 1)")
	fs.StringVar(&cols.ID, "row-id", "", "`column` of row ids, which seed the bootstrap (default: FILE:LINE; --id is Beam's worker id)")
	fs.StringVar(&cols.Cluster, "cluster", "", "`column` of cluster ids: the bootstrap resamples whole clusters")
	fs.Var(&slices, "slice", "`column` to slice by; repeat for combinations")
	fs.StringVar(&cols.Format, "input-format", "", "csv, jsonl or parquet when the name does not say")
	threshold := fs.Float64("threshold", 0.5, "binary: predict positive when score >= `t`")
	names := fs.String("metrics", "", "comma-separated metric `names` (default: all of the task's)")
	classes := fs.String("classes", "", "multiclass: comma-separated class `names`, in score order, when labels are names")
	numClasses := fs.Int("num-classes", 0, "multiclass: `K`, when --score names one JSON-array column")
	topK := fs.Int("k", 2, "multiclass: k of top_k_accuracy")
	ci := fs.Float64("ci", 0, "confidence `level` of Poisson bootstrap intervals (default: none)")
	resamples := fs.Int("bootstrap", 200, "bootstrap `resamples`")
	seed := fs.Uint64("seed", 1, "bootstrap `seed`")
	bounded := fs.Bool("bounded", false, "roc_auc and average_precision from a score histogram, with error bounds")
	bits := fs.Int("bounded-bits", metrics.DefaultHistogramBits, "histogram `bits` of --bounded (12..32)")
	minSliceN := fs.Int("min-slice-n", evaluate.DefaultMinSliceN, "slices with fewer `rows` are marked not gated")
	return func(s beam.Scope, inputs []string) (beam.PCollection, error) {
		if len(inputs) != 1 {
			return beam.PCollection{}, fmt.Errorf("want exactly one input GLOB, got %d", len(inputs))
		}
		if cols.Label == "" || len(scores) == 0 {
			return beam.PCollection{}, fmt.Errorf("--label and --score are required")
		}
		cols.Task, cols.Scores, cols.Slices = evaluate.Task(*task), scores, slices
		spec := mltestbeam.DefaultEvalSpec(cols.Task)
		spec.SliceBy, spec.Threshold, spec.TopK = slices, *threshold, *topK
		if *names != "" {
			spec.Metrics = strings.Split(*names, ",")
		}
		if *classes != "" {
			cols.ClassNames = strings.Split(*classes, ",")
		}
		if cols.Task == evaluate.Multiclass {
			spec.Classes = len(scores)
			if len(scores) == 1 {
				spec.Classes = max(*numClasses, len(cols.ClassNames))
				if spec.Classes < 2 {
					return beam.PCollection{}, fmt.Errorf("multiclass with one JSON-array --score column needs --num-classes K or --classes")
				}
			}
			cols.Classes = spec.Classes
		}
		if *bounded {
			spec.BoundedAUC = *bits
		}
		if *ci != 0 {
			spec.Bootstrap = mltestbeam.BootstrapSpec{Level: *ci, Resamples: *resamples, Seed: *seed, Clustered: cols.Cluster != ""}
		}
		if _, err := mltestbeam.EvaluateLocal(spec, nil); err != nil { // validates the spec
			return beam.PCollection{}, err
		}
		groups := mltestbeam.Evaluate(s, spec, mltestbeam.ReadExamples(s, inputs[0], cols))
		return mltestbeam.EvalReport(s, spec, groups, *minSliceN), nil
	}
}

func rankFlags(fs *flag.FlagSet) func(beam.Scope, []string) (beam.PCollection, error) {
	var spec mltestbeam.RankSpec
	var measures stringList
	perQuery := fs.Bool("q", false, "print per-query values too")
	fs.BoolVar(&spec.Complete, "c", false, "average over every qrels query (missing ones score 0)")
	fs.IntVar(&spec.Level, "l", 1, "lowest relevance `level` that counts as relevant")
	fs.IntVar(&spec.MaxDocs, "M", 0, "evaluate only the first `N` documents of each query")
	fs.BoolVar(&spec.JudgedOnly, "J", false, "drop retrieved documents without a judgment")
	ties := fs.String("ties", "docno", "order of equal scores: `docno` or average")
	fs.Var(&measures, "m", "`measure`[.K,K...] to compute; repeatable (default: trec_eval's official set)")
	return func(s beam.Scope, inputs []string) (beam.PCollection, error) {
		if len(inputs) != 2 {
			return beam.PCollection{}, fmt.Errorf("want QRELS and RUN, got %d inputs", len(inputs))
		}
		spec.Measures = measures
		var err error
		if spec.Ties, err = metrics.ParseTiePolicy(*ties); err != nil {
			return beam.PCollection{}, fmt.Errorf("--ties: %v", err)
		}
		if _, err := spec.Eval(); err != nil {
			return beam.PCollection{}, fmt.Errorf("-m: %v", err)
		}
		qrels := mltestbeam.ReadQrels(s, inputs[0])
		docs, ids := mltestbeam.ReadRun(s, inputs[1])
		per, sum := mltestbeam.EvaluateRanking(s, spec, qrels, docs)
		return mltestbeam.RankReport(s, spec, per, sum, ids, *perQuery), nil
	}
}

func parityFlags(fs *flag.FlagSet) (func(beam.Scope, []string) (beam.PCollection, error), func(string) int) {
	var opt mltestbeam.ParityOptions
	offline := fs.String("offline", "", "`glob` of offline predictions (.jsonl rows {id, outputs}, or .csv id + outputs)")
	online := fs.String("online", "", "`glob` of online predictions, same formats")
	fs.Float64Var(&opt.AbsTol, "abs-tol", 1e-6, "absolute `tolerance`")
	fs.Float64Var(&opt.RelTol, "rel-tol", 0, "relative `tolerance`, of |offline|")
	build := func(s beam.Scope, inputs []string) (beam.PCollection, error) {
		if len(inputs) != 0 || *offline == "" || *online == "" {
			return beam.PCollection{}, fmt.Errorf("want --offline GLOB and --online GLOB and no other argument")
		}
		if !(opt.AbsTol >= 0) || !(opt.RelTol >= 0) {
			return beam.PCollection{}, fmt.Errorf("tolerances must be numbers >= 0")
		}
		_, report := mltestbeam.ParityJoin(s, opt, mltestbeam.ReadPredictions(s, *offline), mltestbeam.ReadPredictions(s, *online))
		return mltestbeam.ParityReportText(s, report), nil
	}
	verdict := func(result string) int {
		var r struct {
			N, Matched int
			Dups       []string `json:"duplicate_ids"`
		}
		if err := json.Unmarshal([]byte(result), &r); err != nil {
			return exitUsage
		}
		if len(r.Dups) > 0 {
			return exitUsage // ids must be unique: the input is malformed
		}
		if r.Matched != r.N {
			return exitMismatch
		}
		return exitOK
	}
	return build, verdict
}
