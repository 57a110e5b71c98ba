package report

import (
	"math"
	"time"
)

func ptr[T any](v T) *T { return &v }

// sampleReport is a run with every kind of check and every status: a
// passing binary metric check with curves, slices and intervals; a failing
// per-slice metric check; a compare check with deltas that warns; a
// failing parity check with a histogram and worst rows (one failed row);
// a failing golden check with a diff; a drift check that warns; a passing
// interleave check; a failing ope check; a check that could not run. Its figures are made by formula, so the golden files
// are stable.
func sampleReport() Report {
	started := time.Date(2026, 11, 24, 4, 30, 0, 0, time.UTC)
	var roc, pr, cal XY
	for i := 0; i <= 50; i++ {
		x := float64(i) / 50
		roc.X = append(roc.X, x)
		roc.Y = append(roc.Y, math.Pow(x, 1.0/3))
		pr.X = append(pr.X, x)
		pr.Y = append(pr.Y, 1-0.45*x*x)
	}
	for i := 0; i < 10; i++ {
		p := (float64(i) + 0.5) / 10
		cal.X = append(cal.X, p)
		cal.Y = append(cal.Y, p+0.08*math.Sin(2*math.Pi*p))
	}
	return Report{
		Version:  Version,
		Suite:    "ctr-model",
		File:     "suites/ctr.yaml",
		Started:  started,
		Duration: 2345 * time.Millisecond,
		Status:   Error,
		Baseline: &Provenance{Suite: "ctr-model", DataHash: "sha256:9f86d081884c7d65", ModelVersion: "v41", Time: started.Add(-48 * time.Hour)},
		Checks: []Check{
			{
				Name: "auc-overall", Kind: "metric", Severity: "fail", Status: Pass, Duration: 120 * time.Millisecond,
				Message: "roc_auc = 0.8935 >= 0.85; average_precision = 0.7712 >= 0.7",
				Values: []Value{
					{Metric: "roc_auc", N: 5000, Value: ptr(0.8935), Interval: &[2]float64{0.884, 0.902}, Threshold: &Threshold{Op: ">=", Bound: 0.85, Rule: "min: 0.85"}, Pass: true},
					{Metric: "average_precision", N: 5000, Value: ptr(0.7712), Threshold: &Threshold{Op: ">=", Bound: 0.7, Rule: "min: 0.7"}, Pass: true},
				},
				Curves: &Curves{ROC: roc, PR: pr, Calibration: cal},
			},
			{
				Name: "auc-per-device", Kind: "metric", Severity: "fail", Status: Fail, Duration: 95 * time.Millisecond,
				Message: "roc_auc [device=tablet] = 0.8012, want >= 0.8835 (min: baseline - 0.01)",
				Values: []Value{
					{Metric: "roc_auc", Slice: "device=web", N: 2510, Value: ptr(0.9011), Interval: &[2]float64{0.889, 0.913}, Threshold: &Threshold{Op: ">=", Bound: 0.8835, Rule: "min: baseline - 0.01"}, Pass: true},
					{Metric: "roc_auc", Slice: "device=mobile", N: 2104, Value: ptr(0.8903), Interval: &[2]float64{0.876, 0.904}, Threshold: &Threshold{Op: ">=", Bound: 0.8835, Rule: "min: baseline - 0.01"}, Pass: true},
					{Metric: "roc_auc", Slice: "device=tablet", N: 386, Value: ptr(0.8012), Interval: &[2]float64{0.757, 0.845}, Threshold: &Threshold{Op: ">=", Bound: 0.8835, Rule: "min: baseline - 0.01"}, Pass: false, Note: "below the baseline by 0.092"},
					{Metric: "roc_auc", Slice: "device=tv", N: 0, Value: nil, Pass: true, Note: "undefined: no rows in this slice"},
				},
			},
			{
				Name: "ndcg-vs-baseline", Kind: "compare", Severity: "warn", Status: Warn, Duration: 640 * time.Millisecond,
				Message: "ndcg@10 is worse than the baseline by 0.012 (p=0.004)",
				Values: []Value{
					{Metric: "ndcg@10", Value: ptr(0.4131), Interval: &[2]float64{0.405, 0.421}, Pass: false, Note: "significantly worse"},
				},
				Deltas: []Delta{
					{Metric: "ndcg@10", Baseline: 0.4251, Candidate: 0.4131, Delta: -0.012, Interval: [2]float64{-0.0199, -0.0041}, PValue: ptr(0.004), Verdict: "worse"},
					{Metric: "recall@20", Baseline: 0.3302, Candidate: 0.3351, Delta: 0.0049, Interval: [2]float64{-0.0021, 0.0119}, PValue: ptr(0.17), Verdict: "no significant change"},
					{Metric: "map", Slice: "segment=new", Baseline: 0.2104, Candidate: 0.2297, Delta: 0.0193, Interval: [2]float64{0.0072, 0.0314}, PValue: ptr(0.002), Verdict: "better"},
				},
			},
			{
				Name: "serving-parity", Kind: "parity", Severity: "fail", Status: Fail, Duration: 1210 * time.Millisecond,
				Message: "41 of 569 rows mismatched, 1 failed (abs_tol 1e-06); first differing stage: encode",
				Values:  []Value{{Metric: "mismatched", Value: ptr(42.0), Threshold: &Threshold{Op: "<=", Bound: 0, Rule: "max_mismatches: 0"}, Pass: false}},
				Parity: &ParityDetail{
					N: 569, Matched: 527, Mismatched: 41, Failed: 1, MaxAbsDiff: 0.31, FirstStage: "encode",
					Histogram: []Bin{{Lo: -16, Hi: -14, Count: 380}, {Lo: -14, Hi: -12, Count: 101}, {Lo: -12, Hi: -10, Count: 46}, {Lo: -10, Hi: -8, Count: 0},
						{Lo: -8, Hi: -6, Count: 0}, {Lo: -6, Hi: -4, Count: 12}, {Lo: -4, Hi: -2, Count: 17}, {Lo: -2, Hi: 0, Count: 12}},
					Worst: []ParityRow{
						{ID: "bc017", Output: "output-0", Stage: "encode", Offline: "0.91", Online: "0.6", AbsDiff: 0.31},
						{ID: "bc233", Output: "output-0", Stage: "encode", Offline: "0.44", Online: "0.51", AbsDiff: 0.07},
						{ID: "bc101", Output: "output-0", Offline: "0.8", Online: "0.79", AbsDiff: 0.01},
						{ID: "bc402", Output: "output-0", Error: "POST /v2/models/ctr/infer: 503 Service Unavailable after 2 retries"},
					},
					LatencyMS: map[string]float64{"p50": 1.2, "p95": 3.4, "p99": 7.9},
				},
			},
			{
				Name: "encode-golden", Kind: "golden", Severity: "fail", Status: Fail, Duration: 8 * time.Millisecond,
				Message: "testdata/ctr.encode.json: 1 difference",
				Diff:    "--- want\n+++ got\n@@ row 3 @@\n   \"id\": \"u3\",\n-  \"price_bucket\": 2\n+  \"price_bucket\": 3\n",
			},
			{
				Name: "feature-drift", Kind: "drift", Severity: "warn", Status: Warn, Duration: 33 * time.Millisecond,
				Message: "1 of 3 features drifted: price (psi 0.31 > 0.2)",
				Drift: []DriftFeature{
					{Feature: "price", Kind: "numeric", Stats: map[string]float64{"psi": 0.31, "ks_d": 0.21, "ks_p": 1e-9}, Threshold: map[string]float64{"psi": 0.2}, Drifted: true},
					{Feature: "age", Kind: "numeric", Stats: map[string]float64{"psi": 0.04, "ks_d": 0.05, "ks_p": 0.31}, Threshold: map[string]float64{"psi": 0.2}},
					{Feature: "device", Kind: "categorical", Stats: map[string]float64{"psi": 0.11, "js_distance": 0.08}, Threshold: map[string]float64{"psi": 0.2}},
				},
			},
			{
				Name: "ranker-interleave", Kind: "interleave", Severity: "fail", Status: Pass, Duration: 41 * time.Millisecond,
				Message: "A preferred: delta_ab 0.025 [0.012, 0.038] over 500 users, p 0.0002 (sign test); 8000 impressions with a click",
				Values: []Value{{Metric: "delta_ab", N: 8000, Value: ptr(0.025), Interval: &[2]float64{0.012, 0.038},
					Threshold: &Threshold{Op: ">=", Bound: 0.01, Rule: "min_delta_ab: 0.01"}, Pass: true}},
				Interleave: &InterleaveDetail{N: 8000, NoClick: 2000, WinsA: 3100, WinsB: 2700, Ties: 2200, DeltaAB: ptr(0.025),
					Interval: &[2]float64{0.012, 0.038}, P: 0.0002, Test: "sign test", Preferred: "A",
					Positions: []PositionClicks{{1, 10000, 2500, 2400}, {2, 10000, 1300, 1200}, {3, 9800, 800, 700}}},
			},
			{
				Name: "policy-ope", Kind: "ope", Severity: "fail", Status: Fail, Duration: 230 * time.Millisecond,
				Message: "dr = 0.395 [0.381, 0.409], want >= 0.4 (min: 0.4)",
				Values: []Value{
					{Metric: "ips", N: 50000, Value: ptr(0.412), Interval: &[2]float64{0.398, 0.427}, Pass: true},
					{Metric: "snips", N: 50000, Value: ptr(0.4087), Interval: &[2]float64{0.4, 0.418}, Pass: true},
					{Metric: "dr", N: 50000, Value: ptr(0.395), Interval: &[2]float64{0.381, 0.409}, Threshold: &Threshold{Op: ">=", Bound: 0.4, Rule: "min: 0.4"}, Pass: false},
					{Metric: "ess", N: 50000, Value: ptr(1830.5), Threshold: &Threshold{Op: ">=", Bound: 500, Rule: "min_ess: 500"}, Pass: true},
				},
				OPE: &OPEDetail{N: 50000, ESS: 1830.5, MaxWeight: 40, ZeroWeights: 12000,
					Estimates: []OPEEstimate{{"ips", ptr(0.412), &[2]float64{0.398, 0.427}}, {"snips", ptr(0.4087), &[2]float64{0.4, 0.418}}, {"dr", ptr(0.395), &[2]float64{0.381, 0.409}}},
					Weights:   []Bin{{-1, -0.5, 3000}, {-0.5, 0, 18000}, {0, 0.5, 12000}, {0.5, 1, 4000}, {1, 1.5, 900}, {1.5, 2, 100}}},
			},
			{
				Name: "latency-endpoint", Kind: "parity", Severity: "fail", Status: Error, Duration: 5 * time.Second,
				Message: "dial tcp 127.0.0.1:8500: connect: connection refused",
			},
		},
	}
}
