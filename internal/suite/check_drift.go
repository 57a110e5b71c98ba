package suite

import (
	"context"
	"fmt"
	"strings"

	"github.com/mltest/mltest/harness/skew"
	"github.com/mltest/mltest/internal/report"
)

// skewThresholds turns a drift check's thresholds into harness/skew's.
func skewThresholds(m map[string]float64) skew.Thresholds {
	if m == nil {
		return skew.DefaultThresholds()
	}
	return skew.Thresholds{PSI: m["psi"], JSDistance: m["js_distance"], LInf: m["linf"], KSD: m["ks_d"],
		WassersteinNorm: m["wasserstein_norm"], SMD: m["smd"], MissingRate: m["missing_rate_diff"], KSPValue: m["ks_pvalue"]}
}

// runDrift compares the features of the current table with the reference
// table (harness/skew) and fails when a feature drifted beyond a threshold.
func (r *runner) runDrift(ctx context.Context, c *Check, out *report.Check) error {
	d := c.Drift
	ref, cur := r.suite.Sources[d.Reference], r.suite.Sources[d.Current]
	th := skewThresholds(d.Thresholds)
	opt := skew.Options{Bins: d.Bins, Thresholds: th}
	if len(d.Categorical) > 0 {
		opt.Kinds = map[string]skew.Kind{}
		for _, f := range d.Categorical {
			opt.Kinds[f] = skew.Categorical
		}
	}
	rep, err := skew.CompareFiles(ref.Path, cur.Path, d.Features, opt)
	if err != nil {
		return err
	}
	thMap := map[string]float64{}
	for name, x := range map[string]float64{"psi": th.PSI, "js_distance": th.JSDistance, "linf": th.LInf, "ks_d": th.KSD,
		"wasserstein_norm": th.WassersteinNorm, "smd": th.SMD, "missing_rate_diff": th.MissingRate, "ks_pvalue": th.KSPValue} {
		if x > 0 {
			thMap[name] = x
		}
	}
	var drifted []string
	for _, f := range rep.Features {
		st := f.Stats()
		out.Drift = append(out.Drift, report.DriftFeature{Feature: f.Name, Kind: f.Kind.String(), Stats: st, Threshold: thMap, Drifted: f.Drifted})
		if f.Drifted {
			drifted = append(drifted, exceededNote(f))
		}
	}
	if len(drifted) > 0 {
		out.Status = failStatus(c)
		out.Message = fmt.Sprintf("%d of %d features drifted: %s", len(drifted), len(rep.Features), strings.Join(drifted, "; "))
		return nil
	}
	out.Status = report.Pass
	out.Message = fmt.Sprintf("%d features within thresholds (%s vs %s)", len(rep.Features), d.Current, d.Reference)
	return nil
}

func exceededNote(f skew.FeatureSkew) string {
	parts := make([]string, len(f.Exceeded))
	for i, e := range f.Exceeded {
		parts[i] = e.String()
	}
	return strings.Join(parts, ", ")
}
