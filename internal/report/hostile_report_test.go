package report

import "time"

// hostileReport is a report whose every text field holds name or message,
// for the tests that check that no text can break an output's syntax.
func hostileReport(name, message string) Report {
	v := 0.5
	return Report{
		Suite: name, File: name, Started: time.Unix(0, 0), Status: Fail,
		Baseline: &Provenance{Suite: name, DataHash: message, ModelVersion: name},
		Checks: []Check{{
			Name: name, Kind: name, Severity: name, Status: Fail, Message: message,
			Values: []Value{
				{Metric: name, Slice: message, Value: &v, Interval: &[2]float64{0.4, 0.6}, Threshold: &Threshold{Op: ">=", Bound: 0.7, Rule: message}, Note: message},
				{Metric: name, Slice: name, Value: &v, Interval: &[2]float64{0.3, 0.7}, Note: name},
			},
			Curves: &Curves{ROC: XY{X: []float64{0, 1}, Y: []float64{0, 1}}},
			Deltas: []Delta{{Metric: name, Slice: message, Delta: -0.1, Interval: [2]float64{-0.2, 0}, Verdict: message}},
			Parity: &ParityDetail{N: 1, Mismatched: 1, FirstStage: name, Histogram: []Bin{{Lo: -2, Hi: -1, Count: 1}},
				Worst: []ParityRow{{ID: name, Output: message, Stage: name, Offline: name, Online: message, AbsDiff: 0.1, Error: message}}, LatencyMS: map[string]float64{name: 1}},
			Drift: []DriftFeature{{Feature: name, Kind: message, Stats: map[string]float64{name: 1}, Threshold: map[string]float64{name: 0.5}, Drifted: true}},
			Diff:  message,
		}, {
			Name: message, Kind: "metric", Status: Warn, Message: name,
		}},
	}
}
