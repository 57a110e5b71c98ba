package evaluate

import (
	"errors"
	"slices"

	"github.com/mltest/mltest/internal/radix"

	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/stats"
)

// interval fills v's interval for metric i over g's rows:
//   - an unweighted, unclustered, exact ROC AUC gets DeLong's interval;
//   - everything else a percentile bootstrap of the metric (by cluster when
//     the rows carry clusters), with a row drawn k times weighing k times its
//     weight, so weighted metrics resample correctly.
//
// The binary task's rows are resampled in descending score order
// (rowStore.sortByScore), so that the rank metrics read the resample's
// multiplicities in order. Every metric of a group is resampled with the same seed, so the resamples
// are the same rows for every metric; they are drawn once for all of them
// (stats.BootstrapEach), on the first call for g, which computes every
// metric's interval.
func (e *Evaluator) interval(g *group, i int, v *Value) error {
	if g.intervals == nil {
		e.computeIntervals(g)
	}
	r := g.intervals[i]
	if r.err != nil {
		return r.err
	}
	v.HasInterval, v.Lo, v.Hi, v.Method = true, r.lo, r.hi, r.method
	return nil
}

// metricInterval is one metric's interval over a group, or why it has none.
type metricInterval struct {
	lo, hi float64
	method string
	err    error
}

// computeIntervals fills g.intervals: DeLong's where it applies, one
// bootstrap (stats.BootstrapEach) for the rest.
func (e *Evaluator) computeIntervals(g *group) {
	s := g.rows
	iv := e.opt.Intervals
	g.intervals = make([]metricInterval, len(e.names))
	statistics := make([]func([]float64) (float64, error), 0, len(e.names))
	var want []int // the metrics to bootstrap
	for i, name := range e.names {
		if e.opt.Task == Binary && name == "roc_auc" && g.unit && !e.opt.Clustered && e.opt.BoundedAUC == 0 {
			res, err := stats.DeLongInterval(s.boolLabels(), s.scores, iv.Level)
			if err == nil {
				g.intervals[i] = metricInterval{lo: res.Lo, hi: res.Hi, method: "delong"}
				continue
			}
			// DeLong needs two rows of each class; the bootstrap it is.
		}
		want = append(want, i)
	}
	if len(want) == 0 {
		return
	}
	if e.opt.Task == Binary {
		s.sortByScore() // after DeLong, whose sums follow the rows' order
	}
	var boot []int // the metrics bootstrapped, parallel to statistics
	for _, i := range want {
		stat, err := e.statistic(e.names[i], s)
		if err != nil {
			g.intervals[i].err = err
			continue
		}
		statistics = append(statistics, stat)
		boot = append(boot, i)
	}
	if len(statistics) == 0 {
		return
	}
	opt := stats.BootstrapOptions{Level: iv.Level, Resamples: iv.Resamples, Seed: iv.Seed}
	method := "bootstrap"
	if e.opt.Clustered {
		opt.Clusters = s.clusters
		method = "cluster bootstrap"
	}
	ivs, errs := stats.BootstrapEach(len(s.weights), statistics, opt)
	for k, i := range boot {
		g.intervals[i] = metricInterval{lo: ivs[k].Lo, hi: ivs[k].Hi, method: method, err: errs[k]}
	}
}

// statistic returns the metric as a function of bootstrap multiplicities.
func (e *Evaluator) statistic(name string, s *rowStore) (func(mult []float64) (float64, error), error) {
	n := len(s.weights)
	if e.opt.Task == Binary && name == "roc_auc" && e.opt.BoundedAUC == 0 {
		return stats.ROCAUCStatistic(s.boolLabels(), s.scores, s.weights)
	}
	if e.opt.Task == Binary && (e.opt.BoundedAUC == 0 || name != "roc_auc" && name != "average_precision") {
		// The exact accumulator's value on every resample, with what does
		// not depend on the resample (the sort, a row's loss) done once.
		return metrics.BinaryStatistic(name, e.opt.Binary, s.boolLabels(), s.scores, s.weights)
	}
	k := len(s.scores) / max(n, 1)
	return func(mult []float64) (float64, error) {
		switch e.opt.Task {
		case Binary:
			a, err := newBinary(name, e.opt)
			if err != nil {
				return 0, err
			}
			for j, m := range mult {
				if m != 0 {
					a.Add(s.labels[j] == 1, s.scores[j], s.weights[j]*m)
				}
			}
			return a.Result()
		case Multiclass:
			a, err := metrics.NewMulticlassAccumulator(name, metrics.MulticlassOptions{Classes: e.k, K: e.opt.TopK})
			if err != nil {
				return 0, err
			}
			for j, m := range mult {
				if m != 0 {
					a.Add(int(s.labels[j]), s.scores[j*k:(j+1)*k], s.weights[j]*m)
				}
			}
			return a.Result()
		default:
			a, err := metrics.NewRegressionAccumulator(name)
			if err != nil {
				return 0, err
			}
			for j, m := range mult {
				if m != 0 {
					a.Add(s.labels[j], s.scores[j], s.weights[j]*m)
				}
			}
			return a.Result()
		}
	}, nil
}

// boolLabels returns the binary labels as booleans, made once for every
// metric's statistic.
// sortByScore puts the rows in descending score order, equal scores in the
// order they came (a stable sort), and remembers it, so that the rank
// metrics' statistics (ROC AUC, average precision), which walk the rows in
// score order, read the bootstrap multiplicities in order too: on a million
// rows, reading them in the scores' random order cost more than the
// metrics. The rows' order changes nothing but which row a draw of the
// resampler lands on (and the order of the floating-point sums), so an
// interval is as valid as before; the resamples are still the same rows
// for every metric of the group.
func (s *rowStore) sortByScore() {
	n := len(s.scores)
	if s.sortedByScore || n < 2 {
		s.sortedByScore = true
		return
	}
	rows := make([]radix.Row, n)
	for i, sc := range s.scores {
		rows[i] = radix.Row{Key: ^radix.ScoreKey(sc), Payload: uint64(i)} // descending, stable
	}
	rows = radix.Sort(rows, make([]radix.Row, n))
	permute(s.labels, rows)
	permute(s.scores, rows)
	permute(s.weights, rows)
	if s.clusters != nil {
		permute(s.clusters, rows)
	}
	s.bools = nil
	s.sortedByScore = true
}

// permute reorders xs so that xs[k] is the old xs[order[k].Payload].
func permute[T any](xs []T, order []radix.Row) {
	if len(xs) != len(order) {
		return // a column not kept (nil weights)
	}
	old := slices.Clone(xs)
	for k, r := range order {
		xs[k] = old[r.Payload]
	}
}

func (s *rowStore) boolLabels() []bool {
	if len(s.bools) != len(s.labels) {
		s.bools = make([]bool, len(s.labels))
		for i, l := range s.labels {
			s.bools[i] = l == 1
		}
	}
	return s.bools
}

// isClusterError reports whether err is the bootstrap's refusal of a single
// cluster, which makes a clustered interval impossible for the whole data.
func isClusterError(err error) bool {
	return errors.Is(err, stats.ErrTooFewUnits)
}
