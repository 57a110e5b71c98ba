package stats

import (
	"math"
	"testing"
)

func TestRegressed(t *testing.T) {
	iv := func(lo, hi float64) Interval { return Interval{Lo: lo, Hi: hi, Level: 0.95} }
	for _, tc := range []struct {
		name        string
		c           Comparison
		higher      bool
		maxDelta    float64
		alpha       float64
		want        bool
		wantMessage string
	}{
		{"significant and large", Comparison{Metric: "roc_auc", Diff: -0.012, Interval: iv(-0.019, -0.005), P: 0.002, Method: "paired bootstrap"},
			true, 0.01, 0.05, true,
			"roc_auc fell by 0.012 (95% CI [-0.019, -0.005], p=0.002, paired bootstrap): significant at alpha=0.05 and larger than the allowed 0.01"},
		{"significant but small", Comparison{Metric: "roc_auc", Diff: -0.004, Interval: iv(-0.006, -0.002), P: 0.001, Method: "delong"},
			true, 0.01, 0.05, false,
			"roc_auc fell by 0.004 (95% CI [-0.006, -0.002], p=0.001, delong): significant at alpha=0.05 but within the allowed 0.01"},
		{"large but noisy", Comparison{Metric: "ndcg_cut_10", Diff: -0.03, Interval: iv(-0.07, 0.01), P: 0.2, Method: "randomization"},
			true, 0.01, 0.05, false,
			"ndcg_cut_10 fell by 0.03 (95% CI [-0.07, 0.01], p=0.2, randomization): larger than the allowed 0.01 but not significant at alpha=0.05"},
		{"small and noisy", Comparison{Diff: -0.001, Interval: iv(-0.01, 0.008), P: 0.7, Method: "paired t"},
			true, 0.01, 0.05, false,
			"metric fell by 0.001 (95% CI [-0.01, 0.008], p=0.7, paired t): within the allowed 0.01 and not significant at alpha=0.05"},
		{"improved", Comparison{Metric: "accuracy", Diff: 0.02, Interval: iv(0.01, 0.03), P: 0.001, Method: "mcnemar chi2"},
			true, 0, 0.05, false,
			"accuracy rose by 0.02 (95% CI [0.01, 0.03], p=0.001, mcnemar chi2): no regression"},
		{"lower is better, rose", Comparison{Metric: "log_loss", Diff: 0.05, Interval: iv(0.03, 0.07), P: 0.0001, Method: "paired bootstrap"},
			false, 0.01, 0.05, true,
			"log_loss rose by 0.05 (95% CI [0.03, 0.07], p=0.0001, paired bootstrap): significant at alpha=0.05 and larger than the allowed 0.01"},
		{"lower is better, fell", Comparison{Metric: "log_loss", Diff: -0.05, Interval: iv(-0.07, -0.03), P: 0.0001, Method: "paired bootstrap"},
			false, 0.01, 0.05, false,
			"log_loss fell by 0.05 (95% CI [-0.07, -0.03], p=0.0001, paired bootstrap): no regression"},
		{"unchanged", Comparison{Metric: "mse", Interval: iv(0, 0), P: 1, Method: "paired t"},
			false, 0, 0.05, false,
			"mse did not change (95% CI [0, 0], p=1, paired t): no regression"},
		{"p equal to alpha is not significant", Comparison{Metric: "roc_auc", Diff: -0.1, Interval: iv(-0.2, 0), P: 0.05, Method: "delong"},
			true, 0.01, 0.05, false,
			"roc_auc fell by 0.1 (95% CI [-0.2, 0], p=0.05, delong): larger than the allowed 0.01 but not significant at alpha=0.05"},
	} {
		got, msg := Regressed(tc.c, tc.higher, tc.maxDelta, tc.alpha)
		if got != tc.want || msg != tc.wantMessage {
			t.Errorf("%s: Regressed = %v, %q\nwant %v, %q", tc.name, got, msg, tc.want, tc.wantMessage)
		}
	}
	got, msg := Regressed(Comparison{Metric: "roc_auc", Diff: math.NaN(), P: math.NaN()}, true, 0.01, 0.05)
	if !got {
		t.Errorf("NaN comparison passed the gate: %q", msg)
	}
}
