package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/mltest/mltest/internal/dataio"
	"github.com/mltest/mltest/metrics"
)

const evalUsage = `Usage: mltest eval --task binary|multiclass|regression --label COL --score COL [flags] FILE

Computes metrics over a predictions file, one row per prediction, with
scikit-learn's conventions (weights included). FILE is .csv (header row),
.jsonl/.ndjson (one JSON object a line), optionally gzip-compressed, or - for
standard input (then --input-format names the format).

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
	task, label, weight, format, inputFormat string
	scores, slices                           stringList
	metrics                                  string
	classes                                  string
	threshold                                float64
	topK                                     int
	file                                     string
}

// parseInterleaved parses flags that may come before or after positional
// arguments, as users type them ("mltest eval FILE --task binary").
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
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
	fs.Float64Var(&c.threshold, "threshold", 0.5, "binary: predict positive when score >= `t`")
	fs.StringVar(&c.metrics, "metrics", "", "comma-separated `names` (default: all of the task's)")
	fs.StringVar(&c.classes, "classes", "", "multiclass: comma-separated class `names`, in score column order, when labels are names")
	fs.IntVar(&c.topK, "k", 2, "multiclass: k of top_k_accuracy")
	fs.StringVar(&c.format, "format", "table", "output `format`: table, json or markdown")
	fs.StringVar(&c.inputFormat, "input-format", "", "csv or jsonl, when the file name does not say (required for -)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), evalUsage)
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(stdout)
		fs.Usage()
		return exitOK
	}
	if err != nil {
		return exitUsage // flag has printed the problem and the usage
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

// evaluator turns rows into accumulators, overall and per slice.
type evaluator struct {
	cfg     *evalConfig
	names   []string // metrics, in output order
	classes map[string]int
	k       int // multiclass: number of classes (0 until known)
	newSet  func() (*accSet, error)
}

// accSet holds one accumulator per metric for one group of rows.
type accSet struct {
	n         int
	weightSum float64
	binary    []metrics.BinaryAccumulator
	multi     []metrics.MulticlassAccumulator
	reg       []metrics.RegressionAccumulator
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
	ev := &evaluator{cfg: c}
	var all []string
	switch c.task {
	case "binary":
		all = metrics.BinaryMetricNames()
		if len(c.scores) != 1 {
			return nil, errors.New("binary: give --score once")
		}
		if c.threshold != c.threshold {
			return nil, errors.New("--threshold is NaN")
		}
	case "multiclass":
		all = metrics.MulticlassMetricNames()
		if c.classes != "" {
			ev.classes = map[string]int{}
			for i, name := range strings.Split(c.classes, ",") {
				ev.classes[strings.TrimSpace(name)] = i
			}
			if len(c.scores) > 1 && len(ev.classes) != len(c.scores) {
				return nil, fmt.Errorf("--classes names %d classes, --score %d columns", len(ev.classes), len(c.scores))
			}
		}
		if len(c.scores) > 1 {
			ev.k = len(c.scores)
		}
		if c.topK < 1 {
			return nil, fmt.Errorf("--k %d: want at least 1", c.topK)
		}
	case "regression":
		all = metrics.RegressionMetricNames()
		if len(c.scores) != 1 {
			return nil, errors.New("regression: give --score once")
		}
	case "":
		return nil, errors.New("--task is required: binary, multiclass or regression")
	default:
		return nil, fmt.Errorf("--task %q: want binary, multiclass or regression", c.task)
	}
	ev.names = all
	if c.metrics != "" {
		ev.names = nil
		known := map[string]bool{}
		for _, n := range all {
			known[n] = true
		}
		for _, n := range strings.Split(c.metrics, ",") {
			n = strings.TrimSpace(n)
			if !known[n] {
				return nil, fmt.Errorf("--metrics: unknown %s metric %q; known: %s", c.task, n, strings.Join(all, " "))
			}
			ev.names = append(ev.names, n)
		}
	}
	return ev, nil
}

// newAccSet makes one accumulator per metric. Multiclass needs the number of
// classes, known from the flags or from the first row.
func (ev *evaluator) newAccSet() (*accSet, error) {
	s := &accSet{}
	for _, name := range ev.names {
		switch ev.cfg.task {
		case "binary":
			a, err := metrics.NewBinaryAccumulator(name, metrics.BinaryOptions{Threshold: ev.cfg.threshold, Bins: 15})
			if err != nil {
				return nil, err
			}
			s.binary = append(s.binary, a)
		case "multiclass":
			a, err := metrics.NewMulticlassAccumulator(name, metrics.MulticlassOptions{Classes: ev.k, K: ev.cfg.topK})
			if err != nil {
				return nil, err
			}
			s.multi = append(s.multi, a)
		case "regression":
			a, err := metrics.NewRegressionAccumulator(name)
			if err != nil {
				return nil, err
			}
			s.reg = append(s.reg, a)
		}
	}
	return s, nil
}

// evalResult is what every output format prints.
type evalResult struct {
	Task      string        `json:"task"`
	N         int           `json:"n"`
	WeightSum float64       `json:"weight_sum"`
	Metrics   metricValues  `json:"metrics"`
	Slices    []sliceResult `json:"slices,omitempty"`
	Warnings  []string      `json:"warnings,omitempty"`
}

type sliceResult struct {
	Key       sliceKey     `json:"key"`
	N         int          `json:"n"`
	WeightSum float64      `json:"weight_sum"`
	Metrics   metricValues `json:"metrics"`
	Warnings  []string     `json:"warnings,omitempty"`
}

// metricValues keeps metrics in their documented order; a nil value is a
// metric undefined on the data and prints as null.
type metricValues struct {
	names  []string
	values []*float64
}

// sliceKey is an ordered column -> value map.
type sliceKey struct {
	cols, vals []string
}

func (ev *evaluator) run(file string, stdin io.Reader) (*evalResult, error) {
	c := ev.cfg
	format := dataio.FormatOf(file)
	if c.inputFormat != "" {
		format = dataio.Format(c.inputFormat)
	}
	if format != dataio.CSV && format != dataio.JSONL {
		if file == "-" {
			return nil, errors.New("eval: reading standard input: name its format with --input-format csv|jsonl")
		}
		return nil, fmt.Errorf("%s: cannot tell the format from the name: use .csv, .jsonl or .ndjson (optionally .gz), or --input-format", file)
	}
	rc, err := dataio.Open(file, stdin)
	if err != nil {
		return nil, err
	}
	defer rc.Close()

	cols := []string{c.label}
	cols = append(cols, c.scores...)
	weightCol := -1
	if c.weight != "" {
		weightCol = len(cols)
		cols = append(cols, c.weight)
	}
	sliceCol := len(cols)
	cols = append(cols, c.slices...)
	tr, err := dataio.NewTableReader(rc, file, format, cols)
	if err != nil {
		return nil, err
	}

	var overall *accSet
	groups := map[string]*accSet{}
	var groupKeys []string
	probs := make([]float64, 0, 16)
	keyBuf := strings.Builder{}
	for tr.Next() {
		w := 1.0
		if weightCol >= 0 {
			if w, err = tr.Float(weightCol); err != nil {
				return nil, err
			}
			if w < 0 {
				return nil, dataio.Errorf(file, tr.Line(), c.weight, "negative weight %v: weights must be >= 0", w)
			}
		}
		// Parse the row once; add it to the overall set and its slice's set.
		var label bool
		var class int
		var target, score float64
		switch c.task {
		case "binary":
			if label, err = tr.BinaryLabel(0); err != nil {
				return nil, err
			}
			if score, err = tr.Float(1); err != nil {
				return nil, err
			}
		case "regression":
			if target, err = tr.Float(0); err != nil {
				return nil, err
			}
			if score, err = tr.Float(1); err != nil {
				return nil, err
			}
		case "multiclass":
			if probs, err = ev.readProbs(tr, probs); err != nil {
				return nil, err
			}
			if class, err = ev.readClass(tr, len(probs)); err != nil {
				return nil, err
			}
		}
		if overall == nil {
			if ev.k == 0 {
				ev.k = len(probs)
			}
			if overall, err = ev.newAccSet(); err != nil {
				return nil, err
			}
		}
		sets := [2]*accSet{overall, nil}
		if len(c.slices) > 0 {
			keyBuf.Reset()
			for i := range c.slices {
				keyBuf.WriteString(tr.Value(sliceCol + i))
				keyBuf.WriteByte(0)
			}
			g, ok := groups[keyBuf.String()]
			if !ok {
				if g, err = ev.newAccSet(); err != nil {
					return nil, err
				}
				groups[keyBuf.String()] = g
				groupKeys = append(groupKeys, keyBuf.String())
			}
			sets[1] = g
		}
		for _, s := range sets {
			if s == nil {
				continue
			}
			s.n++
			s.weightSum += w
			for _, a := range s.binary {
				a.Add(label, score, w)
			}
			for _, a := range s.multi {
				a.Add(class, probs, w)
			}
			for _, a := range s.reg {
				a.Add(target, score, w)
			}
		}
	}
	if err := tr.Err(); err != nil {
		return nil, err
	}

	res := &evalResult{Task: c.task, N: overall.n, WeightSum: overall.weightSum}
	if res.Metrics, res.Warnings, err = ev.results(overall); err != nil {
		return nil, err
	}
	sort.Strings(groupKeys)
	for _, k := range groupKeys {
		g := groups[k]
		sr := sliceResult{N: g.n, WeightSum: g.weightSum}
		sr.Key.cols = c.slices
		sr.Key.vals = strings.Split(strings.TrimSuffix(k, "\x00"), "\x00")
		if sr.Metrics, sr.Warnings, err = ev.results(g); err != nil {
			return nil, err
		}
		res.Slices = append(res.Slices, sr)
	}
	return res, nil
}

func (ev *evaluator) readProbs(tr *dataio.TableReader, dst []float64) ([]float64, error) {
	c := ev.cfg
	if len(c.scores) == 1 {
		p, err := tr.FloatArray(1, dst)
		if err != nil {
			return nil, err
		}
		if ev.k != 0 && len(p) != ev.k {
			return nil, dataio.Errorf(c.file, tr.Line(), c.scores[0], "%d class scores, earlier rows have %d", len(p), ev.k)
		}
		if len(p) < 2 {
			return nil, dataio.Errorf(c.file, tr.Line(), c.scores[0], "%d class scores: want at least 2", len(p))
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

func (ev *evaluator) readClass(tr *dataio.TableReader, k int) (int, error) {
	s := strings.TrimSpace(tr.Value(0))
	if ev.classes != nil {
		if i, ok := ev.classes[s]; ok {
			return i, nil
		}
		return 0, dataio.Errorf(ev.cfg.file, tr.Line(), ev.cfg.label, "label %q is not one of --classes %s", s, ev.cfg.classes)
	}
	i, err := strconv.Atoi(s)
	if err != nil || i < 0 || i >= k {
		return 0, dataio.Errorf(ev.cfg.file, tr.Line(), ev.cfg.label, "expected a class index 0..%d (or name the classes with --classes), got %q", k-1, s)
	}
	return i, nil
}

// results reads every accumulator: undefined metrics become null plus a
// warning; any other error (bad data the accumulator saw) stops the command.
func (ev *evaluator) results(s *accSet) (metricValues, []string, error) {
	mv := metricValues{names: ev.names}
	var warnings []string
	for i, name := range ev.names {
		var v float64
		var err error
		switch {
		case s.binary != nil:
			v, err = s.binary[i].Result()
		case s.multi != nil:
			v, err = s.multi[i].Result()
		default:
			v, err = s.reg[i].Result()
		}
		var ue *metrics.UndefinedError
		switch {
		case errors.As(err, &ue):
			mv.values = append(mv.values, nil)
			warnings = append(warnings, fmt.Sprintf("%s is undefined: %s", name, ue.Reason))
		case err != nil:
			return mv, nil, fmt.Errorf("%s: %s: %v", ev.cfg.file, name, err)
		default:
			v := v
			mv.values = append(mv.values, &v)
		}
	}
	return mv, warnings, nil
}
