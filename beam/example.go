package mltestbeam

import (
	"encoding/json"
	"fmt"
)

// Example is one prediction to evaluate.
type Example struct {
	// ID identifies the row: the --id column, or FILE:LINE when there is
	// none. The bootstrap draws each row's Poisson count from (seed, ID), so
	// intervals do not depend on how the runner bundles rows.
	ID string
	// Cluster, when EvalSpec.Clustered, is the resampling unit instead of ID
	// (a user, a session): rows of a cluster share their Poisson counts. The
	// readers set it to the decoder's cluster id (table.ClusterID of the
	// column's value) in decimal.
	Cluster string
	// Slice holds the values of the slicing columns, parallel to
	// EvalSpec.SliceBy (nil without slices).
	Slice []string
	// Label is 0 or 1 (binary), the class index (multiclass) or the target
	// (regression).
	Label float64
	// Scores is the positive class's score (binary), one score per class
	// (multiclass) or the prediction (regression).
	Scores []float64
	// Weight is the sample weight (1 for none).
	Weight float64
}

// GroupResult is the evaluation of one group of rows: all of them (Key nil)
// or one slice.
type GroupResult struct {
	Key       []string // slice values, parallel to EvalSpec.SliceBy; nil overall
	N         int      // rows
	WeightSum float64
	Metrics   []MetricValue // in EvalSpec.Metrics order
}

// MetricValue is one metric over one group. It mirrors evaluate.Value.
type MetricValue struct {
	Name    string
	Value   float64 // NaN when not Defined
	Defined bool    // false: no value on these rows (Reason says why) or bad data (Err)
	Reason  string  // why the metric is undefined
	// Err is the first invalid row an accumulator saw (a NaN score, a
	// negative weight); the readers reject such rows before they get here.
	Err string
	// MaxError bounds |Value - exact| for the histogram AUC and AP
	// (EvalSpec.BoundedAUC); 0 for exact metrics.
	MaxError float64
	// Lo and Hi are the Poisson bootstrap interval when HasInterval.
	HasInterval bool
	Lo, Hi      float64
	// IntervalNote says why a defined metric has no interval.
	IntervalNote string
}

// overallKey is the combine key of the whole population; a slice's key is
// the JSON array of its values, which no slice can confuse with it.
const overallKey = ""

func sliceKey(values []string) string {
	b, err := json.Marshal(values)
	if err != nil {
		panic(fmt.Sprintf("mltestbeam: slice key: %v", err)) // strings always marshal
	}
	return string(b)
}

func parseSliceKey(k string) ([]string, error) {
	if k == overallKey {
		return nil, nil
	}
	var v []string
	if err := json.Unmarshal([]byte(k), &v); err != nil {
		return nil, fmt.Errorf("mltestbeam: bad slice key %q: %v", k, err)
	}
	return v, nil
}
