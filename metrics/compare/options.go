package compare

import (
	"fmt"
	"math"
)

// Options configures a comparison. Start from DefaultOptions: zero Level,
// Resamples, Trials, Alpha and MinSliceSupport mean their defaults, but a
// zero Threshold is used as given (it predicts every non-negative score
// positive), as in metrics.BinaryOptions.
type Options struct {
	// Level is the confidence level of every interval; 0 means 0.95.
	Level float64
	// Resamples is the number of paired bootstrap resamples; 0 means 1000.
	Resamples int
	// Trials is the number of random sign flips of the randomization test
	// of ranking measures; 0 means 10000.
	Trials int
	// Seed seeds every bootstrap and randomization test.
	Seed uint64
	// Alpha is the significance level of the gate; 0 means 0.05.
	Alpha float64
	// MinSliceSupport is the number of rows (ranking: queries) below which
	// a slice is reported but not gated; 0 means 30.
	MinSliceSupport int
	// MaxRegression maps a metric name to the regression it may show before
	// the gate fails (see Report.Gates). Every name must be a compared
	// metric; a delta must be finite and >= 0 (0 gates on significance
	// alone).
	MaxRegression map[string]float64

	// Threshold of the binary hard-label metrics (accuracy, precision,
	// recall, f1, mcc): predicted positive iff score >= Threshold.
	Threshold float64
	// ECEBins is the number of equal-width bins of ece; 0 means 15.
	ECEBins int
	// TopK is the k of multiclass top_k_accuracy; 0 means 2.
	TopK int
}

// DefaultOptions returns the options of the mltest CLI's defaults: 95%
// intervals, 1000 resamples, 10000 randomization trials, seed 1, alpha 0.05,
// slices gated from 30 rows, threshold 0.5, 15 ECE bins, top-2 accuracy.
func DefaultOptions() Options {
	return Options{Level: 0.95, Resamples: 1000, Trials: 10000, Seed: 1, Alpha: 0.05,
		MinSliceSupport: 30, Threshold: 0.5, ECEBins: 15, TopK: 2}
}

// Check reports values out of range when each is taken as given, as
// mltest compare gives every one of them (its messages name the flags): a
// Level or Alpha outside (0, 1), fewer than 1 resample or trial, a
// MinSliceSupport below 1. The engine itself reads a zero Level, Alpha,
// Resamples, Trials or MinSliceSupport as the default.
func (o Options) Check() error {
	switch {
	case !(o.Level > 0 && o.Level < 1):
		return fmt.Errorf("--ci %v: want a level between 0 and 1, such as 0.95", o.Level)
	case !(o.Alpha > 0 && o.Alpha < 1):
		return fmt.Errorf("--alpha %v: want a level between 0 and 1, such as 0.05", o.Alpha)
	case o.Resamples < 1 || o.Trials < 1:
		return fmt.Errorf("--bootstrap %d, --trials %d: want at least 1", o.Resamples, o.Trials)
	case o.MinSliceSupport < 1:
		return fmt.Errorf("--min-slice-n %d: want at least 1", o.MinSliceSupport)
	}
	return nil
}

func (o Options) withDefaults() (Options, error) {
	if o.Level == 0 {
		o.Level = 0.95
	}
	if !(o.Level > 0 && o.Level < 1) {
		return o, fmt.Errorf("compare: confidence level %v outside (0, 1)", o.Level)
	}
	if o.Resamples == 0 {
		o.Resamples = 1000
	}
	if o.Trials == 0 {
		o.Trials = 10000
	}
	if o.Resamples < 0 || o.Trials < 0 {
		return o, fmt.Errorf("compare: negative number of resamples (%d) or trials (%d)", o.Resamples, o.Trials)
	}
	if o.Alpha == 0 {
		o.Alpha = 0.05
	}
	if !(o.Alpha > 0 && o.Alpha < 1) {
		return o, fmt.Errorf("compare: alpha %v outside (0, 1)", o.Alpha)
	}
	if o.MinSliceSupport == 0 {
		o.MinSliceSupport = 30
	}
	if o.ECEBins == 0 {
		o.ECEBins = 15
	}
	if o.TopK == 0 {
		o.TopK = 2
	}
	if math.IsNaN(o.Threshold) {
		return o, fmt.Errorf("compare: threshold is NaN")
	}
	for name, d := range o.MaxRegression {
		if math.IsNaN(d) || math.IsInf(d, 0) || d < 0 {
			return o, fmt.Errorf("compare: max regression of %s is %v: want a finite number >= 0", name, d)
		}
	}
	return o, nil
}

// Rows describes the rows both models were evaluated on, beyond labels and
// scores. Each non-nil slice holds one value per row.
type Rows struct {
	// Weights are sample weights (>= 0, finite); nil means all 1. Weighted
	// rows use the paired bootstrap for every metric.
	Weights []float64
	// Clusters groups dependent rows (the events of one user): rows sharing
	// a value are resampled together. nil means independent rows; with
	// clusters every metric uses the clustered paired bootstrap, and at
	// least 2 distinct clusters are needed.
	Clusters []int
	// Slices holds each row's slice key; nil means no slices. Slices are
	// reported in increasing key order.
	Slices []string
	// Locate names row i of the baseline's (or the candidate's)
	// predictions in warnings, "base.csv:3"; nil: "baseline row i".
	Locate func(i int, candidate bool) string
}

func (r Rows) check(n int) {
	if (r.Weights != nil && len(r.Weights) != n) || (r.Clusters != nil && len(r.Clusters) != n) ||
		(r.Slices != nil && len(r.Slices) != n) {
		panic("compare: slice length mismatch")
	}
}
