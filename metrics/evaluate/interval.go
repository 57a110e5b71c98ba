package evaluate

import (
	"errors"

	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/stats"
)

// interval fills v's interval for metric i over g's rows:
//   - an unweighted, unclustered, exact ROC AUC gets DeLong's interval;
//   - everything else a percentile bootstrap of the metric (by cluster when
//     the rows carry clusters), with a row drawn k times weighing k times its
//     weight, so weighted metrics resample correctly.
//
// Every metric of a group is resampled with the same seed, so the resamples
// are the same rows for every metric.
func (e *Evaluator) interval(g *group, i int, v *Value) error {
	s := g.rows
	n := len(s.weights)
	name := e.names[i]
	iv := e.opt.Intervals
	if e.opt.Task == Binary && name == "roc_auc" && g.unit && !e.opt.Clustered && e.opt.BoundedAUC == 0 {
		labels := boolLabels(s.labels)
		res, err := stats.DeLongInterval(labels, s.scores, iv.Level)
		if err == nil {
			v.HasInterval, v.Lo, v.Hi, v.Method = true, res.Lo, res.Hi, "delong"
			return nil
		}
		// DeLong needs two rows of each class; fall through to the bootstrap.
	}
	opt := stats.BootstrapOptions{Level: iv.Level, Resamples: iv.Resamples, Seed: iv.Seed}
	method := "bootstrap"
	if e.opt.Clustered {
		opt.Clusters = s.clusters
		method = "cluster bootstrap"
	}
	stat, err := e.statistic(name, s)
	if err != nil {
		return err
	}
	res, err := stats.Bootstrap(n, stat, opt)
	if err != nil {
		return err
	}
	v.HasInterval, v.Lo, v.Hi, v.Method = true, res.Lo, res.Hi, method
	return nil
}

// statistic returns the metric as a function of bootstrap multiplicities.
func (e *Evaluator) statistic(name string, s *rowStore) (func(mult []float64) (float64, error), error) {
	n := len(s.weights)
	if e.opt.Task == Binary && name == "roc_auc" && e.opt.BoundedAUC == 0 {
		return stats.ROCAUCStatistic(boolLabels(s.labels), s.scores, s.weights)
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

func boolLabels(labels []float64) []bool {
	b := make([]bool, len(labels))
	for i, l := range labels {
		b[i] = l == 1
	}
	return b
}

// isClusterError reports whether err is the bootstrap's refusal of a single
// cluster, which makes a clustered interval impossible for the whole data.
func isClusterError(err error) bool {
	return errors.Is(err, stats.ErrTooFewUnits)
}
