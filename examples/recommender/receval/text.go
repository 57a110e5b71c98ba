package receval

import (
	"fmt"
	"io"

	"github.com/mltest/mltest/metrics/compare"
)

// WriteText writes the evaluation of the model and the baseline and their
// comparison for a person: the trec_eval summary, nDCG@10 with its interval
// overall and per cohort, the beyond-accuracy measures, each measure's
// paired comparison, and the gate's verdict on nDCG@10.
func WriteText(w io.Writer, model, baseline *Report, cmp *compare.Report, gate error) error {
	var err error
	p := func(format string, args ...any) {
		if err == nil {
			_, err = fmt.Fprintf(w, format, args...)
		}
	}
	for _, r := range []*Report{model, baseline} {
		p("%s  (%d users)\n", r.Model.Name, r.Users)
		for _, m := range []string{"ndcg_cut_10", "map", "P_10", "recall_100"} {
			p("  %-24s %.4f\n", m, r.Summary[m])
		}
		p("  %-24s %s\n", "nDCG@10 (bootstrap)", r.NDCG10)
		for _, c := range r.Cohorts {
			p("  %-24s %s  (%d users)\n", "nDCG@10 cohort "+c.Cohort, c.NDCG10, c.Users)
		}
		b := r.Beyond
		p("  %-24s %.4f\n  %-24s %.4f\n  %-24s %.4f\n  %-24s %.4f\n  %-24s %.4f\n",
			"catalog_coverage", b.CatalogCoverage, "distributional_coverage", b.DistributionalCoverage,
			"novelty", b.Novelty, "diversity", b.Diversity, "serendipity", b.Serendipity)
	}
	p("model - baseline (paired over %d users)\n", cmp.N)
	for _, c := range cmp.Comparisons {
		p("  %-12s %+.4f  (%g%% CI [%+.4f, %+.4f])  p=%.4g  %s\n", c.Metric, c.Diff, 100*c.Interval.Level, c.Interval.Lo, c.Interval.Hi, c.P, c.Method)
	}
	for _, s := range cmp.Slices {
		for _, c := range s.Comparisons {
			if c.Metric == "ndcg_cut_10" {
				p("  ndcg_cut_10 cohort %-4s %+.4f  (CI [%+.4f, %+.4f])  p=%.4g (BH %.4g, %d users)\n", s.Key, c.Diff, c.Interval.Lo, c.Interval.Hi, c.P, c.PAdjusted, s.N)
			}
		}
	}
	if gate != nil {
		p("GATE FAILED: %v\n", gate)
	} else {
		p("gate passed: the model beats the popularity baseline on ndcg_cut_10 significantly\n")
	}
	return err
}
