package mltestbeam

import (
	"fmt"
	"strings"

	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/evaluate"
)

// EvalSpec says what Evaluate computes. Its fields are exported because Beam
// ships the combiner, spec included, to the workers as JSON.
type EvalSpec struct {
	Task    evaluate.Task // binary, multiclass or regression
	Metrics []string      // nil: every metric of the task, in the registry's order
	SliceBy []string      // names of the slicing columns (Example.Slice is parallel)

	Threshold float64 // binary hard-label threshold; DefaultEvalSpec sets 0.5
	ECEBins   int     // 0 means 15
	Classes   int     // multiclass K, required: workers cannot learn it from a first row
	TopK      int     // multiclass k of top_k_accuracy; 0 means 2

	// BoundedAUC > 0 computes roc_auc and average_precision from a
	// metrics.ScoreHistogram of that many key bits: memory independent of
	// the rows, each value with its MaxError.
	BoundedAUC int

	Bootstrap BootstrapSpec
}

// BootstrapSpec asks for Poisson bootstrap intervals. Resamples 0 means none.
type BootstrapSpec struct {
	Level     float64 // e.g. 0.95
	Resamples int     // e.g. 200; each costs one more set of accumulators per group
	Seed      uint64
	Clustered bool // resample Example.Cluster instead of Example.ID
}

// DefaultEvalSpec returns scikit-learn's conventions for task: threshold 0.5,
// 15 ECE bins, top-2 accuracy, every metric.
func DefaultEvalSpec(task evaluate.Task) EvalSpec {
	return EvalSpec{Task: task, Threshold: 0.5, ECEBins: metrics.DefaultECEBins, TopK: 2}
}

// names returns the metrics to compute, checking spec; it is what every
// worker calls before making accumulators, so a bad spec fails at pipeline
// construction (Evaluate calls it too), never in the middle of a job.
func (s EvalSpec) names() ([]string, error) {
	var all []string
	switch s.Task {
	case evaluate.Binary:
		all = metrics.BinaryMetricNames()
	case evaluate.Multiclass:
		all = metrics.MulticlassMetricNames()
		if s.Classes < 2 {
			return nil, fmt.Errorf("mltestbeam: multiclass needs Classes >= 2, got %d", s.Classes)
		}
	case evaluate.Regression:
		all = metrics.RegressionMetricNames()
	default:
		return nil, fmt.Errorf("mltestbeam: task %q: want binary, multiclass or regression", s.Task)
	}
	names := s.Metrics
	if names == nil {
		names = all
	}
	for _, n := range names {
		found := false
		for _, a := range all {
			found = found || a == n
		}
		if !found {
			return nil, fmt.Errorf("mltestbeam: unknown %s metric %q; known: %s", s.Task, n, strings.Join(all, " "))
		}
	}
	if b := s.Bootstrap; b.Resamples < 0 || (b.Resamples > 0 && !(b.Level > 0 && b.Level < 1)) {
		return nil, fmt.Errorf("mltestbeam: bootstrap level %v with %d resamples: want a level in (0, 1)", b.Level, b.Resamples)
	}
	if _, err := s.newSet(names); err != nil {
		return nil, err
	}
	return names, nil
}

// newSet returns one empty accumulator per metric.
func (s EvalSpec) newSet(names []string) (accSet, error) {
	var set accSet
	for _, name := range names {
		switch s.Task {
		case evaluate.Binary:
			opt := metrics.BinaryOptions{Threshold: s.Threshold, Bins: s.ECEBins}
			var a metrics.BinaryAccumulator
			var err error
			if s.BoundedAUC > 0 {
				a, err = metrics.NewBoundedBinaryAccumulator(name, opt, s.BoundedAUC)
			} else {
				a, err = metrics.NewBinaryAccumulator(name, opt)
			}
			if err != nil {
				return accSet{}, err
			}
			set.binary = append(set.binary, a)
		case evaluate.Multiclass:
			k := s.TopK
			if k == 0 {
				k = 2
			}
			a, err := metrics.NewMulticlassAccumulator(name, metrics.MulticlassOptions{Classes: s.Classes, K: k})
			if err != nil {
				return accSet{}, err
			}
			set.multi = append(set.multi, a)
		case evaluate.Regression:
			a, err := metrics.NewRegressionAccumulator(name)
			if err != nil {
				return accSet{}, err
			}
			set.reg = append(set.reg, a)
		}
	}
	return set, nil
}
