package skew

import "math"

// Stats returns the feature's statistics by name, the names a drift rule
// uses (a suite's drift thresholds, mltest monitor's drift.FEATURE.STAT):
// psi, js_distance and missing_rate_diff (|MissingRateCur - MissingRateRef|)
// for every feature; ks_d, ks_pvalue, wasserstein, wasserstein_norm and smd
// for a numeric one; linf for a categorical one. A statistic that is not a
// finite number (undefined on the data; see FeatureSkew) is absent.
func (f FeatureSkew) Stats() map[string]float64 {
	st := map[string]float64{}
	put := func(name string, x float64) {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			st[name] = x
		}
	}
	put("psi", f.PSI)
	put("js_distance", f.JSDistance)
	if f.Kind == Numeric {
		if f.KS != nil {
			put("ks_d", f.KS.D)
			put("ks_pvalue", f.KS.PValue)
		}
		put("wasserstein", f.Wasserstein)
		put("wasserstein_norm", f.WassersteinNorm)
		put("smd", f.SMD)
	} else {
		put("linf", f.LInf)
	}
	put("missing_rate_diff", math.Abs(f.MissingRateCur-f.MissingRateRef))
	return st
}
