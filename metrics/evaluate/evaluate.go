package evaluate

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/mltest/mltest/metrics"
)

// Task is the kind of prediction.
type Task string

// The tasks and their metrics (metrics.BinaryMetricNames and the like).
const (
	Binary     Task = "binary"     // Label 0 or 1; Scores[0] the positive class's score
	Multiclass Task = "multiclass" // Label the class index; Scores one per class
	Regression Task = "regression" // Label the target; Scores[0] the prediction
)

// MetricNames returns the names of the task's metrics, in report order, or
// nil for an unknown task: the one place a task names its metrics.
func (t Task) MetricNames() []string {
	switch t {
	case Binary:
		return metrics.BinaryMetricNames()
	case Multiclass:
		return metrics.MulticlassMetricNames()
	case Regression:
		return metrics.RegressionMetricNames()
	}
	return nil
}

// CheckMetricNames returns nil when the task knows every name, else an error
// naming the first unknown one and listing the known ones.
func (t Task) CheckMetricNames(names []string) error {
	all := t.MetricNames()
	if all == nil {
		return fmt.Errorf("task %q: want binary, multiclass or regression", t)
	}
	for _, n := range names {
		if !slices.Contains(all, n) {
			return fmt.Errorf("unknown %s metric %q; known: %s", t, n, strings.Join(all, " "))
		}
	}
	return nil
}

// DefaultMinSliceN is the support below which a slice is not gated.
const DefaultMinSliceN = 30

// Options configures an Evaluator. Start from DefaultOptions.
type Options struct {
	Task    Task
	Metrics []string // nil: every metric of the task, in the registry's order
	SliceBy []string // names of the slicing columns; Add takes their values

	Binary     metrics.BinaryOptions // threshold and ECE bins
	Classes    int                   // multiclass: K; 0 takes it from the first row
	TopK       int                   // multiclass: k of top_k_accuracy
	MinSliceN  int                   // slices with fewer rows are not gated
	Clustered  bool                  // rows carry a cluster id for the bootstrap
	Intervals  IntervalOptions
	BoundedAUC int // > 0: roc_auc and average_precision from a score histogram with this many key bits

	// Locate names a row in warnings from its Row.Line (flow.Eval gives
	// "data.csv:3", or "data.parquet row 3"). nil: "line N" for a row with
	// a Line, else "row N", N its 0-based position among the rows added.
	Locate func(line int) string
}

// IntervalOptions asks for confidence intervals. Level 0 means none.
type IntervalOptions struct {
	Level     float64 // e.g. 0.95
	Resamples int     // bootstrap resamples, e.g. 1000
	Seed      uint64  // every resample derives from it
}

// DefaultOptions returns scikit-learn's conventions for task: threshold 0.5,
// 15 ECE bins, top-2 accuracy, and the default minimum slice support.
func DefaultOptions(task Task) Options {
	return Options{Task: task, Binary: metrics.DefaultBinaryOptions(), TopK: 2, MinSliceN: DefaultMinSliceN}
}

// Row is one prediction.
type Row struct {
	Label   float64   // binary 0/1, multiclass class index, regression target
	Scores  []float64 // binary and regression: one value; multiclass: K values (copied)
	Weight  float64   // sample weight (use 1 for none)
	Cluster int       // cluster id, used when Options.Clustered
	Line    int       // the row's line in its source, for warnings (0: unknown)
}

// Evaluator accumulates rows, overall and per slice.
type Evaluator struct {
	opt     Options
	names   []string
	k       int // multiclass classes, 0 until known
	rows    int // rows added, naming a row without a Line
	overall *group
	slices  map[string]*group
}

// group is the state of the rows of one slice (or of all rows).
type group struct {
	key       []string
	n         int
	weightSum float64
	unit      bool // every weight so far is 1
	binary    []metrics.BinaryAccumulator
	multi     []metrics.MulticlassAccumulator
	reg       []metrics.RegressionAccumulator
	rows      *rowStore        // kept only when intervals are asked for
	intervals []metricInterval // computed on the first interval asked for
	// unfit is the first row whose scores break a score requirement of
	// some metrics of the group (metrics.NeedsProbabilities,
	// metrics.NeedsDistributions), and how many do; those metrics alone
	// are undefined.
	needsUnfit bool
	unfit      unfitRows
}

// rowStore keeps a group's rows for resampling.
type rowStore struct {
	labels, scores, weights []float64
	clusters                []int
	bools                   []bool // binary labels, made for the intervals (boolLabels)
	sortedByScore           bool   // the rows are in descending score order (sortByScore)
}

// New returns an empty Evaluator, or an error for an unknown task or metric.
func New(opt Options) (*Evaluator, error) {
	all := opt.Task.MetricNames()
	if all == nil {
		return nil, fmt.Errorf("evaluate: task %q: want binary, multiclass or regression", opt.Task)
	}
	if opt.Task == Multiclass && opt.TopK < 1 {
		return nil, fmt.Errorf("evaluate: top-k needs k >= 1, got %d", opt.TopK)
	}
	names := opt.Metrics
	if names == nil {
		names = all
	}
	if err := opt.Task.CheckMetricNames(names); err != nil {
		return nil, err
	}
	if iv := opt.Intervals; iv.Level != 0 && (iv.Level <= 0 || iv.Level >= 1 || iv.Resamples < 1) {
		return nil, fmt.Errorf("evaluate: interval level %v and %d resamples: want a level in (0, 1) and at least 1 resample", iv.Level, iv.Resamples)
	}
	e := &Evaluator{opt: opt, names: names, k: opt.Classes, slices: map[string]*group{}}
	return e, nil
}

// Metrics returns the metric names, in report order.
func (e *Evaluator) Metrics() []string { return e.names }

func (e *Evaluator) newGroup(key []string) (*group, error) {
	g := &group{key: key, unit: true}
	for _, name := range e.names {
		g.needsUnfit = g.needsUnfit || e.opt.Task.HasScoreRequirement(name)
	}
	if e.opt.Intervals.Level != 0 {
		g.rows = &rowStore{}
	}
	for _, name := range e.names {
		switch e.opt.Task {
		case Binary:
			a, err := newBinary(name, e.opt)
			if err != nil {
				return nil, err
			}
			g.binary = append(g.binary, a)
		case Multiclass:
			a, err := metrics.NewMulticlassAccumulator(name, metrics.MulticlassOptions{Classes: e.k, K: e.opt.TopK})
			if err != nil {
				return nil, err
			}
			g.multi = append(g.multi, a)
		case Regression:
			a, err := metrics.NewRegressionAccumulator(name)
			if err != nil {
				return nil, err
			}
			g.reg = append(g.reg, a)
		}
	}
	// ROC AUC and average precision keep one store of rows between them.
	metrics.ShareRows(g.binary)
	return g, nil
}

// Add records one row, with the values of the Options.SliceBy columns (nil
// when there are none). For multiclass, the first row fixes K unless
// Options.Classes does; a row with another number of scores is an error.
func (e *Evaluator) Add(slice []string, r Row) error {
	if len(slice) != len(e.opt.SliceBy) {
		panic(fmt.Sprintf("evaluate: %d slice values for %d slicing columns", len(slice), len(e.opt.SliceBy)))
	}
	if e.opt.Task == Multiclass {
		if e.k == 0 {
			e.k = len(r.Scores)
		}
		if len(r.Scores) != e.k {
			return fmt.Errorf("%d class scores, earlier rows have %d", len(r.Scores), e.k)
		}
	}
	if e.overall == nil {
		g, err := e.newGroup(nil)
		if err != nil {
			return err
		}
		e.overall = g
	}
	pos := e.rows
	e.rows++
	e.overall.add(r, pos, e.opt)
	if len(slice) > 0 {
		key := strings.Join(slice, "\x00")
		g, ok := e.slices[key]
		if !ok {
			var err error
			if g, err = e.newGroup(append([]string(nil), slice...)); err != nil {
				return err
			}
			e.slices[key] = g
		}
		g.add(r, pos, e.opt)
	}
	return nil
}

// add records row r, the pos-th (0-based) added to the evaluator.
func (g *group) add(r Row, pos int, opt Options) {
	clustered := opt.Clustered
	if g.needsUnfit {
		g.unfit.check(opt.Task, r, pos)
	}
	g.n++
	g.weightSum += r.Weight
	if r.Weight != 1 {
		g.unit = false
	}
	for _, a := range g.binary {
		a.Add(r.Label == 1, r.Scores[0], r.Weight)
	}
	for _, a := range g.multi {
		a.Add(int(r.Label), r.Scores, r.Weight)
	}
	for _, a := range g.reg {
		a.Add(r.Label, r.Scores[0], r.Weight)
	}
	if s := g.rows; s != nil {
		s.labels = append(s.labels, r.Label)
		s.sortedByScore = false
		s.scores = append(s.scores, r.Scores...)
		s.weights = append(s.weights, r.Weight)
		if clustered {
			s.clusters = append(s.clusters, r.Cluster)
		}
	}
}

// Merge folds other, built with the same Options over other rows, into e.
// Merging shards in a fixed order gives the same report whatever the number
// of shards' workers. Multiclass shards with different K are an error.
func (e *Evaluator) Merge(other *Evaluator) error {
	if other.overall == nil {
		return nil
	}
	if e.opt.Task == Multiclass && e.k != 0 && other.k != 0 && e.k != other.k {
		return fmt.Errorf("rows with %d and with %d class scores", e.k, other.k)
	}
	if e.k == 0 {
		e.k = other.k
	}
	e.rows += other.rows
	if e.overall == nil {
		e.overall, e.slices = other.overall, other.slices
		return nil
	}
	e.overall.merge(other.overall)
	for key, og := range other.slices {
		if g, ok := e.slices[key]; ok {
			g.merge(og)
		} else {
			e.slices[key] = og
		}
	}
	return nil
}

func (g *group) merge(o *group) {
	g.n += o.n
	g.weightSum += o.weightSum
	g.unit = g.unit && o.unit
	for i := range g.binary {
		g.binary[i].Merge(o.binary[i])
	}
	for i := range g.multi {
		g.multi[i].Merge(o.multi[i])
	}
	for i := range g.reg {
		g.reg[i].Merge(o.reg[i])
	}
	g.unfit.merge(o.unfit)
	if s, os := g.rows, o.rows; s != nil {
		s.labels = append(s.labels, os.labels...)
		s.sortedByScore = false
		s.scores = append(s.scores, os.scores...)
		s.weights = append(s.weights, os.weights...)
		s.clusters = append(s.clusters, os.clusters...)
	}
}

// Report is the result of an evaluation.
type Report struct {
	Task    Task
	Metrics []string // names, parallel to every Group's Values
	SliceBy []string
	Level   float64 // interval level, 0 without intervals
	Overall Group
	Slices  []Group // in order of their keys
}

// Group is the result over one set of rows: all of them, or one slice.
type Group struct {
	Key       []string // slice values, parallel to Report.SliceBy; nil overall
	N         int
	WeightSum float64
	Gated     bool // N >= MinSliceN (always true overall)
	Values    []Value
	Warnings  []string
}

// Value is one metric over one group.
type Value struct {
	Value   float64 // NaN when not Defined
	Defined bool    // false: the metric has no value on these rows; see Reason
	Reason  string  // why it is undefined

	HasInterval bool
	Lo, Hi      float64
	Method      string // "delong", "bootstrap" or "cluster bootstrap"

	// MaxError bounds |Value - exact value| for the bounded-memory AUC and AP
	// (Options.BoundedAUC); 0 for exact metrics.
	MaxError float64
}

// ErrNoRows is returned by Report when no row was added.
var ErrNoRows = errors.New("evaluate: no rows")

// Report computes every metric for the overall rows and each slice. A metric
// undefined on a group is a Value with Defined false, not an error; an error
// is bad data an accumulator saw (a NaN score, a negative weight) or a
// clustered interval over a single cluster.
func (e *Evaluator) Report() (*Report, error) {
	if e.overall == nil {
		return nil, ErrNoRows
	}
	rep := &Report{Task: e.opt.Task, Metrics: e.names, SliceBy: e.opt.SliceBy, Level: e.opt.Intervals.Level}
	var err error
	if rep.Overall, err = e.result(e.overall, true); err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(e.slices))
	for k := range e.slices {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		g, err := e.result(e.slices[k], false)
		if err != nil {
			return nil, err
		}
		rep.Slices = append(rep.Slices, g)
	}
	return rep, nil
}

func (e *Evaluator) result(g *group, overall bool) (Group, error) {
	out := Group{Key: g.key, N: g.n, WeightSum: g.weightSum, Gated: overall || g.n >= e.opt.MinSliceN}
	if math.IsInf(g.weightSum, 0) {
		out.Warnings = append(out.Warnings, "weight_sum: the total weight exceeds the float64 range (1.8e308); the metrics are computed with scaled weights")
	}
	for i, name := range e.names {
		var v Value
		var err error
		switch {
		case g.binary != nil:
			v.Value, v.MaxError, err = binaryResult(g.binary[i])
		case g.multi != nil:
			v.Value, err = g.multi[i].Result()
		default:
			v.Value, err = g.reg[i].Result()
		}
		if err == nil && (math.IsNaN(v.Value) || math.IsInf(v.Value, 0)) {
			err = &metrics.UndefinedError{Metric: name, Reason: fmt.Sprintf("not a finite number (%v): the exact value is beyond the float64 range", v.Value)}
		}
		if g.unfit.count > 0 && e.opt.Task.HasScoreRequirement(name) && (err == nil || errors.Is(err, metrics.ErrUndefined)) {
			err = &metrics.UndefinedError{Metric: name, Reason: g.unfit.reason(e.opt)}
		}
		var ue *metrics.UndefinedError
		switch {
		case errors.As(err, &ue):
			v.Value, v.Reason = math.NaN(), ue.Reason
			out.Warnings = append(out.Warnings, fmt.Sprintf("%s is undefined: %s", name, ue.Reason))
		case err != nil:
			return out, err
		default:
			v.Defined = true
		}
		if v.Defined && g.rows != nil {
			if werr := e.interval(g, i, &v); werr != nil {
				if overall && e.opt.Clustered && isClusterError(werr) {
					return out, werr
				}
				out.Warnings = append(out.Warnings, fmt.Sprintf("%s: no interval: %v", name, werr))
			}
		}
		out.Values = append(out.Values, v)
	}
	return out, nil
}

// binaryResult reads an accumulator, with its error bound when it has one.
func binaryResult(a metrics.BinaryAccumulator) (value, maxErr float64, err error) {
	if b, ok := a.(interface {
		ResultWithBound() (float64, float64, error)
	}); ok {
		return b.ResultWithBound()
	}
	value, err = a.Result()
	return value, 0, err
}

func newBinary(name string, opt Options) (metrics.BinaryAccumulator, error) {
	if opt.BoundedAUC > 0 {
		return newBoundedBinary(name, opt.Binary, opt.BoundedAUC)
	}
	return metrics.NewBinaryAccumulator(name, opt.Binary)
}
