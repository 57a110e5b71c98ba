package flow

import (
	"fmt"
	"runtime"
	"sync"

	"github.com/mltest/mltest/metrics"
)

// Evaluate evaluates the run against the qrels with opt: it chooses the
// queries with RankSpec.SelectQueries (a warning for each skipped one),
// evaluates them on every core, sums them in byte order as trec_eval does
// (so the summary is trec_eval's to the last bit), and adds the slices and
// intervals opt asks for. An error names the run and the query; a run with
// no judged query is a *NoQueryError.
func (r *Ranking) Evaluate(opt RankOptions) (*RankResult, error) {
	eval, err := opt.Eval()
	if err != nil {
		return nil, err
	}
	res := &RankResult{Values: eval.Values(), SliceBy: opt.SliceBy}
	if r.Run != nil {
		res.RunID = r.Run.ID
	}
	for _, m := range eval.Measures() {
		res.RunIDMeasured = res.RunIDMeasured || m.Name == "runid"
	}
	run := r.runDocs()
	res.Queries, res.Skipped = opt.SelectQueries(r.Qrels, run)
	for _, q := range res.Skipped {
		res.Warnings = append(res.Warnings, fmt.Sprintf("query %q is in %s but not in %s: skipped (with -c it would count as 0)", q, r.qrelsName(), r.runName()))
	}
	if len(res.Queries) == 0 {
		return nil, &NoQueryError{Qrels: r.qrelsName(), Run: r.runName(), Warnings: res.Warnings}
	}
	if res.PerQuery, err = rankQueries(eval, res.Queries, r.Qrels, run); err != nil {
		return nil, fmt.Errorf("%s: %w", r.runName(), err)
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
	return res, nil
}

// rankQueries evaluates the queries qids on every core; the results are in
// the order of qids. A query the run lacks (Complete) scores
// TrecEval.Missing. The run's document lists are copied before ranking
// (TrecWorker.Query sorts in place), so run is not modified.
func rankQueries(eval *metrics.TrecEval, qids []string, qrels map[string]map[string]int, run map[string][]metrics.ScoredDoc) ([]metrics.TrecQueryResult, error) {
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
			var docs []metrics.ScoredDoc
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
					retrieved := run[qid]
					if len(retrieved) == 0 {
						results[i] = eval.Missing(qrels[qid])
						continue
					}
					docs = append(docs[:0], retrieved...)
					results[i], errs[i] = worker.Query(qrels[qid], docs)
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
