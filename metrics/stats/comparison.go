package stats

import (
	"fmt"
	"math"
)

// Comparison is the paired comparison of a candidate model with a baseline on
// the same rows: both estimates, their difference Diff = Candidate -
// Baseline, a confidence interval of Diff, and the two-sided p-value of the
// hypothesis that the true difference is zero. Method names the procedure
// ("paired bootstrap", "delong", "mcnemar exact", ...) and Metric, when the
// caller sets it, the metric's name for messages ("" reads as "metric").
type Comparison struct {
	Metric    string
	Baseline  float64
	Candidate float64
	Diff      float64  // Candidate - Baseline
	Interval  Interval // of Diff
	P         float64  // two-sided p-value of Diff = 0
	Method    string
}

// Regressed is the merge-gate rule: it reports true only when the candidate
// is worse than the baseline by more than maxDelta AND that difference is
// significant, P < alpha. Worse means Diff < 0 when higherIsBetter (AUC,
// accuracy, nDCG) and Diff > 0 otherwise (log loss, MSE). The size test uses
// the point estimate |Diff| > maxDelta; maxDelta = 0 gates on significance
// alone.
//
// The string says which condition held and why, for example
//
//	roc_auc fell by 0.012 (95% CI [-0.019, -0.005], p=0.002, paired bootstrap): significant and larger than the allowed 0.01
//
// A NaN Diff or P never passes: it is reported as a regression that cannot
// be assessed (true), so a broken comparison fails the gate loudly.
func Regressed(c Comparison, higherIsBetter bool, maxDelta, alpha float64) (bool, string) {
	name := c.Metric
	if name == "" {
		name = "metric"
	}
	if math.IsNaN(c.Diff) || math.IsNaN(c.P) {
		return true, fmt.Sprintf("%s: comparison is undefined (diff=%v, p=%v, %s); treated as a regression", name, c.Diff, c.P, c.Method)
	}
	// worse > 0 is a regression; the verbs say which way the value moved.
	worse, worseVerb, betterVerb := c.Diff, "rose", "fell"
	if higherIsBetter {
		worse, worseVerb, betterVerb = -c.Diff, "fell", "rose"
	}
	detail := fmt.Sprintf("(%s, p=%.3g, %s)", c.Interval.ciString(), c.P, c.Method)
	if worse == 0 {
		return false, fmt.Sprintf("%s did not change %s: no regression", name, detail)
	}
	if worse < 0 {
		return false, fmt.Sprintf("%s %s by %.4g %s: no regression", name, betterVerb, math.Abs(c.Diff), detail)
	}
	head := fmt.Sprintf("%s %s by %.4g %s", name, worseVerb, worse, detail)
	significant := c.P < alpha
	large := worse > maxDelta
	switch {
	case significant && large:
		return true, fmt.Sprintf("%s: significant at alpha=%.3g and larger than the allowed %.4g", head, alpha, maxDelta)
	case significant:
		return false, fmt.Sprintf("%s: significant at alpha=%.3g but within the allowed %.4g", head, alpha, maxDelta)
	case large:
		return false, fmt.Sprintf("%s: larger than the allowed %.4g but not significant at alpha=%.3g", head, maxDelta, alpha)
	default:
		return false, fmt.Sprintf("%s: within the allowed %.4g and not significant at alpha=%.3g", head, maxDelta, alpha)
	}
}
