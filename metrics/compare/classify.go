package compare

import (
	"fmt"

	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/stats"
)

// Binary compares two binary classifiers on the same rows: labels (true =
// positive) and each model's score of the positive class, one per row.
// names are metrics.BinaryMetricNames (nil: all of them). roc_auc uses
// DeLong's test and accuracy McNemar's (predicted positive iff score >=
// opt.Threshold) when rows are unweighted and unclustered; every other case
// the paired bootstrap, each resample evaluating the metric on the rows with
// weights w_i * mult_i. For speed, roc_auc and average_precision sort the
// scores once, the confusion-matrix metrics sum the resampled weights into
// the four cells, and log_loss and brier average per-row losses read once
// from the metric's accumulator; the rest call the accumulator on every
// resample. Each shortcut equals the accumulator's value (tests check it).
//
// Errors: an unknown metric, a non-finite score or weight, a negative
// weight, fewer than 2 rows or clusters, a MaxRegression metric not in
// names. Slices of different lengths panic.
func Binary(labels []bool, baseline, candidate []float64, rows Rows, names []string, opt Options) (*Report, error) {
	n := len(labels)
	if len(baseline) != n || len(candidate) != n {
		panic("compare: slice length mismatch")
	}
	rows.check(n)
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	if names == nil {
		names = metrics.BinaryMetricNames()
	}
	bopt := metrics.BinaryOptions{Threshold: opt.Threshold, Bins: opt.ECEBins}
	for _, name := range names {
		if _, err := metrics.NewBinaryAccumulator(name, bopt); err != nil {
			return nil, fmt.Errorf("compare: %w", err)
		}
	}
	if err := checkFinite("baseline score", baseline); err != nil {
		return nil, err
	}
	if err := checkFinite("candidate score", candidate); err != nil {
		return nil, err
	}
	if err := checkWeights(rows.Weights); err != nil {
		return nil, err
	}
	d := &binaryData{labels: labels, base: baseline, cand: candidate, weights: rows.Weights, clusters: rows.Clusters, opt: bopt, rows: rows}
	return compareAll("binary", d, rows.Slices, names, opt)
}

type binaryData struct {
	labels     []bool
	base, cand []float64
	weights    []float64
	clusters   []int
	opt        metrics.BinaryOptions
	rows       Rows // for Locate; its slices are those of the full data
}

func (d *binaryData) len() int   { return len(d.labels) }
func (d *binaryData) units() int { return countUnits(len(d.labels), d.clusters) }

func (d *binaryData) subset(idx []int) dataset {
	return &binaryData{labels: pick(d.labels, idx), base: pick(d.base, idx), cand: pick(d.cand, idx),
		weights: pick(d.weights, idx), clusters: pick(d.clusters, idx), opt: d.opt, rows: d.rows.subset(idx)}
}

func (d *binaryData) compare(name string, opt Options) (stats.Comparison, error) {
	if err := unfitBinary(name, d.rows, d.base, d.cand); err != nil {
		return stats.Comparison{}, err
	}
	plain := d.weights == nil && d.clusters == nil
	switch {
	case name == "roc_auc" && plain:
		return stats.DeLongTest(d.labels, d.base, d.cand, opt.Level)
	case name == "roc_auc":
		sb, err := stats.ROCAUCStatistic(d.labels, d.base, d.weights)
		if err != nil {
			return stats.Comparison{}, err
		}
		sc, err := stats.ROCAUCStatistic(d.labels, d.cand, d.weights)
		if err != nil {
			return stats.Comparison{}, err
		}
		return stats.PairedBootstrap(d.len(), sb, sc, bootstrapOptions(opt, d.clusters))
	case name == "average_precision":
		sb, err := averagePrecisionStatistic(d.labels, d.base, d.weights)
		if err != nil {
			return stats.Comparison{}, err
		}
		sc, err := averagePrecisionStatistic(d.labels, d.cand, d.weights)
		if err != nil {
			return stats.Comparison{}, err
		}
		return stats.PairedBootstrap(d.len(), sb, sc, bootstrapOptions(opt, d.clusters))
	case name == "accuracy" && plain:
		bc := make([]bool, d.len())
		cc := make([]bool, d.len())
		for i, y := range d.labels {
			bc[i] = (d.base[i] >= d.opt.Threshold) == y
			cc[i] = (d.cand[i] >= d.opt.Threshold) == y
		}
		r, err := stats.McNemar(bc, cc)
		if err != nil {
			return stats.Comparison{}, err
		}
		return r.Comparison(opt.Level), nil
	}
	switch name {
	case "accuracy", "precision", "recall", "f1", "mcc":
		return stats.PairedBootstrap(d.len(),
			confusionStatistic(name, d.labels, d.base, d.weights, d.opt.Threshold),
			confusionStatistic(name, d.labels, d.cand, d.weights, d.opt.Threshold),
			bootstrapOptions(opt, d.clusters))
	case "log_loss", "brier":
		lb, err := binaryRowLosses(name, d.opt, d.labels, d.base)
		if err != nil {
			return stats.Comparison{}, err
		}
		lc, err := binaryRowLosses(name, d.opt, d.labels, d.cand)
		if err != nil {
			return stats.Comparison{}, err
		}
		var labels []bool
		if name == "log_loss" {
			labels = d.labels
		}
		return stats.PairedBootstrap(d.len(), meanLossStatistic(name, lb, d.weights, labels),
			meanLossStatistic(name, lc, d.weights, labels), bootstrapOptions(opt, d.clusters))
	}
	return stats.PairedBootstrap(d.len(), d.statistic(name, d.base), d.statistic(name, d.cand), bootstrapOptions(opt, d.clusters))
}

// statistic evaluates the named accumulator on the rows with weights
// w_i * mult_i, skipping rows drawn 0 times.
func (d *binaryData) statistic(name string, scores []float64) func([]float64) (float64, error) {
	return func(mult []float64) (float64, error) {
		a, err := metrics.NewBinaryAccumulator(name, d.opt)
		if err != nil {
			return 0, err
		}
		for i, m := range mult {
			if m != 0 {
				a.Add(d.labels[i], scores[i], weightAt(d.weights, i)*m)
			}
		}
		return a.Result()
	}
}

// Multiclass compares two multiclass classifiers on the same rows: labels
// are class indices in [0, K), baseline[i] and candidate[i] the K class
// scores of row i (the same K for every row, K >= 2). names are
// metrics.MulticlassMetricNames (nil: all). accuracy (argmax, ties to the
// lowest class index, as metrics.MulticlassAccuracy) uses McNemar's test
// when rows are unweighted and unclustered; every other case the paired
// bootstrap. Errors and panics as Binary, plus a label outside [0, K) or a
// row with a different number of scores.
func Multiclass(labels []int, baseline, candidate [][]float64, rows Rows, names []string, opt Options) (*Report, error) {
	n := len(labels)
	if len(baseline) != n || len(candidate) != n {
		panic("compare: slice length mismatch")
	}
	rows.check(n)
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	if names == nil {
		names = metrics.MulticlassMetricNames()
	}
	k := 0
	if n > 0 {
		k = len(baseline[0])
	}
	mopt := metrics.MulticlassOptions{Classes: k, K: opt.TopK}
	for _, name := range names {
		if _, err := metrics.NewMulticlassAccumulator(name, mopt); err != nil {
			return nil, fmt.Errorf("compare: %w", err)
		}
	}
	for i, y := range labels {
		if y < 0 || y >= k {
			return nil, fmt.Errorf("compare: label %d at row %d: want a class index in [0, %d)", y, i, k)
		}
		for _, m := range [2]struct {
			what string
			p    []float64
		}{{"baseline", baseline[i]}, {"candidate", candidate[i]}} {
			if len(m.p) != k {
				return nil, fmt.Errorf("compare: %s row %d has %d class scores, row 0 has %d", m.what, i, len(m.p), k)
			}
			if err := checkFinite(fmt.Sprintf("%s score (row %d, class)", m.what, i), m.p); err != nil {
				return nil, err
			}
		}
	}
	if err := checkWeights(rows.Weights); err != nil {
		return nil, err
	}
	d := &multiclassData{labels: labels, base: baseline, cand: candidate, weights: rows.Weights, clusters: rows.Clusters, opt: mopt, rows: rows}
	return compareAll("multiclass", d, rows.Slices, names, opt)
}

type multiclassData struct {
	labels     []int
	base, cand [][]float64
	weights    []float64
	clusters   []int
	opt        metrics.MulticlassOptions
	rows       Rows // for Locate
}

func (d *multiclassData) len() int   { return len(d.labels) }
func (d *multiclassData) units() int { return countUnits(len(d.labels), d.clusters) }

func (d *multiclassData) subset(idx []int) dataset {
	return &multiclassData{labels: pick(d.labels, idx), base: pick(d.base, idx), cand: pick(d.cand, idx),
		weights: pick(d.weights, idx), clusters: pick(d.clusters, idx), opt: d.opt, rows: d.rows.subset(idx)}
}

func (d *multiclassData) compare(name string, opt Options) (stats.Comparison, error) {
	if err := unfitMulticlass(name, d.rows, d.base, d.cand); err != nil {
		return stats.Comparison{}, err
	}
	if name == "accuracy" && d.weights == nil && d.clusters == nil {
		bc := make([]bool, d.len())
		cc := make([]bool, d.len())
		for i, y := range d.labels {
			bc[i] = argmaxLowest(d.base[i]) == y
			cc[i] = argmaxLowest(d.cand[i]) == y
		}
		r, err := stats.McNemar(bc, cc)
		if err != nil {
			return stats.Comparison{}, err
		}
		return r.Comparison(opt.Level), nil
	}
	stat := func(probs [][]float64) func([]float64) (float64, error) {
		return func(mult []float64) (float64, error) {
			a, err := metrics.NewMulticlassAccumulator(name, d.opt)
			if err != nil {
				return 0, err
			}
			for i, m := range mult {
				if m != 0 {
					a.Add(d.labels[i], probs[i], weightAt(d.weights, i)*m)
				}
			}
			return a.Result()
		}
	}
	return stats.PairedBootstrap(d.len(), stat(d.base), stat(d.cand), bootstrapOptions(opt, d.clusters))
}

// argmaxLowest is the predicted class: the largest score, the lowest index
// on ties (numpy's argmax, metrics.MulticlassAccuracy's convention).
func argmaxLowest(p []float64) int {
	best := 0
	for j, v := range p {
		if v > p[best] {
			best = j
		}
	}
	return best
}

// Regression compares two regressors on the same rows: targets and each
// model's predictions. names are metrics.RegressionMetricNames (nil: all);
// every metric uses the paired bootstrap. Errors and panics as Binary.
func Regression(targets, baseline, candidate []float64, rows Rows, names []string, opt Options) (*Report, error) {
	n := len(targets)
	if len(baseline) != n || len(candidate) != n {
		panic("compare: slice length mismatch")
	}
	rows.check(n)
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	if names == nil {
		names = metrics.RegressionMetricNames()
	}
	for _, name := range names {
		if _, err := metrics.NewRegressionAccumulator(name); err != nil {
			return nil, fmt.Errorf("compare: %w", err)
		}
	}
	for _, x := range [3]struct {
		what string
		v    []float64
	}{{"target", targets}, {"baseline prediction", baseline}, {"candidate prediction", candidate}} {
		if err := checkFinite(x.what, x.v); err != nil {
			return nil, err
		}
	}
	if err := checkWeights(rows.Weights); err != nil {
		return nil, err
	}
	d := &regressionData{targets: targets, base: baseline, cand: candidate, weights: rows.Weights, clusters: rows.Clusters}
	return compareAll("regression", d, rows.Slices, names, opt)
}

type regressionData struct {
	targets, base, cand []float64
	weights             []float64
	clusters            []int
}

func (d *regressionData) len() int   { return len(d.targets) }
func (d *regressionData) units() int { return countUnits(len(d.targets), d.clusters) }

func (d *regressionData) subset(idx []int) dataset {
	return &regressionData{targets: pick(d.targets, idx), base: pick(d.base, idx), cand: pick(d.cand, idx),
		weights: pick(d.weights, idx), clusters: pick(d.clusters, idx)}
}

func (d *regressionData) compare(name string, opt Options) (stats.Comparison, error) {
	if meanLossMetrics[name] {
		lb, err := regressionRowLosses(name, d.targets, d.base)
		if err != nil {
			return stats.Comparison{}, err
		}
		lc, err := regressionRowLosses(name, d.targets, d.cand)
		if err != nil {
			return stats.Comparison{}, err
		}
		return stats.PairedBootstrap(d.len(), meanLossStatistic(name, lb, d.weights, nil),
			meanLossStatistic(name, lc, d.weights, nil), bootstrapOptions(opt, d.clusters))
	}
	stat := func(pred []float64) func([]float64) (float64, error) {
		return func(mult []float64) (float64, error) {
			a, err := metrics.NewRegressionAccumulator(name)
			if err != nil {
				return 0, err
			}
			for i, m := range mult {
				if m != 0 {
					a.Add(d.targets[i], pred[i], weightAt(d.weights, i)*m)
				}
			}
			return a.Result()
		}
	}
	return stats.PairedBootstrap(d.len(), stat(d.base), stat(d.cand), bootstrapOptions(opt, d.clusters))
}
