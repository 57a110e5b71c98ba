package metrics

import (
	"fmt"
	"math"
	"strings"
)

// BinaryMetricNames returns the names of the binary-classification metrics in
// the order the mltest CLI reports them.
func BinaryMetricNames() []string {
	return []string{"roc_auc", "average_precision", "log_loss", "brier", "accuracy",
		"precision", "recall", "f1", "mcc", "ece"}
}

// BinaryOptions configures the binary accumulators. Start from
// DefaultBinaryOptions: the zero value thresholds at 0, which predicts every
// non-negative score positive.
type BinaryOptions struct {
	// Threshold for the hard-label metrics (accuracy, precision, recall, f1,
	// mcc): a row is predicted positive iff score >= Threshold, used as given.
	Threshold float64
	// Bins is the number of equal-width bins of ece; 0 means 15.
	Bins int
}

// DefaultBinaryOptions returns scikit-learn's conventions: threshold 0.5 (as
// predict on a probability), 15 ECE bins.
func DefaultBinaryOptions() BinaryOptions {
	return BinaryOptions{Threshold: 0.5, Bins: DefaultECEBins}
}

// NewBinaryAccumulator returns an empty accumulator of the named binary
// metric (one of BinaryMetricNames); an unknown name is an error listing the
// valid ones. The threshold is used as given; a zero Bins means 15, negative
// Bins and a NaN threshold are errors.
func NewBinaryAccumulator(name string, opt BinaryOptions) (BinaryAccumulator, error) {
	if math.IsNaN(opt.Threshold) {
		return nil, fmt.Errorf("metrics: threshold is NaN")
	}
	if opt.Bins == 0 {
		opt.Bins = DefaultECEBins
	}
	switch name {
	case "roc_auc", "average_precision":
		return newRankAccumulator(name), nil
	case "log_loss":
		return &logLossAccumulator{}, nil
	case "brier":
		return &brierAccumulator{}, nil
	case "accuracy", "precision", "recall", "f1", "mcc":
		return &confusionAccumulator{name: name, threshold: opt.Threshold}, nil
	case "ece":
		if opt.Bins < 1 {
			return nil, fmt.Errorf("metrics: ece needs Bins >= 1, got %d", opt.Bins)
		}
		return newECEAccumulator(opt.Bins), nil
	}
	return nil, unknownMetric("binary", name, BinaryMetricNames())
}

// MulticlassMetricNames returns the names of the multiclass metrics in the
// order the mltest CLI reports them.
func MulticlassMetricNames() []string {
	return []string{"accuracy", "log_loss", "macro_f1", "micro_f1", "weighted_f1",
		"top_k_accuracy", "roc_auc_ovr"}
}

// MulticlassOptions configures the multiclass accumulators.
type MulticlassOptions struct {
	// Classes is K, the number of classes (scores per row); at least 2.
	Classes int
	// K is the k of top_k_accuracy; 0 means 2, scikit-learn's default.
	K int
}

// NewMulticlassAccumulator returns an empty accumulator of the named
// multiclass metric (one of MulticlassMetricNames). An unknown name, Classes
// < 2 or K < 0 is an error.
func NewMulticlassAccumulator(name string, opt MulticlassOptions) (MulticlassAccumulator, error) {
	if opt.K == 0 {
		opt.K = 2
	}
	var a multiclassRows
	switch name {
	case "accuracy":
		a = &multiclassAccuracyAccumulator{}
	case "log_loss":
		a = &multiclassLogLossAccumulator{}
	case "macro_f1", "micro_f1", "weighted_f1":
		a = &f1Accumulator{average: name}
	case "top_k_accuracy":
		if opt.K < 1 {
			return nil, fmt.Errorf("metrics: top_k_accuracy needs K >= 1, got %d", opt.K)
		}
		a = &topKAccuracyAccumulator{k: opt.K}
	case "roc_auc_ovr":
		a = &rocAUCOVRAccumulator{}
	default:
		return nil, unknownMetric("multiclass", name, MulticlassMetricNames())
	}
	if opt.Classes < 2 {
		return nil, fmt.Errorf("metrics: %s needs Classes >= 2, got %d", name, opt.Classes)
	}
	a.setClasses(opt.Classes)
	return a, nil
}

// RegressionMetricNames returns the names of the regression metrics in the
// order the mltest CLI reports them.
func RegressionMetricNames() []string {
	return []string{"mse", "rmse", "mae", "r2", "mape", "explained_variance"}
}

// NewRegressionAccumulator returns an empty accumulator of the named
// regression metric (one of RegressionMetricNames).
func NewRegressionAccumulator(name string) (RegressionAccumulator, error) {
	for _, n := range RegressionMetricNames() {
		if n == name {
			return newRegressionAccumulator(name), nil
		}
	}
	return nil, unknownMetric("regression", name, RegressionMetricNames())
}

func unknownMetric(task, name string, valid []string) error {
	return fmt.Errorf("metrics: unknown %s metric %q, want one of: %s", task, name, strings.Join(valid, ", "))
}
