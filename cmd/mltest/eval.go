package main

import (
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/mltest/mltest/internal/cliflag"
	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/internal/progress"
	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/evaluate"
	"github.com/mltest/mltest/metrics/stats"
)

const evalUsage = `Usage: mltest eval --task binary|multiclass|regression --label COL --score COL [flags] FILE

Computes metrics over a predictions file, one row per prediction, with
scikit-learn's conventions (weights included). FILE is .csv (header row),
.jsonl/.ndjson (one JSON object a line), optionally gzip-compressed, .parquet
(read column-wise), or - for standard input (then --input-format names the
format).

Tasks and their metrics (default: all of the task's):
  binary      roc_auc average_precision log_loss brier accuracy precision recall f1 mcc ece
              label 0/1 or true/false; score the positive class's probability;
              hard-label metrics predict positive when score >= --threshold;
              ece uses 15 equal-width bins
  multiclass  accuracy log_loss macro_f1 micro_f1 weighted_f1 top_k_accuracy roc_auc_ovr
              --score once per class (in class order), or once naming a JSON-array column;
              label a class index 0..K-1, or a name from --classes
  regression  mse rmse mae r2 mape explained_variance
              label the target, score the prediction

Slices: --slice COL once per column; two or more give every combination.
Slices with fewer than --min-slice-n rows are reported but marked not gated.

Intervals: --ci 0.95 adds a confidence interval to every metric: DeLong's for
an unweighted ROC AUC, otherwise a percentile bootstrap (--bootstrap resamples,
--seed), resampling whole clusters when --cluster names a column (a user id:
rows of one user are not independent). Reproducible for a seed. Intervals keep
the rows in memory and recompute each metric per resample: time grows with
rows x resamples x metrics (1M rows, 3 metrics, 200 resamples: about 11 s).

Scale: the file is read once, parsed on every core in fixed chunks and merged
in order, so results do not depend on the machine. --bounded computes roc_auc
and average_precision from a histogram of scores (memory independent of the
number of rows) and reports each value's maximum error. A progress line shows
on a terminal for long reads (--quiet turns it off).

A metric undefined on the data (ROC AUC with one class) is reported as null
with a warning, never as 0. Bad input (a missing column, a non-number, NaN, a
negative weight) stops the command with FILE:LINE and the column.

Exit codes: 0 evaluated, 2 could not run as asked (bad flag or input).

Flags:
`

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

type evalConfig struct {
	task, label, weight, cluster, format, inputFormat string
	scores, slices                                    stringList
	metrics, classes                                  string
	threshold, ci                                     float64
	topK, bootstrap, minSliceN, workers, boundedBits  int
	seed                                              uint64
	bounded, quiet                                    bool
	file                                              string
}

// parseFlags parses a command's flags (before or after its positional
// arguments). ok is false when the command should return code at once:
// exitOK after printing the usage for -h/--help on stdout, exitUsage after
// flag has printed the problem and the usage on the flag set's output.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) (pos []string, code int, ok bool) {
	pos, err := cliflag.Interleaved(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(stdout)
		fs.Usage()
		return nil, exitOK, false
	}
	if err != nil {
		return nil, exitUsage, false
	}
	return pos, exitOK, true
}

func runEval(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var c evalConfig
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
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
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), evalUsage)
		fs.PrintDefaults()
	}
	pos, code, ok := parseFlags(fs, args, stdout)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		return errorf(stderr, "eval: want exactly one FILE, got %d (see mltest eval --help)", len(pos))
	}
	c.file = pos[0]
	ev, err := newEvaluator(&c)
	if err != nil {
		return errorf(stderr, "eval: %v", err)
	}
	res, err := ev.run(c.file, stdin)
	if err != nil {
		return errorf(stderr, "%v", err)
	}
	if err := writeEval(stdout, c.format, res); err != nil {
		return errorf(stderr, "eval: %v", err)
	}
	return exitOK
}

// evaluator reads a predictions file into the evaluation engine.
type evaluator struct {
	cfg     *evalConfig
	opt     evaluate.Options
	classes map[string]int
}

func newEvaluator(c *evalConfig) (*evaluator, error) {
	if c.label == "" {
		return nil, errors.New("--label is required")
	}
	if len(c.scores) == 0 {
		return nil, errors.New("--score is required")
	}
	switch c.format {
	case "table", "json", "markdown":
	default:
		return nil, fmt.Errorf("--format %q: want table, json or markdown", c.format)
	}
	if c.task == "" {
		return nil, errors.New("--task is required: binary, multiclass or regression")
	}
	ev := &evaluator{cfg: c, opt: evaluate.DefaultOptions(evaluate.Task(c.task))}
	ev.opt.SliceBy = c.slices
	ev.opt.MinSliceN = c.minSliceN
	ev.opt.Clustered = c.cluster != ""
	switch c.task {
	case "binary":
		if len(c.scores) != 1 {
			return nil, errors.New("binary: give --score once")
		}
		if c.threshold != c.threshold {
			return nil, errors.New("--threshold is NaN")
		}
		ev.opt.Binary.Threshold = c.threshold
		if c.bounded {
			if c.boundedBits < metrics.MinHistogramBits || c.boundedBits > metrics.MaxHistogramBits {
				return nil, fmt.Errorf("--bounded-bits %d: want %d..%d", c.boundedBits, metrics.MinHistogramBits, metrics.MaxHistogramBits)
			}
			ev.opt.BoundedAUC = c.boundedBits
		}
	case "multiclass":
		if c.classes != "" {
			ev.classes = map[string]int{}
			for i, name := range strings.Split(c.classes, ",") {
				ev.classes[strings.TrimSpace(name)] = i
			}
			ev.opt.Classes = len(ev.classes)
			if len(c.scores) > 1 && len(ev.classes) != len(c.scores) {
				return nil, fmt.Errorf("--classes names %d classes, --score %d columns", len(ev.classes), len(c.scores))
			}
		}
		if len(c.scores) > 1 {
			ev.opt.Classes = len(c.scores)
		}
		if c.topK < 1 {
			return nil, fmt.Errorf("--k %d: want at least 1", c.topK)
		}
		ev.opt.TopK = c.topK
	case "regression":
		if len(c.scores) != 1 {
			return nil, errors.New("regression: give --score once")
		}
	default:
		return nil, fmt.Errorf("--task %q: want binary, multiclass or regression", c.task)
	}
	if c.bounded && c.task != "binary" {
		return nil, errors.New("--bounded applies to binary roc_auc and average_precision only")
	}
	if c.metrics != "" {
		for _, n := range strings.Split(c.metrics, ",") {
			ev.opt.Metrics = append(ev.opt.Metrics, strings.TrimSpace(n))
		}
	}
	if c.ci != 0 {
		if c.ci <= 0 || c.ci >= 1 {
			return nil, fmt.Errorf("--ci %v: want a level between 0 and 1, e.g. 0.95", c.ci)
		}
		if c.bootstrap < 1 {
			return nil, fmt.Errorf("--bootstrap %d: want at least 1 resample", c.bootstrap)
		}
		ev.opt.Intervals = evaluate.IntervalOptions{Level: c.ci, Resamples: c.bootstrap, Seed: c.seed}
	} else if c.cluster != "" {
		return nil, errors.New("--cluster applies to the bootstrap: give --ci too")
	}
	if _, err := evaluate.New(ev.opt); err != nil {
		return nil, fmt.Errorf("--metrics: %v", err)
	}
	return ev, nil
}

// columns returns the columns to read and the positions of the optional ones
// (-1 when absent).
func (ev *evaluator) columns() (cols []string, weightCol, clusterCol, sliceCol int) {
	c := ev.cfg
	cols = append([]string{c.label}, c.scores...)
	weightCol, clusterCol = -1, -1
	if c.weight != "" {
		weightCol = len(cols)
		cols = append(cols, c.weight)
	}
	if c.cluster != "" {
		clusterCol = len(cols)
		cols = append(cols, c.cluster)
	}
	sliceCol = len(cols)
	cols = append(cols, c.slices...)
	return cols, weightCol, clusterCol, sliceCol
}

func (ev *evaluator) run(file string, stdin io.Reader) (*evaluate.Report, error) {
	c := ev.cfg
	format := dataio.FormatOf(file)
	if c.inputFormat != "" {
		format = dataio.Format(c.inputFormat)
	}
	switch {
	case format == dataio.Parquet && file == "-":
		return nil, errors.New("eval: Parquet cannot be read from standard input (it needs random access): name the file")
	case format == dataio.CSV, format == dataio.JSONL, format == dataio.Parquet:
	case file == "-":
		return nil, errors.New("eval: reading standard input: name its format with --input-format csv|jsonl")
	default:
		return nil, fmt.Errorf("%s: cannot tell the format from the name: use .csv, .jsonl, .ndjson (optionally .gz) or .parquet, or --input-format", file)
	}
	var total int64
	if st, err := os.Stat(file); err == nil && !strings.HasSuffix(strings.ToLower(file), ".gz") {
		total = st.Size()
	}
	meter := progress.ForStderr("reading "+file, total, c.quiet)
	defer meter.Done()

	cols, weightCol, clusterCol, sliceCol := ev.columns()
	m := &orderedMerge{file: file}
	process := func(chunk int, tr dataio.RowReader) error {
		res, err := ev.evalChunk(tr, weightCol, clusterCol, sliceCol, meter)
		if err != nil {
			return err
		}
		m.add(chunk, res)
		return nil
	}
	var err error
	if format == dataio.Parquet {
		err = ev.readParquet(file, cols, process)
	} else {
		var rc io.ReadCloser
		if rc, err = dataio.Open(file, stdin); err != nil {
			return nil, err
		}
		defer rc.Close()
		err = dataio.ReadChunks(meter.Reader(rc), file, format, cols, c.workers, func(chunk int, tr *dataio.TableReader) error {
			return process(chunk, tr)
		})
	}
	if err != nil {
		return nil, err
	}
	if m.err != nil {
		return nil, m.err
	}
	if m.whole == nil {
		return nil, dataio.Errorf(file, 0, "", "no data rows")
	}
	rep, err := m.whole.Report()
	if errors.Is(err, stats.ErrTooFewUnits) {
		return nil, dataio.Errorf(file, 0, c.cluster, "a single cluster: the cluster bootstrap needs at least 2 distinct values")
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	return rep, nil
}

// readParquet reads the columns batch by batch (one pass, bounded memory) and
// evaluates batches on c.workers goroutines.
func (ev *evaluator) readParquet(file string, cols []string, process func(int, dataio.RowReader) error) error {
	type job struct {
		chunk int
		b     *dataio.ParquetBatch
	}
	jobs := make(chan job, ev.cfg.workers)
	var wg sync.WaitGroup
	var mu sync.Mutex
	errs := map[int]error{}
	for w := 0; w < max(ev.cfg.workers, 1); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if err := process(j.chunk, dataio.NewBatchCursor(j.b)); err != nil {
					mu.Lock()
					errs[j.chunk] = err
					mu.Unlock()
				}
			}
		}()
	}
	chunks := 0 // batches arrive in file order: number them as they come
	readErr := dataio.ReadParquetColumns(file, cols, func(b *dataio.ParquetBatch) error {
		jobs <- job{chunks, dataio.CloneBatch(b)} // the reader reuses b's slices
		chunks++
		return nil
	})
	close(jobs)
	wg.Wait()
	first := -1
	for chunk := range errs {
		if first < 0 || chunk < first {
			first = chunk
		}
	}
	if first >= 0 {
		return errs[first]
	}
	return readErr
}

// orderedMerge folds chunk results into the whole in chunk order (an ordered
// reduction), so floating-point sums come out the same on any machine, for any
// number of workers.
type orderedMerge struct {
	file    string
	mu      sync.Mutex
	pending map[int]*chunkResult
	next    int
	whole   *evaluate.Evaluator
	err     error
}

func (m *orderedMerge) add(chunk int, res *chunkResult) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.pending == nil {
		m.pending = map[int]*chunkResult{}
	}
	m.pending[chunk] = res
	for {
		r, ok := m.pending[m.next]
		if !ok {
			return
		}
		delete(m.pending, m.next)
		m.next++
		if m.whole == nil {
			m.whole = r.ev
		} else if err := m.whole.Merge(r.ev); err != nil && m.err == nil {
			m.err = dataio.Errorf(m.file, r.firstLine, "", "%v", err)
		}
	}
}

type chunkResult struct {
	ev        *evaluate.Evaluator
	firstLine int
}

// evalChunk parses one chunk's rows into a fresh evaluator.
func (ev *evaluator) evalChunk(tr dataio.RowReader, weightCol, clusterCol, sliceCol int, meter *progress.Meter) (*chunkResult, error) {
	c := ev.cfg
	e, err := evaluate.New(ev.opt)
	if err != nil {
		return nil, err
	}
	res := &chunkResult{ev: e}
	scores := make([]float64, 0, 16)
	var slice []string
	if len(c.slices) > 0 {
		slice = make([]string, len(c.slices))
	}
	rows := int64(0)
	for tr.Next() {
		if res.firstLine == 0 {
			res.firstLine = tr.Position()
		}
		r := evaluate.Row{Weight: 1}
		if weightCol >= 0 {
			if r.Weight, err = tr.Float(weightCol); err != nil {
				return nil, err
			}
			if r.Weight < 0 {
				return nil, tr.Errorf(c.weight, "negative weight %v: weights must be >= 0", r.Weight)
			}
		}
		switch c.task {
		case "binary":
			label, err := tr.BinaryLabel(0)
			if err != nil {
				return nil, err
			}
			if label {
				r.Label = 1
			}
			if scores, err = appendFloat(tr, 1, scores[:0]); err != nil {
				return nil, err
			}
		case "regression":
			if r.Label, err = tr.Float(0); err != nil {
				return nil, err
			}
			if scores, err = appendFloat(tr, 1, scores[:0]); err != nil {
				return nil, err
			}
		case "multiclass":
			if scores, err = ev.readProbs(tr, scores); err != nil {
				return nil, err
			}
			class, err := ev.readClass(tr, len(scores))
			if err != nil {
				return nil, err
			}
			r.Label = float64(class)
		}
		r.Scores = scores
		if clusterCol >= 0 {
			h := fnv.New64a() // ids the same in every chunk, whatever the order rows arrive in
			h.Write([]byte(tr.Value(clusterCol)))
			r.Cluster = int(h.Sum64() >> 1)
		}
		for i := range slice {
			slice[i] = tr.Value(sliceCol + i)
		}
		if err := e.Add(slice, r); err != nil {
			return nil, tr.Errorf(c.scores[0], "%v", err)
		}
		rows++
	}
	meter.AddRows(rows)
	return res, nil
}

func appendFloat(tr dataio.RowReader, col int, dst []float64) ([]float64, error) {
	v, err := tr.Float(col)
	if err != nil {
		return nil, err
	}
	return append(dst, v), nil
}

func (ev *evaluator) readProbs(tr dataio.RowReader, dst []float64) ([]float64, error) {
	c := ev.cfg
	if len(c.scores) == 1 {
		p, err := tr.FloatArray(1, dst)
		if err != nil {
			return nil, err
		}
		if len(p) < 2 {
			return nil, tr.Errorf(c.scores[0], "%d class scores: want at least 2", len(p))
		}
		if k := ev.opt.Classes; k != 0 && len(p) != k {
			return nil, tr.Errorf(c.scores[0], "%d class scores, --classes names %d", len(p), k)
		}
		return p, nil
	}
	dst = dst[:0]
	for i := range c.scores {
		v, err := tr.Float(1 + i)
		if err != nil {
			return nil, err
		}
		dst = append(dst, v)
	}
	return dst, nil
}

func (ev *evaluator) readClass(tr dataio.RowReader, k int) (int, error) {
	s := strings.TrimSpace(tr.Value(0))
	if ev.classes != nil {
		if i, ok := ev.classes[s]; ok {
			return i, nil
		}
		return 0, tr.Errorf(ev.cfg.label, "label %q is not one of --classes %s", s, ev.cfg.classes)
	}
	i, err := strconv.Atoi(s)
	if err != nil || i < 0 || i >= k {
		return 0, tr.Errorf(ev.cfg.label, "expected a class index 0..%d (or name the classes with --classes), got %q", k-1, s)
	}
	return i, nil
}
