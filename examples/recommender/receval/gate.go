package receval

import (
	"fmt"

	"github.com/mltest/mltest/examples/recommender/recdata"
	"github.com/mltest/mltest/metrics/compare"
)

// Compare compares candidate with baseline on d's evaluated users, query by
// query, with compare.Ranking: for each measure of MeasureArgs the mean
// difference candidate - baseline, its bootstrap interval over users and the
// p-value of the paired randomization test, overall and per user cohort.
// opt.MaxRegression may be nil; the gate that matters here is BeatsBaseline.
func Compare(d *recdata.Dataset, baseline, candidate Recommender, opt compare.Options) (*compare.Report, error) {
	b, err := Lists(baseline, d, Depth)
	if err != nil {
		return nil, err
	}
	c, err := Lists(candidate, d, Depth)
	if err != nil {
		return nil, err
	}
	slices := map[string]string{}
	for _, u := range d.EvalUsers() {
		slices[d.Users[u]] = d.Cohort[u]
	}
	return compare.Ranking(compare.RankingInput{
		Qrels: Qrels(d), Baseline: RunOf(b), Candidate: RunOf(c),
		Measures: Measures(), Slices: slices,
	}, opt)
}

// BeatsBaseline is the gate of the example: it returns nil when the
// candidate is better than the baseline on metric (a trec_eval name such as
// "ndcg_cut_10") and the improvement is significant, P < alpha and the
// interval of the difference above 0; otherwise an error that says which
// condition failed, with the figures.
func BeatsBaseline(rep *compare.Report, metric string, alpha float64) error {
	for _, c := range rep.Comparisons {
		if c.Metric != metric {
			continue
		}
		if c.Undefined != "" {
			return fmt.Errorf("%s: comparison undefined: %s", metric, c.Undefined)
		}
		summary := fmt.Sprintf("%s: model %.4f vs baseline %.4f, diff %+.4f (%g%% CI [%.4f, %.4f]), p=%.4g (%s)",
			metric, c.Candidate, c.Baseline, c.Diff, 100*c.Interval.Level, c.Interval.Lo, c.Interval.Hi, c.P, c.Method)
		switch {
		case !(c.Diff > 0):
			return fmt.Errorf("%s: the model is not better", summary)
		case !(c.P < alpha):
			return fmt.Errorf("%s: not significant at alpha %g", summary, alpha)
		case !(c.Interval.Lo > 0):
			return fmt.Errorf("%s: the interval includes 0", summary)
		}
		return nil
	}
	return fmt.Errorf("%s: not among the compared measures", metric)
}
