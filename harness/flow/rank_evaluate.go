package flow

import (
	"fmt"
	"runtime"
	"sync"

	"github.com/mltest/mltest/metrics"
)

// Evaluate evaluates the run against the judgments with opt: it chooses
// the queries with RankSpec.SelectQueryIDs (a warning for each skipped
// one), evaluates them on every core, turns the values into z-scores when
// the ranking has ZScores, sums them in byte order as trec_eval does (so
// the summary is trec_eval's to the last bit), and adds the slices,
// intervals and Recommenders' ranking measures opt asks for. An error names
// the run and the query; a run with no judged query is a *NoQueryError.
func (r *Ranking) Evaluate(opt RankOptions) (*RankResult, error) {
	eval, err := opt.evalFor(r.maxRelevance())
	if err != nil {
		return nil, err
	}
	format := eval.Format()
	if err := r.hasJudgments(format, eval.NeedsGroups()); err != nil {
		return nil, err
	}
	res := &RankResult{Values: eval.Values(), SliceBy: opt.SliceBy, ZScored: r.ZScores != nil}
	if r.Run != nil {
		res.RunID = r.Run.ID
	}
	for _, m := range eval.Measures() {
		res.RunIDMeasured = res.RunIDMeasured || m.Name == "runid"
	}
	run := r.runDocs()
	res.Queries, res.Skipped = opt.SelectQueryIDs(r.judgedIDs(format), run)
	for _, q := range res.Skipped {
		res.Warnings = append(res.Warnings, fmt.Sprintf("query %q is in %s but not in %s: skipped (with -c it would count as 0)", q, r.qrelsName(), r.runName()))
	}
	if len(res.Queries) == 0 {
		return nil, &NoQueryError{Qrels: r.qrelsName(), Run: r.runName(), Warnings: res.Warnings}
	}
	if res.PerQuery, err = rankQueries(eval, res.Queries, r, run); err != nil {
		return nil, fmt.Errorf("%s: %w", r.runName(), err)
	}
	if r.ZScores != nil {
		for i, q := range res.Queries {
			zScore(r.ZScores, q, res.Values, res.PerQuery[i])
		}
	}
	res.Summary = rankSummary(eval, res.PerQuery, nil)

	if len(opt.SliceBy) > 0 {
		if r.Attrs == nil {
			return nil, fmt.Errorf("slices by %v need query attributes (RankFiles.QueryAttrs)", opt.SliceBy)
		}
		keys, err := r.Attrs.keys(res.Queries, opt.SliceBy)
		if err != nil {
			return nil, err
		}
		res.Slices = rankSlices(eval, res.PerQuery, keys, opt.MinSliceN)
	}
	if opt.Intervals.Level != 0 {
		res.addIntervals(eval, opt)
	}
	if err := r.addRecommendersRanking(res, opt); err != nil {
		return nil, err
	}
	return res, nil
}

// hasJudgments checks that the ranking holds the judgments format needs.
func (r *Ranking) hasJudgments(format metrics.JudgmentFormat, groups bool) error {
	switch {
	case format == metrics.PrefsFormat && r.Prefs == nil:
		return fmt.Errorf("the measures read preferences (-R prefs or qrels_prefs), but %s was not read as preferences", r.qrelsName())
	case format == metrics.QrelsJGFormat && r.Groups == nil:
		return fmt.Errorf("the measures read judgment groups (-R qrels_jg), but %s was not read as qrels_jg", r.qrelsName())
	case format == metrics.QrelsFormat && r.Qrels == nil:
		return fmt.Errorf("the measures read qrels, but %s was read as %s", r.qrelsName(), map[bool]string{true: "judgment groups", false: "preferences"}[r.Groups != nil])
	case groups && r.Groups == nil:
		return fmt.Errorf("the measures read subtopics (the iter column of a diversity qrels), but %s was read without them", r.qrelsName())
	}
	return nil
}

// rankQueries evaluates the queries qids on every core; the results are in
// the order of qids. A query the run lacks (Complete) scores
// TrecEval.MissingJudgments. The run is not modified.
func rankQueries(eval *metrics.TrecEval, qids []string, r *Ranking, run map[string][]metrics.ScoredDoc) ([]metrics.TrecQueryResult, error) {
	results := make([]metrics.TrecQueryResult, len(qids))
	errs := make([]error, len(qids))
	var (
		next int
		mu   sync.Mutex
		wg   sync.WaitGroup
	)
	const batch = 16
	for range min(runtime.GOMAXPROCS(0), (len(qids)+batch-1)/batch) {
		wg.Go(func() {
			worker := eval.Worker()
			for {
				mu.Lock()
				from := next
				next += batch
				mu.Unlock()
				if from >= len(qids) {
					return
				}
				for i := from; i < min(from+batch, len(qids)); i++ {
					qid := qids[i]
					j := r.judgments(qid)
					if retrieved := run[qid]; len(retrieved) > 0 {
						results[i], errs[i] = worker.Evaluate(j, retrieved)
					} else {
						results[i], errs[i] = eval.MissingJudgments(j)
					}
					if errs[i] != nil {
						errs[i] = fmt.Errorf("query %q: %w", qid, errs[i])
					}
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return results, nil
}

// rankSummary sums the results idx (nil: all) in order: trec_eval's "all".
func rankSummary(eval *metrics.TrecEval, results []metrics.TrecQueryResult, idx []int) []float64 {
	acc := eval.NewAccumulator()
	if idx == nil {
		for _, r := range results {
			acc.Add(r)
		}
	} else {
		for _, i := range idx {
			acc.Add(results[i])
		}
	}
	return acc.Result()
}
