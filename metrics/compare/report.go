package compare

import "github.com/mltest/mltest/metrics/stats"

// Report is the result of a comparison: what was compared, the comparison
// of each metric on all rows and on each slice, and the gate decisions.
type Report struct {
	Task  string  // "binary", "multiclass", "regression" or "ranking"
	N     int     // rows (ranking: queries) compared
	Level float64 // confidence level of the intervals
	Alpha float64 // significance level of the gates
	// Comparisons holds one entry per metric, in the order asked.
	Comparisons []MetricComparison
	// Slices are the per-slice comparisons, in increasing key order.
	Slices []SliceReport
	// Gates holds one decision per gated metric: first on all rows, then on
	// each gated slice, in slice order.
	Gates []Gate
	// Warnings say what could not be computed and why.
	Warnings []string
}

// MetricComparison is the comparison of one metric: a stats.Comparison
// (Metric set to the metric's name) plus the slice-level adjustment.
type MetricComparison struct {
	stats.Comparison
	// PAdjusted is, in a slice, the Benjamini-Hochberg adjusted P across
	// the slices of this metric; on all rows it equals P.
	PAdjusted float64
	// Undefined is why the comparison has no value ("" when it has one):
	// the metric is undefined on the rows (one class), too few independent
	// units to resample. Then every number of the comparison is NaN.
	Undefined string
}

// SliceReport is the comparison of the rows sharing one slice key.
type SliceReport struct {
	Key string
	N   int
	// Gated is N >= MinSliceSupport: smaller slices are reported only.
	Gated       bool
	Comparisons []MetricComparison
}

// Gate is one decision of the gate on one metric, on all rows or on one
// slice.
type Gate struct {
	Metric  string
	InSlice bool    // false: the gate on all rows
	Slice   string  // the slice's key when InSlice
	Delta   float64 // the allowed regression
	Failed  bool
	// Reason says which condition held, with the difference, the interval,
	// the p-value (BH-adjusted in a slice) and the method (stats.Regressed).
	Reason string
}

// Failed reports whether any gate failed.
func (r *Report) Failed() bool {
	for _, g := range r.Gates {
		if g.Failed {
			return true
		}
	}
	return false
}
