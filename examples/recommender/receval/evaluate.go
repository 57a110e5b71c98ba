package receval

import (
	"fmt"

	"github.com/mltest/mltest/examples/recommender/recdata"
	"github.com/mltest/mltest/harness/model"
	"github.com/mltest/mltest/metrics"
	"github.com/mltest/mltest/metrics/stats"
)

// MeasureArgs are the trec_eval -m arguments of the evaluation.
var MeasureArgs = []string{"ndcg_cut.10", "map", "P.10", "recall.100"}

// Measures are MeasureArgs parsed.
func Measures() []metrics.TrecMeasure {
	ms, err := metrics.ParseTrecMeasures(MeasureArgs)
	if err != nil {
		panic("receval: " + err.Error())
	}
	return ms
}

// Options configure Evaluate.
type Options struct {
	Level     float64 // confidence level of the intervals; 0 means 0.95
	Resamples int     // bootstrap resamples; 0 means 1000
	Seed      uint64  // seed of every bootstrap
}

// Report is the offline evaluation of one recommender.
type Report struct {
	Model model.Description
	Users int // evaluated users (queries)
	// Summary holds trec_eval's "all" values of MeasureArgs, by trec_eval
	// name: ndcg_cut_10, map, P_10, recall_100.
	Summary map[string]float64
	// PerUser holds each user's nDCG@10 (trec_eval's ndcg_cut_10).
	PerUser map[string]float64
	// NDCG10 is the mean nDCG@10 with its percentile bootstrap interval
	// over users.
	NDCG10 stats.Interval
	// Cohorts holds nDCG@10 with its interval per user cohort, in
	// increasing cohort order.
	Cohorts []CohortResult
	// Beyond holds the beyond-accuracy measures of the shown lists (length
	// Rules.K) against the training interactions.
	Beyond metrics.BeyondAccuracyResult
}

// CohortResult is nDCG@10 over the evaluated users of one cohort.
type CohortResult struct {
	Cohort string
	Users  int
	NDCG10 stats.Interval
}

// Evaluate scores every evaluated user of d (d.EvalUsers) with r and
// reports the measures described on Report. Per-user values come from
// metrics.TrecEval, the summary from its accumulator, so the figures are
// those trec_eval prints for Qrels(d) and RunOf(lists). Intervals are
// percentile bootstraps over users (users are the independent units: the
// items of one user are not).
func Evaluate(r Recommender, d *recdata.Dataset, opt Options) (*Report, error) {
	if opt.Level == 0 {
		opt.Level = 0.95
	}
	deep, err := Lists(r, d, Depth)
	if err != nil {
		return nil, err
	}
	qrels := Qrels(d)
	run := RunOf(deep)
	te := metrics.NewTrecEval(Measures())
	values := te.Values()
	ndcgAt := -1
	for k, v := range values {
		if v.Name == "ndcg_cut_10" {
			ndcgAt = k
		}
	}
	acc := te.NewAccumulator()
	rep := &Report{Model: r.Describe(), Summary: map[string]float64{}, PerUser: map[string]float64{}}
	users := sortedKeys(qrels)
	for _, q := range users {
		res, err := te.Query(qrels[q], run[q])
		if err != nil {
			return nil, fmt.Errorf("receval: user %q: %w", q, err)
		}
		acc.Add(res)
		rep.PerUser[q] = res.Values[ndcgAt]
	}
	rep.Users = len(users)
	for k, v := range acc.Result() {
		rep.Summary[values[k].Name] = v
	}
	if rep.NDCG10, err = meanInterval(users, rep.PerUser, opt); err != nil {
		return nil, err
	}
	cohortOf := map[string]string{}
	for u, id := range d.Users {
		cohortOf[id] = d.Cohort[u]
	}
	byCohort := map[string][]string{}
	for _, q := range users {
		byCohort[cohortOf[q]] = append(byCohort[cohortOf[q]], q)
	}
	for _, c := range sortedKeys(byCohort) {
		iv, err := meanInterval(byCohort[c], rep.PerUser, opt)
		if err != nil {
			return nil, fmt.Errorf("receval: cohort %q: %w", c, err)
		}
		rep.Cohorts = append(rep.Cohorts, CohortResult{Cohort: c, Users: len(byCohort[c]), NDCG10: iv})
	}
	shown, err := Lists(r, d, 0)
	if err != nil {
		return nil, err
	}
	if rep.Beyond, err = BeyondAccuracy(d, shown); err != nil {
		return nil, err
	}
	return rep, nil
}

// BeyondAccuracy returns the beyond-accuracy measures of lists (user id ->
// items) against d's training interactions.
func BeyondAccuracy(d *recdata.Dataset, lists map[string][]string) (metrics.BeyondAccuracyResult, error) {
	train := make([]metrics.Interaction, len(d.Train))
	for k, e := range d.Train {
		train[k] = metrics.Interaction{User: d.Users[e.User], Item: d.Items[e.Item]}
	}
	ba, err := metrics.NewBeyondAccuracy(train)
	if err != nil {
		return metrics.BeyondAccuracyResult{}, err
	}
	acc := ba.Accumulator()
	for _, u := range sortedKeys(lists) {
		if err := acc.AddList(u, lists[u]); err != nil {
			return metrics.BeyondAccuracyResult{}, fmt.Errorf("receval: user %q: %w", u, err)
		}
	}
	return acc.Result()
}

// meanInterval is the mean of per-user values over users with its
// percentile bootstrap interval (mult: each user's multiplicity).
func meanInterval(users []string, perUser map[string]float64, opt Options) (stats.Interval, error) {
	v := make([]float64, len(users))
	for k, u := range users {
		v[k] = perUser[u]
	}
	return stats.Bootstrap(len(v), func(mult []float64) (float64, error) {
		s, n := 0.0, 0.0
		for k, x := range v {
			s += mult[k] * x
			n += mult[k]
		}
		return s / n, nil
	}, stats.BootstrapOptions{Level: opt.Level, Resamples: opt.Resamples, Seed: opt.Seed})
}
