package report

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
)

// WriteJSON writes r as indented JSON: report.json, the machine-readable
// whole, with Version set (to the package's Version when r left it 0),
// durations in nanoseconds and undefined values as null.
//
// JSON has no NaN or infinity, and a report must not pretend one is a
// number, so a non-finite figure anywhere in r is an error naming where it
// is (see Validate) and nothing is written.
func WriteJSON(w io.Writer, r Report) error {
	if err := Validate(r); err != nil {
		return err
	}
	if r.Version == 0 {
		r.Version = Version
	}
	if r.Status == "" {
		r.Status = Worst(r.Checks)
	}
	if r.Checks == nil {
		r.Checks = []Check{} // "checks": [] rather than null
	}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

// Validate reports the first non-finite (NaN or infinite) figure in r,
// naming the check and field: `report: check "auc": values[2].value is NaN`.
// An undefined figure is a nil *float64, never a NaN, so that it cannot be
// compared, plotted or serialised as if it were a number.
func Validate(r Report) error {
	for _, c := range r.Checks {
		if field, v, ok := firstNonFinite(c); !ok {
			return fmt.Errorf("report: check %q: %s is %v", c.Name, field, v)
		}
	}
	return nil
}

// firstNonFinite walks every float of a check; ok is false at the first
// non-finite one, with its field path.
func firstNonFinite(c Check) (field string, v float64, ok bool) {
	bad := func(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) }
	for i, val := range c.Values {
		switch {
		case val.Value != nil && bad(*val.Value):
			return fmt.Sprintf("values[%d].value", i), *val.Value, false
		case val.Interval != nil && bad(val.Interval[0]):
			return fmt.Sprintf("values[%d].interval[0]", i), val.Interval[0], false
		case val.Interval != nil && bad(val.Interval[1]):
			return fmt.Sprintf("values[%d].interval[1]", i), val.Interval[1], false
		case val.Threshold != nil && bad(val.Threshold.Bound):
			return fmt.Sprintf("values[%d].threshold.bound", i), val.Threshold.Bound, false
		}
	}
	if cv := c.Curves; cv != nil {
		for _, xy := range []struct {
			name string
			xy   XY
		}{{"roc", cv.ROC}, {"pr", cv.PR}, {"calibration", cv.Calibration}} {
			for i, x := range xy.xy.X {
				if bad(x) {
					return fmt.Sprintf("curves.%s.x[%d]", xy.name, i), x, false
				}
			}
			for i, y := range xy.xy.Y {
				if bad(y) {
					return fmt.Sprintf("curves.%s.y[%d]", xy.name, i), y, false
				}
			}
		}
	}
	for i, d := range c.Deltas {
		names := [...]string{"baseline", "candidate", "delta", "interval[0]", "interval[1]"}
		for j, x := range [...]float64{d.Baseline, d.Candidate, d.Delta, d.Interval[0], d.Interval[1]} {
			if bad(x) {
				return fmt.Sprintf("deltas[%d].%s", i, names[j]), x, false
			}
		}
		if d.PValue != nil && bad(*d.PValue) {
			return fmt.Sprintf("deltas[%d].p_value", i), *d.PValue, false
		}
	}
	if p := c.Parity; p != nil {
		if bad(p.MaxAbsDiff) {
			return "parity.max_abs_diff", p.MaxAbsDiff, false
		}
		for i, b := range p.Histogram {
			if bad(b.Lo) || bad(b.Hi) {
				return fmt.Sprintf("parity.histogram[%d]", i), math.NaN(), false
			}
		}
		for i, row := range p.Worst {
			if bad(row.AbsDiff) {
				return fmt.Sprintf("parity.worst[%d].abs_diff", i), row.AbsDiff, false
			}
		}
		for _, k := range sortedKeys(p.LatencyMS) {
			if bad(p.LatencyMS[k]) {
				return "parity.latency_ms." + k, p.LatencyMS[k], false
			}
		}
	}
	if d := c.Interleave; d != nil && bad(d.P) {
		return "interleave.p", d.P, false
	}
	if d := c.OPE; d != nil {
		if bad(d.ESS) {
			return "ope.ess", d.ESS, false
		}
		if bad(d.MaxWeight) {
			return "ope.max_weight", d.MaxWeight, false
		}
		for i, b := range d.Weights {
			if bad(b.Lo) || bad(b.Hi) {
				return fmt.Sprintf("ope.weights[%d]", i), math.NaN(), false
			}
		}
	}
	for i, f := range c.Drift {
		for _, k := range sortedKeys(f.Stats) {
			if bad(f.Stats[k]) {
				return fmt.Sprintf("drift[%d].stats.%s", i, k), f.Stats[k], false
			}
		}
		for _, k := range sortedKeys(f.Threshold) {
			if bad(f.Threshold[k]) {
				return fmt.Sprintf("drift[%d].threshold.%s", i, k), f.Threshold[k], false
			}
		}
	}
	return "", 0, true
}
